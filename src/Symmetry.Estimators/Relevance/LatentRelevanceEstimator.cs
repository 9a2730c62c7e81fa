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

    private protected override LatentRelevanceTransformer FitCore(IDataView input, FitEnvironment fit)
    {
        var options = Settings;
        var features = FeatureReader.Read(fit.CheckAlive, input, InputName, minimumRows: 2);
        if (features.Size > LatentRelevanceTransformer.MaxInputSize)
            throw new ArgumentException($"The input column '{InputName}' has {features.Size} slots; a LatentRelevance model holds at most {LatentRelevanceTransformer.MaxInputSize}.", nameof(input));
        var training = options.ToTraining();
        training = training with { BatchSize = fit.BatchFor("LatentRelevance", nameof(Options.BatchSize), training.BatchSize, features.Rows) };
        var latent = training.LatentSizeFor(features.Size);
        var scaling = options.Standardize ? Standardization.Fit(features) : Standardization.Identity(features.Size);
        fit.Info($"LatentRelevance: {features.Rows} rows × {features.Size} features{(options.Standardize ? " (standardized)" : "")}, latent {latent}, " +
                 $"{options.Runs} run(s) × {options.Epochs} epochs{(options.BatchRuns && options.Runs > 1 ? ", batched" : "")} on {fit.Device}.");

        using var data = scaling.Apply(features).ToTensor(fit.Device);
        // The latents are related to the features as read, not standardized: the report speaks the data's units.
        using var result = LatentRelevanceCore.Train(data, features.Values, training, fit.Seed, fit.Device, fit.Loop());
        var scan = options.BetaScan is { } betas ? Scan(data, features.Values, training, betas, fit) : [];
        var report = RelevanceReport.Create(result, features.SlotNames, fit.Elapsed, scan);
        fit.Info(string.Create(CultureInfo.InvariantCulture,
            $"LatentRelevance: intrinsic dimension {report.IntrinsicDimension}; median relevance {string.Join(", ", report.Relevance.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}."));
        var order = options.OrderByRelevance ? result.Order : Enumerable.Range(0, latent).ToArray();
        var transformer = new LatentRelevanceTransformer(fit.Host, result.Model, order, InputName, scaling, options.OutputColumnName, report, fit.Device);
        result.TakeModel(); // the transformer owns it now
        return transformer;
    }

    // One refit per β with the seeds and every other option of the main fit; only the counts and profiles are kept.
    private static RelevanceBetaScanPoint[] Scan(Tensor data, float[] features, LatentRelevanceTrainingOptions training, double[] betas, FitEnvironment fit)
    {
        var c = CultureInfo.InvariantCulture;
        var points = BetaScan.Run(data, training, betas, fit.Seed, fit.Device, fit.Loop(), features,
            p => fit.Info(string.Create(c, $"LatentRelevance β scan: β {p.Beta:G6} gives {p.IntrinsicDimension} (runs: {string.Join(", ", p.PerRunDimension)}).")));
        return points.Select(p => new RelevanceBetaScanPoint(p.Beta, p.PerRunRelevance, training.RelevanceThreshold, training.MinimumDropRatio)).ToArray();
    }
}
