using Microsoft.ML;
using Microsoft.ML.Symmetry;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// The options' Threads: validated, used for the training, reported, and libtorch's (process-wide) count given back
/// to the caller when the fit ends, cancelled or not.
/// </summary>
[TestClass]
public sealed class ThreadsOptionTests
{
    private static ArrayView Data() => TestData.CircleView(256, seed: 9);

    // Records on the training thread, as the fit reports (Progress<T> would post to a synchronization context).
    private sealed class Probe(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }

    [TestCleanup]
    public void BackToOneThread() => torch.set_num_threads(1);   // AssemblySetup's setting, for the other tests

    [TestMethod]
    [DataRow(0)]
    [DataRow(-3)]
    public void ACountBelowOneIsRejected(int threads)
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(TestData.Quick(o => o.Threads = threads)));
        Assert.AreEqual($"Threads must be at least 1, or null to choose from the workload. (Parameter 'Threads'){Environment.NewLine}Actual value was {threads}.", e.Message);
    }

    [TestMethod]
    public void AnExplicitCountTrainsAndTheCallersCountComesBack()
    {
        torch.set_num_threads(1);
        var during = new List<int>();
        var model = TestData.FitQuick(new MLContext(1), Data(), o =>
        {
            o.Threads = 2;
            o.Runs = 1;     // one run: libtorch's own count (several batched runs train on workers instead)
            o.Progress = new Probe(_ => during.Add(torch.get_num_threads()));
        });
        CollectionAssert.AreEqual(new[] { 2, 2, 2 }, during);   // one report per epoch (Quick: 3 epochs)
        Assert.AreEqual(1, torch.get_num_threads());
        Assert.AreEqual(new TrainingThreads(2, Automatic: false), model.Report.Threads);
        Assert.AreEqual("2 (set)", model.Report.Threads!.ToString());
    }

    [TestMethod]
    public void AnExplicitCountTrainsBatchedRunsOnThatManyWorkersAtOneLibtorchThread()
    {
        torch.set_num_threads(2);
        var ml = new MLContext(1);
        var lines = new List<string>();
        ml.Log += (_, e) => { lock (lines) lines.Add(e.RawMessage); };
        var during = new List<int>();
        var model = TestData.FitQuick(ml, Data(), o =>
        {
            o.Threads = 3;  // Quick's 2 runs: 2 workers
            o.Progress = new Probe(_ => during.Add(torch.get_num_threads()));
        });
        CollectionAssert.AreEqual(new[] { 1, 1, 1 }, during, "the calling thread reports, at the workers' one libtorch thread");
        Assert.AreEqual(2, torch.get_num_threads(), "the caller's count comes back");
        Assert.AreEqual(new TrainingThreads(2, Automatic: false) { Workers = 2 }, model.Report.Threads);
        Assert.AreEqual("2 (set; 2 workers × 1 libtorch thread)", model.Report.Threads!.ToString());
        Assert.IsTrue(lines.Contains("LatentRelevance: 2 CPU thread(s) (the Threads option; 2 worker(s) × 1 libtorch thread, each training a block of the 2 run(s): the same results for any count)."),
                      string.Join("\n", lines));
    }

    [TestMethod]
    public void ACancelledFitGivesTheCallersCountBack()
    {
        torch.set_num_threads(1);
        using var cancel = new CancellationTokenSource();
        var during = new List<int>();
        Assert.ThrowsExactly<OperationCanceledException>(() => TestData.FitQuick(new MLContext(1), Data(), o =>
        {
            o.Threads = 2;
            o.Runs = 1;
            o.CancellationToken = cancel.Token;
            o.Progress = new Probe(_ => { during.Add(torch.get_num_threads()); cancel.Cancel(); });
        }));
        CollectionAssert.AreEqual(new[] { 2 }, during);
        Assert.AreEqual(1, torch.get_num_threads());
    }

    [TestMethod]
    public void TheAutomaticCountIsTheRulesAndIsReportedAndLogged()
    {
        var caller = Math.Min(2, Environment.ProcessorCount);
        torch.set_num_threads(caller);
        var ml = new MLContext(1);
        var lines = new List<string>();
        ml.Log += (_, e) => { lock (lines) lines.Add(e.RawMessage); };
        var during = new List<int>();
        var model = TestData.FitQuick(ml, Data(), o =>
        {
            o.Runs = 1;
            o.Progress = new Probe(_ => during.Add(torch.get_num_threads()));
        });
        // Quick, 1 run: batch 64 through 2 → 16 → 16 → 6 (μ, log σ²) and 3 → 16 → 16 → 2: 64 × 720 multiply-adds, far below 10⁷.
        CollectionAssert.AreEqual(new[] { 1, 1, 1 }, during);
        Assert.AreEqual(caller, torch.get_num_threads());
        Assert.AreEqual(new TrainingThreads(1, Automatic: true), model.Report.Threads);
        Assert.AreEqual("1 (automatic)", model.Report.Threads!.ToString());
        Assert.IsTrue(lines.Contains($"LatentRelevance: 1 CPU thread(s) (automatic: ≈ 4.61E+04 multiply-adds per step, {Environment.ProcessorCount} core(s), caller's count {caller})."),
                      string.Join("\n", lines));
    }

    [TestMethod]
    public void AutomaticWorkersForBatchedRunsAreOnePerIdleCoreAndReportedAndLogged()
    {
        var caller = Math.Min(2, Environment.ProcessorCount);
        torch.set_num_threads(caller);
        var ml = new MLContext(1);
        var lines = new List<string>();
        ml.Log += (_, e) => { lock (lines) lines.Add(e.RawMessage); };
        var model = TestData.FitQuick(ml, Data(), o => o.Runs = 3);
        // min(cores, the caller's count, 8) = the caller's count here, and fewer than the 3 runs; capped at the cores
        // the machine leaves idle, which depends on what else runs now (CI runs test projects side by side).
        var workers = model.Report.Threads!.Count;
        Assert.IsTrue(workers >= 1 && workers <= caller, $"{workers} workers");
        Assert.AreEqual(caller, torch.get_num_threads());
        Assert.AreEqual(new TrainingThreads(workers, Automatic: true) { Workers = workers }, model.Report.Threads);
        Assert.AreEqual(workers == 2 ? "2 (automatic; 2 workers × 1 libtorch thread)" : "1 (automatic)", model.Report.Threads!.ToString());
        var idle = caller > 1 && File.Exists("/proc/stat") ? @" \(\d+\.\d idle\)" : "";
        var expected = new System.Text.RegularExpressions.Regex(
            $@"^LatentRelevance: {workers} CPU thread\(s\) \(automatic: {Environment.ProcessorCount} core\(s\){idle}, caller's count {caller}; {workers} worker\(s\) × 1 libtorch thread, each training a block of the 3 run\(s\): the same results for any count\)\.$");
        Assert.IsTrue(lines.Any(expected.IsMatch), string.Join("\n", lines));
        model.Dispose();
    }

    [TestMethod]
    public void AutomaticWorkersStayAtOneWhenEveryCoreIsBusy()
    {
        if (Environment.ProcessorCount < 2 || !File.Exists("/proc/stat")) Assert.Inconclusive("Needs two cores and Linux's /proc/stat to measure idle cores.");
        torch.set_num_threads(2);
        var ml = new MLContext(1);
        var lines = new List<string>();
        ml.Log += (_, e) => { lock (lines) lines.Add(e.RawMessage); };
        using var stop = new CancellationTokenSource();
        // One spinning thread per core: no core is idle while the fit chooses its workers.
        var spinners = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() => { while (!stop.IsCancellationRequested) { } }) { IsBackground = true }).ToArray();
        foreach (var t in spinners) t.Start();
        LatentRelevanceTransformer model;
        try
        {
            model = TestData.FitQuick(ml, Data(), o => o.Runs = 3);
        }
        finally
        {
            stop.Cancel();
            foreach (var t in spinners) t.Join();
        }
        Assert.AreEqual(new TrainingThreads(1, Automatic: true), model.Report.Threads);
        Assert.IsTrue(lines.Any(l => l.StartsWith("LatentRelevance: 1 CPU thread(s) (automatic: ", StringComparison.Ordinal) && l.Contains(" idle), caller's count 2; 1 worker(s)", StringComparison.Ordinal)),
                      string.Join("\n", lines));
        model.Dispose();
    }
}
