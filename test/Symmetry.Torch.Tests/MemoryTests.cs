using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>Long training loops leak no tensors, and seeded training is reproducible bit for bit.</summary>
[TestClass]
public sealed class MemoryTests
{
    // A small MLP trained on a fixed regression task, everything seeded from one generator; returns the losses.
    private static float[] Train(ulong seed, int steps, bool adam, bool dropout)
    {
        using var g = new Generator(seed);
        using var model = nn.Sequential(nn.Linear(2, 16, generator: g), nn.ReLU(), nn.Dropout(dropout ? 0.2 : 0.0, generator: g), nn.Linear(16, 1, generator: g));
        using optim.Optimizer opt = adam ? optim.Adam(model.parameters(), lr: 1e-2) : optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        using var x = randn([8, 2], generator: g);
        using var x0 = x[TensorIndex.Ellipsis, TensorIndex.Slice(0, 1)];
        using var y = x0 * 0.5;
        var losses = new float[steps];
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var pred = model.call(x);
            var loss = nn.functional.mse_loss(pred, y);
            loss.backward();
            opt.step();
            losses[i] = loss.item<float>();
        }
        return losses;
    }

    [TestMethod]
    public void TenThousandTrainingStepsLeaveTheTensorCountAtItsBaseline()
    {
        var baseline = TestMemory.Baseline();
        var losses = Train(1, 10_000, adam: true, dropout: true);
        Assert.AreEqual(baseline, Tensor.TotalCount);
        Assert.IsLessThan(losses[0] * 0.1f, losses[^1], "the model learned something, so the steps were real");
        // Also with SGD + momentum, whose state is created differently.
        Train(2, 500, adam: false, dropout: false);
        Assert.AreEqual(baseline, Tensor.TotalCount);
    }

    [TestMethod]
    public void SameSeedGivesTheSameLossesBitForBit()
    {
        var a = Train(7, 200, adam: true, dropout: true);
        var b = Train(7, 200, adam: true, dropout: true);
        var c = Train(8, 200, adam: true, dropout: true);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void DisposingModelAndOptimizerReleasesAllState()
    {
        var baseline = TestMemory.Baseline();
        var model = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 1));
        var opt = optim.Adam(model.parameters(), amsgrad: true);
        using (var scope = NewDisposeScope())
        {
            var loss = model.call(ones(3, 4)).sum();
            loss.backward();
            opt.step();
        }
        Assert.IsGreaterThan(baseline, Tensor.TotalCount);
        opt.Dispose();
        model.Dispose();
        // Gradients are held by the native parameters, not by handles, so nothing else remains.
        Assert.AreEqual(baseline, Tensor.TotalCount);
    }
}

/// <summary>Tensor-count baselines that earlier tests' unreachable (finalizable) tensors cannot disturb.</summary>
internal static class TestMemory
{
    /// <summary>Finalizes whatever is already garbage, then returns <see cref="torch.Tensor.TotalCount"/>.</summary>
    public static long Baseline()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }
}
