using System.Globalization;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry;

/// <summary>One bin of the histogram of predicted magnitudes: [Low, High) (the last bin includes High).</summary>
/// <param name="Low">Lower edge.</param>
/// <param name="High">Upper edge.</param>
/// <param name="Count">Pairs whose t falls in the bin.</param>
public sealed record MagnitudeBin(double Low, double High, int Count);

/// <summary>
/// What a LieDetector fit discovered: the generator G = Σ aᵢ Dᵢ (normalised coefficients, in pixel coordinates with x
/// right, y down, origin at the image centre), its closest canonical one-parameter group, the predicted magnitudes
/// and, when the data carry the truth, how close both are to it.
/// </summary>
public sealed partial class LieDetectorReport : SymmetryReport
{
    private const int HistogramBins = MagnitudeAnalysis.HistogramBins;
    private readonly double[] coefficients;

    // A loaded report: what it derives from its coefficients is not stored, so the analysis a fit ran is run again.
    private LieDetectorReport(DetectorBasis basis, int height, int width, double[] coefficients, IReadOnlyList<MagnitudeBin> histogram, int evaluationPairs, bool heldOut,
                              double? spearman, double? wasserstein1, double[]? truth, IReadOnlyList<EpochLosses> history)
        : this(basis, height, width, coefficients, GeneratorAnalysis.Of(coefficients, basis, truth), histogram, evaluationPairs, heldOut, spearman, wasserstein1, truth, history)
    {
    }

