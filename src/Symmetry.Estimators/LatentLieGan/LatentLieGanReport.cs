using System.Globalization;
using System.Numerics;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>One discovered generator L (in the basis of the <c>Latent</c> column) and what it looks like.</summary>
/// <param name="Matrix">L, m × m.</param>
/// <param name="Symmetric">(L + Lᵀ)/2.</param>
/// <param name="Antisymmetric">(L − Lᵀ)/2.</param>
/// <param name="SymmetricRatio">‖sym‖_F / ‖L‖_F (0 for a pure rotation; 0 when L = 0).</param>
/// <param name="Eigenvalues">The eigenvalues of L.</param>
/// <param name="ClosestCanonical">The canonical generator of the latent basis with the largest |cosine|, whatever that cosine: "rotation(z1,z2)", "boost(z1,z2)", "shear(z1,z2)" (z2 ← z1), "squeeze(z1,z2)" or "scaling". Reports print <see cref="Name"/>, which applies the floor.</param>
/// <param name="CanonicalCosine">|⟨L, C⟩| / (‖L‖ ‖C‖) for that generator.</param>
/// <param name="Invariants">Eigenvalue type, rank and symmetric/antisymmetric shares of L.</param>
public sealed record LatentGenerator(double[,] Matrix, double[,] Symmetric, double[,] Antisymmetric, double SymmetricRatio,
                                     IReadOnlyList<Complex> Eigenvalues, string ClosestCanonical, double CanonicalCosine, GeneratorInvariants Invariants)
{
    /// <summary><see cref="ClosestCanonical"/> when its |cosine| ≥ <see cref="GeneratorInvariants.NameFloor"/>, else "no canonical match".</summary>
    public string Name => Invariants.Name;

    /// <summary>The generator in words: its name and cosine above the floor, else "no canonical match" with its invariants.</summary>
    public string Description => Invariants.Describe();

    /// <summary>max |Re λ| / max |Im λ| over the eigenvalues (∞ when all are real, 0 when L = 0).</summary>
    public double RealToImaginaryRatio
    {
        get
        {
            var re = Eigenvalues.Max(e => Math.Abs(e.Real));
            var im = Eigenvalues.Max(e => Math.Abs(e.Imaginary));
            return im > 0 ? re / im : re > 0 ? double.PositiveInfinity : 0;
        }
    }
}

/// <summary>The paper's long-term test at one horizon (Fig. 4): relative MSE of the SINDy rollout against the data.</summary>
/// <param name="Horizon">Steps h ≥ 1 of Δt rolled forward from the trajectory's first state.</param>
/// <param name="LatentRelativeMse">‖ẑ_h − φ(x_h)‖² / ‖φ(x_h)‖² in latent space.</param>
/// <param name="InputRelativeMse">‖ψ(ẑ_h) − x_h‖² / ‖x_h‖² in input space (input units).</param>
public sealed record RolloutHorizonError(int Horizon, double LatentRelativeMse, double InputRelativeMse);

/// <summary>What a LatentLieGan fit discovered: the generators, their algebra (k ≥ 2), the training history and the SINDy equations.</summary>
public sealed partial class LatentLieGanReport : SymmetryReport
{
    private LatentLieGanReport(IReadOnlyList<double[,]> generators, IReadOnlyList<EpochLosses> history, SindyModel? sindy, IReadOnlyList<RolloutHorizonError>? rollout)
        : this(generators, LatentGeneratorAnalysis.AnalyseAll(generators), history, sindy, rollout)
    {
    }

    private LatentLieGanReport(IReadOnlyList<double[,]> generators, (IReadOnlyList<LatentGeneratorAnalysis> Details, LieAlgebraInfo? Algebra) analysis,
                               IReadOnlyList<EpochLosses> history, SindyModel? sindy, IReadOnlyList<RolloutHorizonError>? rollout)
    {
        Rollout = rollout;
        Generators = generators;
        History = history;
        Sindy = sindy;
        Details = analysis.Details.Select(ToPublic).ToArray();
        Algebra = analysis.Algebra;
        Equations = sindy?.Equations();
    }

