using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// What <see cref="LatentRelevanceEstimator"/> found: the relevance profile (sorted, mean ± std over runs), the
/// estimated intrinsic dimension, how the latents of the kept run map to features (Pearson correlations and the
/// linear R² of each latent on all features, as Sanz does) and the training curves.
/// </summary>
public sealed partial class RelevanceReport : SymmetryReport
{
    // 2: no β scan (still written when there is none, so older releases read such models); 3: with a β scan.
    private const int FormatVersion = 2, FormatVersionWithScan = 3;

    private RelevanceReport(int[] order, double[][] perRun,
                            int[] seeds, int bestRun, string[] featureNames, double[][] correlations, double[] r2,
                            EpochLosses[][] curves, TimeSpan fitTime, double? threshold, double minimumDropRatio, RelevanceBetaScanPoint[] scan)
        : this(order, perRun, RelevanceProfile.Of(perRun, threshold, minimumDropRatio), seeds, bestRun, featureNames, correlations, r2, curves, fitTime, scan)
    {
    }

    private RelevanceReport(int[] order, double[][] perRun, RelevanceProfile profile,
                            int[] seeds, int bestRun, string[] featureNames, double[][] correlations, double[] r2,
                            EpochLosses[][] curves, TimeSpan fitTime, RelevanceBetaScanPoint[] scan)
    {
        Relevance = profile.Median;
        RelevanceMean = profile.Mean;
        RelevanceStd = profile.Std;
        Order = order;
        IntrinsicDimension = profile.IntrinsicDimension;
        PerRunDimension = profile.PerRunDimension;
        DimensionHistogram = profile.DimensionHistogram;
        PerRunRelevance = perRun;
        Seeds = seeds;
        BestRun = bestRun;
        FeatureNames = featureNames;
        Correlations = correlations;
        LinearR2 = r2;
        TrainingCurves = curves;
        FitTime = fitTime;
        RelevanceThreshold = profile.RelevanceThreshold;
        MinimumDropRatio = profile.MinimumDropRatio;
        BetaScan = scan;
        StableBetaRange = StableRange(scan);
    }

    /// <inheritdoc/>
    public override string Method => "LatentRelevance";

    /// <summary>Relevance of each latent rank (sorted decreasing within each run), median over runs: the profile the
    /// <see cref="IntrinsicDimension"/> is read from (robust to the odd run that collapses or splits a latent).</summary>
    public IReadOnlyList<double> Relevance { get; }

    /// <summary>Mean over runs of each rank's relevance.</summary>
    public IReadOnlyList<double> RelevanceMean { get; }

    /// <summary>The dimension each run's own profile gives (same rule as <see cref="IntrinsicDimension"/>).</summary>
    public IReadOnlyList<int> PerRunDimension { get; }

    /// <summary>DimensionHistogram[d] = number of runs whose profile gives dimension d (d = 0 … L).</summary>
    public IReadOnlyList<int> DimensionHistogram { get; }

    /// <summary>The dimension most runs give (the smallest such when tied).</summary>
    public int ModalDimension => DimensionHistogram.Select((c, d) => (c, d)).OrderByDescending(t => t.c).ThenBy(t => t.d).First().d;

    /// <summary>Standard deviation over runs of each rank's relevance (0 for one run).</summary>
    public IReadOnlyList<double> RelevanceStd { get; }

    /// <summary>Order[k] = the model latent of the kept run at rank k (sorted → original index).</summary>
    public IReadOnlyList<int> Order { get; }

    /// <summary>The estimated number of degrees of freedom: <see cref="RelevanceMath.IntrinsicDimension"/> of the median profile.</summary>
    public int IntrinsicDimension { get; }

    /// <summary>Number of independent runs.</summary>
    public int Runs => PerRunRelevance.Count;

    /// <summary>Each run's sorted relevance profile.</summary>
    public IReadOnlyList<double[]> PerRunRelevance { get; }

    /// <summary>Each run's seed.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>The run with the lowest final loss, whose model the transformer scores with.</summary>
    public int BestRun { get; }

    /// <summary>Names of the input features (slot names, or x0, x1, …).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Correlations[k][f]: Pearson correlation of the kept run's rank-k latent mean with feature f.</summary>
    public IReadOnlyList<double[]> Correlations { get; }

    /// <summary>LinearR2[k]: R² of the least-squares fit of the rank-k latent mean on all features; NaN when there are no more rows than features + 1 (any fit is then exact).</summary>
    public IReadOnlyList<double> LinearR2 { get; }

    /// <summary>Per run, the mean loss terms ("reconstruction", "kl", "total") of every epoch.</summary>
    public IReadOnlyList<EpochLosses[]> TrainingCurves { get; }

