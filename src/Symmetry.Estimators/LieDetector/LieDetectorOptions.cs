using static Microsoft.ML.Symmetry.OptionChecks;

namespace Microsoft.ML.Symmetry;

public sealed partial class LieDetectorEstimator
{
    /// <summary>Default values of <see cref="Options"/> (the public code's SyMNIST configuration where it has one).</summary>
    public static class Defaults
    {
        /// <summary>Output column of magnitudes.</summary>
        public const string OutputColumnName = "T";
        /// <summary>Column of the untransformed images x.</summary>
        public const string SourceColumnName = "Source";
        /// <summary>Column of the transformed images y = T_t x.</summary>
        public const string TargetColumnName = "Target";
        /// <summary>Latent patch side s (9 → 81 latent pixels, as the SyMNIST configuration).</summary>
        public const int LatentSide = LieDetectorDefaults.LatentSide;
        /// <summary>Epochs.</summary>
        public const int Epochs = LieDetectorDefaults.Epochs;
        /// <summary>Pairs per step (the memory benchmark's 256; the paper's SyMNIST runs used 1024).</summary>
        public const int BatchSize = LieDetectorDefaults.BatchSize;
        /// <summary>Weight l_a of the α-matching term (the SyMNIST configuration's 1e5).</summary>
        public const double AlphaWeight = LieDetectorDefaults.AlphaWeight;
    }

    /// <summary>All settings of <see cref="LieDetectorEstimator"/>.</summary>
    public sealed class Options : SymmetryOptions
    {
        /// <summary>Name of the appended magnitude column (Single: the t-network's t of each pair). Default "T".</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>Known-size vector&lt;float&gt;[H·W] column of the images x (row-major). Default "Source".</summary>
        public string SourceColumnName { get; set; } = Defaults.SourceColumnName;

        /// <summary>Known-size vector&lt;float&gt;[H·W] column of the transformed images y = T_t x. Default "Target".</summary>
        public string TargetColumnName { get; set; } = Defaults.TargetColumnName;

        /// <summary>
        /// Name of an appended vector&lt;float&gt;[H·W] column holding dec(exp(tG) enc(x)), the model's reconstruction of
        /// the target; null (default) appends none.
        /// </summary>
        public string? ReconstructionColumnName { get; set; }

        /// <summary>
        /// Image height H in pixels. Null (default): the column's dimensions when it carries two, else the side of a
        /// square image. Set both <see cref="ImageHeight"/> and <see cref="ImageWidth"/> for non-square images.
        /// </summary>
        public int? ImageHeight { get; set; }

        /// <summary>Image width W in pixels; null as <see cref="ImageHeight"/>.</summary>
        public int? ImageWidth { get; set; }

        /// <summary>Latent patch side s ≥ 2 (the latent code is an s × s patch moved by exp(t G_s)). Default 9.</summary>
        public int LatentSide { get; set; } = Defaults.LatentSide;

        /// <summary>Affine (6 terms, default) or quadratic (12 terms, adds the special conformal directions).</summary>
        public DetectorBasis Basis { get; set; } = LieDetectorDefaults.Basis;

        /// <summary>Weight ≥ 0 of MSE(dec(exp(tG) enc(x)), y). Default 1.</summary>
        public double TransformedWeight { get; set; } = LieDetectorDefaults.TransformedWeight;

        /// <summary>l_r ≥ 0: weight of MSE(AE(x), x) + MSE(AE(y), y). Default 1.</summary>
        public double AuxiliaryWeight { get; set; } = LieDetectorDefaults.AuxiliaryWeight;

        /// <summary>l_z ≥ 0: weight of MSE(enc(y), exp(tG) enc(x)). Default 1.</summary>
        public double LatentWeight { get; set; } = LieDetectorDefaults.LatentWeight;

        /// <summary>l_lasso ≥ 0: weight of ‖a‖₁. Default 0.</summary>
        public double LassoWeight { get; set; } = LieDetectorDefaults.LassoWeight;

        /// <summary>l_a ≥ 0: weight of the α-matching term MSE(x + t̄ Gx [+ t̄²/2 G²x], y) at image size. Default 1e5.</summary>
        public double AlphaWeight { get; set; } = Defaults.AlphaWeight;

        /// <summary>Taylor order of α-matching, 1 or 2. Default 1.</summary>
        public int AlphaOrder { get; set; } = LieDetectorDefaults.AlphaOrder;

