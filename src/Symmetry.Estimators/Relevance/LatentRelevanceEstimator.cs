using System.Diagnostics;
using Symmetry.Estimators.Common;
using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.Torch;
using static Symmetry.Torch.torch;

namespace Symmetry.Estimators.Relevance;

/// <summary>
/// Trains the VAE of Sanz, "Learning symmetries in datasets" (paper 000), one or more times, measures the relevance
/// of each latent (std over the data of μ_j / mean over the data of σ_j) and estimates the number of degrees of
/// freedom of the data. <see cref="Fit"/> returns a <see cref="LatentRelevanceTransformer"/> that appends the latent
/// means and σ and carries a <see cref="RelevanceReport"/>.
/// </summary>
public sealed partial class LatentRelevanceEstimator : IEstimator<LatentRelevanceTransformer>
{
    private readonly IHost host;
    private readonly Options options;

    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LatentRelevance</c>).</summary>
    public LatentRelevanceEstimator(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        host = env.Register(nameof(LatentRelevanceEstimator));
        this.options = options;
    }

    private string InputName => options.InputColumnName ?? Defaults.InputColumnName;

    /// <summary>The input schema plus <c>Latent</c> and <c>LatentSigma</c> (known-size vectors of Single).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        FeatureReader.CheckVectorColumn(inputSchema, InputName, nameof(inputSchema));
        var result = inputSchema.ToDictionary(c => c.Name);
        foreach (var name in new[] { options.OutputColumnName, LatentRelevanceTransformer.SigmaName(options.OutputColumnName) })
            result[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(result.Values);
    }

    /// <summary>Trains <see cref="Options.Runs"/> VAEs and returns the transformer of the lowest-loss run with the report.</summary>
    public LatentRelevanceTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var features = FeatureReader.Read(host, input, InputName, minimumRows: Math.Max(2, options.BatchSize));
        var latent = options.LatentDimension ?? features.Size;
        var device = DeviceSelection.Select(host);
        var baseSeed = options.Seed ?? host.Rand.Next();
        using var ch = host.Start("Fit");
        ch.Info($"LatentRelevance: {features.Rows} rows × {features.Size} features, latent {latent}, {options.Runs} run(s) × {options.Epochs} epochs on {device}.");

        using var data = features.ToTensor(device);
        var loop = new TrainingLoop(host, options.Progress, clock);
        var runs = new List<RelevanceRun>(Math.Min(options.Runs, 64)); // Runs is only bounded by time: never preallocate it
        VaeModel? best = null;
        var bestIndex = -1;
        try
        {
            for (var r = 0; r < options.Runs; r++)
            {
                var (model, run) = TrainOne(features, data, latent, device, baseSeed + r, loop, r);
                runs.Add(run);
                if (best is null || run.FinalLoss < runs[bestIndex].FinalLoss)
                {
                    best?.Dispose();
                    best = model;
                    bestIndex = r;
                }
                else
                {
                    model.Dispose();
                }
            }
            var report = RelevanceReport.Create(runs, bestIndex, features, options.RelevanceThreshold, options.MinimumDropRatio, clock.Elapsed);
            ch.Info($"LatentRelevance: intrinsic dimension {report.IntrinsicDimension}; relevance {string.Join(", ", report.Relevance.Select(v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)))}.");
            var order = options.OrderByRelevance ? runs[bestIndex].Order : Enumerable.Range(0, latent).ToArray();
            var transformer = new LatentRelevanceTransformer(host, best!, order, InputName, features.Size, options.OutputColumnName, report, device);
            best = null;
            return transformer;
        }
        finally
        {
            best?.Dispose();
        }
    }

    private (VaeModel Model, RelevanceRun Run) TrainOne(FeatureMatrix features, Tensor data, int latent, Device device, int seed, TrainingLoop loop, int run)
    {
        using var generator = new Generator((ulong)(uint)seed);
        var model = new VaeModel(features.Size, options.HiddenLayers, latent, generator);
        try
        {
            model.to(device);
            model.train();
            using var optimizer = optim.Adam(model.parameters(), options.LearningRate);
            var beta = options.Beta;
            var history = loop.Run(data, options.BatchSize, options.Epochs, generator, batch =>
            {
                optimizer.zero_grad();
                var (rec, kl) = model.Loss(batch, generator);
                using var weighted = kl * beta;
                using var total = rec + weighted;
                total.backward();
                optimizer.step();
                var losses = new Dictionary<string, double>
                {
                    ["reconstruction"] = rec.item<double>(),
                    ["kl"] = kl.item<double>(),
                    ["total"] = total.item<double>(),
                };
                rec.Dispose();
                kl.Dispose();
                return losses;
            }, run, options.Runs);
            model.eval();
            var (mu, sigma) = LatentRelevanceTransformer.EncodeAll(model, data, options.BatchSize * 32);
            var relevance = RelevanceMath.Relevance(mu, sigma, features.Rows, latent);
            var order = RelevanceMath.DescendingOrder(relevance);
            return (model, new RelevanceRun(seed, relevance, order, mu, sigma, history, history[^1].Losses["total"]));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

/// <summary>What one training run produced (internal to the report).</summary>
internal sealed record RelevanceRun(int Seed, double[] Relevance, int[] Order, double[] Mean, double[] Sigma,
                                    IReadOnlyList<EpochLosses> History, double FinalLoss);
