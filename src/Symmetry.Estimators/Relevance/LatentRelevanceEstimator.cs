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
/// Trains the VAE of Sanz, "Learning symmetries in datasets" (paper 000), <see cref="Options.Runs"/> times, measures
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
        var latent = options.LatentDimension ?? features.Size;
        var baseSeed = fit.Seed(options.Seed);
        var scaling = options.Standardize ? Standardization.Fit(features) : Standardization.Identity(features.Size);
        fit.Info($"LatentRelevance: {features.Rows} rows × {features.Size} features{(options.Standardize ? " (standardized)" : "")}, latent {latent}, " +
                 $"{options.Runs} run(s) × {options.Epochs} epochs{(options.BatchRuns && options.Runs > 1 ? ", batched" : "")} on {fit.Device}.");

        using var data = scaling.Apply(features).ToTensor(fit.Device);
        var seeds = Enumerable.Range(0, options.Runs).Select(r => unchecked(baseSeed + r)).ToArray();
        var training = new VaeTrainingOptions(options.HiddenLayers, latent, options.Beta, options.Epochs, options.BatchSize, options.LearningRate, options.BatchRuns);
        var trained = VaeTraining.Train(data, training, seeds, fit.Device, fit.Loop(options.Progress));
        int? kept = null;
        try
        {
            var runs = new List<RelevanceRun>(trained.Count);
            foreach (var run in trained)
            {
                var (mu, sigma) = run.Model.EncodeAll(data, ScoredDataView.MaxBatch);
                var relevance = RelevanceMath.Relevance(mu, sigma, features.Rows, latent);
                runs.Add(new RelevanceRun(run.Seed, relevance, RelevanceMath.DescendingOrder(relevance), mu, sigma, run.History, run.FinalLoss));
            }
            var best = 0;
            for (var r = 1; r < runs.Count; r++)
                if (runs[r].FinalLoss < runs[best].FinalLoss) best = r;
            var report = RelevanceReport.Create(runs, best, features, options.RelevanceThreshold, options.MinimumDropRatio, clock.Elapsed);
            fit.Info(string.Create(CultureInfo.InvariantCulture,
                $"LatentRelevance: intrinsic dimension {report.IntrinsicDimension}; median relevance {string.Join(", ", report.Relevance.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}."));
            var order = options.OrderByRelevance ? runs[best].Order : Enumerable.Range(0, latent).ToArray();
            var transformer = new LatentRelevanceTransformer(host, trained[best].Model, order, InputName, scaling, options.OutputColumnName, report, fit.Device);
            kept = best;
            return transformer;
        }
        finally
        {
            for (var r = 0; r < trained.Count; r++)
                if (r != kept) trained[r].Model.Dispose();
        }
    }
}

/// <summary>What one training run produced (internal to the report).</summary>
internal sealed record RelevanceRun(int Seed, double[] Relevance, int[] Order, double[] Mean, double[] Sigma,
                                    IReadOnlyList<EpochLosses> History, double FinalLoss);
