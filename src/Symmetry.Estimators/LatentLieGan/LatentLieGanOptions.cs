using static Microsoft.ML.Symmetry.OptionChecks;

namespace Microsoft.ML.Symmetry;

public sealed partial class LatentLieGanEstimator
{
    /// <summary>Default values of <see cref="Options"/> (the public code's rd.cfg where it has one).</summary>
    public static class Defaults
    {
        /// <summary>Output column of latent codes.</summary>
        public const string OutputColumnName = "Latent";
        /// <summary>Input column used when none is given.</summary>
        public const string InputColumnName = "Features";
        /// <summary>Latent dimension m.</summary>
        public const int LatentDimension = LatentLieGanDefaults.LatentDimension;
        /// <summary>Number of generators k.</summary>
        public const int Generators = LatentLieGanDefaults.Generators;
        /// <summary>Epochs (rd.cfg: 150).</summary>
        public const int Epochs = LatentLieGanDefaults.Epochs;
        /// <summary>Mini-batch size (rd.cfg: 64).</summary>
        public const int BatchSize = LatentLieGanDefaults.BatchSize;
    }

    /// <summary>
    /// SINDy on the latent dynamics, fitted after training: on finite differences of consecutive time steps, or with
    /// <see cref="DerivativeColumnName"/> on the chain rule ż = (∇ₓφ) ẋ (paper eq. 5).
    /// </summary>
    public sealed class SindyOptions
    {
        /// <summary>Highest polynomial order p ≥ 0 of the library. Default 2 (the paper's tables).</summary>
        public int PolynomialOrder { get; set; } = LatentLieGanDefaults.SindyPolynomialOrder;

        /// <summary>Adds sin(z_i) to the library.</summary>
        public bool IncludeSine { get; set; }

        /// <summary>Adds exp(z_i) to the library.</summary>
        public bool IncludeExp { get; set; }

        /// <summary>Absolute threshold of the sequentially thresholded least squares. Default 0.05.</summary>
        public double Threshold { get; set; } = LatentLieGanDefaults.SindyThreshold;

        /// <summary>L1 weight ≥ 0 of each regression. Default 0.</summary>
        public double L1 { get; set; }

        /// <summary>Δt between consecutive time steps of a row (and between the rows of a rollout trajectory), &gt; 0. Default 1.</summary>
        public double TimeStep { get; set; } = LatentLieGanDefaults.SindyTimeStep;

        /// <summary>
        /// A known-size vector&lt;float&gt; column of the same size as the input (T·n) holding ẋ of each state, in input units
        /// per unit time. When set, each state's latent velocity is ż = (∇ₓφ(x)) ẋ (paper eq. 5, by autograd) and SINDy
        /// fits every state, so <see cref="Options.TimeSteps"/> = 1 suffices; null (default) differences consecutive steps.
        /// </summary>
        public string? DerivativeColumnName { get; set; }

        /// <summary>
        /// Horizons h ≥ 1 (in steps of <see cref="TimeStep"/>) of the paper's long-term test; null or empty (default) skips it.
        /// The last max(h) + 1 rows of the data are held out of training and must form one trajectory (each row's second
        /// state is the next row's first, as in the built-in pair datasets); the report's <see cref="LatentLieGanReport.Rollout"/>
        /// gives the relative MSE of the SINDy rollout from the first of them. Needs <see cref="Options.TimeSteps"/> ≥ 2.
        /// </summary>
        public int[]? RolloutHorizons { get; set; }

        /// <summary>
        /// Also train with paper eq. 5's latent SINDy term <see cref="JointWeight"/> · mean ‖ż − Θ(z) Ξ‖² (plus
        /// <see cref="L1"/> · mean |Ξ|) added to the autoencoder's loss, with Ξ trained alongside. With
        /// <see cref="DerivativeColumnName"/>, ż = (∇ₓφ(x)) ẋ by the chain rule at every state and Θ at z = φ(x), the encoder
        /// trained through its Jacobian (any <see cref="Options.TimeSteps"/>); without it, ż = (z_{k+1} − z_k)/Δt and Θ at the
        /// midpoint (z_k + z_{k+1})/2, which needs <see cref="Options.TimeSteps"/> ≥ 2. It shapes the latent space toward
        /// equations the library can express; the reported equations are still the thresholded fit on the trained encoder
        /// (as with false). Default false.
        /// </summary>
        public bool TrainJointly { get; set; }

        /// <summary>Weight ≥ 0 of the joint SINDy residual (our default 0.1; the paper does not state its weight).</summary>
        public double JointWeight { get; set; } = LatentLieGanDefaults.SindyJointWeight;