    private LieDetectorReport(DetectorBasis basis, int height, int width, double[] coefficients, GeneratorAnalysis generator, IReadOnlyList<MagnitudeBin> histogram,
                              int evaluationPairs, bool heldOut, double? spearman, double? wasserstein1, double[]? truth, IReadOnlyList<EpochLosses> history)
    {
        Basis = basis;
        ImageHeight = height;
        ImageWidth = width;
        this.coefficients = coefficients;
        TermNames = DerivativeBasis.TermNames(basis);
        Coefficients = TermNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => coefficients[p.i], StringComparer.Ordinal);
        CanonicalMatches = generator.CanonicalMatches;
        ClosestGenerator = CanonicalMatches[0];
        Drift = generator.Drift;
        Diffusion = generator.Diffusion;
        Histogram = histogram;
        EvaluationPairs = evaluationPairs;
        HeldOut = heldOut;
        Spearman = spearman;
        Wasserstein1 = wasserstein1;
        TrueCoefficients = truth;
        TruthCosine = generator.TruthCosine;
        GeneratorMse = generator.GeneratorMse;
        History = history;
    }

    /// <summary>The report of a fit: the core's analysis, with the histogram as <see cref="MagnitudeBin"/>s.</summary>
    internal static LieDetectorReport Create(LieDetectorResult result) => new(
        result.Basis, result.Height, result.Width, result.Coefficients, result.Generator,
        result.Histogram.Select(b => new MagnitudeBin(b.Low, b.High, b.Count)).ToArray(), result.PredictedMagnitudes.Length, result.HeldOut,
        result.Spearman, result.Wasserstein1, result.TrueCoefficients, result.History);

    /// <inheritdoc/>
    public override string Method => "LieDetector";

    /// <summary>The basis G is expressed in.</summary>
    public DetectorBasis Basis { get; }

    /// <summary>Image height H in pixels (the coefficients' y runs over rows, 0 at the centre).</summary>
    public int ImageHeight { get; }

    /// <summary>Image width W in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>The term names in coefficient order ("Lx", "xLx", …).</summary>
    public IReadOnlyList<string> TermNames { get; }

    /// <summary>Term name → normalised coefficient aᵢ/‖a‖ (unit-norm vector; its overall sign is that of t).</summary>
    public IReadOnlyDictionary<string, double> Coefficients { get; }

    /// <summary>The normalised coefficients in term order.</summary>
    public IReadOnlyList<double> CoefficientVector => coefficients;

    /// <summary>The canonical generator with the largest |cosine| (e.g. "rotation", "translation x").</summary>
    public GeneratorMatch ClosestGenerator { get; }

    /// <summary>
    /// The |cosine| a canonical generator needs for its name to be given (<see cref="GeneratorName"/>): 0.9, i.e. within
    /// 26° of it in the raw pixel-unit coefficients. Below it a generator is only described by its invariants: on long
    /// image axes a translation mixed with a stretch came out at |cos| ≈ 0.67 with "scale" (docs/reproduction.md).
    /// </summary>
    public const double CanonicalNameFloor = 0.9;

    /// <summary>The closest canonical generator's name when its |cosine| reaches <see cref="CanonicalNameFloor"/>; else "no canonical match".</summary>
    public string GeneratorName => ClosestGenerator.Cosine >= CanonicalNameFloor ? ClosestGenerator.Name : "no canonical match";

    /// <summary>
    /// The generator described without naming it: the size of its translation part and, of its linear part A, the
    /// eigenvalue type (rotation-like, scaling/boost-like, nilpotent/shear-like), the rank and the sizes of the
    /// symmetric and antisymmetric parts (and the size of the quadratic part in the quadratic basis).
    /// </summary>
    public string Invariants => DescribeInvariants(coefficients);

    /// <summary>|cosine| with every canonical generator of the basis, best first.</summary>
    public IReadOnlyList<GeneratorMatch> CanonicalMatches { get; }

    /// <summary>Norm of the drift part (the constant terms Lx, Ly) of the normalised coefficients.</summary>
    public double Drift { get; }

    /// <summary>Norm of the remaining (position-dependent) part; Drift² + Diffusion² = 1.</summary>
    public double Diffusion { get; }

    /// <summary>The true coefficients when given (as supplied, not normalised); else null.</summary>
    public IReadOnlyList<double>? TrueCoefficients { get; }

    /// <summary>Cosine of the coefficients with the truth (its sign is that of t against the true t); null without truth.</summary>
    public double? TruthCosine { get; }

    /// <summary>Mean squared difference of the normalised coefficients and the normalised truth, sign aligned; null without truth.</summary>
    public double? GeneratorMse { get; }

    /// <summary>W₁ between the standardised predicted t (sign aligned) and the standardised true t; null without truth.</summary>
    public double? Wasserstein1 { get; }

    /// <summary>Spearman's rank correlation of the predicted and the true t; null without truth.</summary>
    public double? Spearman { get; }

    /// <summary>Pairs the magnitude statistics were computed on.</summary>
    public int EvaluationPairs { get; }

    /// <summary>Whether those pairs were held out from training (Options.ValidationFraction &gt; 0).</summary>
    public bool HeldOut { get; }

    /// <summary>Histogram of the predicted t on the evaluation pairs (20 equal bins between their min and max).</summary>
    public IReadOnlyList<MagnitudeBin> Histogram { get; }

    /// <summary>Per-epoch means of "total", "transformed", "auxiliary", "latent", "lasso", "alpha".</summary>
    public IReadOnlyList<EpochLosses> History { get; }

    /// <summary>
    /// The coefficients (u, v) of G = u ∂ₓ + v ∂ᵧ at pixel coordinates (<paramref name="x"/>, <paramref name="y"/>) —
    /// x right and y down from the image centre — for the normalised coefficients: exp(tG) moves image content along
    /// the flow of −(u, v).
    /// </summary>
    public (double U, double V) Velocity(double x, double y)
    {
        double[] m = [1, x, y, x * x, x * y, y * y];
        double u = 0, v = 0;
        for (var t = 0; t < coefficients.Length; t++)
        {
            // The term layout of DerivativeBasis.Fields: 0..2 ∂ₓ with 1, x, y; 3..5 ∂ᵧ; 6..8 ∂ₓ with x², xy, y²; 9..11 ∂ᵧ.
            var (axis, k) = t < 6 ? (t / 3, t % 3) : ((t - 6) / 3, 3 + (t - 6) % 3);
            if (axis == 0) u += coefficients[t] * m[k];
            else v += coefficients[t] * m[k];
        }
        return (u, v);
    }

    /// <inheritdoc/>
    public override string Summary
    {
        get
        {
            var ordered = TermNames.Select((n, i) => (n, v: coefficients[i])).OrderByDescending(p => Math.Abs(p.v)).Take(3);
            var ic = CultureInfo.InvariantCulture;
            var text = string.Create(ic, $"G ≈ {string.Join(" ", ordered.Select(p => $"{p.v:+0.000;-0.000} {p.n}"))} (normalised); ");
            text += ClosestGenerator.Cosine >= CanonicalNameFloor
                ? string.Create(ic, $"closest canonical generator: {ClosestGenerator.Name} (|cos| {ClosestGenerator.Cosine:F3} ≥ {CanonicalNameFloor}).")
                : string.Create(ic, $"no canonical match (closest: {ClosestGenerator.Name}, |cos| {ClosestGenerator.Cosine:F3} < {CanonicalNameFloor}); {Invariants}.");
            if (TruthCosine is { } c) text += string.Create(CultureInfo.InvariantCulture, $" Against the truth: cosine {c:F3}, generator MSE {GeneratorMse:G3}.");
            if (Spearman is { } s)
                text += string.Create(CultureInfo.InvariantCulture,
                    $" On {EvaluationPairs} {(HeldOut ? "held-out" : "training")} pairs: Spearman(t, true t) = {s:F3}, W1 = {Wasserstein1:F3}.");
            return text + SeedSummary();
        }
    }

    /// <summary>One row per basis term: Term, Coefficient (normalised).</summary>
    public override DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("Term", TermNames),
        new DoubleDataFrameColumn("Coefficient", coefficients));

    /// <summary>One row per canonical generator: Generator, Cosine (|cos|), best first.</summary>
    public DataFrame CanonicalDataFrame() => new(
        new StringDataFrameColumn("Generator", CanonicalMatches.Select(m => m.Name)),
        new DoubleDataFrameColumn("Cosine", CanonicalMatches.Select(m => m.Cosine)));

    /// <summary>The scalar results: drift, diffusion and, with truth, cosine, generator MSE, Spearman and W₁.</summary>
    public DataFrame MetricsDataFrame()
    {
        var rows = new List<(string, double)> { ("Drift", Drift), ("Diffusion", Diffusion) };
        if (TruthCosine is { } c) rows.Add(("TruthCosine", c));
        if (GeneratorMse is { } m) rows.Add(("GeneratorMse", m));
        if (Spearman is { } s) rows.Add(("Spearman", s));
        if (Wasserstein1 is { } w) rows.Add(("Wasserstein1", w));
        return new DataFrame(new StringDataFrameColumn("Metric", rows.Select(r => r.Item1)), new DoubleDataFrameColumn("Value", rows.Select(r => r.Item2)));
    }

    /// <summary>The t histogram: Low, High, Count.</summary>
    public DataFrame HistogramDataFrame() => new(
        new DoubleDataFrameColumn("Low", Histogram.Select(b => b.Low)),
        new DoubleDataFrameColumn("High", Histogram.Select(b => b.High)),
        new Int32DataFrameColumn("Count", Histogram.Select(b => b.Count)));

    /// <summary>The per-epoch loss terms.</summary>
    public DataFrame HistoryDataFrame() => TrainingHistory.ToDataFrame(History);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Title, DataFrame Table)> Tables() =>
    [
        ("Generator coefficients", ToDataFrame()),
        ("Canonical generators", CanonicalDataFrame()),
        ("Metrics", MetricsDataFrame()),
        ("Magnitudes", HistogramDataFrame()),
        ("Training", HistoryDataFrame()),
        .. SeedTables(),
    ];

    internal void Write(BinaryWriter w)
    {
        w.Write((int)Basis);
        w.Write(ImageHeight);
        w.Write(ImageWidth);
        foreach (var v in coefficients) w.Write(v);
        w.Write(Histogram.Count);
        foreach (var b in Histogram)
        {
            w.Write(b.Low);
            w.Write(b.High);
            w.Write(b.Count);
        }
        w.Write(EvaluationPairs);
        w.Write(HeldOut);
        WriteOptional(w, Spearman);
        WriteOptional(w, Wasserstein1);
        w.Write(TrueCoefficients is not null);
        if (TrueCoefficients is not null) foreach (var v in TrueCoefficients) w.Write(v);
        TrainingHistory.Write(w, History);
    }

    internal static LieDetectorReport Read(BinaryReader r, ModelEntry entry)
    {
        var basis = (DetectorBasis)r.ReadInt32();
        if (!Enum.IsDefined(basis)) throw entry.Corrupt($"basis {(int)basis} is unknown");
        var height = r.ReadInt32();
        var width = r.ReadInt32();
        if (height is < 2 or > 4096 || width is < 2 or > 4096) throw entry.Corrupt($"images of {height} × {width} are out of range");
        var n = DerivativeBasis.TermCount(basis);
        var a = ReadFinite(r, n, entry, "the coefficients");
        var bins = r.ReadInt32();
        if (bins is < 0 or > HistogramBins) throw entry.Corrupt($"{bins} histogram bins are out of range");
        var histogram = new MagnitudeBin[bins];
        for (var i = 0; i < bins; i++)
        {
            var low = r.ReadDouble();
            var high = r.ReadDouble();
            var count = r.ReadInt32();
            if (!double.IsFinite(low) || !double.IsFinite(high) || count < 0) throw entry.Corrupt("a histogram bin is invalid");
            histogram[i] = new MagnitudeBin(low, high, count);
        }
        var pairs = r.ReadInt32();
        if (pairs < 0) throw entry.Corrupt("the evaluation pair count is negative");
        var heldOut = r.ReadBoolean();
        var spearman = ReadOptional(r);
        var w1 = ReadOptional(r);
        var truth = r.ReadBoolean() ? ReadFinite(r, n, entry, "the true coefficients") : null;
        var history = TrainingHistory.Read(r, entry.Corrupt);
        return new LieDetectorReport(basis, height, width, a, histogram, pairs, heldOut, spearman, w1, truth, history);
    }

    private static double[] ReadFinite(BinaryReader r, int count, ModelEntry entry, string what)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = r.ReadDouble();
        if (values.Any(v => !double.IsFinite(v))) throw entry.Corrupt($"{what} hold NaN or infinite values");
        return values;
    }

    private static void WriteOptional(BinaryWriter w, double? value)
    {
        w.Write(value.HasValue);
        if (value is { } v) w.Write(v);
    }

    private static double? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;
}