    /// <summary>Builds a report.</summary>
    internal static LatentLieGanReport Create(IReadOnlyList<double[,]> generators, IReadOnlyList<EpochLosses> history, SindyModel? sindy,
                                              IReadOnlyList<RolloutHorizonError>? rollout = null) => new(generators, history, sindy, rollout);

    /// <summary>The report of a fit: everything the core trained and analysed.</summary>
    internal static LatentLieGanReport Create(LatentLieGanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rollout = result.Rollout?.Select(e => new RolloutHorizonError(e.Horizon, e.LatentRelativeMse, e.InputRelativeMse)).ToArray();
        return new(result.Generators, (result.Details, result.Algebra), result.History, result.Sindy, rollout);
    }

    /// <inheritdoc/>
    public override string Method => "LatentLieGan";

    /// <summary>The L_i, m × m each, in the basis of the <c>Latent</c> column.</summary>
    public IReadOnlyList<double[,]> Generators { get; }

    /// <summary>Per generator: the symmetric/antisymmetric split, eigenvalues and closest canonical generator.</summary>
    public IReadOnlyList<LatentGenerator> Details { get; }

    /// <summary>The Lie algebra the generators span (k ≥ 2), named as OracleFlows does; null for one generator.</summary>
    public LieAlgebraInfo? Algebra { get; }

    /// <summary>Per-epoch mean losses ("reconstruction", "gan", "regularizer", "discriminator", "accuracy", "total").</summary>
    public IReadOnlyList<EpochLosses> History { get; }

    /// <summary>
    /// 0.75: a final discriminator accuracy above this says the symmetry was not reached. Halfway between chance (0.5,
    /// the generator's moves are indistinguishable from the data) and a perfect discriminator (1); the held-out dilation
    /// that was named "shear" ended at 0.96, while the rotation fits of the tests end near chance.
    /// </summary>
    public const double NotReachedAccuracy = 0.75;

    /// <summary>
    /// The trained discriminator's accuracy on the training rows at the end of training, real codes against codes moved
    /// by drawn group elements (0.5: it cannot tell them apart); for models saved before it was computed, the last
    /// epoch's mean batch accuracy; null without a history.
    /// </summary>
    public double? FinalDiscriminatorAccuracy =>
        History.Count == 0 ? null
        : History[^1].Losses.TryGetValue(LieGanTraining.FinalAccuracyKey, out var a) ? a
        : History[^1].Losses.TryGetValue("accuracy", out var b) ? b : null;

    /// <summary>Whether <see cref="FinalDiscriminatorAccuracy"/> is above <see cref="NotReachedAccuracy"/>.</summary>
    public bool SymmetryNotReached => FinalDiscriminatorAccuracy > NotReachedAccuracy;

    /// <summary>The SINDy model of the latent dynamics when SINDy was on.</summary>
    public SindyModel? Sindy { get; }

    /// <summary>The SINDy equations as text ("ż1 = 0.91 z2"), when SINDy was on.</summary>
    public IReadOnlyList<string>? Equations { get; }

    /// <summary>
    /// The SINDy rollout errors on the held-out trajectory at <see cref="LatentLieGanEstimator.SindyOptions.RolloutHorizons"/>,
    /// or null when none were asked for.
    /// </summary>
    public IReadOnlyList<RolloutHorizonError>? Rollout { get; }

    /// <inheritdoc/>
    public override string Summary
    {
        get
        {
            var parts = Details.Select((d, i) => string.Create(CultureInfo.InvariantCulture,
                $"L{i + 1}: {d.Description}{(d.Invariants.IsNamed ? $", ‖sym‖/‖L‖ = {d.SymmetricRatio:F3}" : "")}, |Re λ|/|Im λ| = {d.RealToImaginaryRatio:F3}."));
            var text = string.Join(' ', parts);
            if (FinalDiscriminatorAccuracy is { } acc)
                text += string.Create(CultureInfo.InvariantCulture, $" Final discriminator accuracy {acc:F3} (0.5 = transformed codes indistinguishable from real).")
                        + (SymmetryNotReached ? string.Create(CultureInfo.InvariantCulture, $" Warning: above {NotReachedAccuracy:F2}, the discriminator still tells transformed from real codes, so the generator is not (yet) a symmetry of the data.") : "");
            if (Algebra is not null) text += $" Algebra: {Algebra.Name}.";
            if (Equations is not null) text += " Equations: " + string.Join("; ", Equations) + ".";
            return text + SeedSummary();
        }
    }