        // The ML.NET-free settings of the core; the derivative column becomes the velocities the estimator reads.
        internal LatentSindyTrainingOptions ToTraining() => new()
        {
            PolynomialOrder = PolynomialOrder,
            IncludeSine = IncludeSine,
            IncludeExp = IncludeExp,
            Threshold = Threshold,
            L1 = L1,
            TimeStep = TimeStep,
            TrainJointly = TrainJointly,
            JointWeight = JointWeight,
            RolloutHorizons = RolloutHorizons is null ? null : [.. RolloutHorizons],
        };

        internal SindyOptions Clone()
        {
            var c = (SindyOptions)MemberwiseClone();
            c.RolloutHorizons = (int[]?)RolloutHorizons?.Clone();
            return c;
        }
    }

    /// <summary>All settings of <see cref="LatentLieGanEstimator"/>.</summary>
    public sealed class Options : SymmetryOptions
    {
        /// <summary>Name of the appended latent column (vector&lt;float&gt;[m]; the codes of the first time step). Default "Latent".</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>Name of the input known-size vector&lt;float&gt; column; null means "Features".</summary>
        public string? InputColumnName { get; set; }

        /// <summary>Latent dimension m ≥ 1. Default 2.</summary>
        public int LatentDimension { get; set; } = Defaults.LatentDimension;

        /// <summary>Number of Lie-algebra generators k ≥ 1. Default 1.</summary>
        public int Generators { get; set; } = Defaults.Generators;

        /// <summary>
        /// Consecutive states T ≥ 1 in each input vector (its size must be a multiple of T): all are encoded by one
        /// encoder and moved by one g (the paper's two-snapshot equivariance). Default 1.
        /// </summary>
        public int TimeSteps { get; set; } = LatentLieGanDefaults.TimeSteps;

        /// <summary>Hidden ReLU widths of the encoder (the decoder mirrors them). Default 128, 128 (the code's 512 × 5 is <see cref="PaperHidden"/>).</summary>
        public int[] HiddenLayers { get; set; } = [.. LatentLieGanDefaults.HiddenLayers];

        /// <summary>
        /// A BatchNorm1d after every Linear of the encoder, the latent codes included, none in the decoder (LaLiGAN's MLP autoencoder with batch_norm). Scoring uses
        /// the running statistics (eval mode). Needs at least 2 states in every mini-batch. Default false.
        /// </summary>
        public bool BatchNorm { get; set; }

        /// <summary>
        /// Keep the last encoder layer's weight W (m × h) orthogonal (W Wᵀ = I): initialised orthogonal and, after every
        /// Adam step, replaced by its polar factor U Vᵀ (W = U Σ Vᵀ), the nearest orthogonal matrix. A retraction, not
        /// PyTorch's <c>parametrizations.orthogonal</c> (which optimises an unconstrained matrix through a map): the
        /// saved state keeps the plain <c>encoder.{L}.weight</c>, scoring costs nothing extra, and the constraint is
        /// exact after every step; the optimisation path differs from the public code's. Default false.
        /// </summary>
        public bool OrthogonalLatentLayer { get; set; }

        /// <summary>Hidden ReLU widths of the discriminator. Default 128, 128.</summary>
        public int[] DiscriminatorHiddenLayers { get; set; } = [.. LatentLieGanDefaults.DiscriminatorHiddenLayers];

        /// <summary>σ &gt; 0 of the coefficients w ~ N(0, σ²). Default 1.</summary>
        public double Sigma { get; set; } = LatentLieGanDefaults.Sigma;

        /// <summary>Whether σ is learned. Default false.</summary>
        public bool LearnSigma { get; set; }

        /// <summary>Keep the origin of the latent space fixed (the code's keep_center); otherwise codes are moved about their batch mean. Default true.</summary>
        public bool KeepCenter { get; set; } = LatentLieGanDefaults.KeepCenter;

        /// <summary>w_gan ≥ 0. Default 0.01.</summary>
        public double GanWeight { get; set; } = LatentLieGanDefaults.GanWeight;

        /// <summary>w_reg ≥ 0 of the regulariser. Default 0.1.</summary>
        public double RegularizerWeight { get; set; } = LatentLieGanDefaults.RegularizerWeight;

