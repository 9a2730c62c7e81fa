using static TorchSharp.torch;

namespace Symmetry.Torch.Tests;

[TestClass]
public sealed class LatentVelocityTests
{
    [TestMethod]
    public void ChainRuleMatchesCentralDifferencesOfTheEncoder()
    {
        // ż = J_φ(x) ẋ against (φ(x + hẋ) − φ(x − hẋ)) / 2h of a random tanh MLP (smooth, so the difference is O(h²)).
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var w1 = randn([4, 8], float64, generator: g);
        var w2 = randn([8, 3], float64, generator: g);
        Tensor Encode(Tensor x) => tanh(x.matmul(w1)).matmul(w2);
        var x = randn([5, 4], float64, generator: g);
        var v = randn([5, 4], float64, generator: g);
        var jv = LatentVelocity.ChainRule(Encode, x, v);
        CollectionAssert.AreEqual(new long[] { 5, 3 }, jv.shape);
        const double H = 1e-5;
        var fd = (Encode(x + v * H) - Encode(x - v * H)) / (2 * H);
        // float64 central differences at h = 1e-5: truncation ~1e-10, rounding ~1e-11.
        Assert.IsLessThan(1e-8, (jv - fd).abs().max().item<double>());
        Assert.IsFalse(jv.requires_grad);
    }

    [TestMethod]
    public void ChainRuleThroughTheReluAutoencoderIsLinearInTheVelocity()
    {
        // For the piecewise-linear ReLU encoder, J ẋ is exactly linear in ẋ and equals a one-sided difference for tiny h
        // away from kinks; check linearity exactly and the difference in float32.
        using var scope = NewDisposeScope();
        using var ae = new Autoencoder(6, [16, 16], 2, new Generator(4));
        var g = new Generator(5);
        var x = randn([7, 6], generator: g);
        var a = randn([7, 6], generator: g);
        var b = randn([7, 6], generator: g);
        var ja = LatentVelocity.ChainRule(ae.Encode, x, a);
        var jb = LatentVelocity.ChainRule(ae.Encode, x, b);
        var jab = LatentVelocity.ChainRule(ae.Encode, x, a * 2 + b);
        // float32 round-off of sums over 16-wide layers.
        Assert.IsLessThan(1e-5, (jab - (ja * 2 + jb)).abs().max().item<float>());
        using var _ = no_grad();
        const float H = 1e-3f;
        var fd = (ae.Encode(x + a * H) - ae.Encode(x - a * H)) / (2 * H);
        // float32 at h = 1e-3: rounding ~1e-4 relative; a ReLU kink crossed within ±h would show as a larger outlier.
        Assert.IsLessThan(2e-3, (ja - fd).abs().max().item<float>());
    }

    [TestMethod]
    public void MismatchedShapesAreRejected()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => LatentVelocity.ChainRule(x => x, zeros(3, 2), zeros(3, 4)));
        StringAssert.Contains(e.Message, "rows × n");
    }
}
