using Microsoft.ML;
using Microsoft.ML.Symmetry.Torch.Tests;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// The β scan through the estimator (<see cref="LatentRelevanceEstimator.Options.BetaScan"/>, issue 20): what the
/// relevance count is (the directions whose spread stands well above the posterior noise β sets) pinned qualitatively
/// on a held-out case, the report's scan and stable range, its save/load round trip, and the option's checks.
/// </summary>
[TestClass]
public sealed class BetaScanEstimatorTests
{
    private static readonly double[] Betas = [0.1, 0.3, 1, 30];

    // A 2-D plane in R⁵ with 1 % noise (RelevanceCases "plane5"), 3 runs of 30 epochs at each β: a few seconds per β.
    private static readonly Lazy<(IDataView Data, LatentRelevanceTransformer Model)> Plane = new(() =>
    {
        using var tensor = RelevanceCases.Case("plane5", 1000, seed: 3);
        var values = tensor.data<float>().ToArray();
        var data = new ArrayView(1000).Vector("Features", 5, values);
        var options = new LatentRelevanceEstimator.Options { HiddenLayers = [64, 64], Epochs = 30, BatchSize = 64, Runs = 3, Seed = 7, Beta = 0.1, BetaScan = Betas };
        return (data, new MLContext(1).Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(data));
    });

    [TestMethod]
    public void ANoisyPlaneGivesItsDimensionOverARangeOfBetaAndTheCountNeverGrowsWithBeta()
    {
        var r = Plane.Value.Model.Report;
        var text = string.Join(", ", r.BetaScan.Select(p => $"β {p.Beta}: {p.IntrinsicDimension} [{string.Join(",", p.PerRunDimension)}]"));
        CollectionAssert.AreEqual(Betas, r.BetaScan.Select(p => p.Beta).ToArray());
        var counts = r.BetaScan.Select(p => p.IntrinsicDimension).ToArray();
        // The plane's two directions over 0.1 … 1, a decade: the count is stable there.
        CollectionAssert.AreEqual(new[] { 2, 2, 2 }, counts[..3], text);
        // Non-increasing in β: a larger β means a larger posterior noise, so no more directions stand above it.
        for (var k = 1; k < counts.Length; k++) Assert.IsLessThanOrEqualTo(counts[k - 1], counts[k], text);
        // At a very large β the KL term wins and the posterior collapses: fewer than 2.
        Assert.IsLessThan(2, counts[^1], text);
        Assert.AreEqual(new RelevanceStableRange(0.1, 1, 2, 3), r.StableBetaRange, text);
        StringAssert.Contains(r.Summary, "β scan (count at β): 2 at 0.1, 2 at 0.3, 2 at 1, ");
        StringAssert.Contains(r.Summary, "; stable at 2 for β 0.1 … 1 (3 of 4 values).");
        Assert.AreEqual(2, r.KeyResults.Single(k => k.Key == "stableDimension").Value);
        Assert.AreEqual(4, r.KeyResults.Single(k => k.Key == "betaScanValues").Value);
    }

    [TestMethod]
    public void OnlyBetaDiffersBetweenTheScanAndTheMainFit()
    {
        // The main fit's β (0.1) is the scan's first value: same seeds, data and options, so the same profiles.
        var r = Plane.Value.Model.Report;
        var first = r.BetaScan[0];
        Assert.HasCount(r.Runs, first.PerRunRelevance);
        for (var run = 0; run < r.Runs; run++) CollectionAssert.AreEqual(r.PerRunRelevance[run], first.PerRunRelevance[run], $"run {run}");
        Assert.AreEqual(r.IntrinsicDimension, first.IntrinsicDimension);
        CollectionAssert.AreEqual(r.Relevance.ToArray(), first.MedianRelevance.ToArray());
    }