        /// <summary>
        /// The regulariser that keeps the generator away from the identity. Default <see cref="LieGanRegularizer.Cosine"/>
        /// (the paper's; finds rotations but penalises dilations like the identity); choose
        /// <see cref="LieGanRegularizer.RelativeDifference"/> or <see cref="LieGanRegularizer.GeneratorNorm"/> when the
        /// symmetry may be a scaling, boost or shear.
        /// </summary>
        public LieGanRegularizer Regularizer { get; set; } = LieGanRegularizer.Cosine;

        /// <summary>Weight ≥ 0 of the reconstruction MSE. Default 1.</summary>
        public double ReconstructionWeight { get; set; } = LatentLieGanDefaults.ReconstructionWeight;

        /// <summary>Adam step size of the autoencoder. Default 3e-4.</summary>
        public double AutoencoderLearningRate { get; set; } = LatentLieGanDefaults.AutoencoderLearningRate;

        /// <summary>Adam step size of the generator. Default 1e-3.</summary>
        public double GeneratorLearningRate { get; set; } = LatentLieGanDefaults.GeneratorLearningRate;

        /// <summary>Adam step size of the discriminator. Default 1e-3.</summary>
        public double DiscriminatorLearningRate { get; set; } = LatentLieGanDefaults.DiscriminatorLearningRate;

        /// <summary>Relative threshold of the sequential thresholding of L, in [0, 1). Default 0.01 (rd.cfg).</summary>
        public double Threshold { get; set; } = LatentLieGanDefaults.Threshold;

        /// <summary>Epochs between thresholdings ≥ 1. Default 5.</summary>
        public int ThresholdEvery { get; set; } = LatentLieGanDefaults.ThresholdEvery;

        /// <summary>
        /// The update schedule. False (default, LaLiGAN's code): one summed backward, so the adversarial term also reaches
        /// the discriminator. True: the discriminator's gradient is that of its own loss only.
        /// </summary>
        public bool SeparateUpdates { get; set; }

        /// <summary>Epochs ≥ 1. Default 150.</summary>
        public int Epochs { get; set; } = Defaults.Epochs;

        /// <summary>Mini-batch size ≥ 1. Default 64.</summary>
        public int BatchSize { get; set; } = Defaults.BatchSize;

        /// <summary>Standardize each input slot before training. Default true.</summary>
        public bool Standardize { get; set; } = LatentLieGanDefaults.Standardize;

        /// <summary>SINDy on the latent dynamics (needs <see cref="TimeSteps"/> ≥ 2); null switches it off.</summary>
        public SindyOptions? Sindy { get; set; }

        /// <summary>
        /// Independent trainings, ≥ 1 (default 1): run r = 0 … Runs − 1 trains with seed <see cref="SymmetryOptions.Seed"/> + r
        /// on the same rows. The transformer keeps the run whose final discriminator accuracy is closest to 0.5 (the
        /// method's own evidence that the symmetry was reached); with Runs &gt; 1 the report adds a per-run table and how
        /// many runs share the kept run's eigenvalue kind (<see cref="LatentLieGanReport.SeedRuns"/>: latent bases differ
        /// across runs, so only invariants compare).
        /// </summary>
        public int Runs { get; set; } = 1;

        /// <summary>
        /// Train only this shard's contiguous block of the <see cref="Runs"/> (run r has seed Seed + r whichever shard
        /// trains it) with <see cref="LatentLieGanEstimator.FitPartial"/>; null (default) trains every run. Needs a fixed
        /// <see cref="SymmetryOptions.Seed"/> and at most <see cref="Runs"/> shards. Use
        /// <see cref="SymmetryPartialResult.Merge"/> to put the shards together.
        /// </summary>
        public SymmetryShard? Shard { get; set; }

        /// <summary>The public code's autoencoder: 512 × 5 ReLU.</summary>
        public static int[] PaperHidden => [.. LatentLieGanDefaults.PaperHidden];

        /// <summary>The core's training record: every hyperparameter, no column names (the one place Options are mapped).</summary>
        internal LatentLieGanTrainingOptions ToTraining() => new()
        {
            Latent = LatentDimension,
            Generators = Generators,
            TimeSteps = TimeSteps,
            AutoencoderHidden = [.. HiddenLayers],
            BatchNorm = BatchNorm,
            OrthogonalLatentLayer = OrthogonalLatentLayer,
            // The joint chain-rule term reads ẋ beside its states; without a derivative column it differences steps.
            VelocitiesInData = Sindy is { TrainJointly: true, DerivativeColumnName: not null },
            DiscriminatorHidden = [.. DiscriminatorHiddenLayers],
            Sigma = Sigma,
            LearnSigma = LearnSigma,
            KeepCenter = KeepCenter,
            GanWeight = GanWeight,
            RegularizerWeight = RegularizerWeight,
            Regularizer = Regularizer,
            ReconstructionWeight = ReconstructionWeight,
            AutoencoderLearningRate = AutoencoderLearningRate,
            GeneratorLearningRate = GeneratorLearningRate,
            DiscriminatorLearningRate = DiscriminatorLearningRate,
            Threshold = Threshold,
            ThresholdEvery = ThresholdEvery,
            Epochs = Epochs,
            BatchSize = BatchSize,
            SeparateUpdates = SeparateUpdates,
            Sindy = Sindy?.ToTraining(),
        };

