using System.Globalization;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry;

/// <summary>One N_g tried by a generator scan (<see cref="OracleFlowsEstimator.Options.ScanGenerators"/>).</summary>
/// <param name="Generators">N_g of this training.</param>
/// <param name="FinalLoss">Total loss of its last epoch.</param>
/// <param name="MaxRelativeInvariance">Largest relative invariance residual of its generators (held-out rows).</param>
/// <param name="AllSymmetries">Whether every generator kept the oracle (relative residual below the tolerance).</param>
/// <param name="Distinct">Whether the generators span N_g dimensions (none is a combination of the others).</param>
/// <param name="Closed">Whether their brackets close.</param>
/// <param name="AlgebraName">The algebra identified from its symmetric generators.</param>
/// <param name="Kept">Whether this is the training the transformer uses.</param>
public sealed record OracleFlowsScanEntry(int Generators, double FinalLoss, double MaxRelativeInvariance, bool AllSymmetries, bool Distinct, bool Closed,
                                          string AlgebraName, bool Kept);

/// <summary>
/// What <see cref="OracleFlowsEstimator"/> found: the generators (matrices, or Jacobians at the data mean for neural
/// fields), how well each keeps the oracle on held-out rows, their orthogonality, the learned structure constants,
/// and the Lie algebra the symmetric generators span, identified without reference to their basis.
/// </summary>
public sealed partial class OracleFlowsReport : SymmetryReport
{
    private const int FormatVersion = 1;
    private const double TrivialShare = OracleFlowsDefaults.TrivialShare;

    internal OracleFlowsReport(GeneratorKind kind, string[] featureNames, double[][,] generators, double[] invariance, double[] relative,
        double[] fieldNorms, double[,] orthogonality, double[,,] structure, double closureLoss, string oracleKind, double? oracleLoss, double? autoencoderLoss, double invarianceTolerance,
        LieAlgebraTolerances tolerances, IReadOnlyList<OracleFlowsScanEntry> scan, IReadOnlyList<EpochLosses> curve, TimeSpan fitTime)
    {
        Kind = kind;
        FeatureNames = featureNames;
        Generators = generators;
        InvarianceResidual = invariance;
        RelativeInvariance = relative;
        FieldNorm = fieldNorms;
        IsTrivial = generators.Select((g, i) => kind == GeneratorKind.Linear ? Math.Sqrt(LieAlgebraMath.Inner(g, g)) < TrivialShare * Math.Sqrt(2) : fieldNorms[i] < TrivialShare).ToArray();
        IsSymmetry = relative.Select((r, i) => r < invarianceTolerance && !IsTrivial[i]).ToArray();
        Orthogonality = orthogonality;
        StructureConstants = structure;
        ClosureLoss = closureLoss;
        OracleKind = oracleKind;
        OracleLoss = oracleLoss;
        AutoencoderLoss = autoencoderLoss;
        InvarianceTolerance = invarianceTolerance;
        AlgebraTolerances = tolerances;
        Scan = scan;
        TrainingCurve = curve;
        FitTime = fitTime;
        var kept = generators.Where((_, i) => IsSymmetry[i]).ToArray();
        Algebra = kept.Length == 0 ? NoSymmetry(generators.Length) : LieAlgebraMath.Identify(kept, tolerances);
    }

    /// <summary>The report of a fit: the kept training of <paramref name="result"/> and its scan, after <paramref name="fitTime"/>.</summary>
    internal static OracleFlowsReport From(OracleFlowsResult result, OracleFlowsTrainingOptions options, TimeSpan fitTime)
    {
        var best = result.Kept;
        var scan = result.Scan.Select((c, k) => new OracleFlowsScanEntry(c.Generators, c.FinalLoss, c.Relative.Max(), c.AllSymmetries, c.Distinct, c.Closed,
                                                                         c.AlgebraName, k == result.KeptIndex)).ToArray();
        return new OracleFlowsReport(options.Kind, [.. result.FeatureNames], best.Matrices, best.Invariance, best.Relative, best.FieldNorms, best.Orthogonality,
            best.Structure, best.ClosureLoss, result.OracleKind, result.OracleLoss, result.AutoencoderLoss, options.InvarianceTolerance, options.AlgebraTolerances,
            scan, best.History, fitTime);
    }

