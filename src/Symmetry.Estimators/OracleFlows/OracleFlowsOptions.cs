using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>What the flows keep of a learned classifier oracle.</summary>
public enum OracleOutput
{
    /// <summary>All its logits (Roman, Forestano et al. on MNIST: "the 10-dimensional logits vector is conserved").</summary>
    Logits,

    /// <summary>Its class probabilities (softmax of the logits; the likelihoods of Roman, Forestano et al.'s Fig. 5).</summary>
    Probabilities,
}

/// <summary>Which autoencoder <see cref="OracleFlowsEstimator.Options.LatentDimension"/> trains.</summary>
public enum AutoencoderKind
{
    /// <summary>Convolutional for image-shaped inputs (ImageHeight/ImageWidth given, or a square number of slots s² with s ≥ 8, e.g. 784 = 28²), dense otherwise.</summary>
    Auto,

    /// <summary>Fully connected layers (<see cref="OracleFlowsEstimator.Options.AutoencoderHiddenLayers"/>).</summary>
    Dense,

    /// <summary>Roman, Forestano et al.'s Figure 3: stride-2 convolutions (<see cref="OracleFlowsEstimator.Options.AutoencoderChannels"/>), one linear map each side of the bottleneck, transposed convolutions.</summary>
    Convolutional,
}

public sealed partial class OracleFlowsEstimator
{
    /// <summary>Default values of <see cref="Options"/>.</summary>
    public static class Defaults
    {
        /// <summary>Output column of generator fields.</summary>
        public const string OutputColumnName = "Flow";
        /// <summary>Input column used when none is given.</summary>
        public const string InputColumnName = "Features";
        /// <summary>N_g.</summary>
        public const int Generators = OracleFlowsDefaults.Generators;
        /// <summary>ε of the expansion x' = x + ε g(x) (the paper and its code).</summary>
        public const double Epsilon = OracleFlowsDefaults.Epsilon;
        /// <summary>Epochs of the flow training (the companion code's so(3) demo: 5,000 full-batch epochs).</summary>
        public const int Epochs = OracleFlowsDefaults.Epochs;
        /// <summary>Adam learning rate of the flows (companion code: 1e-3).</summary>
        public const double LearningRate = OracleFlowsDefaults.LearningRate;
        /// <summary>Weight of the normalisation term.</summary>
        public const double NormalizationWeight = OracleFlowsDefaults.NormalizationWeight;
        /// <summary>Weight of the orthogonality term.</summary>
        public const double OrthogonalityWeight = OracleFlowsDefaults.OrthogonalityWeight;
        /// <summary>Weight of the closure term.</summary>
        public const double ClosureWeight = OracleFlowsDefaults.ClosureWeight;
        /// <summary>Epochs of a learned oracle.</summary>
        public const int OracleEpochs = OracleFlowsDefaults.OracleEpochs;
        /// <summary>Mini-batch size of a learned oracle.</summary>
        public const int OracleBatchSize = OracleFlowsDefaults.OracleBatchSize;
        /// <summary>Adam learning rate of a learned oracle.</summary>
        public const double OracleLearningRate = OracleFlowsDefaults.OracleLearningRate;
        /// <summary>Output column of the latent coordinates when an autoencoder is used.</summary>
        public const string LatentColumnName = "Latent";
        /// <summary>Epochs of the autoencoder.</summary>
        public const int AutoencoderEpochs = OracleFlowsDefaults.AutoencoderEpochs;
        /// <summary>Share of rows held out to measure the invariance residual (eq. 10 on unseen rows).</summary>
        public const double ValidationFraction = OracleFlowsDefaults.ValidationFraction;
        /// <summary>A generator is a symmetry when its relative invariance residual (weighted mean cos² with the oracle's gradients) is below this.</summary>
        public const double InvarianceTolerance = OracleFlowsDefaults.InvarianceTolerance;
    }

    /// <summary>All settings of <see cref="OracleFlowsEstimator"/>.</summary>
    public sealed class Options : SymmetryOptions
    {
        /// <summary>Name of the appended column of generator fields, vector&lt;float&gt;[N_g · d] (g_1(x), g_2(x), …). Default "Flow".</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>Name of the input known-size vector&lt;float&gt; column; null means "Features".</summary>
        public string? InputColumnName { get; set; }

        /// <summary>
        /// Learn the oracle from this label column: a key (e.g. from <c>MapValueToKey</c>), Int32, Int64 or Boolean → a
        /// classifier (dense <see cref="OracleHiddenLayers"/>, cross-entropy; the flows keep all its logits); Single or
        /// Double, or a known-size vector of Single → a regressor (squared error). Exactly one of <see cref="LabelColumnName"/> and <see cref="Oracle"/> must be set.
        /// </summary>
        public string? LabelColumnName { get; set; }

