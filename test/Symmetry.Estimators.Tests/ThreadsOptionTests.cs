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
            o.Progress = new Probe(_ => during.Add(torch.get_num_threads()));
        });
        CollectionAssert.AreEqual(new[] { 2, 2, 2 }, during);   // one report per epoch (Quick: 3 epochs, the runs batched)
        Assert.AreEqual(1, torch.get_num_threads());
        Assert.AreEqual(new TrainingThreads(2, Automatic: false), model.Report.Threads);
        Assert.AreEqual("2 (set)", model.Report.Threads!.ToString());
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
        var model = TestData.FitQuick(ml, Data(), o => o.Progress = new Probe(_ => during.Add(torch.get_num_threads())));
        // Quick: 2 batched runs × batch 64 through 2 → 16 → 16 → 6 (μ, log σ²) and 3 → 16 → 16 → 2: 128 × 720 multiply-adds, far below 10⁷.
        CollectionAssert.AreEqual(new[] { 1, 1, 1 }, during);
        Assert.AreEqual(caller, torch.get_num_threads());
        Assert.AreEqual(new TrainingThreads(1, Automatic: true), model.Report.Threads);
        Assert.AreEqual("1 (automatic)", model.Report.Threads!.ToString());
        Assert.IsTrue(lines.Contains($"LatentRelevance: 1 CPU thread(s) (automatic: ≈ 9.22E+04 multiply-adds per step, {Environment.ProcessorCount} core(s), caller's count {caller})."),
                      string.Join("\n", lines));
    }
}
