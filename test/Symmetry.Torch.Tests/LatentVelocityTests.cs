using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

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
    public void TheDifferentiableChainRuleEqualsTheDetachedOneAndItsParameterGradientMatchesCentralDifferences()
    {
        // L(W1, W2) = Σ c ⊙ J_φ(x) ẋ for φ(x) = tanh(x W1) W2: autograd through createGraph against central differences
        // of the detached chain rule in every weight.
        using var scope = NewDisposeScope();
        var g = new Generator(6);
        var w1 = randn([3, 4], float64, generator: g).requires_grad_(true);
        var w2 = randn([4, 2], float64, generator: g).requires_grad_(true);
        var x = randn([5, 3], float64, generator: g);
        var v = randn([5, 3], float64, generator: g);
        var c = randn([5, 2], float64, generator: g);
        Tensor Encode(Tensor input, Tensor a, Tensor b) => tanh(input.matmul(a)).matmul(b);
        var differentiable = LatentVelocity.ChainRule(p => Encode(p, w1, w2), x, v, createGraph: true);
        Assert.IsTrue(differentiable.requires_grad);
        var detached = LatentVelocity.ChainRule(p => Encode(p, w1, w2), x, v);
        // The same two reverse passes in float64; only the graph bookkeeping differs.
        Assert.IsLessThan(1e-14, (differentiable.detach() - detached).abs().max().item<double>());
        var grads = autograd.grad([(differentiable * c).sum()], [w1, w2]);
        double Loss(Tensor a, Tensor b) => (LatentVelocity.ChainRule(p => Encode(p, a, b), x, v) * c).sum().item<double>();
        const double H = 1e-6;
        using var _ = no_grad();
        var cases = new (Tensor Weights, Tensor Grad, string Name, Func<Tensor, double> LossAt)[]
        {
            (w1, grads[0], "W1", a => Loss(a.reshape(3, 4), w2)),
            (w2, grads[1], "W2", b => Loss(w1, b.reshape(4, 2))),
        };
        foreach (var (weights, grad, name, lossAt) in cases)
        {
            var flat = weights.detach().clone().reshape(-1);
            var expected = grad.reshape(-1).data<double>().ToArray();
            for (var i = 0; i < flat.shape[0]; i++)
            {
                var plus = flat.clone(); plus[i].add_(H);
                var minus = flat.clone(); minus[i].sub_(H);
                var fd = (lossAt(plus) - lossAt(minus)) / (2 * H);
                // float64 central differences at h = 1e-6: truncation ~1e-12, rounding ~1e-16/h = 1e-10 per unit of L.
                Assert.AreEqual(fd, expected[i], 1e-7 * (1 + Math.Abs(fd)), $"{name}[{i}]");
            }
        }
    }

    [TestMethod]
    public void MismatchedShapesAreRejected()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => LatentVelocity.ChainRule(x => x, zeros(3, 2), zeros(3, 4)));
        StringAssert.Contains(e.Message, "rows × n");
        var input = zeros(3, 2);
        var leaf = Assert.ThrowsExactly<ArgumentException>(() => LatentVelocity.JacobianVectorProduct(input * 2, input, zeros(3, 2), createGraph: true));
        StringAssert.Contains(leaf.Message, "require gradients");
    }
}
