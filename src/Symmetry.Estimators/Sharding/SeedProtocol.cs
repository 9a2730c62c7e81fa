using System.Globalization;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The multi-seed protocol LieDetector and LatentLieGan share (<c>Options.Runs</c>): runs r = 0 … Runs − 1 train
/// independently with seed Seed + r on the same data, the first run with the lowest <see cref="SeedRun.Criterion"/>
/// is kept, and a shard trains a contiguous block of the runs. Written once here: the training loop over the runs,
/// the choice of the kept run, the per-run table and its binary form, and the merge of the shards' runs.
/// </summary>
internal static class SeedProtocol
{
    /// <summary>The most runs one protocol may have (LatentRelevance's limit, shared).</summary>
    public const int MaxRuns = LatentRelevanceEstimator.Options.MaxRuns;

    /// <summary>Checks Runs and Shard; an <see cref="ArgumentException"/> names the option and what it must be.</summary>
    public static void Validate(int runs, SymmetryShard? shard, int? seed)
    {
        if (runs is <= 0 or > MaxRuns) throw new ArgumentOutOfRangeException("Runs", runs, $"Runs must be between 1 and {MaxRuns}.");
        if (shard is not { } s) return;
        try { s.Validate(); }
        catch (ArgumentOutOfRangeException e) { throw new ArgumentOutOfRangeException("Shard", s, e.Message); }
        if (seed is null) throw new ArgumentException("A shard needs a fixed Seed: every shard must train its runs from the seeds a single fit would use.", "Shard");
        if (s.Count > runs) throw new ArgumentOutOfRangeException("Shard", s, $"{runs} run(s) cannot be split into {s.Count} shards; use at most {runs} shards.");
    }

    /// <summary>
    /// Trains the runs of <paramref name="shard"/>'s block (all <paramref name="runs"/> without one), run r with seed
    /// <paramref name="seed"/> + r, and keeps the first with the lowest criterion; every other result is disposed as soon
    /// as the next is known to be no better. With one run and no shard the run list is empty (a single fit, as before
    /// the protocol existed). The caller owns the kept result.
    /// </summary>
    public static (T Kept, SeedRun[] Runs, int KeptRun) Train<T>(int runs, SymmetryShard? shard, int seed, Action<string> info,
                                                                 Func<int, T> train, Func<T, int, SeedRun> describe) where T : class, IDisposable
    {
        var (start, length) = shard?.Block(runs) ?? (0, runs);
        var protocol = runs > 1 || shard is not null;
        T? kept = null;
        var list = new List<SeedRun>(length);
        var keptRun = 0;
        try
        {
            for (var r = start; r < start + length; r++)
            {
                var runSeed = unchecked(seed + r);
                if (protocol) info(string.Create(CultureInfo.InvariantCulture, $"Run {r + 1} of {runs}: seed {runSeed}."));
                var result = train(runSeed);
                SeedRun run;
                try { run = describe(result, runSeed); }
                catch { result.Dispose(); throw; }
                list.Add(run);
                // Strictly lower: ties keep the earlier run, so the choice does not depend on how the runs are sharded.
                if (kept is null || run.Criterion < list[keptRun].Criterion)
                {
                    kept?.Dispose();
                    (kept, keptRun) = (result, list.Count - 1);
                }
                else result.Dispose();
            }
        }
        catch
        {
            kept?.Dispose();
            throw;
        }
        return (kept!, protocol ? [.. list] : [], protocol ? keptRun : 0);
    }

    /// <summary>The first run with the lowest criterion (NaN never wins).</summary>
    public static int Kept(IReadOnlyList<SeedRun> runs)
    {
        var best = 0;
        for (var i = 1; i < runs.Count; i++)
            if (runs[i].Criterion < runs[best].Criterion || double.IsNaN(runs[best].Criterion)) best = i;
        return best;
    }

    /// <summary>
    /// The runs of one protocol from its consecutive shards' (in shard order): concatenated, the kept run chosen again
    /// by <see cref="Kept"/>. <paramref name="keptShard"/> holds it; its own kept run must be that run.
    /// </summary>
    public static (SeedRun[] Runs, int KeptRun) Merge(IReadOnlyList<(IReadOnlyList<SeedRun> Runs, int KeptRun)> shards, out int keptShard)
    {
        var all = shards.SelectMany((s, k) => s.Runs.Select((run, r) => (Shard: k, Run: r, run))).ToArray();
        // FitPartial of a single run without a shard: its report, like a single fit's, lists no runs.
        if (all.Length == 0 && shards.Count == 1)
        {
            keptShard = 0;
            return ([], 0);
        }
        if (all.Length == 0) throw new InvalidOperationException("The shards' reports hold no per-run results; they are not parts of a multi-seed protocol.");
        var kept = Kept([.. all.Select(t => t.run)]);
        var (shard, local, _) = all[kept];
        if (shards[shard].KeptRun != local)
            throw new InvalidOperationException($"Shard {shard}'s kept run is {shards[shard].KeptRun}, not its best run {local}; its report is inconsistent.");
        keptShard = shard;
        return ([.. all.Select(t => t.run)], kept);
    }