        internal override Options Clone()
        {
            var c = (Options)MemberwiseClone();
            c.HiddenLayers = (int[])HiddenLayers.Clone();
            c.DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers.Clone();
            c.Sindy = Sindy?.Clone();
            return c;
        }

        internal override void Validate()
        {
            if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be a non-empty name.", nameof(OutputColumnName));
            if (LatentDimension < 1) throw new ArgumentOutOfRangeException(nameof(LatentDimension), LatentDimension, "The latent dimension must be at least 1.");
            if (Generators < 1) throw new ArgumentOutOfRangeException(nameof(Generators), Generators, "There must be at least 1 generator.");
            if (TimeSteps < 1) throw new ArgumentOutOfRangeException(nameof(TimeSteps), TimeSteps, "TimeSteps must be at least 1.");
            SeedProtocol.Validate(Runs, Shard, Seed);
            if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
            if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
            if (ThresholdEvery < 1) throw new ArgumentOutOfRangeException(nameof(ThresholdEvery), ThresholdEvery, "ThresholdEvery must be at least 1.");
            if (HiddenLayers is null || HiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(HiddenLayers), "Every hidden width must be at least 1.");
            AtMost(LatentDimension, LatentLieGanTransformer.MaxLatent, nameof(LatentDimension));
            AtMost(TimeSteps, LatentLieGanTransformer.MaxTimeSteps, nameof(TimeSteps));
            Layers(HiddenLayers, LatentLieGanTransformer.MaxHiddenLayers, LatentLieGanTransformer.MaxWidth, nameof(HiddenLayers));
            if (DiscriminatorHiddenLayers is null || DiscriminatorHiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(DiscriminatorHiddenLayers), "Every hidden width must be at least 1.");
            Positive(Sigma, nameof(Sigma));
            Positive(AutoencoderLearningRate, nameof(AutoencoderLearningRate));
            Positive(GeneratorLearningRate, nameof(GeneratorLearningRate));
            Positive(DiscriminatorLearningRate, nameof(DiscriminatorLearningRate));
            NonNegative(GanWeight, nameof(GanWeight));
            NonNegative(RegularizerWeight, nameof(RegularizerWeight));
            NonNegative(ReconstructionWeight, nameof(ReconstructionWeight));
            if (!(Threshold >= 0 && Threshold < 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The relative threshold must be in [0, 1).");
            if (Sindy is { } s)
            {
                if (TimeSteps < 2 && s.DerivativeColumnName is null)
                    throw new ArgumentException("SINDy needs TimeSteps ≥ 2 (consecutive states in each row) to difference the latent codes, or Sindy.DerivativeColumnName (ẋ per state).", nameof(Sindy));
                if (s.DerivativeColumnName is { } d && string.IsNullOrWhiteSpace(d)) throw new ArgumentException("Sindy.DerivativeColumnName must be a column name or null.", "Sindy.DerivativeColumnName");
                NonNegative(s.JointWeight, "Sindy.JointWeight");
                if (s.RolloutHorizons is { Length: > 0 } horizons)
                {
                    if (horizons.Any(h => h < 1)) throw new ArgumentOutOfRangeException("Sindy.RolloutHorizons", string.Join(", ", horizons), "Every rollout horizon must be at least 1 step.");
                    if (TimeSteps < 2) throw new ArgumentException("Sindy.RolloutHorizons needs TimeSteps ≥ 2: the held-out trajectory is read from consecutive rows whose second state is the next row's first.", "Sindy.RolloutHorizons");
                }
                if (s.PolynomialOrder < 0) throw new ArgumentOutOfRangeException(nameof(Sindy), s.PolynomialOrder, "The SINDy polynomial order must be ≥ 0.");
                Positive(s.TimeStep, "Sindy.TimeStep");
                NonNegative(s.Threshold, "Sindy.Threshold");
                NonNegative(s.L1, "Sindy.L1");
            }
        }
    }
}