    /// <summary>Wall time of the fit.</summary>
    public TimeSpan FitTime { get; }

    /// <summary>The absolute threshold used for the intrinsic dimension, or null for the largest-gap rule.</summary>
    public double? RelevanceThreshold { get; }

    /// <summary>The gap ratio of the largest-gap rule.</summary>
    public double MinimumDropRatio { get; }

    /// <summary>
    /// The β scan (<see cref="LatentRelevanceEstimator.Options.BetaScan"/>), one point per scanned β in increasing
    /// order; empty when no scan was asked for.
    /// </summary>
    public IReadOnlyList<RelevanceBetaScanPoint> BetaScan { get; }

    /// <summary>
    /// Where the β scan's count is stable: the longest run of neighbouring scanned β values that give the same count
    /// ≥ 1 (ties: the run spanning the larger ratio of β, then the smaller β), or null when there is no scan or no
    /// two neighbours agree. A count of 0 is left out: it is the posterior's collapse (no direction stands above the
    /// noise), not a reading of the data.
    /// </summary>
    public RelevanceStableRange? StableBetaRange { get; }

    /// <summary>The report of a fit: <paramref name="result"/>'s numbers, with the features' names, the fit's wall time and the β scan (empty for none).</summary>
    internal static RelevanceReport Create(LatentRelevanceResult result, string[] featureNames, TimeSpan fitTime, RelevanceBetaScanPoint[] scan) =>
        new(result.Order, result.Runs.Select(r => r.SortedRelevance).ToArray(), result.Profile, result.Runs.Select(r => r.Seed).ToArray(),
            result.BestRun, featureNames, result.Correlations, result.LinearR2, result.Runs.Select(r => r.History.ToArray()).ToArray(), fitTime, scan);

    /// <summary>The <see cref="StableBetaRange"/> rule over <paramref name="scan"/> (β increasing).</summary>
    internal static RelevanceStableRange? StableRange(IReadOnlyList<RelevanceBetaScanPoint> scan)
    {
        RelevanceStableRange? best = null;
        for (var start = 0; start < scan.Count;)
        {
            var end = start;
            while (end + 1 < scan.Count && scan[end + 1].IntrinsicDimension == scan[start].IntrinsicDimension) end++;
            var range = new RelevanceStableRange(scan[start].Beta, scan[end].Beta, scan[start].IntrinsicDimension, end - start + 1);
            if (range.Values >= 2 && range.IntrinsicDimension >= 1 &&
                (best is null || range.Values > best.Values || (range.Values == best.Values && range.HighBeta / range.LowBeta > best.HighBeta / best.LowBeta)))
                best = range;
            start = end + 1;
        }
        return best;
    }

    /// <summary>
    /// The report one fit of every run would have made, from the reports of consecutive shards of its runs (in run
    /// order): the runs concatenated, the profile recomputed from all of them, the kept run the first with the lowest
    /// final loss (as <see cref="LatentRelevanceCore"/> picks it) with its shard's order, correlations and R²; the fit
    /// time is the shards' total. <paramref name="keptShard"/> is the shard that holds the kept run.
    /// </summary>
    internal static RelevanceReport Merge(IReadOnlyList<RelevanceReport> shards, out int keptShard)
    {
        var first = shards[0];
        foreach (var s in shards)
            if (s.Relevance.Count != first.Relevance.Count || !s.FeatureNames.SequenceEqual(first.FeatureNames)
                || s.RelevanceThreshold != first.RelevanceThreshold || s.MinimumDropRatio != first.MinimumDropRatio)
                throw new InvalidOperationException("The shards' reports disagree on the latent dimension, the features or the dimension rule; they are not parts of one fit.");
        var runs = shards.SelectMany((s, k) => Enumerable.Range(0, s.Runs).Select(r => (Shard: k, Run: r, Report: s))).ToArray();
        static double FinalLoss(RelevanceReport s, int r) => s.TrainingCurves[r][^1].Losses["total"];
        var best = 0;
        for (var i = 1; i < runs.Length; i++)
            if (FinalLoss(runs[i].Report, runs[i].Run) < FinalLoss(runs[best].Report, runs[best].Run)) best = i;
        var kept = runs[best];
        if (kept.Report.BestRun != kept.Run)
            throw new InvalidOperationException($"Shard {kept.Shard}'s kept run is {kept.Report.BestRun}, not its lowest-loss run {kept.Run}; its report is inconsistent.");
        keptShard = kept.Shard;
        return new RelevanceReport([.. kept.Report.Order], [.. runs.Select(t => t.Report.PerRunRelevance[t.Run])], [.. runs.Select(t => t.Report.Seeds[t.Run])],
                                   best, [.. first.FeatureNames], [.. kept.Report.Correlations], [.. kept.Report.LinearR2],
                                   [.. runs.Select(t => t.Report.TrainingCurves[t.Run])],
                                   TimeSpan.FromTicks(shards.Sum(s => s.FitTime.Ticks)), first.RelevanceThreshold, first.MinimumDropRatio, []);
    }