        /// <summary>
        /// A differentiable oracle φ given as a function of a rows × n float64 tensor (on the training device) returning
        /// rows × k (or rows): for example <c>x =&gt; x.pow(2).sum(1)</c>. With an autoencoder it receives latent points
        /// (rows × ℓ). It is not saved with the model. Exactly one of
        /// <see cref="LabelColumnName"/> and <see cref="Oracle"/> must be set.
        /// </summary>
        public Func<Tensor, Tensor>? Oracle { get; set; }

        /// <summary>N_g ≥ 1, the number of generators trained together. Default 1.</summary>
        public int Generators { get; set; } = Defaults.Generators;

        /// <summary>
        /// When set (≥ 1), train N_g = 1, 2, …, this value and keep the largest N_g whose generators are all symmetries,
        /// distinct and closed under brackets (as Roman, Forestano et al. propose); <see cref="Generators"/> is then ignored and
        /// the report keeps the whole scan. Default null (no scan).
        /// </summary>
        public int? ScanGenerators { get; set; }

        /// <summary>
        /// Train only this shard's contiguous block of the <see cref="ScanGenerators"/> scan (N_g = k + 1 has seed
        /// <see cref="SymmetryOptions.Seed"/> + 1000 (k + 1) whichever shard trains it; every shard trains the same oracle and
        /// autoencoder first). Null trains the whole scan. Needs <see cref="ScanGenerators"/>, a <see cref="SymmetryOptions.Seed"/>
        /// and at most <see cref="ScanGenerators"/> shards; see <see cref="OracleFlowsEstimator.FitPartial"/>.
        /// </summary>
        public SymmetryShard? Shard { get; set; }

        /// <summary>
        /// Latent dimension ℓ: null (default) → the flows act on the input features; ℓ ≥ 1 → an autoencoder to ℓ
        /// dimensions is trained first (Roman, Forestano et al.'s MNIST experiment and Figure 3; see <see cref="AutoencoderKind"/>), the oracle (learned
        /// or a function) acts on the latent space and so do the flows; <see cref="LatentColumnName"/> is appended.
        /// </summary>
        public int? LatentDimension { get; set; }

        /// <summary>
        /// Dense or convolutional autoencoder when <see cref="LatentDimension"/> is set. Default
        /// <see cref="Symmetry.AutoencoderKind.Auto"/>: convolutional for image-shaped inputs, dense otherwise.
        /// </summary>
        public AutoencoderKind AutoencoderKind { get; set; } = AutoencoderKind.Auto;

        /// <summary>
        /// Image height H in pixels of the input column (rows of H·W pixels, row-major, one channel); set together with
        /// <see cref="ImageWidth"/>, H·W must equal the column's size. Null (default): a square column of s² slots is
        /// taken as s × s.
        /// </summary>
        public int? ImageHeight { get; set; }

        /// <summary>Image width W in pixels (see <see cref="ImageHeight"/>).</summary>
        public int? ImageWidth { get; set; }

        /// <summary>Channels of the convolutional autoencoder's stride-2 convolutions (each halves the image). Default 32, 64.</summary>
        public int[] AutoencoderChannels { get; set; } = [.. OracleFlowsDefaults.AutoencoderChannels];

        /// <summary>Name of the appended latent column (vector&lt;float&gt;[ℓ]) when <see cref="LatentDimension"/> is set. Default "Latent".</summary>
        public string LatentColumnName { get; set; } = Defaults.LatentColumnName;

        /// <summary>Hidden widths of the dense autoencoder's encoder (the decoder mirrors them). Default 256, 64.</summary>
        public int[] AutoencoderHiddenLayers { get; set; } = [.. OracleFlowsDefaults.AutoencoderHiddenLayers];

        /// <summary>Epochs of the autoencoder, ≥ 1. Default 20.</summary>
        public int AutoencoderEpochs { get; set; } = Defaults.AutoencoderEpochs;

        /// <summary>Mini-batch size of the autoencoder, ≥ 1. Default 128.</summary>
        public int AutoencoderBatchSize { get; set; } = OracleFlowsDefaults.AutoencoderBatchSize;

        /// <summary>Adam learning rate of the autoencoder, &gt; 0. Default 1e-3.</summary>
        public double AutoencoderLearningRate { get; set; } = OracleFlowsDefaults.AutoencoderLearningRate;

