using Microsoft.ML;
using Microsoft.ML.Symmetry;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// LatentRelevance's batched runs train on parallel workers at one libtorch thread, so a seeded fit gives the same bits
/// whatever its Threads (set or automatic) and however its runs are sharded.
/// </summary>
[TestClass]
public sealed class RelevanceWorkersTests
{
    private const int Rows = 256;

    private static ArrayView Data() => TestData.CircleView(Rows, seed: 9);

    [TestCleanup]
    public void BackToOneThread() => torch.set_num_threads(1);   // AssemblySetup's setting, for the other tests

    private static void AssertSameFit(LatentRelevanceTransformer expected, LatentRelevanceTransformer actual, string what)
    {
        var (a, b) = (expected.Report, actual.Report);
        CollectionAssert.AreEqual(a.Seeds.ToArray(), b.Seeds.ToArray(), what);
        Assert.AreEqual(a.BestRun, b.BestRun, what);
        CollectionAssert.AreEqual(a.Order.ToArray(), b.Order.ToArray(), what);
        CollectionAssert.AreEqual(a.Relevance.ToArray(), b.Relevance.ToArray(), what);
        for (var r = 0; r < a.Runs; r++)
        {
            CollectionAssert.AreEqual(a.PerRunRelevance[r], b.PerRunRelevance[r], $"{what}: run {r}");
            for (var e = 0; e < a.TrainingCurves[r].Length; e++)
                CollectionAssert.AreEqual(a.TrainingCurves[r][e].Losses.ToArray(), b.TrainingCurves[r][e].Losses.ToArray(), $"{what}: run {r} epoch {e + 1}");
        }
        for (var k = 0; k < a.Correlations.Count; k++) CollectionAssert.AreEqual(a.Correlations[k], b.Correlations[k], $"{what}: rank {k}");
        CollectionAssert.AreEqual(TestData.Read(expected.Transform(Data()), "Latent", out _, out _), TestData.Read(actual.Transform(Data()), "Latent", out _, out _), what);
        CollectionAssert.AreEqual(TestData.Read(expected.Transform(Data()), "LatentSigma", out _, out _), TestData.Read(actual.Transform(Data()), "LatentSigma", out _, out _), what);
    }

    [TestMethod]
    public void BatchedRunsGiveTheSameBitsForAnyThreadCount()
    {
        torch.set_num_threads(2);   // a caller that lets the automatic count use two cores
        var one = TestData.FitQuick(new MLContext(1), Data(), o => { o.Runs = 4; o.Threads = 1; });
        Assert.AreEqual(new TrainingThreads(1, Automatic: false), one.Report.Threads);
        foreach (int? threads in new int?[] { 2, 3, null })
        {
            var other = TestData.FitQuick(new MLContext(1), Data(), o => { o.Runs = 4; o.Threads = threads; });
            // Automatic: min(cores, 2), or fewer where the machine's cores are busy (IdleCores).
            if (threads is { } set) Assert.AreEqual(set, other.Report.Threads!.Count);
            else Assert.IsTrue(other.Report.Threads!.Count is >= 1 and <= 2, $"{other.Report.Threads}");
            AssertSameFit(one, other, $"Threads = {threads?.ToString() ?? "auto"}");
            other.Dispose();
        }
        one.Dispose();
    }

    [TestMethod]
    public void ShardsWithAutomaticWorkersMergeIntoTheSingleFitBitForBit()
    {
        // Automatic threads on both sides (two workers for the single fit's 5 runs, one or two for a shard's 1 or 2):
        // every part trains at one libtorch thread, so no explicit Threads is needed for the merge to be exact.
        torch.set_num_threads(2);
        var ml = new MLContext(1);
        var single = TestData.FitQuick(ml, Data(), o => o.Runs = 5);
        var parts = Enumerable.Range(0, 3).Select(i => ml.Transforms.SymmetryDiscovery.LatentRelevance(TestData.Quick(o =>
        {
            o.Runs = 5;
            o.Shard = new SymmetryShard(i, 3);
        })).FitPartial(Data())).ToArray();
        try
        {
            var merged = (LatentRelevanceTransformer)SymmetryPartialResult.Merge(parts);
            AssertSameFit(single, merged, "merged");
            merged.Dispose();
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
            single.Dispose();
        }
    }
}