    /// <inheritdoc/>
    public override string Summary
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var profile = string.Join(", ", Relevance.Select((v, k) => string.Create(c, $"{v:G3}") + (Runs > 1 ? string.Create(c, $" ± {RelevanceStd[k]:G2}") : "")));
            var votes = Runs > 1
                ? "; per-run dimensions " + string.Join(", ", DimensionHistogram.Select((n, d) => (n, d)).Where(t => t.n > 0).Select(t => $"{t.d}: {t.n}×"))
                : " (one run is a noisy estimate: the paper's protocol is 20)";
            var rule = RelevanceThreshold is { } t ? string.Create(c, $"relevance ≥ {t:G3}") : string.Create(c, $"largest gap, ratio ≥ {MinimumDropRatio:G3}");
            return string.Create(c, $"Intrinsic dimension {IntrinsicDimension} of {FeatureNames.Count} features ({rule}); median relevance by rank over {Runs} run(s): {profile}{votes}. The count is the number of latent directions whose spread is well above the posterior noise set by β: a resolution that falls as β grows, not a topological dimension (scan β to see where it is stable).{ScanSummary()} Fit took {FitTime.TotalSeconds:F1} s.");
        }
    }

    // " β scan: …" when there is a scan, else empty (the summary of a report without a scan is unchanged).
    private string ScanSummary()
    {
        if (BetaScan.Count == 0) return "";
        var c = CultureInfo.InvariantCulture;
        var counts = string.Join(", ", BetaScan.Select(p => string.Create(c, $"{p.IntrinsicDimension} at {p.Beta:G3}")));
        var stable = StableBetaRange is { } s
            ? string.Create(c, $"stable at {s.IntrinsicDimension} for β {s.LowBeta:G3} … {s.HighBeta:G3} ({s.Values} of {BetaScan.Count} values)")
            : "no two neighbouring β values give the same count ≥ 1, so no stable range";
        return $" β scan (count at β): {counts}; {stable}.";
    }

    /// <summary>One row per latent rank: Rank, Latent (model index in the kept run), Relevance (median), RelevanceMean, RelevanceStd, Relevant, LinearR2.</summary>
    public override DataFrame ToDataFrame()
    {
        var n = Relevance.Count;
        return new DataFrame(
            new Int32DataFrameColumn("Rank", Enumerable.Range(1, n)),
            new Int32DataFrameColumn("Latent", Order),
            new DoubleDataFrameColumn("Relevance", Relevance),
            new DoubleDataFrameColumn("RelevanceMean", RelevanceMean),
            new DoubleDataFrameColumn("RelevanceStd", RelevanceStd),
            new BooleanDataFrameColumn("Relevant", Enumerable.Range(0, n).Select(k => k < IntrinsicDimension)),
            new DoubleDataFrameColumn("LinearR2", LinearR2));
    }

    /// <summary>Pearson correlation of each latent rank (rows) with each feature (columns), for the kept run.</summary>
    public DataFrame CorrelationsToDataFrame()
    {
        var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("Rank", Enumerable.Range(1, Correlations.Count)) };
        for (var f = 0; f < FeatureNames.Count; f++)
        {
            var ff = f;
            columns.Add(new DoubleDataFrameColumn(FeatureNames[f], Correlations.Select(row => row[ff])));
        }
        return new DataFrame(columns);
    }

    /// <summary>One row per possible dimension d = 0 … L: Dimension, Runs (how many runs' profiles give d).</summary>
    public DataFrame DimensionHistogramToDataFrame() => new(
        new Int32DataFrameColumn("Dimension", Enumerable.Range(0, DimensionHistogram.Count)),
        new Int32DataFrameColumn("Runs", DimensionHistogram));

    /// <summary>One row per run: Run, Seed, Best, Dimension, FinalLoss and the run's sorted relevance R1…RL.</summary>
    public DataFrame RunsToDataFrame()
    {
        var latent = Relevance.Count;
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn("Run", Enumerable.Range(1, Runs)),
            new Int32DataFrameColumn("Seed", Seeds),
            new BooleanDataFrameColumn("Best", Enumerable.Range(0, Runs).Select(r => r == BestRun)),
            new Int32DataFrameColumn("Dimension", PerRunDimension),
            new DoubleDataFrameColumn("FinalLoss", TrainingCurves.Select(c => c[^1].Losses["total"])),
        };
        for (var k = 0; k < latent; k++)
        {
            var kk = k;
            columns.Add(new DoubleDataFrameColumn($"R{k + 1}", PerRunRelevance.Select(p => p[kk])));
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// One row per scanned β (none without a scan): Beta, Dimension (count of the median profile), Stable (β inside
    /// <see cref="StableBetaRange"/>), PerRunDimensions (each run's count, comma-separated), and the median relevance
    /// by rank R1…RL.
    /// </summary>
    public DataFrame BetaScanToDataFrame()
    {
        var latent = Relevance.Count;
        var c = CultureInfo.InvariantCulture;
        var columns = new List<DataFrameColumn>
        {
            new DoubleDataFrameColumn("Beta", BetaScan.Select(p => p.Beta)),
            new Int32DataFrameColumn("Dimension", BetaScan.Select(p => p.IntrinsicDimension)),
            new BooleanDataFrameColumn("Stable", BetaScan.Select(p => StableBetaRange is { } s && p.Beta >= s.LowBeta && p.Beta <= s.HighBeta)),
            new StringDataFrameColumn("PerRunDimensions", BetaScan.Select(p => string.Join(", ", p.PerRunDimension.Select(d => d.ToString(c))))),
        };
        for (var k = 0; k < latent; k++)
        {
            var kk = k;
            columns.Add(new DoubleDataFrameColumn($"R{k + 1}", BetaScan.Select(p => p.MedianRelevance[kk])));
        }
        return new DataFrame(columns);
    }

    /// <summary>One row per run and epoch: Run, Epoch, Reconstruction, KL, Total.</summary>
    public DataFrame TrainingCurvesToDataFrame()
    {
        var rows = TrainingCurves.SelectMany((c, r) => c.Select(e => (Run: r + 1, e))).ToArray();
        return new DataFrame(
            new Int32DataFrameColumn("Run", rows.Select(t => t.Run)),
            new Int32DataFrameColumn("Epoch", rows.Select(t => t.e.Epoch)),
            new DoubleDataFrameColumn("Reconstruction", rows.Select(t => t.e.Losses["reconstruction"])),
            new DoubleDataFrameColumn("KL", rows.Select(t => t.e.Losses["kl"])),
            new DoubleDataFrameColumn("Total", rows.Select(t => t.e.Losses["total"])));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Title, DataFrame Table)> Tables() =>
    [
        ("Relevance by rank", ToDataFrame()),
        ("Correlation of each latent (kept run) with each feature", CorrelationsToDataFrame()),
        ("Per-run dimensions", DimensionHistogramToDataFrame()),
        ("Runs", RunsToDataFrame()),
        .. BetaScan.Count > 0 ? [("β scan: relevance count per β", BetaScanToDataFrame())] : Array.Empty<(string, DataFrame)>(),
    ];

    // Binary format (FormatVersion 2, or 3 with a β scan): int32 version; int32 L; int32 runs; int32 D;
    // int32 best run; double fit seconds; bool has threshold [+ double]; double minimum drop ratio;
    // L int32 order; runs × (int32 seed, L doubles sorted relevance,
    // int32 epochs, epochs × (int32 epoch, int32 terms, terms × (string name, double value)));
    // D strings feature names; L × D doubles correlations; L doubles R²; version 3 only: int32 scanned β count S,
    // S × (double β, runs × L doubles sorted relevance). The median, mean, std, dimensions and
    // histogram are recomputed from the per-run profiles on reading, so they cannot disagree with them.
    internal void Write(BinaryWriter w)
    {
        var latent = Relevance.Count;
        w.Write(BetaScan.Count > 0 ? FormatVersionWithScan : FormatVersion);
        w.Write(latent);
        w.Write(Runs);
        w.Write(FeatureNames.Count);
        w.Write(BestRun);
        w.Write(FitTime.TotalSeconds);
        w.Write(RelevanceThreshold.HasValue);
        if (RelevanceThreshold is { } t) w.Write(t);
        w.Write(MinimumDropRatio);
        foreach (var v in Order) w.Write(v);
        for (var r = 0; r < Runs; r++)
        {
            w.Write(Seeds[r]);
            foreach (var v in PerRunRelevance[r]) w.Write(v);
            w.Write(TrainingCurves[r].Length);
            foreach (var e in TrainingCurves[r])
            {
                w.Write(e.Epoch);
                w.Write(e.Losses.Count);
                foreach (var (name, value) in e.Losses) { w.Write(name); w.Write(value); }
            }
        }
        foreach (var f in FeatureNames) w.Write(f);
        foreach (var row in Correlations) foreach (var v in row) w.Write(v);
        foreach (var v in LinearR2) w.Write(v);
        if (BetaScan.Count == 0) return;
        w.Write(BetaScan.Count);
        foreach (var p in BetaScan)
        {
            w.Write(p.Beta);
            foreach (var run in p.PerRunRelevance) foreach (var v in run) w.Write(v);
        }
    }

    internal static RelevanceReport Read(BinaryReader r)
    {
        var version = r.ReadInt32();
        if (version is not (FormatVersion or FormatVersionWithScan))
            throw new FormatException($"RelevanceReport format version {version} is not supported (expected {FormatVersion} or {FormatVersionWithScan}).");
        var latent = r.ReadInt32();
        var runs = r.ReadInt32();
        var d = r.ReadInt32();
        if (latent <= 0 || runs <= 0 || d <= 0 || latent > 1 << 16 || runs > 1 << 16 || d > 1 << 24)
            throw new FormatException($"Corrupt RelevanceReport: {latent} latents, {runs} runs, {d} features.");
        var best = r.ReadInt32();
        if (best < 0 || best >= runs) throw new FormatException($"Corrupt RelevanceReport: best run {best} of {runs}.");
        var seconds = r.ReadDouble();
        double? threshold = r.ReadBoolean() ? r.ReadDouble() : null;
        var drop = r.ReadDouble();
        double[] Doubles(int n) => Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
        var order = Enumerable.Range(0, latent).Select(_ => r.ReadInt32()).ToArray();
        var seeds = new int[runs];
        var perRun = new double[runs][];
        var curves = new EpochLosses[runs][];
        for (var k = 0; k < runs; k++)
        {
            seeds[k] = r.ReadInt32();
            perRun[k] = Doubles(latent);
            var epochs = r.ReadInt32();
            curves[k] = new EpochLosses[epochs];
            for (var e = 0; e < epochs; e++)
            {
                var epoch = r.ReadInt32();
                var terms = r.ReadInt32();
                var losses = new Dictionary<string, double>();
                for (var t = 0; t < terms; t++) losses[r.ReadString()] = r.ReadDouble();
                curves[k][e] = new EpochLosses(epoch, losses);
            }
        }
        var names = Enumerable.Range(0, d).Select(_ => r.ReadString()).ToArray();
        var corr = Enumerable.Range(0, latent).Select(_ => Doubles(d)).ToArray();
        var r2 = Doubles(latent);
        if (order.Order().Where((v, i) => v != i).Any()) throw new FormatException("Corrupt RelevanceReport: the latent order is not a permutation.");
        foreach (var p in perRun)
            for (var k = 1; k < latent; k++)
                if (!(p[k] <= p[k - 1]) || !(p[k] >= 0)) throw new FormatException("Corrupt RelevanceReport: a run's relevance profile is not sorted, non-negative numbers.");
        var scan = version == FormatVersionWithScan ? ReadScan(r, runs, latent, threshold, drop) : [];
        return new RelevanceReport(order, perRun, seeds, best, names, corr, r2, curves, TimeSpan.FromSeconds(seconds), threshold, drop, scan);
    }

    private static RelevanceBetaScanPoint[] ReadScan(BinaryReader r, int runs, int latent, double? threshold, double drop)
    {
        var count = r.ReadInt32();
        if (count is <= 0 or > LatentRelevanceEstimator.Options.MaxBetaScan) throw new FormatException($"Corrupt RelevanceReport: a β scan of {count} values.");
        var scan = new RelevanceBetaScanPoint[count];
        for (var k = 0; k < count; k++)
        {
            var beta = r.ReadDouble();
            if (!(beta > 0) || double.IsInfinity(beta) || (k > 0 && !(beta > scan[k - 1].Beta)))
                throw new FormatException("Corrupt RelevanceReport: the β scan's values are not increasing, finite numbers > 0.");
            var perRun = Enumerable.Range(0, runs).Select(_ => Enumerable.Range(0, latent).Select(_ => r.ReadDouble()).ToArray()).ToArray();
            foreach (var p in perRun)
                for (var j = 0; j < latent; j++)
                    if (!(p[j] >= 0) || (j > 0 && !(p[j] <= p[j - 1]))) throw new FormatException("Corrupt RelevanceReport: a β scan profile is not sorted, non-negative numbers.");
            scan[k] = new RelevanceBetaScanPoint(beta, perRun, threshold, drop);
        }
        return scan;
    }
}