    /// <summary>One row per generator: matrix, symmetric ratio, eigenvalues, closest canonical generator and cosine, the name (above the floor), kind, rank and antisymmetric ratio.</summary>
    public override DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("Generator", Enumerable.Range(1, Details.Count)),
        new StringDataFrameColumn("Matrix", Generators.Select(Format)),
        new DoubleDataFrameColumn("SymmetricRatio", Details.Select(d => d.SymmetricRatio)),
        new StringDataFrameColumn("Eigenvalues", Details.Select(d => string.Join(", ", d.Eigenvalues.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Real:G4}{(e.Imaginary < 0 ? "-" : "+")}{Math.Abs(e.Imaginary):G4}i"))))),
        new StringDataFrameColumn("Closest", Details.Select(d => d.ClosestCanonical)),
        new DoubleDataFrameColumn("Cosine", Details.Select(d => d.CanonicalCosine)),
        new StringDataFrameColumn("Name", Details.Select(d => d.Name)),
        new StringDataFrameColumn("Kind", Details.Select(d => d.Invariants.KindText)),
        new Int32DataFrameColumn("Rank", Details.Select(d => d.Invariants.Rank)),
        new DoubleDataFrameColumn("AntisymmetricRatio", Details.Select(d => d.Invariants.AntisymmetricShare)));

    /// <summary>The per-epoch losses and discriminator accuracy.</summary>
    public DataFrame HistoryDataFrame() => TrainingHistory.ToDataFrame(History);

    /// <summary>The SINDy coefficients (one row per library term, one column per ż_j), or null when SINDy was off.</summary>
    public DataFrame? EquationsDataFrame()
    {
        if (Sindy is null) return null;
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn("Term", Sindy.Library.TermNames) };
        for (var j = 0; j < Sindy.Coefficients.GetLength(1); j++)
        {
            var jj = j;
            columns.Add(new DoubleDataFrameColumn($"ż{j + 1}", Enumerable.Range(0, Sindy.Library.Count).Select(c => Sindy.Coefficients[c, jj])));
        }
        return new DataFrame(columns);
    }

    /// <summary>The rollout errors (Horizon, LatentRelativeMse, InputRelativeMse), or null when none were computed.</summary>
    public DataFrame? RolloutDataFrame() => Rollout is null ? null : RolloutTable(Rollout);

    /// <summary>A table of rollout errors: one row per horizon with columns Horizon, LatentRelativeMse, InputRelativeMse.</summary>
    public static DataFrame RolloutTable(IEnumerable<RolloutHorizonError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors.ToArray();
        return new DataFrame(
            new Int32DataFrameColumn("Horizon", list.Select(e => e.Horizon)),
            new DoubleDataFrameColumn("LatentRelativeMse", list.Select(e => e.LatentRelativeMse)),
            new DoubleDataFrameColumn("InputRelativeMse", list.Select(e => e.InputRelativeMse)));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Title, DataFrame Table)> Tables()
    {
        var list = new List<(string, DataFrame)> { ("Generators", ToDataFrame()), ("Training", HistoryDataFrame()) };
        if (EquationsDataFrame() is { } eq) list.Add(("SINDy coefficients", eq));
        if (RolloutDataFrame() is { } ro) list.Add(("Rollout errors", ro));
        if (SeedRuns.Count > 0) list.Add(("Seeded runs", SeedRunsDataFrame()));
        return list;
    }

    /// <summary>The split, eigenvalues and closest canonical generator of one L.</summary>
    public static LatentGenerator Analyse(double[,] l) => ToPublic(LatentGeneratorAnalysis.Analyse(l));

    private static LatentGenerator ToPublic(LatentGeneratorAnalysis a) =>
        new(a.Matrix, a.Symmetric, a.Antisymmetric, a.SymmetricRatio, a.Eigenvalues, a.ClosestCanonical, a.CanonicalCosine, a.Invariants);

