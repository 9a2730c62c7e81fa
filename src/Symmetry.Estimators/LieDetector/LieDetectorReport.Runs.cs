using Microsoft.Data.Analysis;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry;

public sealed partial class LieDetectorReport
{
    /// <summary>
    /// 0.99: the |cosine| between two runs' pixel-unit generators at which they count as the same generator (within 8°).
    /// Every run is expressed in the same basis of derivative operators, so the coefficients compare directly.
    /// </summary>
    public const double AgreementCosine = 0.99;

    /// <summary>
    /// The runs of a multi-seed fit (<see cref="LieDetectorEstimator.Options.Runs"/> &gt; 1), in run order; empty for a
    /// single run. The rest of the report describes the kept run, <see cref="SeedRuns"/>[<see cref="KeptRun"/>].
    /// </summary>
    public IReadOnlyList<SeedRun> SeedRuns { get; private init; } = [];

    /// <summary>The index in <see cref="SeedRuns"/> of the kept run: the first with the lowest final α-matching loss (0 for a single run).</summary>
    public int KeptRun { get; private init; }

    /// <summary>Per run, whether its generator has |cosine| ≥ <see cref="AgreementCosine"/> with the kept run's (the kept run agrees with itself).</summary>
    public IReadOnlyList<bool> RunAgrees => [.. SeedRuns.Select(r => Cosine(r.Coefficients, SeedRuns[KeptRun].Coefficients) >= AgreementCosine)];

    /// <summary>How many runs agree with the kept run (<see cref="RunAgrees"/>); 1 for a single run.</summary>
    public int AgreeingRuns => SeedRuns.Count == 0 ? 1 : RunAgrees.Count(a => a);

    /// <summary>
    /// One row per run (none for a single run): Run, Seed, Kept, Generator (named at |cos| ≥ <see cref="CanonicalNameFloor"/>),
    /// Closest (the closest canonical generator, whatever its cosine), Cosine (with it), Kind (eigenvalue kind of the affine part), FinalAlphaLoss, Agrees.
    /// </summary>
    public DataFrame SeedRunsDataFrame() => SeedProtocol.Table(SeedRuns, KeptRun, RunAgrees, "FinalAlphaLoss");

    private const string AgreementText = "|cos| ≥ 0.99 between pixel-unit generators";

    // " Seeds: k of R runs agree …" for a multi-seed fit, else "".
    private string SeedSummary() => SeedProtocol.Summary(SeedRuns, KeptRun, AgreeingRuns, "final α-matching loss", AgreementText);

    private IEnumerable<KeyResult> SeedKeyResults() => SeedProtocol.KeyResults(SeedRuns, KeptRun, AgreeingRuns, AgreementText);

    private IEnumerable<(string, DataFrame)> SeedTables() => SeedRuns.Count == 0 ? [] : [("Seeded runs", SeedRunsDataFrame())];

    /// <summary>This report with the runs of its protocol (this report describing <paramref name="runs"/>[<paramref name="kept"/>]).</summary>
    internal LieDetectorReport WithSeedRuns(IReadOnlyList<SeedRun> runs, int kept) => runs.Count == 0 && SeedRuns.Count == 0 ? this
        : new(Basis, ImageHeight, ImageWidth, coefficients, Histogram, EvaluationPairs, HeldOut, Spearman, Wasserstein1, (double[]?)TrueCoefficients, History)
        {
            SeedRuns = runs,
            KeptRun = kept,
            Threads = Threads,
        };

    /// <summary>One run's row: its canonical name and cosine, the eigenvalue kind of its affine part and its final α-matching loss.</summary>
    internal static SeedRun RunOf(LieDetectorResult result, int seed)
    {
        var closest = result.Generator.CanonicalMatches[0];
        var c = result.Coefficients;
        // v = b + A (x, y) acts on homogeneous coordinates (x, y, 1) as this matrix: its eigenvalues are A's and 0, so
        // a translation (A = 0, b ≠ 0) is nilpotent, a rotation rotation-like, a scaling scaling-like.
        var kind = GeneratorInvariants.Of(new[,] { { c[1], c[2], c[0] }, { c[4], c[5], c[3] }, { 0, 0, 0 } }).Kind;
        return new SeedRun(seed, closest.Cosine >= CanonicalNameFloor ? closest.Name : "no canonical match", closest.Name, closest.Cosine, kind,
                           result.History[^1].Losses["alpha"], null, [.. c]);
    }

    private static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Count; i++) (dot, na, nb) = (dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]);
        return na > 0 && nb > 0 ? Math.Abs(dot) / Math.Sqrt(na * nb) : 0;
    }
}