        /// <summary>Linear matrices (default) or neural vector fields.</summary>
        public GeneratorKind GeneratorKind { get; set; } = GeneratorKind.Linear;

        /// <summary>Hidden widths (tanh) of a neural vector field. Default 64, 64.</summary>
        public int[] HiddenLayers { get; set; } = [.. OracleFlowsDefaults.HiddenLayers];

        /// <summary>ε &gt; 0 of the expansion x' = x + ε g(x). Default 1e-3.</summary>
        public double Epsilon { get; set; } = Defaults.Epsilon;

        /// <summary>Weight of the normalisation term (eq. 11; for linear generators (Σ W² − 2)²), ≥ 0. Default 1.</summary>
        public double NormalizationWeight { get; set; } = Defaults.NormalizationWeight;

        /// <summary>Weight of the orthogonality term (eq. 14; for linear generators (Σ W_α∘W_β)²), ≥ 0. Default 1.</summary>
        public double OrthogonalityWeight { get; set; } = Defaults.OrthogonalityWeight;

        /// <summary>Weight of the closure term (eqs. 15–16, structure constants learned jointly), ≥ 0; 0 skips it. Default 1.</summary>
        public double ClosureWeight { get; set; } = Defaults.ClosureWeight;

        /// <summary>Epochs of the flow training, ≥ 1. Default 5,000.</summary>
        public int Epochs { get; set; } = Defaults.Epochs;

        /// <summary>Rows per flow step; null means full batch (the companion code). Default null.</summary>
        public int? BatchSize { get; set; }

        /// <summary>Adam learning rate of the flows, &gt; 0. Default 1e-3.</summary>
        public double LearningRate { get; set; } = Defaults.LearningRate;

        /// <summary>Hidden widths of a learned oracle (Roman, Forestano et al.: 128, 128, 32).</summary>
        public int[] OracleHiddenLayers { get; set; } = [.. OracleFlowsDefaults.OracleHiddenLayers];

        /// <summary>What the flows keep of a learned classifier: its logits (default, as Roman, Forestano et al.) or its class probabilities. Ignored for regressors and functions.</summary>
        /// <remarks>
        /// From labels alone: points in R³ labelled only by the shell of ‖x‖ they lie on (4 classes) give three
        /// generators spanning so(3), with learned structure constants ≈ ±ε_ijk, when the flows keep the
        /// <see cref="OracleOutput.Probabilities"/> (3 generators, 800 epochs at learning rate 1e-2, 60 oracle epochs at
        /// 3e-3; a few seconds). Keeping the logits there drives all generators to zero: a ReLU classifier's logits vary
        /// with direction inside a shell, its probabilities hardly do.
        /// </remarks>
        public OracleOutput OracleOutput { get; set; } = OracleOutput.Logits;

        /// <summary>Epochs of a learned oracle, ≥ 1. Default 100.</summary>
        public int OracleEpochs { get; set; } = Defaults.OracleEpochs;

        /// <summary>Mini-batch size of a learned oracle, ≥ 1. Default 128.</summary>
        public int OracleBatchSize { get; set; } = Defaults.OracleBatchSize;

        /// <summary>Adam learning rate of a learned oracle, &gt; 0. Default 1e-3.</summary>
        public double OracleLearningRate { get; set; } = Defaults.OracleLearningRate;

        /// <summary>Share of rows held out (seeded) for the invariance residuals, in [0, 0.9]; 0 measures on the training rows. Default 0.25.</summary>
        public double ValidationFraction { get; set; } = Defaults.ValidationFraction;

        /// <summary>Largest relative invariance residual of a symmetry, in (0, 1). Default 0.01.</summary>
        public double InvarianceTolerance { get; set; } = Defaults.InvarianceTolerance;

        /// <summary>Tolerances of the algebra's identification (closure, Killing zeros, ranks).</summary>
        public LieAlgebraTolerances AlgebraTolerances { get; set; } = LieAlgebraTolerances.Default;