    private static string Format(double[,] l)
    {
        var rows = Enumerable.Range(0, l.GetLength(0)).Select(i =>
            "[" + string.Join(", ", Enumerable.Range(0, l.GetLength(1)).Select(j => l[i, j].ToString("G4", CultureInfo.InvariantCulture))) + "]");
        return "[" + string.Join(", ", rows) + "]";
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(Generators.Count);
        w.Write(Generators.Count == 0 ? 0 : Generators[0].GetLength(0));
        foreach (var g in Generators)
            foreach (var v in g) w.Write(v);
        w.Write(History.Count);
        foreach (var e in History)
        {
            w.Write(e.Epoch);
            w.Write(e.Losses.Count);
            foreach (var (k, v) in e.Losses)
            {
                w.Write(k);
                w.Write(v);
            }
        }
        w.Write(Sindy is not null);
        if (Sindy is not null)
        {
            w.Write(Sindy.Library.Variables);
            w.Write(Sindy.Library.PolynomialOrder);
            w.Write(Sindy.Library.IncludeSine);
            w.Write(Sindy.Library.IncludeExp);
            foreach (var v in Sindy.Coefficients) w.Write(v);
        }
    }

    internal static LatentLieGanReport Read(BinaryReader r, ModelEntry entry)
    {
        var k = r.ReadInt32();
        var m = r.ReadInt32();
        if (k is < 1 or > 1024 || m is < 1 or > 4096) throw entry.Corrupt($"{k} generators of size {m} are out of range");
        var gens = new double[k][,];
        for (var a = 0; a < k; a++)
        {
            gens[a] = new double[m, m];
            for (var i = 0; i < m; i++)
                for (var j = 0; j < m; j++) gens[a][i, j] = r.ReadDouble();
        }
        var epochs = r.ReadInt32();
        if (epochs is < 0 or > 10_000_000) throw entry.Corrupt($"{epochs} epochs are out of range");
        var history = new List<EpochLosses>(epochs);
        for (var e = 0; e < epochs; e++)
        {
            var epoch = r.ReadInt32();
            var n = r.ReadInt32();
            if (n is < 0 or > 64) throw entry.Corrupt($"{n} loss terms are out of range");
            var losses = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++) losses[r.ReadString()] = r.ReadDouble();
            history.Add(new EpochLosses(epoch, losses));
        }
        SindyModel? sindy = null;
        if (r.ReadBoolean())
        {
            var variables = r.ReadInt32();
            var order = r.ReadInt32();
            if (variables != m || order is < 0 or > 16) throw entry.Corrupt($"a SINDy library of {variables} variables and order {order} is out of range");
            var library = new SindyLibrary(variables, order, r.ReadBoolean(), r.ReadBoolean());
            var xi = new double[library.Count, variables];
            for (var c = 0; c < library.Count; c++)
                for (var j = 0; j < variables; j++) xi[c, j] = r.ReadDouble();
            sindy = new SindyModel(library, xi);
        }
        return new LatentLieGanReport(gens, history, sindy, null);
    }

    /// <summary>A copy with the rollout errors read from a model body's tail.</summary>
    internal LatentLieGanReport WithRollout(IReadOnlyList<RolloutHorizonError>? rollout) => new(Generators, History, Sindy, rollout) { SeedRuns = SeedRuns, KeptRun = KeptRun };

    // The rollout errors as body format 0x00010002 stores them before the autoencoder (int32 count, then per row:
    // int32 horizon; float64 latent; float64 input); a 0x00010001 body has none.
    internal void WriteRollout(BinaryWriter w)
    {
        w.Write(Rollout?.Count ?? 0);
        foreach (var e in Rollout ?? [])
        {
            w.Write(e.Horizon);
            w.Write(e.LatentRelativeMse);
            w.Write(e.InputRelativeMse);
        }
    }

    internal static IReadOnlyList<RolloutHorizonError>? ReadRollout(BinaryReader r, ModelEntry entry)
    {
        var count = r.ReadInt32();
        if (count is < 0 or > 100_000) throw entry.Corrupt($"{count} rollout horizons are out of range");
        if (count == 0) return null;
        var list = new RolloutHorizonError[count];
        for (var i = 0; i < count; i++)
        {
            var h = r.ReadInt32();
            if (h < 1) throw entry.Corrupt($"rollout horizon {h} is below 1");
            list[i] = new RolloutHorizonError(h, r.ReadDouble(), r.ReadDouble());
        }
        return list;
    }
}
