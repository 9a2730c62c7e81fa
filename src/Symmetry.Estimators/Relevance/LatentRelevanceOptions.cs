using static Microsoft.ML.Symmetry.OptionChecks;

namespace Microsoft.ML.Symmetry;

public sealed partial class LatentRelevanceEstimator
{
    /// <summary>Default values of <see cref="Options"/>.</summary>
    public static class Defaults
    {
        /// <summary>Output column of latent means.</summary>
        public const string OutputColumnName = "Latent";
        /// <summary>Input column used when none is given.</summary>
        public const string InputColumnName = "Features";
        /// <summary>KL weight β (Sanz's value).</summary>
        public const double Beta = LatentRelevanceDefaults.Beta;
        /// <summary>Epochs per run (Sanz: 15–30 suffice).</summary>
        public const int Epochs = LatentRelevanceDefaults.Epochs;
        /// <summary>Adam learning rate (Sanz's value).</summary>
        public const double LearningRate = LatentRelevanceDefaults.LearningRate;
        /// <summary>Mini-batch size.</summary>
        public const int BatchSize = LatentRelevanceDefaults.BatchSize;
        /// <summary>Independent trainings whose relevance profiles are aggregated (Sanz's protocol).</summary>
        public const int Runs = LatentRelevanceDefaults.Runs;
        /// <summary>Standardize each feature (mean 0, variance 1) before training, so β acts relative to the data variance.</summary>
        public const bool Standardize = LatentRelevanceDefaults.Standardize;
        /// <summary>Order outputs and the report by decreasing relevance.</summary>
        public const bool OrderByRelevance = LatentRelevanceDefaults.OrderByRelevance;
        /// <summary>Smallest relevance ratio between neighbours that counts as a gap in the profile.</summary>
        public const double MinimumDropRatio = LatentRelevanceDefaults.MinimumDropRatio;
    }

    /// <summary>All settings of <see cref="LatentRelevanceEstimator"/>.</summary>
    public sealed class Options : SymmetryOptions
    {
        /// <summary>Name of the appended latent-mean column (vector&lt;float&gt;[L]); σ goes to <c>{name}Sigma</c>. Default "Latent".</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>
        /// Name of the input known-size vector&lt;float&gt; column; null means "Features". (ML.NET's convention of
        /// defaulting to the output name makes no sense for an encoder, whose output is not its input.)
        /// </summary>
        public string? InputColumnName { get; set; }

        /// <summary>Latent dimension L; null means the input vector size. Must be ≥ 1.</summary>
        public int? LatentDimension { get; set; }

        /// <summary>Widths of the hidden ReLU layers of the encoder (the decoder mirrors them). Default 64, 64.</summary>
        public int[] HiddenLayers { get; set; } = [.. LatentRelevanceDefaults.HiddenLayers];

        /// <summary>
        /// KL weight β ≥ 0. Default 0.1. The reconstruction term is a squared error in the units the network sees, so
        /// β only means the same thing across datasets when those have unit variance: that is what
        /// <see cref="Standardize"/> (on by default) ensures.
        /// </summary>
        public double Beta { get; set; } = Defaults.Beta;

        /// <summary>Epochs per run, ≥ 1. Default 30.</summary>
        public int Epochs { get; set; } = Defaults.Epochs;

        /// <summary>Adam learning rate, &gt; 0. Default 1e-3.</summary>
        public double LearningRate { get; set; } = Defaults.LearningRate;

        /// <summary>Mini-batch size, ≥ 1; the data must hold at least one batch. Default 128.</summary>
        public int BatchSize { get; set; } = Defaults.BatchSize;

        /// <summary>
        /// Independently seeded trainings (seeds Seed, Seed + 1, …); the report aggregates their sorted profiles (median
        /// profile and histogram of per-run dimensions) and the transformer keeps the lowest-loss run. Default 20, the
        /// paper's protocol: one run is a noisy estimate (on the square, 3 instead of 2 in about one seed in seven at 30
        /// epochs on raw coordinates).
        /// </summary>
        public int Runs { get; set; } = Defaults.Runs;

        /// <summary>
        /// Train runs that share a shape together as one batched model (a leading run dimension on every weight):
        /// numerically the same as one after another with the same seeds, several times faster. Default true.
        /// </summary>
        public bool BatchRuns { get; set; } = LatentRelevanceDefaults.BatchRuns;

        /// <summary>
        /// Centre and scale each feature to mean 0 and variance 1 (statistics of the training data, stored with the
        /// model and applied when scoring) before the VAE sees it. Default true. Switch off only for data already on a
        /// common scale; then β is relative to the data's own variance.
        /// </summary>
        public bool Standardize { get; set; } = Defaults.Standardize;


        /// <summary>Order output latents and the report by decreasing relevance. Default true.</summary>
        public bool OrderByRelevance { get; set; } = Defaults.OrderByRelevance;

        /// <summary>When set, the intrinsic dimension is the number of latents with mean relevance ≥ this value, instead of the largest-gap rule.</summary>
        public double? RelevanceThreshold { get; set; }

        /// <summary>Smallest ratio r_k / r_(k+1) the largest-gap rule accepts as a gap (see <see cref="RelevanceMath.IntrinsicDimension"/>). Default 3.</summary>
        public double MinimumDropRatio { get; set; } = Defaults.MinimumDropRatio;