    /// <summary>
    /// The report one fit of a whole scan would have made, from the reports of its consecutive shards (in N_g order):
    /// the scan entries concatenated, the kept N_g chosen by the same rule as the core (the largest whose generators
    /// are all symmetries, distinct and closed; the first when none is), the kept training's numbers from the shard
    /// that trained it (its own kept one); the fit time is the shards' total. <paramref name="keptShard"/> is that shard.
    /// </summary>
    internal static OracleFlowsReport Merge(IReadOnlyList<OracleFlowsReport> shards, out int keptShard)
    {
        var scan = shards.SelectMany((s, k) => s.Scan.Select(e => (Shard: k, Entry: e))).ToArray();
        var kept = 0;
        for (var k = scan.Length - 1; k >= 0; k--)
            if (scan[k].Entry is { AllSymmetries: true, Distinct: true, Closed: true }) { kept = k; break; }
        keptShard = scan[kept].Shard;
        var r = shards[keptShard];
        if (!scan[kept].Entry.Kept || r.GeneratorCount != scan[kept].Entry.Generators)
            throw new InvalidOperationException($"Shard {keptShard} did not keep N_g = {scan[kept].Entry.Generators}, the scan's kept training; its report is inconsistent.");
        return new OracleFlowsReport(r.Kind, [.. r.FeatureNames], [.. r.Generators], [.. r.InvarianceResidual], [.. r.RelativeInvariance], [.. r.FieldNorm],
            r.Orthogonality, r.StructureConstants, r.ClosureLoss, r.OracleKind, r.OracleLoss, r.AutoencoderLoss, r.InvarianceTolerance, r.AlgebraTolerances,
            [.. scan.Select((t, k) => t.Entry with { Kept = k == kept })], r.TrainingCurve, TimeSpan.FromTicks(shards.Sum(s => s.FitTime.Ticks)));
    }

    /// <inheritdoc/>
    public override string Method => "OracleFlows";

    /// <summary>Linear or neural generators.</summary>
    public GeneratorKind Kind { get; }

    /// <summary>N_g of the kept training.</summary>
    public int GeneratorCount => Generators.Count;

    /// <summary>d, the dimension the flows act on.</summary>
    public int Dimension => FeatureNames.Count;

    /// <summary>Names of the d coordinates.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The generators as d×d matrices: W_α for linear ones; for neural ones the Jacobian of g_α at the training data's mean.</summary>
    public IReadOnlyList<double[,]> Generators { get; }

    /// <summary>Eq. (10) per generator on the held-out rows: (1/m ε²) Σ_i ‖φ(x_i + ε g_α(x_i)) − φ(x_i)‖².</summary>
    public IReadOnlyList<double> InvarianceResidual { get; }

    /// <summary>
    /// Eq. (10) divided by what a field of the same size along the oracle's gradient would give (a weighted mean of
    /// cos² between g_α and ∇φ): 0 for an exact symmetry, ~1/d for a random direction.
    /// </summary>
    public IReadOnlyList<double> RelativeInvariance { get; }

    /// <summary>RMS over the held-out rows of ‖g_α(x)‖ per generator.</summary>
    public IReadOnlyList<double> FieldNorm { get; }

    /// <summary>
    /// Whether a generator collapsed to (nearly) zero instead of keeping its normalisation — the trivial way to keep
    /// any oracle: ‖W‖_F below 10% of its target √2 (linear), or an RMS field norm below 0.1 (neural, target 1).
    /// </summary>
    public IReadOnlyList<bool> IsTrivial { get; }

