using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>What a fit takes from its MLContext: the seed, the log, the GPU settings and cancellation.</summary>
[TestClass]
public sealed class FitContextTests
{
    private static ArrayView Data() => TestData.CircleView(256, seed: 9);

    [TestMethod]
    public void WithoutASeedOptionTheContextsSeedDecides()
    {
        RelevanceReport Fit(int contextSeed, out float[] latent)
        {
            var ml = new MLContext(seed: contextSeed);
            var model = TestData.FitQuick(ml, Data(), o => o.Seed = null);
            latent = TestData.Read(model.Transform(Data()), "Latent");
            return model.Report;
        }
        var a = Fit(5, out var la);
        var b = Fit(5, out var lb);
        var c = Fit(6, out var lc);
        CollectionAssert.AreEqual(a.Seeds.ToArray(), b.Seeds.ToArray());
        CollectionAssert.AreEqual(a.Relevance.ToArray(), b.Relevance.ToArray()); // same seeds, same CPU kernels: bit for bit
        CollectionAssert.AreEqual(la, lb);
        Assert.AreEqual(a.Seeds[0] + 1, a.Seeds[1], "runs are seeded Seed, Seed + 1, …");
        CollectionAssert.AreNotEqual(a.Seeds.ToArray(), c.Seeds.ToArray());
        CollectionAssert.AreNotEqual(a.Relevance.ToArray(), c.Relevance.ToArray());
        CollectionAssert.AreNotEqual(la, lc);
    }

    [TestMethod]
    public void ASeedOptionOverridesTheContext()
    {
        var a = TestData.FitQuick(new MLContext(seed: 1), Data(), o => o.Seed = 77);
        var b = TestData.FitQuick(new MLContext(seed: 2), Data(), o => o.Seed = 77);
        CollectionAssert.AreEqual(new[] { 77, 78 }, a.Report.Seeds.ToArray());
        CollectionAssert.AreEqual(a.Report.Relevance.ToArray(), b.Report.Relevance.ToArray());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void TheContextsLogReceivesOneLinePerEpoch(bool batchRuns)
    {
        var ml = new MLContext(seed: 1);
        var lines = new List<string>();
        ml.Log += (_, e) => { lock (lines) lines.Add(e.RawMessage); };
        var model = TestData.FitQuick(ml, Data(), o => o.BatchRuns = batchRuns);
        var epochs = lines.Where(l => l.Contains(" epoch ", StringComparison.Ordinal)).ToArray();
        string[] expected = batchRuns
            ? ["runs 1-2/2 (batched; mean over them) epoch 1/3", "runs 1-2/2 (batched; mean over them) epoch 2/3", "runs 1-2/2 (batched; mean over them) epoch 3/3"]
            : ["run 1/2 epoch 1/3", "run 1/2 epoch 2/3", "run 1/2 epoch 3/3", "run 2/2 epoch 1/3", "run 2/2 epoch 2/3", "run 2/2 epoch 3/3"];
        CollectionAssert.AreEqual(expected, epochs.Select(l => l[..l.IndexOf(':')]).ToArray(), string.Join("\n", lines));
        foreach (var l in epochs) StringAssert.Contains(l, "reconstruction = ");
        Assert.IsTrue(lines.Any(l => l.StartsWith("LatentRelevance: 256 rows × 2 features (standardized), latent 3, 2 run(s) × 3 epochs", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.IsTrue(lines.Any(l => l.StartsWith($"LatentRelevance: intrinsic dimension {model.Report.IntrinsicDimension}; median relevance ", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void AGpuRequestWithoutCudaThrowsUnlessFallingBackToCpu()
    {
        if (torch.cuda.is_available()) Assert.Inconclusive("CUDA is available here: this test is about a CPU-only libtorch.");
        var strict = new MLContext(1) { GpuDeviceId = 0 };
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.FitQuick(strict, Data(), o => o.Epochs = 1));
        StringAssert.StartsWith(e.Message, "MLContext.GpuDeviceId is 0 but CUDA is not available");
        StringAssert.Contains(e.Message, "Set FallbackToCpu = true");

        var lenient = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var model = TestData.FitQuick(lenient, Data(), o => o.Epochs = 1);
        Assert.AreEqual(DeviceType.CPU, model.Device.type);

        // The settings are read at Fit time, not when the estimator is made.
        var late = new MLContext(1);
        var estimator = late.Transforms.SymmetryDiscovery.LatentRelevance(TestData.Quick(o => o.Epochs = 1));
        late.GpuDeviceId = 0;
        Assert.ThrowsExactly<InvalidOperationException>(() => estimator.Fit(Data()));
    }

    [TestMethod]
    public void TheOptionsTokenCancelsTheFitFromTheProgressCallback()
    {
        using var cts = new CancellationTokenSource();
        var reports = new List<TrainingProgress>();
        var options = TestData.Quick(o =>
        {
            o.Epochs = 1000;
            o.CancellationToken = cts.Token;
            o.Progress = new SyncProgress(p => { reports.Add(p); if (p.Epoch == 2) cts.Cancel(); });
        });
        var ml = new MLContext(1);
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(Data()));
        CollectionAssert.AreEqual(new[] { 1, 2 }, reports.Select(p => p.Epoch).ToArray(), "no step of epoch 3 ran to its end");
        Assert.IsTrue(reports.All(p => p.RunsTogether == 2 && p.IsEpochEnd));
    }

    [TestMethod]
    public void CancelExecutionCancelsTheFitFromTheProgressCallback()
    {
        var ml = new MLContext(1);
        var reports = new List<int>();
        var options = TestData.Quick(o =>
        {
            o.Epochs = 1000;
            o.Progress = new SyncProgress(p => { reports.Add(p.Epoch); if (p.Epoch == 2) ml.CancelExecution(); });
        });
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(Data()));
        Assert.AreEqual("The MLContext's execution was cancelled (MLContext.CancelExecution).", e.Message);
        CollectionAssert.AreEqual(new[] { 1, 2 }, reports);
        // Cancelling a context cancels its later fits too (ML.NET's semantics), before any row is read.
        var data = Data();
        Assert.ThrowsExactly<OperationCanceledException>(() => TestData.FitQuick(ml, data));
        Assert.AreEqual(0, data.Fetches("Features"));
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void EitherCancellationStopsWithinOneStep(bool throughContext)
    {
        // The loop a fit trains with (FitEnvironment.Loop), cancelled from inside step 3 of 50 by either route: no
        // step 4 may start.
        var ml = new MLContext(1);
        using var cts = new CancellationTokenSource();
        using var fit = new FitEnvironment(((IHostEnvironment)ml).Register("test"), "Fit", cts.Token);
        var loop = fit.Loop();
        using var data = torch.zeros(100, 1);
        using var generator = new torch.Generator(1);
        var steps = 0;
        Assert.ThrowsExactly<OperationCanceledException>(() => loop.Run(data, batchSize: 10, epochs: 5, generator, _ =>
        {
            if (++steps == 3)
            {
                if (throughContext) ml.CancelExecution();
                else cts.Cancel();
            }
            return new Dictionary<string, double> { ["total"] = 0 };
        }));
        Assert.AreEqual(3, steps);
    }
}