        /// <summary>
        /// The magnitude t the α-matching term uses for each pair. Default <see cref="DetectorAlphaMagnitude.LeastSquares"/>
        /// (the pair's t* = ⟨Gx, y − x⟩ / ⟨Gx, Gx⟩, held fixed in the gradient: it found translations along a long image
        /// axis on more seeds than the network's t, docs/reproduction.md); <see cref="DetectorAlphaMagnitude.Network"/> is
        /// the paper's detached t-network output. On the one non-affine case measured (SyMNIST's special conformal
        /// transformation, quadratic basis) the paper's t from a <see cref="DetectorStart.Random"/> start came closer to the
        /// truth (|cos| 0.57–0.84 over three seeds against 0.29), while it missed rotations and long-axis translations.
        /// </summary>
        public DetectorAlphaMagnitude AlphaMagnitude { get; set; } = LieDetectorDefaults.AlphaMagnitude;

        /// <summary>
        /// Where the generator coefficients start. Default <see cref="DetectorStart.Spectral"/> (the direction that best
        /// explains the training pairs' differences to first order, one closed-form solve: from it translations, rotations
        /// and scalings on square and non-square images up to 36 px were found on every seed tried, where a random start
        /// failed on long axes, docs/reproduction.md); <see cref="DetectorStart.Random"/> draws a unit vector from the seed.
        /// </summary>
        public DetectorStart Start { get; set; } = LieDetectorDefaults.Start;

        /// <summary>Adam step of the encoder, decoder and t-network. Default 1e-3.</summary>
        public double LearningRate { get; set; } = LieDetectorDefaults.LearningRate;

        /// <summary>Adam step of the generator coefficients a. Default 1e-2.</summary>
        public double CoefficientLearningRate { get; set; } = LieDetectorDefaults.CoefficientLearningRate;

        /// <summary>Epochs ≥ 1. Default 20.</summary>
        public int Epochs { get; set; } = Defaults.Epochs;

        /// <summary>Pairs per step ≥ 1. Default 256.</summary>
        public int BatchSize { get; set; } = Defaults.BatchSize;

        /// <summary>
        /// Fraction in [0, 1) of the pairs held out from training (a seeded random subset) on which the report's
        /// magnitude metrics are computed. Default 0.1; 0 computes them on the training pairs.
        /// </summary>
        public double ValidationFraction { get; set; } = LieDetectorDefaults.ValidationFraction;

        /// <summary>
        /// A numeric scalar column holding each pair's true magnitude (SyMNIST's "Magnitude"), used only for the
        /// report's <c>Spearman</c> and <c>Wasserstein1</c>; null (default) when the data carry no truth.
        /// </summary>
        public string? TrueMagnitudeColumnName { get; set; }

        /// <summary>
        /// The true generator as coefficients in the term order of <see cref="Basis"/> (pixel coordinates, see
        /// <see cref="DetectorGenerators.FromCanvasField"/>), used only for the report's <c>GeneratorMse</c>; null when unknown.
        /// </summary>
        public double[]? TrueCoefficients { get; set; }

        /// <summary>
        /// Independent trainings, ≥ 1 (default 1): run r = 0 … Runs − 1 trains with seed <see cref="SymmetryOptions.Seed"/> + r
        /// on the same pairs and the same held-out split (drawn from Seed). The transformer keeps the run with the lowest
        /// final α-matching loss (the last epoch's mean of the term that says how well G explains y − x: same data, so
        /// comparable); with Runs &gt; 1 the report adds a per-run table and how many runs' generators agree with the kept
        /// one (<see cref="LieDetectorReport.SeedRuns"/>).
        /// </summary>
        public int Runs { get; set; } = 1;

        /// <summary>
        /// Train only this shard's contiguous block of the <see cref="Runs"/> (run r has seed Seed + r whichever shard
        /// trains it) with <see cref="LieDetectorEstimator.FitPartial"/>; null (default) trains every run. Needs a fixed
        /// <see cref="SymmetryOptions.Seed"/> and at most <see cref="Runs"/> shards. Use
        /// <see cref="SymmetryPartialResult.Merge"/> to put the shards together.
        /// </summary>
        public SymmetryShard? Shard { get; set; }