        /// <summary>
        /// The training options of a fit on an input column <paramref name="inputColumn"/> of <paramref name="inputSize"/>
        /// values: the autoencoder's kind resolved for that size (see <see cref="AutoencoderChoice.Resolve"/>, which
        /// throws for an image shape that does not fit).
        /// </summary>
        internal OracleFlowsTrainingOptions ToTraining(string inputColumn, int inputSize)
        {
            (int Height, int Width)? image = null;
            if (LatentDimension is not null && AutoencoderChoice.Resolve(this, inputColumn, inputSize) is { Convolutional: true } choice) image = (choice.Height, choice.Width);
            return new()
            {
                Kind = GeneratorKind,
                Generators = Generators,
                ScanGenerators = ScanGenerators,
                ScanBlock = Shard is { } shard && ScanGenerators is { } scan ? shard.Block(scan) : null,
                HiddenLayers = [.. HiddenLayers],
                Epsilon = Epsilon,
                NormalizationWeight = NormalizationWeight,
                OrthogonalityWeight = OrthogonalityWeight,
                ClosureWeight = ClosureWeight,
                Epochs = Epochs,
                BatchSize = BatchSize,
                LearningRate = LearningRate,
                OracleHiddenLayers = [.. OracleHiddenLayers],
                OracleEpochs = OracleEpochs,
                OracleBatchSize = OracleBatchSize,
                OracleLearningRate = OracleLearningRate,
                OracleProbabilities = OracleOutput == OracleOutput.Probabilities,
                LatentDimension = LatentDimension,
                AutoencoderImage = image,
                AutoencoderHiddenLayers = [.. AutoencoderHiddenLayers],
                AutoencoderChannels = [.. AutoencoderChannels],
                AutoencoderEpochs = AutoencoderEpochs,
                AutoencoderBatchSize = AutoencoderBatchSize,
                AutoencoderLearningRate = AutoencoderLearningRate,
                ValidationFraction = ValidationFraction,
                InvarianceTolerance = InvarianceTolerance,
                AlgebraTolerances = AlgebraTolerances,
            };
        }

        /// <summary>A copy (arrays copied; the oracle function and tolerances are shared, as they are immutable or user code).</summary>
        internal override Options Clone()
        {
            var c = (Options)MemberwiseClone();
            c.AutoencoderChannels = (int[])AutoencoderChannels.Clone();
            c.AutoencoderHiddenLayers = (int[])AutoencoderHiddenLayers.Clone();
            c.HiddenLayers = (int[])HiddenLayers.Clone();
            c.OracleHiddenLayers = (int[])OracleHiddenLayers.Clone();
            return c;
        }