    /// <summary>Whether each generator is a symmetry: relative invariance below <see cref="InvarianceTolerance"/> and not <see cref="IsTrivial"/>.</summary>
    public IReadOnlyList<bool> IsSymmetry { get; }

    /// <summary>Whether at least one generator keeps the oracle. When false, <see cref="Algebra"/> names no algebra.</summary>
    public bool SymmetryFound => IsSymmetry.Any(s => s);

    /// <summary>Cosine between generators (Frobenius for linear ones; mean over held-out rows of the fields' cosine for neural ones), N_g × N_g.</summary>
    public double[,] Orthogonality { get; }

    /// <summary>The structure constants a[α, β, γ] learned jointly with the generators (antisymmetric in α, β; zero with one generator or no closure term).</summary>
    public double[,,] StructureConstants { get; }

    /// <summary>The closure term (eq. 15) in the last epoch.</summary>
    public double ClosureLoss { get; }

    /// <summary>The Lie algebra spanned by the symmetric generators, identified without reference to their order, normalisation or basis.</summary>
    public LieAlgebraInfo Algebra { get; }

    /// <summary>"function" (a user's Oracle), "classifier" or "regressor" (learned from labels).</summary>
    public string OracleKind { get; }

    /// <summary>Final training loss of a learned oracle (cross-entropy or squared error); null for a function.</summary>
    public double? OracleLoss { get; }

    /// <summary>Final reconstruction error (mean squared) of the autoencoder; null without one.</summary>
    public double? AutoencoderLoss { get; }

    /// <summary>The relative invariance below which a generator counts as a symmetry.</summary>
    public double InvarianceTolerance { get; }

    /// <summary>Tolerances the algebra was identified with.</summary>
    public LieAlgebraTolerances AlgebraTolerances { get; }

    /// <summary>The generator scan, one entry per N_g tried (one entry without a scan).</summary>
    public IReadOnlyList<OracleFlowsScanEntry> Scan { get; }

    /// <summary>Loss terms per epoch of the kept training.</summary>
    public IReadOnlyList<EpochLosses> TrainingCurve { get; }

    /// <summary>Wall time of the fit.</summary>
    public TimeSpan FitTime { get; }