        /// <summary>
        /// β values for a β scan, or null (the default) for none. After the main fit, <c>Fit</c> refits once per value
        /// with every other option and the seeds unchanged, so only β differs, and the report carries the relevance
        /// count per β (<see cref="RelevanceReport.BetaScan"/>) and where it is stable
        /// (<see cref="RelevanceReport.StableBetaRange"/>). The count is the number of latent directions whose spread is
        /// well above the posterior noise β sets, a resolution that falls as β grows, so a single β can mislead.
        /// Each value must be a finite number &gt; 0 (the figure's β axis is logarithmic, and at β = 0 nothing bounds
        /// the posterior noise from below), the values strictly increasing (sorted, no duplicates), at most
        /// <see cref="MaxBetaScan"/> of them. The scan costs one full fit (all <see cref="Runs"/>) per value; the
        /// transformer still scores with the main fit's model.
        /// </summary>
        public double[]? BetaScan { get; set; }

        /// <summary>The most β values one scan accepts.</summary>
        public const int MaxBetaScan = 1000;

        /// <summary>The most runs one fit accepts (each keeps its latent codes for the report).</summary>
        public const int MaxRuns = 10_000;

        /// <summary>
        /// Train only this shard's contiguous block of the <see cref="Runs"/> (run r has seed <see cref="SymmetryOptions.Seed"/> + r,
        /// whichever shard trains it; the block still trains as one batched model). Null trains every run. Needs a
        /// <see cref="SymmetryOptions.Seed"/>, and at most <see cref="Runs"/> shards. Use
        /// <see cref="LatentRelevanceEstimator.FitPartial"/> and <see cref="SymmetryPartialResult.Merge"/> to put shards together:
        /// the merge equals one fit bit for bit when every fit runs on one libtorch thread (with more, libtorch splits a
        /// batched kernel by its size, and the runs agree to float32 rounding only).
        /// </summary>
        public SymmetryShard? Shard { get; set; }

        /// <summary>A copy, so that changes to the caller's object after the estimator was made are not seen unvalidated.</summary>
        internal override Options Clone()
        {
            var copy = (Options)MemberwiseClone();
            copy.HiddenLayers = (int[])HiddenLayers.Clone();
            copy.BetaScan = (double[]?)BetaScan?.Clone();
            return copy;
        }

        /// <summary>The training settings these options ask for (the one place Options map to them).</summary>
        internal LatentRelevanceTrainingOptions ToTraining() => new()
        {
            HiddenLayers = [.. HiddenLayers],
            LatentSize = LatentDimension,
            Beta = Beta,
            Epochs = Epochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            BatchRuns = BatchRuns,
            Runs = Runs,
            RelevanceThreshold = RelevanceThreshold,
            MinimumDropRatio = MinimumDropRatio,
            // The scorer's batches, so the relevance the report gives is what the transformer's outputs give back.
            EncodeBatchSize = ScoredDataView.MaxBatch,
        };

        internal override void Validate()
        {
            if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be a non-empty column name.", nameof(OutputColumnName));
            if (LatentDimension is <= 0) throw new ArgumentOutOfRangeException(nameof(LatentDimension), LatentDimension, "latentDimension must be at least 1.");
            AtMost(LatentDimension ?? 1, LatentRelevanceTransformer.MaxLatent, nameof(LatentDimension));
            if (HiddenLayers is null || HiddenLayers.Any(h => h <= 0)) throw new ArgumentOutOfRangeException(nameof(HiddenLayers), "Every hidden layer width must be at least 1.");
            Layers(HiddenLayers, LatentRelevanceTransformer.MaxHiddenLayers, LatentRelevanceTransformer.MaxWidth, nameof(HiddenLayers));
            if (!(Beta >= 0) || double.IsInfinity(Beta)) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "beta must be a finite number ≥ 0.");
            if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be at least 1.");
            if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a finite number > 0.");
            if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
            if (!(MinimumDropRatio > 1)) throw new ArgumentOutOfRangeException(nameof(MinimumDropRatio), MinimumDropRatio, "MinimumDropRatio must be greater than 1.");
            // The runs and their shards as LieDetector's and LatentLieGan's seeded runs.
            SeedProtocol.Validate(Runs, Shard, Seed);
            // A scan refits every run once per β, so it belongs to one unsharded fit (or to one sweep per β).
            if (Shard is not null && BetaScan is not null) throw new ArgumentException("BetaScan cannot be combined with Shard: the scan refits all runs once per β; run it unsharded.", nameof(Shard));
            if (RelevanceThreshold is { } t && !(t > 0)) throw new ArgumentOutOfRangeException(nameof(RelevanceThreshold), t, "RelevanceThreshold must be > 0.");
            if (BetaScan is { } scan) ValidateBetaScan(scan);
        }

        private static void ValidateBetaScan(double[] scan)
        {
            if (scan.Length == 0) throw new ArgumentException("BetaScan must hold at least one β; leave it null for no scan.", nameof(BetaScan));
            if (scan.Length > MaxBetaScan) throw new ArgumentException($"BetaScan holds {scan.Length} values; at most {MaxBetaScan} are accepted.", nameof(BetaScan));
            for (var k = 0; k < scan.Length; k++)
            {
                if (!(scan[k] > 0) || double.IsInfinity(scan[k]))
                    throw new ArgumentOutOfRangeException(nameof(BetaScan), scan[k], $"BetaScan[{k}] must be a finite number > 0.");
                if (k > 0 && !(scan[k] > scan[k - 1]))
                    throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"BetaScan must be strictly increasing; BetaScan[{k}] = {scan[k]:R} follows {scan[k - 1]:R}."), nameof(BetaScan));
            }
        }
    }
}