    /// <summary>" Seeds: k of R runs agree with the kept run (seed s; …)." for a protocol, else "".</summary>
    public static string Summary(IReadOnlyList<SeedRun> runs, int kept, int agreeing, string criterion, string agreement)
    {
        if (runs.Count == 0) return "";
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $" Seeds: {agreeing} of {runs.Count} runs agree ({agreement}); the kept run is seed {runs[kept].Seed} ({criterion} {runs[kept].Criterion:G4}, the lowest of the runs).");
    }

    /// <summary>The key results a protocol adds: runs, the kept run's seed, the agreeing runs and the sentence.</summary>
    public static IEnumerable<KeyResult> KeyResults(IReadOnlyList<SeedRun> runs, int kept, int agreeing, string agreement)
    {
        if (runs.Count == 0) return [];
        return
        [
            new("runs", "Seeded runs", runs.Count),
            new("keptSeed", "Seed of the kept run", runs[kept].Seed),
            new("agreeingRuns", $"Runs that agree with the kept run ({agreement})", agreeing),
            new("agreement", "Agreement", string.Create(CultureInfo.InvariantCulture, $"{agreeing} of {runs.Count} runs agree")),
        ];
    }

    /// <summary>One row per run: Run, Seed, Kept, Generator, Closest, Cosine, Kind, the criterion (named), [DiscriminatorAccuracy], Agrees.</summary>
    public static DataFrame Table(IReadOnlyList<SeedRun> runs, int kept, IReadOnlyList<bool> agrees, string criterionColumn)
    {
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn("Run", Enumerable.Range(1, runs.Count)),
            new Int32DataFrameColumn("Seed", runs.Select(r => r.Seed)),
            new BooleanDataFrameColumn("Kept", Enumerable.Range(0, runs.Count).Select(r => r == kept)),
            new StringDataFrameColumn("Generator", runs.Select(r => r.Generator)),
            new StringDataFrameColumn("Closest", runs.Select(r => r.Closest)),
            new DoubleDataFrameColumn("Cosine", runs.Select(r => r.Cosine)),
            new StringDataFrameColumn("Kind", runs.Select(r => KindText(r.Kind))),
            new DoubleDataFrameColumn(criterionColumn, runs.Select(r => r.Criterion)),
        };
        if (runs.Any(r => r.DiscriminatorAccuracy is not null))
            columns.Add(new DoubleDataFrameColumn("DiscriminatorAccuracy", runs.Select(r => r.DiscriminatorAccuracy ?? double.NaN)));
        columns.Add(new BooleanDataFrameColumn("Agrees", agrees));
        return new DataFrame(columns);
    }

    /// <summary>The kind in the words of <see cref="GeneratorInvariants.KindText"/>.</summary>
    public static string KindText(GeneratorEigenKind kind) => new GeneratorInvariants(kind, 0, 0, 0, [], null, 0).KindText;

    // Binary form: int32 count R; int32 kept; R × (int32 seed; string generator; string closest; double cosine;
    // int32 kind; double criterion; bool has accuracy [double]; int32 n; n doubles).
    public static void Write(BinaryWriter w, IReadOnlyList<SeedRun> runs, int kept)
    {
        w.Write(runs.Count);
        w.Write(kept);
        foreach (var r in runs)
        {
            w.Write(r.Seed);
            w.Write(r.Generator);
            w.Write(r.Closest);
            w.Write(r.Cosine);
            w.Write((int)r.Kind);
            w.Write(r.Criterion);
            w.Write(r.DiscriminatorAccuracy.HasValue);
            if (r.DiscriminatorAccuracy is { } a) w.Write(a);
            w.Write(r.Coefficients.Count);
            foreach (var v in r.Coefficients) w.Write(v);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="coefficients"/> is the length every run's numbers must have.</summary>
    public static (SeedRun[] Runs, int KeptRun) Read(BinaryReader r, ModelEntry entry, int coefficients)
    {
        var count = r.ReadInt32();
        var kept = r.ReadInt32();
        if (count is < 1 or > MaxRuns || kept < 0 || kept >= count) throw entry.Corrupt($"a protocol of {count} runs keeping run {kept} is out of range");
        var runs = new SeedRun[count];
        for (var i = 0; i < count; i++)
        {
            var seed = r.ReadInt32();
            var name = r.ReadString();
            var closest = r.ReadString();
            var cosine = r.ReadDouble();
            var kind = (GeneratorEigenKind)r.ReadInt32();
            if (!Enum.IsDefined(kind)) throw entry.Corrupt($"run {i + 1}'s eigenvalue kind {(int)kind} is unknown");
            var criterion = r.ReadDouble();
            double? accuracy = r.ReadBoolean() ? r.ReadDouble() : null;
            var n = r.ReadInt32();
            if (n != coefficients) throw entry.Corrupt($"run {i + 1} holds {n} generator values where the model's generator has {coefficients}");
            var values = new double[n];
            for (var k = 0; k < n; k++) values[k] = r.ReadDouble();
            if (!double.IsFinite(cosine) || values.Any(v => !double.IsFinite(v))) throw entry.Corrupt($"run {i + 1}'s generator holds NaN or infinite values");
            runs[i] = new SeedRun(seed, name, closest, cosine, kind, criterion, accuracy, values);
        }
        if (Kept(runs) != kept) throw entry.Corrupt($"its kept run {kept + 1} is not the run with the lowest criterion");
        return (runs, kept);
    }
}
