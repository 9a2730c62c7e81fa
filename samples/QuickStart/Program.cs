// The README's C# example (README.md, "From C#") as a console app: dotnet run --project samples/QuickStart -c Release
// It writes ee.zip into the current folder.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.Data.Analysis;
using Microsoft.ML.Symmetry;

var ml = new MLContext(seed: 1);
IDataView data = SymmetryDatasets.ElectronPositronToMuons(ml, count: 5_000);   // or ml.Data.LoadFromTextFile<T>(…)
var pipeline = ml.Transforms.NormalizeMeanVariance("Features")                 // any ML.NET transforms first
    .Append(ml.Transforms.SymmetryDiscovery.LatentRelevance("Latent", "Features", latentDimension: 6, epochs: 10, runs: 5));
var model = pipeline.Fit(data);              // 5 runs trained as one batched model; CPU, or CUDA via ml.GpuDeviceId
IDataView scored = model.Transform(data);    // lazy: + Latent, LatentSigma (vector<float>[6], most relevant first)

DataFrame preview = scored.ToDataFrame(5);   // Microsoft.Data.Analysis
for (var i = 0; i < preview.Rows.Count; i++)
    Console.WriteLine($"cos θ = {preview["CosTheta"][i],10:F3}   Latent = {Show((VBuffer<float>)preview["Latent"][i]!)}");

var report = model.LastTransformer.Report;
Console.WriteLine(report.Summary);           // intrinsic dimension 3: median profile and per-run dimensions
DataFrame relevance = report.ToDataFrame();  // Rank, Latent, Relevance (median), RelevanceMean, RelevanceStd, Relevant, LinearR2
Console.WriteLine($"relevant latents: {relevance.Filter(relevance["Relevant"].ElementwiseEquals(true)).Rows.Count}");

ml.Model.Save(model, data.Schema, "ee.zip");                     // ML.NET's own model file
var loaded = ml.Model.LoadChecked("ee.zip", out var inputSchema); // in any process, no registration call; checks the zip first (docs/security.md)
var engine = ml.Model.CreatePredictionEngine<Event, Scored>(loaded);
var scoredEvent = engine.Predict(new Event { Features = [30f, 20f, 20.6f, -30f, -20f, -20.6f] });  // |p| = √s/2 = 40 GeV
Console.WriteLine($"one event: Latent = {Show(new VBuffer<float>(6, scoredEvent.Latent))}");

static string Show(VBuffer<float> v) => string.Join(", ", v.DenseValues().Select(x => x.ToString("+0.00;-0.00")));

/// <summary>One event: the lab three-momenta (GeV) of μ- then μ+.</summary>
public sealed class Event
{
    [VectorType(6)] public float[] Features { get; set; } = [];
}

/// <summary>What the model appends.</summary>
public sealed class Scored
{
    [VectorType(6)] public float[] Latent { get; set; } = [];
    [VectorType(6)] public float[] LatentSigma { get; set; } = [];
}