        // The one place the public options become the core's.
        internal LieDetectorTrainingOptions ToTraining() => new()
        {
            LatentSide = LatentSide,
            Basis = Basis,
            TransformedWeight = TransformedWeight,
            AuxiliaryWeight = AuxiliaryWeight,
            LatentWeight = LatentWeight,
            LassoWeight = LassoWeight,
            AlphaWeight = AlphaWeight,
            AlphaOrder = AlphaOrder,
            AlphaMagnitude = AlphaMagnitude,
            Start = Start,
            LearningRate = LearningRate,
            CoefficientLearningRate = CoefficientLearningRate,
            Epochs = Epochs,
            BatchSize = BatchSize,
            ValidationFraction = ValidationFraction,
            TrueCoefficients = TrueCoefficients,
        };

        internal override Options Clone()
        {
            var c = (Options)MemberwiseClone();
            c.TrueCoefficients = (double[]?)TrueCoefficients?.Clone();
            return c;
        }

        internal override void Validate()
        {
            ColumnName(OutputColumnName, nameof(OutputColumnName));
            ColumnName(SourceColumnName, nameof(SourceColumnName));
            ColumnName(TargetColumnName, nameof(TargetColumnName));
            if (SourceColumnName == TargetColumnName)
                throw new ArgumentException($"SourceColumnName and TargetColumnName are both '{SourceColumnName}'; the pairs need two columns.", nameof(TargetColumnName));
            if (ReconstructionColumnName is { } r)
            {
                ColumnName(r, nameof(ReconstructionColumnName));
                if (r == OutputColumnName) throw new ArgumentException($"ReconstructionColumnName and OutputColumnName are both '{r}'.", nameof(ReconstructionColumnName));
            }
            if (ImageHeight.HasValue != ImageWidth.HasValue)
                throw new ArgumentException("Set both ImageHeight and ImageWidth, or neither.", ImageHeight.HasValue ? nameof(ImageWidth) : nameof(ImageHeight));
            if (ImageHeight is < 2) throw new ArgumentOutOfRangeException(nameof(ImageHeight), ImageHeight, "ImageHeight must be at least 2 pixels.");
            if (ImageWidth is < 2) throw new ArgumentOutOfRangeException(nameof(ImageWidth), ImageWidth, "ImageWidth must be at least 2 pixels.");
            if (LatentSide < 2) throw new ArgumentOutOfRangeException(nameof(LatentSide), LatentSide, "LatentSide must be at least 2.");
            AtMost(LatentSide, LieDetectorTransformer.MaxLatentSide, nameof(LatentSide));
            AtMost(ImageHeight ?? 2, LieDetectorTransformer.MaxImageSide, nameof(ImageHeight));
            AtMost(ImageWidth ?? 2, LieDetectorTransformer.MaxImageSide, nameof(ImageWidth));
            if (!Enum.IsDefined(Basis)) throw new ArgumentOutOfRangeException(nameof(Basis), Basis, "Basis must be Affine or Quadratic.");
            if (AlphaOrder is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(AlphaOrder), AlphaOrder, "AlphaOrder must be 1 or 2.");
            if (!Enum.IsDefined(AlphaMagnitude)) throw new ArgumentOutOfRangeException(nameof(AlphaMagnitude), AlphaMagnitude, "AlphaMagnitude must be LeastSquares or Network.");
            if (!Enum.IsDefined(Start)) throw new ArgumentOutOfRangeException(nameof(Start), Start, "Start must be Spectral or Random.");
            if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
            if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
            if (!(ValidationFraction >= 0 && ValidationFraction < 1))
                throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 1).");
            NonNegative(TransformedWeight, nameof(TransformedWeight));
            NonNegative(AuxiliaryWeight, nameof(AuxiliaryWeight));
            NonNegative(LatentWeight, nameof(LatentWeight));
            NonNegative(LassoWeight, nameof(LassoWeight));
            NonNegative(AlphaWeight, nameof(AlphaWeight));
            Positive(LearningRate, nameof(LearningRate));
            Positive(CoefficientLearningRate, nameof(CoefficientLearningRate));
            if (TrueMagnitudeColumnName is { } m) ColumnName(m, nameof(TrueMagnitudeColumnName));
            SeedProtocol.Validate(Runs, Shard, Seed);
            if (TrueCoefficients is { } a)
            {
                var n = DerivativeBasis.TermCount(Basis);
                if (a.Length != n) throw new ArgumentException($"TrueCoefficients must have {n} values (the {Basis} basis); got {a.Length}.", nameof(TrueCoefficients));
                if (a.Any(v => !double.IsFinite(v)) || a.All(v => v == 0))
                    throw new ArgumentException("TrueCoefficients must be finite and not all zero.", nameof(TrueCoefficients));
            }
        }
    }
}