        internal override void Validate()
        {
            if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be a non-empty column name.", nameof(OutputColumnName));
            if (LabelColumnName is not null && Oracle is not null)
                throw new ArgumentException("Set exactly one oracle: LabelColumnName (an oracle learned from labels) or Oracle (a function); both were given.", nameof(Oracle));
            if (LabelColumnName is null && Oracle is null)
                throw new ArgumentException("Set exactly one oracle: LabelColumnName (an oracle learned from labels) or Oracle (a function); neither was given.", nameof(Oracle));
            if (LabelColumnName is not null && string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("LabelColumnName must be a non-empty column name.", nameof(LabelColumnName));
            if (Generators < 1) throw new ArgumentOutOfRangeException(nameof(Generators), Generators, "generators (N_g) must be at least 1.");
            OptionChecks.AtMost(Generators, OracleFlowsTransformer.MaxGenerators, nameof(Generators));
            OptionChecks.AtMost(LatentDimension ?? 1, OracleFlowsTransformer.MaxDimension, nameof(LatentDimension));
            OptionChecks.Layers(HiddenLayers, OracleFlowsTransformer.MaxLayers, OracleFlowsTransformer.MaxWidth, nameof(HiddenLayers));
            OptionChecks.Layers(OracleHiddenLayers, OracleFlowsTransformer.MaxLayers, OracleFlowsTransformer.MaxWidth, nameof(OracleHiddenLayers));
            OptionChecks.Layers(AutoencoderHiddenLayers, OracleFlowsTransformer.MaxLayers, OracleFlowsTransformer.MaxAutoencoderWidth, nameof(AutoencoderHiddenLayers));
            OptionChecks.Layers(AutoencoderChannels, OracleFlowsTransformer.MaxConvolutions, OracleFlowsTransformer.MaxAutoencoderWidth, nameof(AutoencoderChannels));
            if (ScanGenerators is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(ScanGenerators), ScanGenerators, "ScanGenerators must be between 1 and 64 (the largest N_g to try).");
            if (Shard is { } shard)
            {
                shard.Validate();
                if (ScanGenerators is not { } scan) throw new ArgumentException("A shard splits a generator scan: set ScanGenerators.", nameof(Shard));
                if (Seed is null) throw new ArgumentException("A shard needs a fixed Seed: every shard must train the oracle and its N_g from the seeds a single fit would use.", nameof(Shard));
                if (shard.Count > scan) throw new ArgumentOutOfRangeException(nameof(Shard), shard, $"A scan of {scan} N_g value(s) cannot be split into {shard.Count} shards; use at most {scan} shards.");
            }
            if (!(Epsilon > 0) || !double.IsFinite(Epsilon)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be a finite number > 0.");
            foreach (var (name, v) in new[] { (nameof(NormalizationWeight), NormalizationWeight), (nameof(OrthogonalityWeight), OrthogonalityWeight), (nameof(ClosureWeight), ClosureWeight) })
                if (!(v >= 0) || !double.IsFinite(v)) throw new ArgumentOutOfRangeException(name, v, $"{name} must be a finite number ≥ 0.");
            if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be at least 1.");
            if (BatchSize is < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1 (or null for full batch).");
            if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a finite number > 0.");
            if (HiddenLayers is null || HiddenLayers.Length == 0 || HiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(HiddenLayers), "HiddenLayers needs at least one layer, every width at least 1.");
            if (OracleHiddenLayers is null || OracleHiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(OracleHiddenLayers), "Every OracleHiddenLayers width must be at least 1.");
            if (LatentDimension is < 1) throw new ArgumentOutOfRangeException(nameof(LatentDimension), LatentDimension, "latentDimension must be at least 1 (or null for no autoencoder).");
            if (LatentDimension is not null && (string.IsNullOrWhiteSpace(LatentColumnName) || LatentColumnName == OutputColumnName))
                throw new ArgumentException("LatentColumnName must be a non-empty column name different from OutputColumnName.", nameof(LatentColumnName));
            if (AutoencoderHiddenLayers is null || AutoencoderHiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(AutoencoderHiddenLayers), "Every AutoencoderHiddenLayers width must be at least 1.");
            if (!Enum.IsDefined(AutoencoderKind)) throw new ArgumentOutOfRangeException(nameof(AutoencoderKind), AutoencoderKind, "AutoencoderKind must be Auto, Dense or Convolutional.");
            if (ImageHeight.HasValue != ImageWidth.HasValue)
                throw new ArgumentException("Set ImageHeight and ImageWidth together (or neither).", ImageHeight.HasValue ? nameof(ImageWidth) : nameof(ImageHeight));
            if (ImageHeight is < 1) throw new ArgumentOutOfRangeException(nameof(ImageHeight), ImageHeight, "ImageHeight must be at least 1 pixel.");
            if (ImageWidth is < 1) throw new ArgumentOutOfRangeException(nameof(ImageWidth), ImageWidth, "ImageWidth must be at least 1 pixel.");
            if (AutoencoderChannels is null || AutoencoderChannels.Length == 0 || AutoencoderChannels.Any(c => c < 1))
                throw new ArgumentOutOfRangeException(nameof(AutoencoderChannels), "AutoencoderChannels needs at least one convolution, every channel count at least 1.");
            if (AutoencoderEpochs < 1) throw new ArgumentOutOfRangeException(nameof(AutoencoderEpochs), AutoencoderEpochs, "AutoencoderEpochs must be at least 1.");
            if (AutoencoderBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(AutoencoderBatchSize), AutoencoderBatchSize, "AutoencoderBatchSize must be at least 1.");
            if (!(AutoencoderLearningRate > 0) || !double.IsFinite(AutoencoderLearningRate)) throw new ArgumentOutOfRangeException(nameof(AutoencoderLearningRate), AutoencoderLearningRate, "AutoencoderLearningRate must be a finite number > 0.");
            if (!Enum.IsDefined(OracleOutput)) throw new ArgumentOutOfRangeException(nameof(OracleOutput), OracleOutput, "OracleOutput must be Logits or Probabilities.");
            if (OracleEpochs < 1) throw new ArgumentOutOfRangeException(nameof(OracleEpochs), OracleEpochs, "OracleEpochs must be at least 1.");
            if (OracleBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(OracleBatchSize), OracleBatchSize, "OracleBatchSize must be at least 1.");
            if (!(OracleLearningRate > 0) || !double.IsFinite(OracleLearningRate)) throw new ArgumentOutOfRangeException(nameof(OracleLearningRate), OracleLearningRate, "OracleLearningRate must be a finite number > 0.");
            if (!(ValidationFraction >= 0 && ValidationFraction <= 0.9)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 0.9].");
            if (!(InvarianceTolerance > 0 && InvarianceTolerance < 1)) throw new ArgumentOutOfRangeException(nameof(InvarianceTolerance), InvarianceTolerance, "InvarianceTolerance must be in (0, 1).");
            ArgumentNullException.ThrowIfNull(AlgebraTolerances, nameof(AlgebraTolerances));
        }
    }
}
