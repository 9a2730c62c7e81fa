using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class VaeTrainingTests
{
    private static readonly LatentRelevanceTrainingOptions Small = new() { HiddenLayers = [16, 16], LatentSize = 3, Beta = 0.1, Epochs = 3, BatchSize = 64, LearningRate = 1e-3 };

    private static TrainingLoop Loop(IProgress<TrainingProgress>? progress = null) => new(progress, null, CancellationToken.None);

    private static void DisposeAll(IEnumerable<VaeRun> runs)
    {
        foreach (var r in runs) r.Model.Dispose();
    }

    [TestMethod]
    public void BatchedTrainingEqualsSequentialTraining()
    {
        using var data = TestData.Circle(500, 1.0, 7);
        int[] seeds = [3, 11, 12];
        var batched = VaeTraining.Train(data, Small, seeds, CPU, Loop());
        var sequential = VaeTraining.Train(data, Small with { BatchRuns = false }, seeds, CPU, Loop());
        try
        {
            for (var r = 0; r < seeds.Length; r++)
            {
                Assert.AreEqual(seeds[r], batched[r].Seed);
                Assert.AreEqual(seeds[r], sequential[r].Seed);
                var a = batched[r].Model.state_dict();
                var b = sequential[r].Model.state_dict();
                CollectionAssert.AreEqual(a.Keys.ToArray(), b.Keys.ToArray());
                // Same kernels on a run slice of [R, B, n] as on [1, B, n]: float32 results agree to rounding (observed: exactly).
                Assert.IsLessThan(1e-6, a.Keys.Max(k => TestData.MaxAbsDiff(a[k], b[k])));
                Assert.AreEqual(sequential[r].FinalLoss, batched[r].FinalLoss, 1e-6 * Math.Abs(sequential[r].FinalLoss));
                for (var e = 0; e < Small.Epochs; e++)
                    foreach (var name in new[] { "reconstruction", "kl", "total" })
                        Assert.AreEqual(sequential[r].History[e].Losses[name], batched[r].History[e].Losses[name], 1e-6 * (1 + Math.Abs(sequential[r].History[e].Losses[name])));
            }
        }
        finally
        {
            DisposeAll(batched.Concat(sequential));
        }
    }

    [TestMethod]
    public void ShuffledRowsGatheredInBlocksTrainAsAllAtOnce()
    {
        // Blocks of one batch (the least) against one block of every row (this data is far below the default's bytes):
        // each batch holds the same rows either way, so the training is the same, bit for bit.
        using var data = TestData.Circle(500, 1.0, 9);
        int[] seeds = [3, 4];
        var whole = VaeTraining.Train(data, Small, seeds, CPU, Loop());
        var blocks = VaeTraining.Train(data, Small, seeds, CPU, Loop(), shuffleBlockBytes: 1);
        try
        {
            for (var r = 0; r < seeds.Length; r++)
            {
                var a = whole[r].Model.state_dict();
                var b = blocks[r].Model.state_dict();
                Assert.AreEqual(0.0, a.Keys.Max(k => TestData.MaxAbsDiff(a[k], b[k])), "the same arithmetic on the same rows");
                Assert.AreEqual(whole[r].FinalLoss, blocks[r].FinalLoss, 0.0, "the same arithmetic on the same rows");
            }
        }
        finally
        {
            DisposeAll(whole.Concat(blocks));
        }
    }

    [TestMethod]
    public void EachRunEqualsTheSameSeedTrainedAlone()
    {
        // A run's result depends on its own seed only, not on which other runs share the batched model.
        using var data = TestData.Circle(300, 1.0, 8);
        var together = VaeTraining.Train(data, Small, [5, 6, 7, 8], CPU, Loop());
        var alone = VaeTraining.Train(data, Small, [7], CPU, Loop());
        try
        {
            var a = together[2].Model.state_dict();
            var b = alone[0].Model.state_dict();
            Assert.IsLessThan(1e-6, a.Keys.Max(k => TestData.MaxAbsDiff(a[k], b[k])));
            Assert.AreNotEqual(together[0].FinalLoss, together[1].FinalLoss);
        }
        finally
        {
            DisposeAll(together.Concat(alone));
        }
    }

    [TestMethod]
    public void BatchedLossAndGradientsEqualTheSingleModels()
    {
        // Independent check of the batched model: its per-run loss terms and gradients are those of VaeModel.Loss
        // (nn.Linear layers) with the same weights and noise.
        const int runs = 3, batch = 40;
        using var scope = NewDisposeScope();
        var models = Enumerable.Range(0, runs).Select(s => new VaeModel(2, [8, 6], 3, new Generator((ulong)s + 1))).ToArray();
        using var batched = BatchedVae.Stack(models, CPU);
        using var g = new Generator(99);
        var x = randn([runs, batch, 2], generator: g);
        var noise = randn([runs, batch, 3], generator: g);
        var (recSums, klSums, objective) = batched.Loss(x, noise, 0.1);
        objective.backward();
        var expectedObjective = 0.0;
        for (var r = 0; r < runs; r++)
        {
            var (rec, kl) = models[r].LossWithNoise(x[r], noise[r]);
            var total = rec + kl * 0.1;
            total.backward();
            expectedObjective += total.item<float>() - 0.1 * (-0.5 * 3);
            // float32 sums of 40 events in a different order: relative agreement to ~1e-6.
            Assert.AreEqual(rec.item<float>(), recSums[r].item<float>() / batch, 1e-5 * (1 + Math.Abs(rec.item<float>())));
            Assert.AreEqual(kl.item<float>(), 0.5 * (klSums[r].item<float>() / batch - 3), 1e-5 * (1 + Math.Abs(kl.item<float>())));
        }
        Assert.AreEqual(expectedObjective, objective.item<float>(), 1e-5 * (1 + Math.Abs(expectedObjective)));
        // Gradients, layer by layer: the batched weights are [R, in, out] (the μ and log σ² heads side by side).
        var single = models.Select(m => m.Layers.ToArray()).ToArray();
        var parameters = batched.Parameters.ToArray();
        for (var r = 0; r < runs; r++)
        {
            var l = 0;
            for (var p = 0; p < parameters.Length; p += 2, l++)
            {
                var gw = parameters[p].grad![r];
                var gb = parameters[p + 1].grad![r][0];
                Tensor ew, eb;
                if (l == 2)
                {
                    ew = cat([single[r][2].weight.grad!.t(), single[r][3].weight.grad!.t()], 1);
                    eb = cat([single[r][2].bias!.grad!, single[r][3].bias!.grad!], 0);
                }
                else
                {
                    var layer = single[r][l < 2 ? l : l + 1];
                    ew = layer.weight.grad!.t();
                    eb = layer.bias!.grad!;
                }
                // float32 products of magnitude ≤ ~10 summed over 40 events.
                Assert.IsLessThan(1e-4, TestData.MaxAbsDiff(gw, ew), $"run {r} layer {l} weight");
                Assert.IsLessThan(1e-4, TestData.MaxAbsDiff(gb, eb), $"run {r} layer {l} bias");
            }
        }
        foreach (var m in models) m.Dispose();
    }

    [TestMethod]
    public void HistoryHasTheNamedTermsAndTrainingLowersTheLoss()
    {
        using var data = TestData.Circle(400, 1.0, 9);
        var runs = VaeTraining.Train(data, Small with { Epochs = 8 }, [1, 2], CPU, Loop());
        try
        {
            foreach (var run in runs)
            {
                Assert.HasCount(8, run.History);
                CollectionAssert.AreEquivalent(new[] { "reconstruction", "kl", "total" }, run.History[0].Losses.Keys.ToArray());
                foreach (var e in run.History)
                    Assert.AreEqual(e.Losses["reconstruction"] + 0.1 * e.Losses["kl"], e.Losses["total"], 1e-9 * (1 + e.Losses["total"]));
                Assert.AreEqual(run.History[^1].Losses["total"], run.FinalLoss);
                Assert.IsLessThan(run.History[0].Losses["total"], run.FinalLoss);
                Assert.IsFalse(run.Model.training);
                Assert.AreEqual(2, run.Model.InputSize);
                Assert.AreEqual(3, run.Model.LatentSize);
            }
        }
        finally
        {
            DisposeAll(runs);
        }
    }

    [TestMethod]
    public void TensorCountStaysFlatOverManySteps()
    {
        using var data = TestData.Circle(256, 1.0, 10);
        // Warm up once (one-time tensors: probes, cached constants).
        DisposeAll(VaeTraining.Train(data, Small with { Epochs = 1 }, [0, 1], CPU, Loop()));
        var counts = new List<long>();
        var probe = new Sync(_ => counts.Add(LiveTensors()));
        var before = LiveTensors();
        // 2 runs × 250 epochs × 4 steps = 1,000 batched steps, then 1,000 single-run steps.
        DisposeAll(VaeTraining.Train(data, Small with { Epochs = 250 }, [0, 1], CPU, Loop(probe)));
        DisposeAll(VaeTraining.Train(data, Small with { Epochs = 250, BatchRuns = false }, [0], CPU, Loop(probe)));
        Assert.AreEqual(counts[0], counts[249], "live tensors grew over the batched epochs");
        Assert.AreEqual(counts[250], counts[^1], "live tensors grew over the single-run epochs");
        // TorchSharp counts the emptied source of every `new Parameter(tensor)` for ever (it moves the handle out
        // without lowering TotalCount): each model built leaves that many phantom counts, with no native memory.
        var phantomsPerModel = -LiveTensors();
        new VaeModel(2, Small.HiddenLayers, Small.LatentSize!.Value).Dispose();
        phantomsPerModel += LiveTensors();
        Assert.AreEqual(before + 3 * phantomsPerModel, LiveTensors() - phantomsPerModel, "Train left tensors behind (beyond the 3 returned models' phantom counts)");
    }

    /// <summary>Tensor.TotalCount once garbage from other tests has been finalized (finalizers lower it at random times).</summary>
    internal static long LiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }

    [TestMethod]
    public void BadInputsAreRejectedWithTheirNames()
    {
        using var data = TestData.Circle(10, 1.0, 1);
        using var doubles = data.to(ScalarType.Float64);
        using var flat = data.flatten();
        Assert.Contains("float32", Assert.ThrowsExactly<ArgumentException>(() => VaeTraining.Train(doubles, Small, [1], CPU, Loop())).Message);
        Assert.Contains("rows × features", Assert.ThrowsExactly<ArgumentException>(() => VaeTraining.Train(flat, Small, [1], CPU, Loop())).Message);
        Assert.Contains("seed", Assert.ThrowsExactly<ArgumentException>(() => VaeTraining.Train(data, Small, [], CPU, Loop())).Message);
        Assert.Contains("LatentSize", Assert.ThrowsExactly<ArgumentException>(() => VaeTraining.Train(data, Small with { LatentSize = 0 }, [1], CPU, Loop())).Message);
        Assert.Contains("LearningRate", Assert.ThrowsExactly<ArgumentException>(() => VaeTraining.Train(data, Small with { LearningRate = double.NaN }, [1], CPU, Loop())).Message);
    }

    [TestMethod]
    public void DivergenceNamesTheTerm()
    {
        using var data = TestData.Circle(64, 1e30, 1);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => VaeTraining.Train(data, Small, [1, 2], CPU, Loop()));
        StringAssert.Contains(e.Message, "loss became");
        StringAssert.Contains(e.Message, "epoch 1");
    }
}

internal sealed class Sync<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}

internal sealed class Sync(Action<TrainingProgress> action) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => action(value);
}
