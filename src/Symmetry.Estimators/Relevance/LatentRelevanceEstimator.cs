using System.Globalization;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Trains the β-VAE of Sanz, "Learning symmetries in datasets", <see cref="Options.Runs"/> times, measures
/// the relevance of each latent (std over the data of μ_j / mean over the data of σ_j) and estimates the number of
/// degrees of freedom of the data. <c>Fit</c> returns a <see cref="LatentRelevanceTransformer"/> that appends
/// the latent means and σ and carries a <see cref="RelevanceReport"/>. With <see cref="Options.BetaScan"/> set, the
/// fit also refits once per β and the report carries the relevance count per β (<see cref="RelevanceReport.BetaScan"/>).
/// </summary>
public sealed partial class LatentRelevanceEstimator : SymmetryEstimator<LatentRelevanceTransformer, LatentRelevanceEstimator.Options>
{
    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LatentRelevance</c>).</summary>
    public LatentRelevanceEstimator(IHostEnvironment env, Options options) : base(env, options, nameof(LatentRelevanceEstimator)) { }

    private string InputName => Settings.InputColumnName ?? Defaults.InputColumnName;

    private protected override IEnumerable<string> VectorInputs => [InputName];

    // Latent and LatentSigma, vectors whose size (L) the fit decides.
    private protected override IEnumerable<OutputColumn> Outputs => LatentRelevanceTransformer.Columns(Settings.OutputColumnName, latent: 1);

    /// <summary>
    /// Trains the options' <see cref="Options.Shard"/> of the runs (every run without one) and returns it as a partial
    /// result: the shard's model and report, the shard, and a fingerprint of the options (but the shard), package version
    /// and data. Save it, and <see cref="SymmetryPartialResult.Merge"/> every shard's into the transformer one
    /// <c>Fit</c> would have made.
    /// </summary>
    /// <exception cref="OperationCanceledException">The options' token or <c>MLContext.CancelExecution</c> stopped the fit.</exception>
    public SymmetryPartialResult FitPartial(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Settings.Seed is null) throw new InvalidOperationException("A partial result needs a fixed Seed in the options: every shard must train its runs from the seeds a single fit would use.");
        using var fit = new FitEnvironment(Environment.Register(nameof(LatentRelevanceEstimator)), Settings);
        string? fingerprint = null;
        var transformer = FitCore(input, fit, features => fingerprint = Fingerprint(features));
        return new SymmetryPartialResult("LatentRelevance", Settings.Shard ?? new SymmetryShard(0, 1), Settings.Runs, fingerprint!,
                                         ShardFingerprint.PackageVersion, transformer, input.Schema);
    }

    private protected override LatentRelevanceTransformer FitCore(IDataView input, FitEnvironment fit) => FitCore(input, fit, null);

    private LatentRelevanceTransformer FitCore(IDataView input, FitEnvironment fit, Action<FeatureMatrix>? readData)
    {
        var options = Settings;
        var features = FeatureReader.Read(fit.CheckAlive, input, InputName, minimumRows: 2);
        if (features.Size > LatentRelevanceTransformer.MaxInputSize)
            throw new ArgumentException($"The input column '{InputName}' has {features.Size} slots; a LatentRelevance model holds at most {LatentRelevanceTransformer.MaxInputSize}.", nameof(input));
        readData?.Invoke(features);
        var training = options.ToTraining();
        training = training with { BatchSize = fit.BatchFor("LatentRelevance", nameof(Options.BatchSize), training.BatchSize, features.Rows) };
        // A shard trains runs start … start + length − 1 of the protocol: seeds Seed + start, …, as one fit would.
        var (start, length) = options.Shard?.Block(options.Runs) ?? (0, options.Runs);
        training = training with { Runs = length };
        var latent = training.LatentSizeFor(features.Size);
        var scaling = options.Standardize ? Standardization.Fit(features) : Standardization.Identity(features.Size);
        var shardText = options.Shard is { } shard ? $", shard {shard}: runs {start + 1}-{start + length} of {options.Runs}" : "";
        fit.Info($"LatentRelevance: {features.Rows} rows × {features.Size} features{(options.Standardize ? " (standardized)" : "")}, latent {latent}, " +
                 $"{length} run(s) × {options.Epochs} epochs{(options.BatchRuns && length > 1 ? ", batched" : "")}{shardText} on {fit.Device}.");

        // Batched runs of a protocol of several (every shard of it too): blocks of them on parallel workers at one
        // libtorch thread, whose results do not depend on the count. Otherwise one step: a batch through the encoder
        // (to μ and log σ²) and the decoder, on the threads its size warrants.
        int[] hidden = [.. training.HiddenLayers];
        var threads = training.BatchRuns && options.Runs > 1
            ? fit.UseWorkers("LatentRelevance", training.Runs)
            : fit.UseThreads("LatentRelevance", ThreadRule.Dense(training.BatchSize, [features.Size, .. hidden, 2 * latent], [latent, .. hidden.Reverse(), features.Size]));
        training = training with { Workers = threads.Workers };
        using var data = scaling.ApplyToTensor(features, fit.Device);
        // The latents are related to the features as read, not standardized: the report speaks the data's units.
        using var result = LatentRelevanceCore.Train(data, features.Values, training, unchecked(fit.Seed + start), fit.Device, fit.Loop());
        var scan = options.BetaScan is { } betas ? Scan(data, features.Values, training, betas, fit) : [];
        var report = RelevanceReport.Create(result, features.SlotNames, fit.Elapsed, scan);
        report.Threads = fit.Threads;
        fit.Info(string.Create(CultureInfo.InvariantCulture,
            $"LatentRelevance: intrinsic dimension {report.IntrinsicDimension}; median relevance {string.Join(", ", report.Relevance.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}."));
        var order = options.OrderByRelevance ? result.Order : Enumerable.Range(0, latent).ToArray();
        var transformer = new LatentRelevanceTransformer(fit.Host, result.Model, order, InputName, scaling, options.OutputColumnName, report, fit.Device);
        result.TakeModel(); // the transformer owns it now
        return transformer;
    }

    /// <summary>The fingerprint <see cref="FitPartial"/> gives these options on <paramref name="input"/> (for a merge to check it has the shards' data).</summary>
    internal string FingerprintOf(IDataView input) => Fingerprint(FeatureReader.Read(() => { }, input, InputName, minimumRows: 2));

    // Every option (ShardFingerprint.OptionsOf), with the input column as resolved.
    private string Fingerprint(FeatureMatrix features) =>
        ShardFingerprint.Of("LatentRelevance", ShardFingerprint.OptionsOf(Settings).Append(("InputColumn", InputName)), features);

    // One refit per β with the seeds and every other option of the main fit; only the counts and profiles are kept.
    private static RelevanceBetaScanPoint[] Scan(Tensor data, float[] features, LatentRelevanceTrainingOptions training, double[] betas, FitEnvironment fit)
    {
        var c = CultureInfo.InvariantCulture;
        var points = BetaScan.Run(data, training, betas, fit.Seed, fit.Device, fit.Loop(), features,
            p => fit.Info(string.Create(c, $"LatentRelevance β scan: β {p.Beta:G6} gives {p.IntrinsicDimension} (runs: {string.Join(", ", p.PerRunDimension)}).")));
        return points.Select(p => new RelevanceBetaScanPoint(p.Beta, p.PerRunRelevance, training.RelevanceThreshold, training.MinimumDropRatio)).ToArray();
    }
}
