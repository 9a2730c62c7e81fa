using static Symmetry.Torch.torch;
using static Symmetry.Torch.Tests.TestTensors;
using F = Symmetry.Torch.torch.nn.functional;

namespace Symmetry.Torch.Tests;

/// <summary>Double backward through <c>torch.autograd.grad(..., create_graph: true)</c>.</summary>
[TestClass]
public sealed class SecondOrderGradTests
{
    [TestMethod]
    public void HessianVectorProductOfQuadraticPlusExpMatchesAnalytic()
    {
        // f(x) = ½ xᵀAx + Σ exp(xᵢ) ⇒ ∇f = ½(A + Aᵀ)x + exp(x), and H·v = ½(A + Aᵀ)v + exp(x)⊙v.
        using var scope = NewDisposeScope();
        using var g = new Generator(5);
        var a = randn([4, 4], ScalarType.Float64, generator: g);
        var x = randn([4], ScalarType.Float64, generator: g).requires_grad_();
        var v = randn([4], ScalarType.Float64, generator: g);

        var f = x.matmul(a.matmul(x)) * 0.5 + x.exp().sum();
        var grad = autograd.grad([f], [x], create_graph: true)[0]!;
        Assert.IsTrue(grad.requires_grad, "create_graph must make the gradient differentiable.");
        var hv = autograd.grad([grad.matmul(v)], [x])[0]!;

        var sym = (a + a.t()) * 0.5;
        var expected = sym.matmul(v) + x.detach().exp() * v;
        var err = (hv - expected).abs().max().item<double>();
        // Both sides are exact float64 formulas on 4 numbers; only rounding separates them.
        Assert.IsLessThan(1e-12, err, $"H·v differs from the analytic value by {err}.");
    }

    [TestMethod]
    public void GradientOfGradientNormMatchesAnalytic()
    {
        // f(x) = Σ sin(xᵢ); g = ∇f = cos(x); ‖g‖²/2 has gradient −sin(x)⊙cos(x).
        using var scope = NewDisposeScope();
        var x = linspace(-1.5, 2.0, 7, ScalarType.Float64).requires_grad_();
        var g = autograd.grad([x.sin().sum()], [x], create_graph: true)[0]!;
        var penalty = (g * g).sum() * 0.5;
        penalty.backward();
        var expected = (-x.detach().sin() * x.detach().cos()).ToArray<double>();
        var actual = x.grad!.ToArray<double>();
        // Exact float64 formulas; only rounding separates them.
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-14);
    }

    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Func<Generator, Tensor[]> Inputs)> Cases = new()
    {
        ["tanh"] = (x => x[0].tanh(), g => [N(g, 3, 4)]),
        ["sigmoid"] = (x => F.sigmoid(x[0]), g => [N(g, 3, 4)]),
        ["exp_sin_product"] = (x => x[0].exp() * x[1].sin(), g => [N(g, 3), N(g, 3)]),
        ["div_pow"] = (x => (x[0] / (x[1].square() + 1.0)).pow(3), g => [N(g, 4), N(g, 4)]),
        ["softplus"] = (x => F.softplus(x[0]), g => [N(g, 3, 4)]),
        ["elu"] = (x => F.elu(x[0]), g => [N(g, 3, 4) + 0.05]),
        ["log_softmax"] = (x => F.log_softmax(x[0], 1), g => [N(g, 3, 4)]),
        ["mse_loss"] = (x => F.mse_loss(x[0], x[1]), g => [N(g, 3, 4), N(g, 3, 4)]),
        ["cross_entropy"] = (x => F.cross_entropy(x[0], tensor(new long[] { 2, 0, 1 })), g => [N(g, 3, 4)]),
        ["bce_with_logits"] = (x => F.binary_cross_entropy_with_logits(x[0], x[1].sigmoid()), g => [N(g, 2, 3), N(g, 2, 3)]),
        ["mlp_tanh"] = (x => F.linear(F.linear(x[0], x[1], x[2]).tanh(), x[3]), g => [N(g, 2, 3), N(g, 4, 3), N(g, 4), N(g, 1, 4)]),
        ["layer_norm"] = (x => F.layer_norm(x[0], [4], x[1], null), g => [N(g, 2, 4), N(g, 4)]),
        ["conv2d"] = (x => F.conv2d(x[0], x[1]).tanh(), g => [N(g, 1, 1, 4, 4), N(g, 2, 1, 2, 2)]),
        ["std_norm"] = (x => x[0].std(1) * x[0].norm(), g => [N(g, 3, 4)]),
        ["matrix_exp"] = (x => linalg.matrix_exp(x[0]), g => [N(g, 3, 3) * 0.5]),
        ["matmul_logsumexp"] = (x => x[0].matmul(x[1]).logsumexp(1), g => [N(g, 2, 3), N(g, 3, 4)]),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void DoubleBackwardMatchesFiniteDifferences(string op)
    {
        var c = Cases[op];
        using var scope = NewDisposeScope();
        using var g = new Generator(31);
        GradCheck.CheckSecondOrder(c.F, c.Inputs(g));
    }
}
