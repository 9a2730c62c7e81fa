using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

[TestClass]
public sealed class FusedAdamTests
{
    [TestMethod]
    public void FusedPathMatchesTheGeneralAtenPath()
    {
        // Contiguous gradients take the fused loop; a transposed (non-contiguous) gradient takes the ATen-op path.
        using var g = new Generator(3);
        using var init = randn([4, 3], ScalarType.Float64, generator: g);
        using var grad = randn([3, 4], ScalarType.Float64, generator: g);
        var fused = nn.Parameter(init.clone());
        var general = nn.Parameter(init.clone());
        using var optFused = optim.Adam([fused], lr: 0.01, weight_decay: 0.1, amsgrad: true);
        using var optGeneral = optim.Adam([general], lr: 0.01, weight_decay: 0.1, amsgrad: true);
        for (var step = 0; step < 5; step++)
        {
            using var gt = grad.t();                 // non-contiguous view
            fused.grad = gt.contiguous();
            general.grad = gt;
            optFused.step();
            optGeneral.step();
        }
        // Same formulas in float64; only the order of a few roundings may differ.
        Assert.IsTrue(fused.allclose(general, rtol: 1e-12, atol: 1e-15), $"{fused} vs {general}");
        fused.Dispose();
        general.Dispose();
    }

    [TestMethod]
    public void StepAfterForwardStillTripsAutogradsVersionCheck()
    {
        var w = nn.Parameter(ones(3));
        using var opt = optim.Adam([w], lr: 0.1);
        using (var first = (w * w).sum()) first.backward();
        using var saved = (w * w).sum();     // saves w for its backward
        opt.step();                          // modifies w in place (fused loop)
        var e = Assert.ThrowsExactly<TorchException>(() => saved.backward());
        StringAssert.Contains(e.Message, "modified by an inplace operation");
        w.Dispose();
    }
}
