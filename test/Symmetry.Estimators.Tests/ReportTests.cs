using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>How the report aggregates its runs, and its tables.</summary>
[TestClass]
public sealed class ReportTests
{
    private const int Runs = 4;
    private static readonly Lazy<LatentRelevanceTransformer> Fitted = new(() =>
        TestData.FitQuick(new MLContext(seed: 4), TestData.CircleView(256, seed: 4), o => { o.Runs = Runs; o.LatentDimension = 4; }));

    private static RelevanceReport Report => Fitted.Value.Report;

    [ClassCleanup]
    public static void Dispose()
    {
        if (Fitted.IsValueCreated) Fitted.Value.Dispose();
    }

    [TestMethod]
    public void RelevanceIsTheMedianOfTheSortedPerRunProfiles()
    {
        var r = Report;
        Assert.AreEqual(Runs, r.Runs);
        Assert.HasCount(Runs, r.PerRunRelevance);
        foreach (var p in r.PerRunRelevance)
            for (var k = 1; k < p.Length; k++) Assert.IsTrue(p[k] <= p[k - 1], "each run's profile is sorted");
        double previous = double.PositiveInfinity;
        for (var k = 0; k < 4; k++)
        {
            var v = r.PerRunRelevance.Select(p => p[k]).Order().ToArray();
            var median = Math.Min(previous, 0.5 * (v[1] + v[2])); // an even count: the mean of the middle two (kept non-increasing)
            Assert.AreEqual(median, r.Relevance[k], $"rank {k}");
            Assert.AreEqual(v.Average(), r.RelevanceMean[k], 1e-12 * v.Average() + 1e-15, $"rank {k}"); // a sum of four doubles
            previous = median;
        }
        Assert.AreEqual(RelevanceMath.IntrinsicDimension(r.Relevance), r.IntrinsicDimension);
        Assert.AreNotEqual(r.PerRunRelevance[0][0], r.PerRunRelevance[1][0], "the runs are independent (different seeds)");
    }

    [TestMethod]
    public void TheHistogramCountsEachRunsOwnDimension()
    {
        var r = Report;
        Assert.HasCount(5, r.DimensionHistogram); // dimensions 0 … L
        Assert.AreEqual(Runs, r.DimensionHistogram.Sum());
        for (var run = 0; run < Runs; run++)
            Assert.AreEqual(RelevanceMath.IntrinsicDimension(r.PerRunRelevance[run]), r.PerRunDimension[run], $"run {run}");
        for (var d = 0; d <= 4; d++) Assert.AreEqual(r.PerRunDimension.Count(x => x == d), r.DimensionHistogram[d]);
        Assert.AreEqual(r.DimensionHistogram.Max(), r.DimensionHistogram[r.ModalDimension]);
    }

    [TestMethod]
    public void TheKeptRunHasTheLowestFinalLoss()
    {
        var r = Report;
        var finals = r.TrainingCurves.Select(c => c[^1].Losses["total"]).ToArray();
        Assert.AreEqual(Array.IndexOf(finals, finals.Min()), r.BestRun);
        CollectionAssert.AreEqual(r.Order.ToArray(), Fitted.Value.LatentOrder.ToArray());
    }

    [TestMethod]
    public void TablesHaveOneRowPerRankRunDimensionAndEpoch()
    {
        var r = Report;
        var main = r.ToDataFrame();
        CollectionAssert.AreEqual(new[] { "Rank", "Latent", "Relevance", "RelevanceMean", "RelevanceStd", "Relevant", "LinearR2" }, main.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(4L, main.Rows.Count);
        for (var k = 0; k < 4; k++)
        {
            Assert.AreEqual(r.Relevance[k], (double)main["Relevance"][k]!);
            Assert.AreEqual(k < r.IntrinsicDimension, (bool)main["Relevant"][k]!);
        }
        var histogram = r.DimensionHistogramToDataFrame();
        Assert.AreEqual(5L, histogram.Rows.Count);
        Assert.AreEqual((long)Runs, Enumerable.Range(0, 5).Sum(d => (long)(int)histogram["Runs"][d]!));
        var runs = r.RunsToDataFrame();
        Assert.AreEqual((long)Runs, runs.Rows.Count);
        Assert.AreEqual(1, Enumerable.Range(0, Runs).Count(i => (bool)runs["Best"][i]!));
        Assert.IsTrue((bool)runs["Best"][r.BestRun]!);
        CollectionAssert.AreEqual(new[] { "Run", "Seed", "Best", "Dimension", "FinalLoss", "R1", "R2", "R3", "R4" }, runs.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(Runs * 3L, r.TrainingCurvesToDataFrame().Rows.Count); // 3 epochs per run
        var correlations = r.CorrelationsToDataFrame();
        CollectionAssert.AreEqual(new[] { "Rank", "x0", "x1" }, correlations.Columns.Select(c => c.Name).ToArray());
        var text = r.ToString();
        foreach (var (title, _) in r.Tables()) StringAssert.Contains(text, title);
        StringAssert.StartsWith(r.Summary, $"Intrinsic dimension {r.IntrinsicDimension} of 2 features (largest gap, ratio ≥ 3); median relevance by rank over 4 run(s): ");
    }

    [TestMethod]
    public void SaveCsvRefusesToOverwriteUnlessAsked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"symmetry-report-{Environment.ProcessId}.csv");
        try
        {
            Report.SaveCsv(path);
            var table = DataFrame.LoadCsv(path);
            Assert.AreEqual(4L, table.Rows.Count);
            var e = Assert.ThrowsExactly<IOException>(() => Report.SaveCsv(path));
            Assert.AreEqual($"'{path}' already exists; pass overwrite: true to replace it.", e.Message);
            Report.SaveCsv(path, overwrite: true);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AnAbsoluteThresholdReplacesTheGapRule()
    {
        var model = TestData.FitQuick(new MLContext(seed: 4), TestData.CircleView(256, seed: 4), o => o.RelevanceThreshold = 1e-9);
        Assert.AreEqual(3, model.Report.IntrinsicDimension, "every latent has relevance above 1e-9");
        StringAssert.Contains(model.Report.Summary, "(relevance ≥ 1E-09)"); // G3 of 1e-9
    }
}
