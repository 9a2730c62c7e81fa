using Microsoft.ML;
using Microsoft.ML.Symmetry;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// A protocol split into shards and merged equals one fit of it bit for bit (fit time aside), through the files the
/// shards write; the merge refuses parts of other protocols, duplicates and missing shards; the files are checked.
/// Every fit runs on the one libtorch thread AssemblySetup sets, so both sides use the same kernels.
/// </summary>
[TestClass]
public sealed class ShardingTests
{
    private const int Rows = 300, Runs = 5;
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"symmetry-shard-tests-{Environment.ProcessId}");

    [ClassInitialize]
    public static void MakeFolder(TestContext _)
    {
        Directory.CreateDirectory(Folder);
        // Explicitly one libtorch thread on both sides: with more, batched kernels split by their size, and a shard's
        // runs agree with the single fit's only to float32 rounding (measured: ~1e-9 relative with 2 threads).
        TorchSharp.torch.set_num_threads(1);
    }

    [ClassCleanup]
    public static void DeleteFolder() => Directory.Delete(Folder, recursive: true);

    private static IDataView Data(MLContext ml) => TestData.CircleView(Rows, seed: 31, ["x", "y"]);

    private static LatentRelevanceEstimator.Options Options(SymmetryShard? shard, double beta = LatentRelevanceEstimator.Defaults.Beta) =>
        TestData.Quick(o => { o.Runs = Runs; o.Shard = shard; o.Beta = beta; });

    private static SymmetryPartialResult Shard(MLContext ml, int index, int count, double beta = LatentRelevanceEstimator.Defaults.Beta)
    {
        var part = ml.Transforms.SymmetryDiscovery.LatentRelevance(Options(new SymmetryShard(index, count), beta)).FitPartial(Data(ml));
        // Through the file, as shards on other machines hand their results over.
        var path = Path.Combine(Folder, $"shard-{index}-{count}-{beta}.symshard");
        part.Save(path);
        part.Dispose();
        return SymmetryPartialResult.Load(ml, path);
    }

    [TestMethod]
    public void ThreeShardsOfFiveRunsMergeIntoTheSingleFitBitForBit()
    {
        var ml = new MLContext(seed: 1);
        var single = ml.Transforms.SymmetryDiscovery.LatentRelevance(Options(null)).Fit(Data(ml));
        // Blocks of 1, 2 and 2 runs, given out of order.
        var parts = new[] { Shard(ml, 2, 3), Shard(ml, 0, 3), Shard(ml, 1, 3) };
        CollectionAssert.AreEqual(new[] { 1, 2, 2 }, parts.OrderBy(p => p.Shard.Index).Select(p => p.Block.Length).ToArray());
        var merged = (LatentRelevanceTransformer)SymmetryPartialResult.Merge(parts);

        var a = single.Report;
        var b = merged.Report;
        CollectionAssert.AreEqual(new[] { 11, 12, 13, 14, 15 }, b.Seeds.ToArray()); // run r ↔ seed 11 + r
        Assert.AreEqual(a.BestRun, b.BestRun);
        Assert.AreEqual(a.IntrinsicDimension, b.IntrinsicDimension);
        CollectionAssert.AreEqual(a.Order.ToArray(), b.Order.ToArray());
        CollectionAssert.AreEqual(a.Relevance.ToArray(), b.Relevance.ToArray());
        CollectionAssert.AreEqual(a.RelevanceMean.ToArray(), b.RelevanceMean.ToArray());
        CollectionAssert.AreEqual(a.RelevanceStd.ToArray(), b.RelevanceStd.ToArray());
        CollectionAssert.AreEqual(a.DimensionHistogram.ToArray(), b.DimensionHistogram.ToArray());
        CollectionAssert.AreEqual(a.LinearR2.ToArray(), b.LinearR2.ToArray());
        for (var r = 0; r < Runs; r++)
        {
            CollectionAssert.AreEqual(a.PerRunRelevance[r], b.PerRunRelevance[r], $"run {r}");
            CollectionAssert.AreEqual(a.TrainingCurves[r].Select(e => e.Losses["total"]).ToArray(), b.TrainingCurves[r].Select(e => e.Losses["total"]).ToArray(), $"run {r}");
        }
        for (var k = 0; k < a.Correlations.Count; k++) CollectionAssert.AreEqual(a.Correlations[k], b.Correlations[k], $"rank {k}");
        // The tables every output is written from, and the scored rows of the kept model.
        foreach (var ((title, ta), (_, tb)) in a.Tables().Zip(b.Tables())) Assert.AreEqual(ta.ToString(), tb.ToString(), title);
        CollectionAssert.AreEqual(TestData.Read(single.Transform(Data(ml)), "Latent"), TestData.Read(merged.Transform(Data(ml)), "Latent"));
        CollectionAssert.AreEqual(TestData.Read(single.Transform(Data(ml)), "LatentSigma"), TestData.Read(merged.Transform(Data(ml)), "LatentSigma"));
        Assert.AreEqual(parts.Sum(p => ((LatentRelevanceTransformer)p.Model).Report.FitTime.Ticks), b.FitTime.Ticks); // the shards' total

        // The merged model outlives its parts.
        foreach (var p in parts) p.Dispose();
        Assert.HasCount(Rows * 3, TestData.Read(merged.Transform(Data(ml)), "Latent"));
        merged.Dispose();
        single.Dispose();
    }

    // N_g = 1 … 4 on 3-d Gaussian points with the oracle ‖x‖², 400 full-batch epochs: enough for the scan to keep
    // so(3) at N_g = 3, which lies in the last shard's block, not the first's.
    private static OracleFlowsEstimator.Options FlowScan(SymmetryShard? shard) => new()
    {
        Oracle = x => x.pow(2).sum(1), ScanGenerators = 4, Epochs = 400, LearningRate = 1e-2, Seed = 5, Shard = shard,
    };

    private static IDataView Gaussian()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 200 * 3).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
        return new ArrayView(200).Vector("Features", 3, values);
    }

    [TestMethod]
    public void ShardsOfAnOracleFlowsScanMergeIntoTheSingleFitBitForBit()
    {
        var ml = new MLContext(seed: 1);
        var single = ml.Transforms.SymmetryDiscovery.OracleFlows(FlowScan(null)).Fit(Gaussian());
        var parts = Enumerable.Range(0, 3).Select(i =>
        {
            var part = ml.Transforms.SymmetryDiscovery.OracleFlows(FlowScan(new SymmetryShard(i, 3))).FitPartial(Gaussian());
            var path = Path.Combine(Folder, $"flows-{i}.symshard");
            part.Save(path);
            part.Dispose();
            return SymmetryPartialResult.Load(ml, path);
        }).Reverse().ToArray();
        CollectionAssert.AreEqual(new[] { 1, 1, 2 }, parts.OrderBy(p => p.Shard.Index).Select(p => p.Block.Length).ToArray());
        var merged = (OracleFlowsTransformer)SymmetryPartialResult.Merge(parts);
        var a = single.Report;
        var b = merged.Report;
        Assert.AreEqual("so(3)", a.Algebra.Name); // the truth for ‖x‖² in 3 dimensions
        Assert.IsTrue(a.Scan[2].Kept);
        CollectionAssert.AreEqual(a.Scan.ToArray(), b.Scan.ToArray()); // records: N_g, losses, residuals, flags, algebra, kept
        Assert.AreEqual(a.GeneratorCount, b.GeneratorCount);
        for (var g = 0; g < a.GeneratorCount; g++) CollectionAssert.AreEqual(a.Generators[g].Cast<double>().ToArray(), b.Generators[g].Cast<double>().ToArray(), $"generator {g}");
        CollectionAssert.AreEqual(a.RelativeInvariance.ToArray(), b.RelativeInvariance.ToArray());
        CollectionAssert.AreEqual(a.StructureConstants.Cast<double>().ToArray(), b.StructureConstants.Cast<double>().ToArray());
        Assert.AreEqual(a.Algebra.Name, b.Algebra.Name);
        foreach (var ((title, ta), (_, tb)) in a.Tables().Zip(b.Tables())) Assert.AreEqual(ta.ToString(), tb.ToString(), title);
        CollectionAssert.AreEqual(TestData.Read(single.Transform(Gaussian()), "Flow"), TestData.Read(merged.Transform(Gaussian()), "Flow"));
        foreach (var p in parts) p.Dispose();
        merged.Dispose();
        single.Dispose();
    }

    [TestMethod]
    public void MergeRefusesOtherProtocolsDuplicatesAndMissingShards()
    {
        var ml = new MLContext(seed: 1);
        var s0 = Shard(ml, 0, 3);
        var s2 = Shard(ml, 2, 3);
        var otherBeta = Shard(ml, 1, 3, beta: 0.5);
        try
        {
            var missing = Assert.ThrowsExactly<InvalidOperationException>(() => SymmetryPartialResult.Merge([s2, s0]));
            Assert.AreEqual("1 of 3 shards are missing: 1. Run them again (--shard 1/3) and merge once all are present.", missing.Message);
            var duplicate = Assert.ThrowsExactly<InvalidOperationException>(() => SymmetryPartialResult.Merge([s0, s2, s0]));
            Assert.AreEqual("Shard 0/3 is given 2 times; give each shard once.", duplicate.Message);
            var mismatch = Assert.ThrowsExactly<InvalidOperationException>(() => SymmetryPartialResult.Merge([s0, otherBeta, s2]));
            StringAssert.StartsWith(mismatch.Message, "Shard 1/3 (LatentRelevance, 5 items, fingerprint ");
            StringAssert.EndsWith(mismatch.Message, "the options, the data or the package version differ.");
            Assert.AreNotEqual(s0.Fingerprint, otherBeta.Fingerprint);
            Assert.AreEqual(s0.Fingerprint, s2.Fingerprint);
        }
        finally
        {
            s0.Dispose();
            s2.Dispose();
            otherBeta.Dispose();
        }
    }

    [TestMethod]
    public void TheFingerprintCoversTheDataButNotTheShard()
    {
        var ml = new MLContext(seed: 1);
        var options = Options(new SymmetryShard(0, 5));
        var a = ml.Transforms.SymmetryDiscovery.LatentRelevance(options).FitPartial(TestData.CircleView(Rows, seed: 31, ["x", "y"]));
        options.Shard = new SymmetryShard(4, 5);
        var b = ml.Transforms.SymmetryDiscovery.LatentRelevance(options).FitPartial(TestData.CircleView(Rows, seed: 31, ["x", "y"]));
        var otherData = ml.Transforms.SymmetryDiscovery.LatentRelevance(options).FitPartial(TestData.CircleView(Rows, seed: 32, ["x", "y"]));
        Assert.AreEqual(a.Fingerprint, b.Fingerprint);
        Assert.AreNotEqual(a.Fingerprint, otherData.Fingerprint);
        CollectionAssert.AreEqual(new[] { 15 }, ((LatentRelevanceTransformer)b.Model).Report.Seeds.ToArray()); // shard 4/5 is run 4, seed 11 + 4
        a.Dispose(); b.Dispose(); otherData.Dispose();
    }

    [TestMethod]
    public void ACorruptOrForeignFileIsAFormatExceptionNamingIt()
    {
        var ml = new MLContext(seed: 1);
        var part = ml.Transforms.SymmetryDiscovery.LatentRelevance(Options(new SymmetryShard(0, 5))).FitPartial(Data(ml));
        var path = Path.Combine(Folder, "corrupt.symshard");
        part.Save(path);
        part.Dispose();
        var good = File.ReadAllBytes(path);

        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.AreEqual($"Partial result '{path}' cannot be read: its SHA-256 checksum does not match its contents (truncated or altered).",
                        Assert.ThrowsExactly<FormatException>(() => SymmetryPartialResult.Load(ml, path)).Message);
        File.WriteAllBytes(path, good[..(good.Length - 100)]);
        Assert.ThrowsExactly<FormatException>(() => SymmetryPartialResult.Load(ml, path));
        File.WriteAllBytes(path, "PK\u0003\u0004 not ours"u8.ToArray());
        Assert.AreEqual($"Partial result '{path}' cannot be read: it does not start with the partial-result signature SYMSHARD.",
                        Assert.ThrowsExactly<FormatException>(() => SymmetryPartialResult.Load(ml, path)).Message);
        File.WriteAllBytes(path, good);
        SymmetryPartialResult.Load(ml, path).Dispose();
    }

    [TestMethod]
    public void ShardTextsAndBlocks()
    {
        Assert.AreEqual(new SymmetryShard(2, 5), SymmetryShard.Parse("2/5"));
        // A resubmission of shard 3 alone (--array=3) has SLURM_ARRAY_TASK_MIN 3: the id is the index.
        var env = new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_MIN"] = "3" };
        Assert.AreEqual(new SymmetryShard(3, 4), SymmetryShard.ParseWith("auto/4", n => env.GetValueOrDefault(n)));
        env = new() { ["SLURM_ARRAY_TASK_ID"] = "4" }; // --array=1-4
        Assert.AreEqual("Shard auto/4: SLURM_ARRAY_TASK_ID=4 is not a shard index 0 … 3 (submit the array as --array=0-3).",
                        Assert.ThrowsExactly<FormatException>(() => SymmetryShard.ParseWith("auto/4", n => env.GetValueOrDefault(n))).Message);
        env = new() { ["JOB_COMPLETION_INDEX"] = "3" };
        Assert.AreEqual(new SymmetryShard(3, 4), SymmetryShard.ParseWith("auto/4", n => env.GetValueOrDefault(n)));
        Assert.AreEqual("Shard auto/4: none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AZ_BATCH_TASK_ID is set; run inside a job array or give i/4.",
                        Assert.ThrowsExactly<FormatException>(() => SymmetryShard.ParseWith("auto/4", _ => null)).Message);
        Assert.AreEqual("Shard '4/4': index 4 is not below the shard count 4 (shards are 0 … 3).",
                        Assert.ThrowsExactly<FormatException>(() => SymmetryShard.Parse("4/4")).Message);
        Assert.ThrowsExactly<FormatException>(() => SymmetryShard.Parse("-1/4"));
        Assert.ThrowsExactly<FormatException>(() => SymmetryShard.Parse("1/0"));
        // 20 runs over 3 shards: 6, 7, 7, contiguous and covering.
        Assert.AreEqual((0, 6), new SymmetryShard(0, 3).Block(20));
        Assert.AreEqual((6, 7), new SymmetryShard(1, 3).Block(20));
        Assert.AreEqual((13, 7), new SymmetryShard(2, 3).Block(20));
        Assert.ThrowsExactly<ArgumentException>(() => new LatentRelevanceEstimator(new MLContext(), TestData.Quick(o => { o.Shard = new SymmetryShard(0, 2); o.Seed = null; })));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LatentRelevanceEstimator(new MLContext(), TestData.Quick(o => o.Shard = new SymmetryShard(0, 3))));
    }
}
