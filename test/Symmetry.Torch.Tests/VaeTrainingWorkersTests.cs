using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// Batched runs trained on parallel workers (<see cref="LatentRelevanceTrainingOptions.Workers"/>): the same bits as one
/// worker at libtorch's one thread (AssemblySetup's), the same reports, and a failure or cancellation in any worker
/// stops them all, surfaces as itself and leaves no tensor behind.
/// </summary>
[TestClass]
public sealed class VaeTrainingWorkersTests
{
    private static readonly LatentRelevanceTrainingOptions Small = new() { HiddenLayers = [16, 16], LatentSize = 3, Beta = 0.1, Epochs = 3, BatchSize = 64, LearningRate = 1e-3 };
    private static readonly int[] Seeds = [21, 22, 23, 24, 25];

    private static TrainingLoop Loop(IProgress<TrainingProgress>? progress = null, Action<string>? log = null, CancellationToken token = default, Action? beforeStep = null) =>
        new(progress, log, token, beforeStep);

    private static void DisposeAll(IEnumerable<VaeRun> runs)
    {
        foreach (var r in runs) r.Model.Dispose();
    }

    private static void AssertSameBits(IReadOnlyList<VaeRun> expected, IReadOnlyList<VaeRun> actual)
    {
        Assert.HasCount(expected.Count, actual);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.AreEqual(expected[r].Seed, actual[r].Seed, "runs come back in seed order");
            var a = expected[r].Model.state_dict();
            var b = actual[r].Model.state_dict();
            CollectionAssert.AreEqual(a.Keys.ToArray(), b.Keys.ToArray());
            foreach (var k in a.Keys) Assert.IsTrue(TestData.Values(a[k]).SequenceEqual(TestData.Values(b[k])), $"run {r} {k}: at one libtorch thread a run's arithmetic does not depend on its group");
            Assert.AreEqual(expected[r].FinalLoss, actual[r].FinalLoss, 0.0);
            for (var e = 0; e < expected[r].History.Count; e++)
                foreach (var (name, value) in expected[r].History[e].Losses)
                    Assert.AreEqual(value, actual[r].History[e].Losses[name], 0.0, $"run {r} epoch {e + 1} {name}");
        }
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(5)]
    [DataRow(8)]    // more workers than runs: one run each
    public void WorkersTrainTheSameBitsAsOneModel(int workers)
    {
        Assert.AreEqual(1, get_num_threads(), "AssemblySetup's one libtorch thread, which the claim needs");
        using var data = TestData.Circle(300, 1.0, 41);
        var one = VaeTraining.Train(data, Small, Seeds, CPU, Loop());
        var many = VaeTraining.Train(data, Small with { Workers = workers }, Seeds, CPU, Loop());
        try
        {
            AssertSameBits(one, many);
        }
        finally
        {
            DisposeAll(one.Concat(many));
        }
    }

    [TestMethod]
    public void MoreRunsThanABatchHoldTrainInFullWavesWithTheSameBits()
    {
        // 130 runs: one worker trains groups of 64, 64 and 2; two train 33 + 33, then 32 + 32.
        using var data = TestData.Circle(64, 1.0, 42);
        var options = Small with { Epochs = 2 };
        var seeds = Enumerable.Range(100, 130).ToArray();
        var reports = new List<TrainingProgress>();
        var one = VaeTraining.Train(data, options, seeds, CPU, Loop());
        var many = VaeTraining.Train(data, options with { Workers = 2 }, seeds, CPU, Loop(new Sync(reports.Add)));
        try
        {
            AssertSameBits(one, many);
            CollectionAssert.AreEqual(new[] { (0, 66, 1), (0, 66, 2), (66, 64, 1), (66, 64, 2) }, reports.Select(p => (p.Run, p.RunsTogether, p.Epoch)).ToArray());
            CollectionAssert.AreEqual(new[] { 33 / 130.0, 66 / 130.0, 98 / 130.0, 1.0 }, reports.Select(p => p.Fraction).ToArray(), "every run-epoch counted once");
        }
        finally
        {
            DisposeAll(one.Concat(many));
        }
    }

    [TestMethod]
    public void ReportsAndLogLinesAreTheOneModelsOnTheCallingThread()
    {
        using var data = TestData.Circle(300, 1.0, 43);
        var caller = Environment.CurrentManagedThreadId;
        var threads = new List<int>();
        var (oneReports, oneLines) = (new List<TrainingProgress>(), new List<string>());
        var (manyReports, manyLines) = (new List<TrainingProgress>(), new List<string>());
        var one = VaeTraining.Train(data, Small, Seeds, CPU, Loop(new Sync(oneReports.Add), oneLines.Add));
        var many = VaeTraining.Train(data, Small with { Workers = 2 }, Seeds, CPU,
            Loop(new Sync(p => { threads.Add(Environment.CurrentManagedThreadId); manyReports.Add(p); }), l => { threads.Add(Environment.CurrentManagedThreadId); manyLines.Add(l); }));
        DisposeAll(one.Concat(many));
        Assert.HasCount(Small.Epochs, manyReports);
        CollectionAssert.AreEqual(oneLines, manyLines);
        Assert.IsTrue(threads.All(t => t == caller), "reported and logged on the thread that called Train");
        for (var e = 0; e < oneReports.Count; e++)
        {
            var (a, b) = (oneReports[e], manyReports[e]);
            Assert.AreEqual((a.Run, a.Runs, a.Epoch, a.Epochs, a.Step, a.StepsPerEpoch, a.IsEpochEnd, a.RunsTogether),
                            (b.Run, b.Runs, b.Epoch, b.Epochs, b.Step, b.StepsPerEpoch, b.IsEpochEnd, b.RunsTogether));
            CollectionAssert.AreEqual(a.Losses.ToArray(), b.Losses.ToArray(), "the mean over the same runs' same losses, in the same order");
        }
    }

    [TestMethod]
    public void CancellingStopsEveryWorkerAndLeavesNoTensor()
    {
        using var data = TestData.Circle(300, 1.0, 44);
        // Warm up once (one-time tensors: probes, cached constants).
        DisposeAll(VaeTraining.Train(data, Small with { Epochs = 1 }, Seeds, CPU, Loop()));
        using var cancel = new CancellationTokenSource();
        var epochs = new List<int>();
        var stepsAfter = 0;
        var before = VaeTrainingTests.LiveTensors();
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => VaeTraining.Train(data, Small with { Epochs = 1000, Workers = 2 }, Seeds, CPU,
            Loop(new Sync(p => { epochs.Add(p.Epoch); if (p.Epoch == 2) cancel.Cancel(); }), token: cancel.Token,
                 beforeStep: () => { if (cancel.IsCancellationRequested) Interlocked.Increment(ref stepsAfter); })));
        Assert.AreEqual(cancel.Token, e.CancellationToken, "the caller's cancellation, not the pool's own stop");
        CollectionAssert.AreEqual(new[] { 1, 2 }, epochs, "no report after the one that cancelled");
        // The token is checked just before the caller's check: a worker between the two when the token is cancelled
        // passes it once; no later step does.
        Assert.IsLessThanOrEqualTo(2, stepsAfter);
        Assert.AreEqual(before, VaeTrainingTests.LiveTensors(), "every model, optimizer and batch disposed");
    }

    [TestMethod]
    public void AWorkersExceptionStopsTheOthersAndSurfacesAsItself()
    {
        using var data = TestData.Circle(300, 1.0, 45);
        DisposeAll(VaeTraining.Train(data, Small with { Epochs = 1 }, Seeds, CPU, Loop()));
        var failed = 0;
        var worker2Steps = 0;
        var worker1Waited = false;
        var worker1After = 0;
        var before = VaeTrainingTests.LiveTensors();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => VaeTraining.Train(data, Small with { Epochs = 1000, Workers = 2 }, Seeds, CPU,
            Loop(beforeStep: () =>
            {
                if (Thread.CurrentThread.Name == "Symmetry training worker 2/2")
                {
                    if (++worker2Steps < 7) return;
                    Volatile.Write(ref failed, 1);
                    throw new InvalidDataException("worker 2 fails");
                }
                if (Thread.CurrentThread.Name != "Symmetry training worker 1/2" || Volatile.Read(ref failed) == 0) return;
                // Give worker 2's failure time to reach the pool, then count the steps worker 1 still starts.
                if (!worker1Waited) Thread.Sleep(500);
                else worker1After++;
                worker1Waited = true;
            })));
        Assert.AreEqual("worker 2 fails", e.Message);
        Assert.AreEqual(0, worker1After, "the other worker stops before its next step");
        Assert.AreEqual(before, VaeTrainingTests.LiveTensors(), "every model, optimizer and batch disposed");
    }

    [TestMethod]
    public void DivergenceInTheWorkersNamesTheTerm()
    {
        using var data = TestData.Circle(64, 1e30, 1);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => VaeTraining.Train(data, Small with { Workers = 2 }, [1, 2], CPU, Loop()));
        StringAssert.Contains(e.Message, "loss became");
        StringAssert.Contains(e.Message, "epoch 1");
    }

    [TestMethod]
    public void AReportHandlersExceptionStopsTheWorkers()
    {
        using var data = TestData.Circle(300, 1.0, 46);
        DisposeAll(VaeTraining.Train(data, Small with { Epochs = 1 }, Seeds, CPU, Loop()));
        var before = VaeTrainingTests.LiveTensors();
        var e = Assert.ThrowsExactly<FormatException>(() => VaeTraining.Train(data, Small with { Epochs = 1000, Workers = 3 }, Seeds, CPU,
            Loop(new Sync(p => { if (p.Epoch == 3) throw new FormatException("the handler fails"); }))));
        Assert.AreEqual("the handler fails", e.Message);
        Assert.AreEqual(before, VaeTrainingTests.LiveTensors(), "every model, optimizer and batch disposed");
    }

    [TestMethod]
    public void TheGroupsAreContiguousBalancedAndFillEveryWave()
    {
        CollectionAssert.AreEqual(new[] { (0, 10), (10, 10) }, ParallelRunGroups.Split(20, 2, 64));
        CollectionAssert.AreEqual(new[] { (0, 2), (2, 2), (4, 1) }, ParallelRunGroups.Split(5, 3, 64));
        CollectionAssert.AreEqual(new[] { (0, 1), (1, 1) }, ParallelRunGroups.Split(2, 8, 64));
        CollectionAssert.AreEqual(new[] { (0, 33), (33, 33), (66, 32), (98, 32) }, ParallelRunGroups.Split(130, 2, 64));
        CollectionAssert.AreEqual(new[] { (0, 2), (2, 1), (3, 1), (4, 1) }, ParallelRunGroups.Split(5, 2, 2));
        CollectionAssert.AreEqual(new[] { (0, 1), (1, 1), (2, 1) }, ParallelRunGroups.Split(3, 2, 1));
    }

    [TestMethod]
    public void BadWorkerCountsAreRejected()
    {
        using var data = TestData.Circle(10, 1.0, 1);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => VaeTraining.Train(data, Small with { Workers = 0 }, [1], CPU, Loop())).Message, "Workers");
    }
}