    [TestMethod]
    public void TheReportsTableHasOneRowPerBetaAndTheScanSurvivesSaveAndLoad()
    {
        var (data, model) = Plane.Value;
        var r = model.Report;
        var table = r.Tables().Single(t => t.Title == "β scan: relevance count per β").Table;
        Assert.AreEqual(Betas.Length, table.Rows.Count);
        CollectionAssert.AreEqual(new[] { "Beta", "Dimension", "Stable", "PerRunDimensions", "R1", "R2", "R3", "R4", "R5" }, table.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new object[] { true, true, true, false }, Enumerable.Range(0, 4).Select(i => table[i, 2]).ToArray());

        var ml = new MLContext(2);
        var path = Path.Combine(Path.GetTempPath(), $"symmetry-betascan-{Environment.ProcessId}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = (LatentRelevanceTransformer)ml.Model.Load(path, out _);
            try
            {
                var back = loaded.Report;
                Assert.AreEqual(r.Summary, back.Summary);
                Assert.AreEqual(r.StableBetaRange, back.StableBetaRange);
                Assert.HasCount(r.BetaScan.Count, back.BetaScan);
                for (var k = 0; k < r.BetaScan.Count; k++)
                {
                    Assert.AreEqual(r.BetaScan[k].Beta, back.BetaScan[k].Beta);
                    CollectionAssert.AreEqual(r.BetaScan[k].PerRunDimension.ToArray(), back.BetaScan[k].PerRunDimension.ToArray());
                    CollectionAssert.AreEqual(r.BetaScan[k].MedianRelevance.ToArray(), back.BetaScan[k].MedianRelevance.ToArray());
                    for (var run = 0; run < r.Runs; run++) CollectionAssert.AreEqual(r.BetaScan[k].PerRunRelevance[run], back.BetaScan[k].PerRunRelevance[run]);
                }
            }
            finally
            {
                loaded.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ACorruptScanInAReportIsRefusedByName()
    {
        var r = Plane.Value.Model.Report;
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) r.Write(w);
        var bytes = stream.ToArray();
        // The scan is the body's tail: int32 S, then S × (double β, runs × L doubles).
        var pointBytes = 8 * (1 + r.Runs * r.Relevance.Count);
        var countAt = bytes.Length - Betas.Length * pointBytes - 4;
        Assert.AreEqual(Betas.Length, BitConverter.ToInt32(bytes, countAt), "the layout the format comment gives");
        string Refusal(byte[] body) => Assert.ThrowsExactly<FormatException>(() => RelevanceReport.Read(new BinaryReader(new MemoryStream(body)))).Message;

        var zero = (byte[])bytes.Clone();
        BitConverter.GetBytes(0).CopyTo(zero, countAt);
        Assert.AreEqual("Corrupt RelevanceReport: a β scan of 0 values.", Refusal(zero));
        var unsorted = (byte[])bytes.Clone();
        BitConverter.GetBytes(0.05).CopyTo(unsorted, countAt + 4 + pointBytes); // the second β below the first (0.1)
        Assert.AreEqual("Corrupt RelevanceReport: the β scan's values are not increasing, finite numbers > 0.", Refusal(unsorted));
        var negative = (byte[])bytes.Clone();
        BitConverter.GetBytes(-1.0).CopyTo(negative, countAt + 4 + 8); // the first run's top relevance at the first β
        Assert.AreEqual("Corrupt RelevanceReport: a β scan profile is not sorted, non-negative numbers.", Refusal(negative));
        // Untouched, it reads back as written.
        Assert.AreEqual(r.Summary, RelevanceReport.Read(new BinaryReader(new MemoryStream(bytes))).Summary);
    }

    [TestMethod]
    public void AReportWithoutAScanHasNoScanTableOrKeysAndItsSummaryIsUnchanged()
    {
        var r = SharedModel.Model.Report;
        Assert.IsEmpty(r.BetaScan);
        Assert.IsNull(r.StableBetaRange);
        Assert.IsFalse(r.Tables().Any(t => t.Title.StartsWith("β scan", StringComparison.Ordinal)));
        Assert.IsFalse(r.KeyResults.Any(k => k.Key.Contains("beta", StringComparison.OrdinalIgnoreCase) || k.Key.StartsWith("stable", StringComparison.Ordinal)));
        Assert.DoesNotContain("β scan (count at β)", r.Summary);
    }

    // A scan point whose median profile gives dimension d under the threshold rule (relevance ≥ 1 counts).
    private static RelevanceBetaScanPoint Point(double beta, int d) =>
        new(beta, [Enumerable.Range(0, 4).Select(k => k < d ? 10.0 : 0.1).ToArray()], threshold: 1, minimumDropRatio: 3);

    [TestMethod]
    [DataRow(new[] { 0.01, 0.1, 0.3, 1, 3, 10, 30, 100, 300 }, new[] { 3, 2, 2, 2, 1, 0, 0, 0, 0 }, 0.1, 1, 2, 3, DisplayName = "longest run; a longer run of 0 (collapse) is left out")]
    [DataRow(new[] { 0.1, 0.2, 1, 10 }, new[] { 2, 2, 1, 1 }, 1, 10, 1, 2, DisplayName = "equal length: the larger ratio of β wins")]
    [DataRow(new[] { 0.1, 1, 2, 20 }, new[] { 2, 2, 1, 1 }, 0.1, 1, 2, 2, DisplayName = "equal length and ratio: the smaller β wins")]
    public void TheStableRangeIsTheLongestRunOfOneNonZeroCount(double[] betas, int[] counts, double low, double high, int dimension, int values)
    {
        var scan = betas.Zip(counts, Point).ToArray();
        CollectionAssert.AreEqual(counts, scan.Select(p => p.IntrinsicDimension).ToArray(), "the points give the intended counts");
        Assert.AreEqual(new RelevanceStableRange(low, high, dimension, values), RelevanceReport.StableRange(scan));
    }

    [TestMethod]
    public void NoStableRangeWhenNoTwoNeighboursAgree()
    {
        Assert.IsNull(RelevanceReport.StableRange([Point(0.1, 3), Point(1, 2), Point(10, 1), Point(100, 0), Point(1000, 0)]));
        Assert.IsNull(RelevanceReport.StableRange([Point(1, 2)]));
        Assert.IsNull(RelevanceReport.StableRange([]));
    }

    [TestMethod]
    public void BadBetaScanValuesAreRefusedWithTheValueAndTheRule()
    {
        // .NET writes ArgumentOutOfRangeException's actual value in the current culture (∞ or Infinity).
        var nl = Environment.NewLine;
        string Refusal(double[] scan)
        {
            var e = Assert.Throws<ArgumentException>(() => new MLContext(1).Transforms.SymmetryDiscovery.LatentRelevance(
                new LatentRelevanceEstimator.Options { BetaScan = scan }));
            Assert.AreEqual("BetaScan", e.ParamName);
            return e.Message;
        }
        Assert.AreEqual("BetaScan must hold at least one β; leave it null for no scan. (Parameter 'BetaScan')", Refusal([]));
        Assert.AreEqual($"BetaScan[1] must be a finite number > 0. (Parameter 'BetaScan'){nl}Actual value was 0.", Refusal([0.1, 0]));
        Assert.AreEqual($"BetaScan[0] must be a finite number > 0. (Parameter 'BetaScan'){nl}Actual value was -1.", Refusal([-1]));
        Assert.AreEqual($"BetaScan[0] must be a finite number > 0. (Parameter 'BetaScan'){nl}Actual value was {double.NaN}.", Refusal([double.NaN]));
        Assert.AreEqual($"BetaScan[2] must be a finite number > 0. (Parameter 'BetaScan'){nl}Actual value was {double.PositiveInfinity}.", Refusal([1, 2, double.PositiveInfinity]));
        Assert.AreEqual("BetaScan must be strictly increasing; BetaScan[2] = 0.5 follows 2. (Parameter 'BetaScan')", Refusal([0.1, 2, 0.5]));
        Assert.AreEqual("BetaScan must be strictly increasing; BetaScan[1] = 0.1 follows 0.1. (Parameter 'BetaScan')", Refusal([0.1, 0.1]));
        Assert.AreEqual("BetaScan holds 1001 values; at most 1000 are accepted. (Parameter 'BetaScan')",
                        Refusal(Enumerable.Range(1, 1001).Select(k => (double)k).ToArray()));
    }

    [TestMethod]
    public void TheEstimatorKeepsItsOwnCopyOfTheScan()
    {
        // Changed after the estimator was made, the caller's array is not seen (it was validated as it was).
        double[] scan = [0.1, 1];
        var options = TestData.Quick(o => { o.Epochs = 1; o.Runs = 1; o.BetaScan = scan; });
        var estimator = SharedModel.Ml.Transforms.SymmetryDiscovery.LatentRelevance(options);
        scan[1] = -5;
        options.BetaScan = null;
        var model = estimator.Fit(SharedModel.Data);
        try { CollectionAssert.AreEqual(new[] { 0.1, 1 }, model.Report.BetaScan.Select(p => p.Beta).ToArray()); }
        finally { model.Dispose(); }
    }
}
