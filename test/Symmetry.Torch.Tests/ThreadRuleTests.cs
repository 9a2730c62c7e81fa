using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The automatic thread count: a pure function of a step's work, the cores and the caller's count.</summary>
[TestClass]
public sealed class ThreadRuleTests
{
    [TestMethod]
    // The methods' default steps (docs/benchmarks.md, "Threads chosen per workload"): one LatentRelevance run ≈ 1.3e6,
    // LatentLieGan (pendulum pairs) ≈ 6.5e6, 20 batched LatentRelevance runs ≈ 2.6e7, LieDetector on 28 × 28 ≈ 8.4e8.
    [DataRow(0L, 2, 2, 1)]
    [DataRow(1_294_336L, 2, 2, 1)]
    [DataRow(6_504_448L, 64, 64, 1)]
    [DataRow(9_999_999L, 2, 2, 1)]
    [DataRow(10_000_000L, 2, 2, 1)]
    [DataRow(25_886_720L, 2, 2, 2)]
    [DataRow(25_886_720L, 1, 1, 1)]
    [DataRow(25_886_720L, 64, 64, 2)]
    [DataRow(842_088_448L, 2, 2, 2)]
    [DataRow(842_088_448L, 4, 2, 2)]        // the caller's count caps the choice
    [DataRow(842_088_448L, 64, 64, 8)]      // so does MaxThreads
    [DataRow(842_088_448L, 64, 1, 1)]
    public void TheRuleGivesOneThreadPerTenMillionMultiplyAdds(long work, int cores, int caller, int expected) =>
        Assert.AreEqual(expected, ThreadRule.Choose(work, cores, caller));

    [TestMethod]
    public void DenseWorkIsRowsTimesTheSumOfLayerProducts()
    {
        // One LatentRelevance run on 6 features, latent 6, hidden 64-64, batch 128: encoder 6·64 + 64·64 + 64·12, decoder 6·64 + 64·64 + 64·6.
        Assert.AreEqual(128L * (384 + 4096 + 768 + 384 + 4096 + 384), ThreadRule.Dense(128, [6, 64, 64, 12], [6, 64, 64, 6]));
        Assert.AreEqual(0L, ThreadRule.Dense(128, [5]));
    }

    [TestMethod]
    [DataRow(20, 2, 2)]
    [DataRow(20, 8, 8)]
    [DataRow(3, 8, 3)]      // at most one worker per run
    [DataRow(1, 2, 1)]
    [DataRow(20, 1, 1)]
    public void WorkersAreOnePerThreadAndAtMostOnePerRun(int runs, int threads, int expected) =>
        Assert.AreEqual(expected, ThreadRule.Workers(runs, threads));

    [TestMethod]
    [DataRow(2, 2, 2)]
    [DataRow(4, 2, 2)]      // the caller's count
    [DataRow(2, 16, 2)]     // the cores
    [DataRow(64, 64, 8)]    // MaxThreads
    public void TheBudgetIsTheCoresTheCallersCountAndTheCap(int cores, int caller, int expected) =>
        Assert.AreEqual(expected, ThreadRule.Budget(cores, caller));

    [TestMethod]
    public void BadArgumentsThrow()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ThreadRule.Workers(0, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ThreadRule.Workers(2, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ThreadRule.Budget(0, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ThreadRule.Choose(-1, 2, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ThreadRule.Choose(1, 0, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ThreadRule.Choose(1, 2, 0));
    }
}