    /// <inheritdoc/>
    public override string Summary
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var found = IsSymmetry.Count(s => s);
            if (found == 0)
                return string.Create(c, $"No symmetry found: none of the {GeneratorCount} {Kind.ToString().ToLowerInvariant()} generator(s) keeps the {OracleKind} oracle (smallest relative invariance residual {RelativeInvariance.Min():G3}, tolerance {InvarianceTolerance:G3}; {IsTrivial.Count(t => t)} collapsed to zero). Fit took {FitTime.TotalSeconds:F1} s.");
            return string.Create(c, $"{found} of {GeneratorCount} {Kind.ToString().ToLowerInvariant()} generator(s) keep the {OracleKind} oracle (relative invariance ≤ {RelativeInvariance.Where((_, i) => IsSymmetry[i]).Max():G3}); they span {Algebra.Name}{(Algebra.IsClosed ? "" : "")}, Killing signature {Algebra.KillingSignature}. Fit took {FitTime.TotalSeconds:F1} s.");
        }
    }

    /// <summary>One row per generator: Generator, Symmetry, Invariance, RelativeInvariance, Trivial, Norm (Frobenius), FieldNorm, Antisymmetry (‖W + Wᵀ‖/‖W‖).</summary>
    public override DataFrame ToDataFrame()
    {
        var n = GeneratorCount;
        return new DataFrame(
            new Int32DataFrameColumn("Generator", Enumerable.Range(1, n)),
            new BooleanDataFrameColumn("Symmetry", IsSymmetry),
            new DoubleDataFrameColumn("Invariance", InvarianceResidual),
            new DoubleDataFrameColumn("RelativeInvariance", RelativeInvariance),
            new BooleanDataFrameColumn("Trivial", IsTrivial),
            new DoubleDataFrameColumn("Norm", Generators.Select(g => Math.Sqrt(LieAlgebraMath.Inner(g, g)))),
            new DoubleDataFrameColumn("FieldNorm", FieldNorm),
            new DoubleDataFrameColumn("Antisymmetry", Generators.Select(Antisymmetry)));
    }

    /// <summary>The entries of every generator matrix: Generator, Row, and one column per coordinate.</summary>
    public DataFrame GeneratorsToDataFrame()
    {
        var d = Dimension;
        var rows = Enumerable.Range(0, GeneratorCount).SelectMany(g => Enumerable.Range(0, d).Select(i => (g, i))).ToArray();
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn("Generator", rows.Select(t => t.g + 1)),
            new StringDataFrameColumn("Row", rows.Select(t => FeatureNames[t.i])),
        };
        for (var j = 0; j < d; j++)
        {
            var jj = j;
            columns.Add(new DoubleDataFrameColumn(FeatureNames[j], rows.Select(t => Generators[t.g][t.i, jj])));
        }
        return new DataFrame(columns);
    }

    /// <summary>The learned structure constants: Alpha, Beta (α &lt; β), Gamma, Value (1-based generator numbers).</summary>
    public DataFrame StructureConstantsToDataFrame()
    {
        var n = GeneratorCount;
        var rows = new List<(int a, int b, int g)>();
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++)
                for (var g = 0; g < n; g++) rows.Add((a, b, g));
        return new DataFrame(
            new Int32DataFrameColumn("Alpha", rows.Select(t => t.a + 1)),
            new Int32DataFrameColumn("Beta", rows.Select(t => t.b + 1)),
            new Int32DataFrameColumn("Gamma", rows.Select(t => t.g + 1)),
            new DoubleDataFrameColumn("Value", rows.Select(t => StructureConstants[t.a, t.b, t.g])));
    }

    /// <summary>The orthogonality matrix: Generator and one column per generator.</summary>
    public DataFrame OrthogonalityToDataFrame()
    {
        var n = GeneratorCount;
        var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("Generator", Enumerable.Range(1, n)) };
        for (var b = 0; b < n; b++)
        {
            var bb = b;
            columns.Add(new DoubleDataFrameColumn($"g{b + 1}", Enumerable.Range(0, n).Select(a => Orthogonality[a, bb])));
        }
        return new DataFrame(columns);
    }

    /// <summary>The identified algebra as Property/Value rows.</summary>
    public DataFrame AlgebraToDataFrame()
    {
        var a = Algebra;
        var c = CultureInfo.InvariantCulture;
        (string, string)[] rows =
        [
            ("Name", a.Name),
            ("Aliases", string.Join(", ", a.Aliases)),
            ("Dimension", a.Dimension.ToString(c)),
            ("IsClosed", a.IsClosed.ToString()),
            ("ClosureResidual", a.ClosureResidual.ToString("G3", c)),
            ("IsAbelian", a.IsAbelian.ToString()),
            ("IsSemisimple", a.IsSemisimple.ToString()),
            ("KillingSignature", a.KillingSignature.ToString()),
            ("Rank", a.Rank.ToString(c)),
            ("DerivedDimension", a.DerivedDimension.ToString(c)),
            ("CenterDimension", a.CenterDimension.ToString(c)),
            ("RadicalDimension", a.RadicalDimension.ToString(c)),
            ("Description", a.Description),
        ];
        return new DataFrame(new StringDataFrameColumn("Property", rows.Select(r => r.Item1)), new StringDataFrameColumn("Value", rows.Select(r => r.Item2)));
    }

    /// <summary>One row per N_g tried.</summary>
    public DataFrame ScanToDataFrame() => new(
        new Int32DataFrameColumn("Generators", Scan.Select(s => s.Generators)),
        new DoubleDataFrameColumn("FinalLoss", Scan.Select(s => s.FinalLoss)),
        new DoubleDataFrameColumn("MaxRelativeInvariance", Scan.Select(s => s.MaxRelativeInvariance)),
        new BooleanDataFrameColumn("AllSymmetries", Scan.Select(s => s.AllSymmetries)),
        new BooleanDataFrameColumn("Distinct", Scan.Select(s => s.Distinct)),
        new BooleanDataFrameColumn("Closed", Scan.Select(s => s.Closed)),
        new StringDataFrameColumn("Algebra", Scan.Select(s => s.AlgebraName)),
        new BooleanDataFrameColumn("Kept", Scan.Select(s => s.Kept)));

    /// <summary>Loss terms per epoch of the kept training.</summary>
    public DataFrame TrainingCurveToDataFrame() => TrainingHistory.ToDataFrame(TrainingCurve);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Title, DataFrame Table)> Tables() =>
    [
        ("Generators", ToDataFrame()),
        ("Algebra", AlgebraToDataFrame()),
        ("Structure constants a[α,β,γ]", StructureConstantsToDataFrame()),
        ("Orthogonality (cosines)", OrthogonalityToDataFrame()),
        ("Generator scan", ScanToDataFrame()),
    ];

    private static double Antisymmetry(double[,] g)
    {
        var n = g.GetLength(0);
        double s = 0, t = 0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                s += Math.Pow(g[i, j] + g[j, i], 2);
                t += g[i, j] * g[i, j];
            }
        return t > 0 ? Math.Sqrt(s / t) : 0;
    }

    private static LieAlgebraInfo NoSymmetry(int tried) => new()
    {
        Name = "none",
        Description = $"No symmetry found: none of the {tried} generator(s) keeps the oracle, so there is no algebra to identify.",
        Aliases = [],
        GeneratorCount = 0,
        Dimension = 0,
        IsClosed = false,
        ClosureResidual = 0,
        IsAbelian = false,
        IsSemisimple = false,
        KillingSignature = new KillingSignature(0, 0, 0),
        KillingEigenvalues = [],
        DerivedDimension = 0,
        CenterDimension = 0,
        RadicalDimension = 0,
        Rank = 0,
        StructureConstants = new double[0, 0, 0],
        KillingForm = new double[0, 0],
    };

    // Binary format (FormatVersion 1): int32 version; uint8 kind; int32 N; int32 d; d strings feature names;
    // N × d × d doubles generators; N doubles invariance; N doubles relative invariance; N doubles field norms; N × N doubles orthogonality;
    // N³ doubles structure constants; double closure loss; string oracle kind; bool has oracle loss [+ double]; bool has autoencoder loss [+ double];
    // double invariance tolerance; 5 doubles algebra tolerances (abelian, Killing zero, rank, closure, independence);
    // double fit seconds; int32 scan count, × (int32 N, double loss, double max relative, bool ×3, string algebra, bool kept);
    // int32 terms, terms strings; int32 epochs, × (int32 epoch, terms doubles).
    // The algebra is identified again on reading, from the generators, so it cannot disagree with them.
    internal void Write(BinaryWriter w)
    {
        var n = GeneratorCount;
        var d = Dimension;
        w.Write(FormatVersion);
        w.Write((byte)Kind);
        w.Write(n);
        w.Write(d);
        foreach (var f in FeatureNames) w.Write(f);
        foreach (var g in Generators) foreach (var v in g) w.Write(v);
        foreach (var v in InvarianceResidual) w.Write(v);
        foreach (var v in RelativeInvariance) w.Write(v);
        foreach (var v in FieldNorm) w.Write(v);
        foreach (var v in Orthogonality) w.Write(v);
        foreach (var v in StructureConstants) w.Write(v);
        w.Write(ClosureLoss);
        w.Write(OracleKind);
        w.Write(OracleLoss.HasValue);
        if (OracleLoss is { } l) w.Write(l);
        w.Write(AutoencoderLoss.HasValue);
        if (AutoencoderLoss is { } ael) w.Write(ael);
        w.Write(InvarianceTolerance);
        var t = AlgebraTolerances;
        foreach (var v in new[] { t.Abelian, t.KillingZero, t.Rank, t.Closure, t.Independence }) w.Write(v);
        w.Write(FitTime.TotalSeconds);
        w.Write(Scan.Count);
        foreach (var s in Scan)
        {
            w.Write(s.Generators); w.Write(s.FinalLoss); w.Write(s.MaxRelativeInvariance);
            w.Write(s.AllSymmetries); w.Write(s.Distinct); w.Write(s.Closed); w.Write(s.AlgebraName); w.Write(s.Kept);
        }
        TrainingHistory.Write(w, TrainingCurve);
    }

    internal static OracleFlowsReport Read(BinaryReader r, int generators, int dimension)
    {
        var version = r.ReadInt32();
        if (version != FormatVersion) throw new FormatException($"OracleFlowsReport format version {version} is not supported (expected {FormatVersion}).");
        var kind = (GeneratorKind)r.ReadByte();
        if (!Enum.IsDefined(kind)) throw new FormatException($"Corrupt OracleFlowsReport: generator kind {(int)kind}.");
        var n = r.ReadInt32();
        var d = r.ReadInt32();
        if (n != generators || d != dimension) throw new FormatException($"Corrupt OracleFlowsReport: {n} generators on {d} dimensions where the model has {generators} on {dimension}.");
        double Finite(double v) => double.IsFinite(v) ? v : throw new FormatException("Corrupt OracleFlowsReport: a non-finite number.");
        var names = Enumerable.Range(0, d).Select(_ => r.ReadString()).ToArray();
        var gens = new double[n][,];
        for (var g = 0; g < n; g++)
        {
            gens[g] = new double[d, d];
            for (var i = 0; i < d; i++) for (var j = 0; j < d; j++) gens[g][i, j] = Finite(r.ReadDouble());
        }
        var inv = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
        var rel = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
        var norms = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
        var orth = new double[n, n];
        for (var a = 0; a < n; a++) for (var b = 0; b < n; b++) orth[a, b] = r.ReadDouble();
        var structure = new double[n, n, n];
        for (var a = 0; a < n; a++) for (var b = 0; b < n; b++) for (var g = 0; g < n; g++) structure[a, b, g] = Finite(r.ReadDouble());
        var closure = r.ReadDouble();
        var oracleKind = r.ReadString();
        double? oracleLoss = r.ReadBoolean() ? r.ReadDouble() : null;
        double? autoencoderLoss = r.ReadBoolean() ? r.ReadDouble() : null;
        var invTol = r.ReadDouble();
        var tol = new LieAlgebraTolerances { Abelian = r.ReadDouble(), KillingZero = r.ReadDouble(), Rank = r.ReadDouble(), Closure = r.ReadDouble(), Independence = r.ReadDouble() };
        var seconds = r.ReadDouble();
        var scanCount = r.ReadInt32();
        if (scanCount is < 0 or > 64) throw new FormatException($"Corrupt OracleFlowsReport: {scanCount} scan entries.");
        var scan = Enumerable.Range(0, scanCount).Select(_ => new OracleFlowsScanEntry(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadBoolean(), r.ReadBoolean(),
                                                                                        r.ReadBoolean(), r.ReadString(), r.ReadBoolean())).ToArray();
        var curve = TrainingHistory.Read(r, why => new FormatException($"Corrupt OracleFlowsReport: {why}."));
        if (!(invTol > 0 && invTol < 1)) throw new FormatException($"Corrupt OracleFlowsReport: invariance tolerance {invTol}.");
        return new OracleFlowsReport(kind, names, gens, inv, rel, norms, orth, structure, closure, oracleKind, oracleLoss, autoencoderLoss, invTol, tol, scan, curve, TimeSpan.FromSeconds(seconds));
    }
}
