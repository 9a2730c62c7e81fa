using Microsoft.Data.Analysis;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry;

public sealed partial class LatentLieGanReport
{
    /// <summary>
    /// The runs of a multi-seed fit (<see cref="LatentLieGanEstimator.Options.Runs"/> &gt; 1), in run order; empty for a
    /// single run. The rest of the report describes the kept run, <see cref="SeedRuns"/>[<see cref="KeptRun"/>]; each
    /// run's generator is its L1.
    /// </summary>
    public IReadOnlyList<SeedRun> SeedRuns { get; private init; } = [];

    /// <summary>The index in <see cref="SeedRuns"/> of the kept run: the first whose final discriminator accuracy is closest to 0.5 (0 for a single run).</summary>
    public int KeptRun { get; private init; }

    /// <summary>
    /// Per run, whether its L1 has the kept run's eigenvalue kind (<see cref="GeneratorInvariants.Kind"/>). Each run learns
    /// its own latent basis, so matrices and canonical names do not compare across runs; basis-free invariants do.
    /// </summary>
    public IReadOnlyList<bool> RunAgrees => [.. SeedRuns.Select(r => r.Kind == SeedRuns[KeptRun].Kind)];

    /// <summary>How many runs agree with the kept run (<see cref="RunAgrees"/>); 1 for a single run.</summary>
    public int AgreeingRuns => SeedRuns.Count == 0 ? 1 : RunAgrees.Count(a => a);

    /// <summary>
    /// One row per run (none for a single run): Run, Seed, Kept, Generator (L1's name at |cos| ≥ <see cref="GeneratorInvariants.NameFloor"/>),
    /// Closest (L1's closest canonical generator, whatever its cosine), Cosine, Kind (eigenvalue kind of L1), AccuracyGap (|accuracy − 0.5|, the criterion), DiscriminatorAccuracy, Agrees.
    /// </summary>
    public DataFrame SeedRunsDataFrame() => SeedProtocol.Table(SeedRuns, KeptRun, RunAgrees, "AccuracyGap");

    private const string AgreementText = "the same eigenvalue kind of L1";

    // " Seeds: k of R runs agree …" for a multi-seed fit, else "".
    private string SeedSummary() => SeedProtocol.Summary(SeedRuns, KeptRun, AgreeingRuns, "|discriminator accuracy − 0.5|", AgreementText);

    private IEnumerable<KeyResult> SeedKeyResults() => SeedProtocol.KeyResults(SeedRuns, KeptRun, AgreeingRuns, AgreementText);

    /// <summary>This report with the runs of its protocol (this report describing <paramref name="runs"/>[<paramref name="kept"/>]).</summary>
    internal LatentLieGanReport WithSeedRuns(IReadOnlyList<SeedRun> runs, int kept) => runs.Count == 0 && SeedRuns.Count == 0 ? this
        : new(Generators, History, Sindy, Rollout)
        {
            SeedRuns = runs,
            KeptRun = kept,
            Threads = Threads,
        };

    /// <summary>One run's row: L1's name, cosine and eigenvalue kind, the final discriminator accuracy and its distance to 0.5.</summary>
    internal static SeedRun RunOf(LatentLieGanResult result, int seed)
    {
        var first = result.Details[0];
        var report = Create(result);
        var accuracy = report.FinalDiscriminatorAccuracy;
        var l = result.Generators[0];
        // No accuracy (no history) is no evidence: such a run is never preferred to one that has it.
        return new SeedRun(seed, first.Invariants.Name, first.ClosestCanonical, first.CanonicalCosine, first.Invariants.Kind,
                           accuracy is { } a ? Math.Abs(a - 0.5) : double.PositiveInfinity, accuracy, [.. l.Cast<double>()]);
    }
}
