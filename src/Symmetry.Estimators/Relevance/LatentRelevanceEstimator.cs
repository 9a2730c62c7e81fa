using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Trains the β-VAE of Sanz, "Learning symmetries in datasets", <see cref="Options.Runs"/> times, measures
/// the relevance of each latent (std over the data of μ_j / mean over the data of σ_j) and estimates the number of
/// degrees of freedom of the data. <see cref="Fit"/> returns a <see cref="LatentRelevanceTransformer"/> that appends
/// the latent means and σ and carries a <see cref="RelevanceReport"/>.
/// </summary>
public sealed partial class LatentRelevanceEstimator : IEstimator<LatentRelevanceTransformer>
{
    private readonly IHostEnvironment env;
    private readonly Options options;

    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LatentRelevance</c>).</summary>
    public LatentRelevanceEstimator(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.env = env;
        this.options = options.Clone();
    }

    private string InputName => options.InputColumnName ?? Defaults.InputColumnName;

    /// <summary>The input schema plus <c>Latent</c> and <c>LatentSigma</c> (known-size vectors of Single).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureReader.CheckVectorColumn(inputSchema, InputName, nameof(inputSchema));
        var result = inputSchema.ToDictionary(c => c.Name);
        foreach (var name in new[] { options.OutputColumnName, LatentRelevanceTransformer.SigmaName(options.OutputColumnName) })
            result[name] = MLNetInternals.ShapeColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        return new SchemaShape(result.Values);
    }

    /// <summary>Trains <see cref="Options.Runs"/> VAEs and returns the transformer of the lowest-loss run with the report.</summary>
    public LatentRelevanceTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        // Registered here, not in the constructor: ML.NET copies the context's GpuDeviceId/FallbackToCpu into a host
        // when it is registered, so a host made at construction would miss settings changed before Fit.
        var host = env.Register(nameof(LatentRelevanceEstimator));
        using var fit = new FitEnvironment(host, "Fit", options.CancellationToken);
        var features = FeatureReader.Read(fit.CheckAlive, input, InputName, minimumRows: Math.Max(2, options.BatchSize));
        var training = options.ToTraining();
        var latent = training.LatentSizeFor(features.Size);
        var baseSeed = fit.Seed(options.Seed);
        var scaling = options.Standardize ? Standardization.Fit(features) : Standardization.Identity(features.Size);
        fit.Info($"LatentRelevance: {features.Rows} rows × {features.Size} features{(options.Standardize ? " (standardized)" : "")}, latent {latent}, " +
                 $"{options.Runs} run(s) × {options.Epochs} epochs{(options.BatchRuns && options.Runs > 1 ? ", batched" : "")} on {fit.Device}.");

        using var data = scaling.Apply(features).ToTensor(fit.Device);
        // The latents are related to the features as read, not standardized: the report speaks the data's units.
        using var result = LatentRelevanceCore.Train(data, features.Values, training, baseSeed, fit.Device, fit.Loop(options.Progress));
        var report = RelevanceReport.Create(result, features.SlotNames, clock.Elapsed);
        fit.Info(string.Create(CultureInfo.InvariantCulture,
            $"LatentRelevance: intrinsic dimension {report.IntrinsicDimension}; median relevance {string.Join(", ", report.Relevance.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}."));
        var order = options.OrderByRelevance ? result.Order : Enumerable.Range(0, latent).ToArray();
        var transformer = new LatentRelevanceTransformer(host, result.Model, order, InputName, scaling, options.OutputColumnName, report, fit.Device);
        result.TakeModel(); // the transformer owns it now
        return transformer;
    }
}
