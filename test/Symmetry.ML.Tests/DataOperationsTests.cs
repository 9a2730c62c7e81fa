using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class DataOperationsTests
{
    private static IDataView Ids(int n)
    {
        var b = new ArrayDataViewBuilder();
        b.AddColumn("Id", Enumerable.Range(0, n).ToArray());
        b.AddColumn("Key", Enumerable.Range(0, n).Select(i => $"k{i % 10}").ToArray());
        b.AddColumn("X", Enumerable.Range(0, n).Select(i => (float)i).ToArray());
        return b.GetDataView();
    }

    [TestMethod]
    public void TrainTestSplitPartitionsRowsReproducibly()
    {
        var ml = new MLContext(seed: 1);
        var data = Ids(1000);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 5);
        var train = split.TrainSet.GetColumn<int>("Id").ToArray();
        var test = split.TestSet.GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 1000).ToArray(), train.Concat(test).ToArray());
        // Binomial(1000, 0.2) has sd 12.6; ±50 is ±4 sd, so a correct split fails this less than once in 10^4.
        Assert.IsTrue(test.Length is > 150 and < 250, $"test rows: {test.Length}");
        CollectionAssert.AreEqual(test, ml.Data.TrainTestSplit(data, 0.2, seed: 5).TestSet.GetColumn<int>("Id").ToArray());
        CollectionAssert.AreNotEqual(test, ml.Data.TrainTestSplit(data, 0.2, seed: 6).TestSet.GetColumn<int>("Id").ToArray());
    }

    [TestMethod]
    public void TrainTestSplitKeepsEqualKeysTogether()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Ids(200), 0.3, samplingKeyColumnName: "Key", seed: 3);
        var trainKeys = split.TrainSet.GetColumn<string>("Key").ToHashSet();
        var testKeys = split.TestSet.GetColumn<string>("Key").ToHashSet();
        Assert.AreEqual(0, trainKeys.Intersect(testKeys).Count());
        Assert.AreEqual(10, trainKeys.Count + testKeys.Count);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.TrainTestSplit(Ids(5), 0.3, samplingKeyColumnName: "Nope"));
        Assert.AreEqual("Could not find sampling key column 'Nope' (Parameter 'samplingKeyColumnName')", e.Message);
    }

    [TestMethod]
    public void ShuffleRowsIsARepeatablePermutationForMemoryAndStreamingSources()
    {
        var ml = new MLContext(seed: 1);
        var memory = ml.Data.ShuffleRows(Ids(100), seed: 2);
        var streaming = ml.Data.ShuffleRows(ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new Counted { A = i }).ToArray()), seed: 2, shufflePoolSize: 16);
        foreach (var (view, col) in new[] { (memory, "X"), (streaming, "A") })
        {
            var once = view.GetColumn<float>(col).ToArray();
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), once);
            CollectionAssert.AreNotEqual(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), once);
            CollectionAssert.AreEqual(once, view.GetColumn<float>(col).ToArray());
        }
    }

    [TestMethod]
    public void TakeSkipAndFilterRows()
    {
        var ml = new MLContext(seed: 1);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("X", 1f, 2f, 3f, 4f, 5f, float.NaN);
        var data = b.GetDataView();
        CollectionAssert.AreEqual(new[] { 1f, 2 }, ml.Data.TakeRows(data, 2).GetColumn<float>("X").ToArray());
        Assert.AreEqual(2L, ml.Data.TakeRows(data, 2).GetRowCount());
        CollectionAssert.AreEqual(new[] { 5f, float.NaN }, ml.Data.SkipRows(data, 4).GetColumn<float>("X").ToArray());
        CollectionAssert.AreEqual(new[] { 2f, 3 }, ml.Data.FilterRowsByColumn(data, "X", 2, 4).GetColumn<float>("X").ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.FilterRowsByColumn(data, "Y"));
        Assert.AreEqual("Could not find input column 'Y' (Parameter 'columnName')", e.Message);
    }

    [TestMethod]
    public void HostsDeriveRandomStreamsFromTheContextSeed()
    {
        IHostEnvironment a = new MLContext(seed: 42), b = new MLContext(seed: 42), c = new MLContext(seed: 43);
        int[] Draw(IHostEnvironment env) => [env.Register("x").Rand.Next(), env.Register("y").Rand.Next()];
        CollectionAssert.AreEqual(Draw(a), Draw(b));
        CollectionAssert.AreNotEqual(Draw(new MLContext(seed: 42)), Draw(c));
        Assert.AreEqual(new Random(7).Next(), a.Register("z", seed: 7).Rand.Next());
    }

    [TestMethod]
    public void ChannelsAndProgressReachTheLogWithKindAndSource()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<LoggingEventArgs>();
        ml.Log += (_, e) => log.Add(e);
        var host = ml.Transforms.GetEnvironment().Register("MyEstimator");
        using (var ch = host.Start("Training"))
            ch.Warning("careful");
        var pch = host.StartProgressChannel("Training");
        int epoch = 3;
        pch.SetHeader(new ProgressHeader(["loss"], ["epochs"]), e => e.SetProgress(0, epoch, 10));
        pch.Checkpoint(0.125);
        Assert.AreEqual(2, log.Count);
        Assert.AreEqual(ChannelMessageKind.Warning, log[0].Kind);
        Assert.AreEqual("MyEstimator; Training", log[0].Source);
        Assert.AreEqual("[Source=MyEstimator; Training, Kind=Warning] careful", log[0].Message);
        Assert.AreEqual(ChannelMessageKind.Trace, log[1].Kind);
        Assert.AreEqual("epochs: 3/10; loss=0.125", log[1].RawMessage);
        ml.GpuDeviceId = 1;
        ml.FallbackToCpu = true;
        Assert.AreEqual(1, host.GpuDeviceId);
        Assert.IsTrue(host.FallbackToCpu);
        Assert.IsFalse(host.IsCanceled);
        ml.CancelExecution();
        Assert.IsTrue(host.CancellationToken.IsCancellationRequested);
        Assert.ThrowsExactly<OperationCanceledException>(host.CheckAlive);
    }
}
