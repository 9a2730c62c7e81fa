using static Symmetry.Torch.torch;
using static Symmetry.Torch.Tests.TestTensors;

namespace Symmetry.Torch.Tests;

/// <summary>Finite-difference gradient checks (float64) of every differentiable Tensor operation of the binding.</summary>
[TestClass]
public sealed class TensorOpGradTests
{
    private delegate Tensor Op(Tensor[] x);

    private sealed record Case(Op F, Func<Generator, Tensor[]> Inputs);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // ---- element-wise unary ----
        ["neg"] = new(x => x[0].neg(), g => [N(g, 3, 4)]),
        ["abs"] = new(x => x[0].abs(), g => [AwayFromZero(g, 3, 4)]),
        ["exp"] = new(x => x[0].exp(), g => [N(g, 3, 4)]),
        ["log"] = new(x => x[0].log(), g => [Pos(g, 3, 4)]),
        ["log1p"] = new(x => x[0].log1p(), g => [Pos(g, 3, 4)]),
        ["expm1"] = new(x => x[0].expm1(), g => [N(g, 3, 4)]),
        ["sqrt"] = new(x => x[0].sqrt(), g => [Pos(g, 3, 4)]),
        ["rsqrt"] = new(x => x[0].rsqrt(), g => [Pos(g, 3, 4)]),
        ["sin"] = new(x => x[0].sin(), g => [N(g, 3, 4)]),
        ["cos"] = new(x => x[0].cos(), g => [N(g, 3, 4)]),
        ["tan"] = new(x => x[0].tan(), g => [rand([3, 4], ScalarType.Float64, generator: g) - 0.5]),
        ["atan"] = new(x => x[0].atan(), g => [N(g, 3, 4)]),
        ["tanh"] = new(x => x[0].tanh(), g => [N(g, 3, 4)]),
        ["sigmoid"] = new(x => x[0].sigmoid(), g => [N(g, 3, 4)]),
        ["relu"] = new(x => x[0].relu(), g => [AwayFromZero(g, 3, 4)]),
        ["square"] = new(x => x[0].square(), g => [N(g, 3, 4)]),
        ["reciprocal"] = new(x => x[0].reciprocal(), g => [AwayFromZero(g, 3, 4)]),
        // Piecewise-constant ops: autograd must give exactly the zero gradient finite differences see.
        ["sign"] = new(x => x[0].sign(), g => [AwayFromZero(g, 3, 4)]),
        ["floor"] = new(x => x[0].floor(), g => [N(g, 3, 4) * 0.2 + 0.5]),
        ["ceil"] = new(x => x[0].ceil(), g => [N(g, 3, 4) * 0.2 + 0.5]),
        ["round"] = new(x => x[0].round(), g => [N(g, 3, 4) * 0.1]),
        ["static_exp_sin"] = new(x => exp(sin(x[0])), g => [N(g, 5)]),
        // ---- binary (with broadcasting) ----
        ["add"] = new(x => x[0] + x[1], g => [N(g, 3, 4), N(g, 4)]),
        ["add_alpha"] = new(x => x[0].add(x[1], 2.5), g => [N(g, 3, 4), N(g, 3, 1)]),
        ["sub"] = new(x => x[0] - x[1], g => [N(g, 3, 4), N(g, 3, 1)]),
        ["mul"] = new(x => x[0] * x[1], g => [N(g, 2, 3, 4), N(g, 3, 4)]),
        ["div"] = new(x => x[0] / x[1], g => [N(g, 3, 4), AwayFromZero(g, 4)]),
        ["pow_tensor"] = new(x => x[0].pow(x[1]), g => [Pos(g, 3, 4), N(g, 3, 4)]),
        ["atan2"] = new(x => x[0].atan2(x[1]), g => [N(g, 3, 4), AwayFromZero(g, 3, 4)]),
        ["maximum"] = new(x => x[0].maximum(x[1]), g => [Distinct(g, 3, 4), Distinct(g, 3, 4) + 0.1]),
        ["minimum"] = new(x => x[0].minimum(x[1]), g => [Distinct(g, 3, 4), Distinct(g, 3, 4) + 0.1]),
        ["remainder"] = new(x => x[0].remainder(x[1]), g => [Pos(g, 3, 4) + 0.2, full([3, 4], 3.0, ScalarType.Float64)]),
        // ---- scalar ----
        ["add_scalar"] = new(x => x[0] + 1.5, g => [N(g, 3, 4)]),
        ["sub_scalar"] = new(x => x[0] - 1.5, g => [N(g, 3, 4)]),
        ["rsub_scalar"] = new(x => 1.5 - x[0], g => [N(g, 3, 4)]),
        ["mul_scalar"] = new(x => x[0] * -2.5, g => [N(g, 3, 4)]),
        ["div_scalar"] = new(x => x[0] / 4.0, g => [N(g, 3, 4)]),
        ["scalar_div"] = new(x => 2.0 / x[0], g => [AwayFromZero(g, 3, 4)]),
        ["pow_scalar"] = new(x => x[0].pow(3), g => [N(g, 3, 4)]),
        ["pow_fractional"] = new(x => x[0].pow(1.7), g => [Pos(g, 3, 4)]),
        ["scalar_pow"] = new(x => pow(2.0, x[0]), g => [N(g, 3, 4)]),
        // ---- selection ----
        ["clamp"] = new(x => x[0].clamp(-0.5, 0.5), g => [Distinct(g, 3, 4) - 2.0]),
        ["clamp_min_only"] = new(x => x[0].clamp(min: 0.2), g => [Distinct(g, 3, 4) - 1.95]),
        ["where"] = new(x => where(x[0].gt(0.0), x[0], x[1]), g => [AwayFromZero(g, 3, 4), N(g, 3, 4)]),
        ["masked_fill"] = new(x => x[0].masked_fill(Mask([true, false, false, true], 4), 7.0), g => [N(g, 3, 4)]),
        // ---- in place on non-leaf tensors (autograd records the mutation) ----
        ["inplace_arithmetic"] = new(x =>
        {
            var y = x[0] * 1.0;
            y.add_(x[1]).Dispose();
            y.mul_(x[1]).Dispose();
            y.sub_(0.5).Dispose();
            y.div_(2.0).Dispose();
            y.add_(x[0], 0.25).Dispose();
            y.addcmul_(x[0], x[1], 0.5).Dispose();
            using (var d = x[1].square() + 1.0) y.addcdiv_(x[0], d, 0.3).Dispose();
            return y;
        }, g => [N(g, 3, 4), N(g, 3, 4)]),
        // exp_, sqrt_ and relu_ save their result for backward, so each ends its own chain (a later in-place op on it
        // would be reported by autograd as a version-counter error, as in PyTorch).
        ["inplace_unary"] = new(x =>
        {
            var y = x[0] * 1.0;
            y.neg_().Dispose();
            y.add_(2.0).Dispose();
            y.exp_().Dispose();
            var z = x[0].abs() + 0.5;
            z.sqrt_().Dispose();
            var w = x[0] * 1.0;
            w.clamp_(-0.5, 0.5).Dispose();
            var v = x[0] * 1.0;
            v.relu_().Dispose();
            return y + z + w + v;
        }, g => [AwayFromZero(g, 3, 4)]),
        ["copy_"] = new(x => { var y = x[1] * 1.0; y.copy_(x[0]).Dispose(); return y * x[1]; }, g => [N(g, 3, 4), N(g, 3, 4)]),
        ["fill_zero_"] = new(x => { var y = x[0] * 1.0; y.narrow(1, 0, 2).fill_(3.0).Dispose(); y.narrow(1, 3, 1).zero_().Dispose(); return y; }, g => [N(g, 3, 4)]),
        ["angle_of_complex"] = new(x => fft.fft2(x[0]).angle(), g => [N(g, 3, 3)]),
        // ---- reductions ----
        ["sum_all"] = new(x => x[0].sum(), g => [N(g, 3, 4)]),
        ["sum_dim"] = new(x => x[0].sum(1), g => [N(g, 3, 4)]),
        ["sum_dims_keepdim"] = new(x => x[0].sum([0, 2], keepdim: true), g => [N(g, 2, 3, 4)]),
        ["mean_all"] = new(x => x[0].mean(), g => [N(g, 3, 4)]),
        ["mean_dim"] = new(x => x[0].mean(0, keepdim: true), g => [N(g, 3, 4)]),
        ["std_all"] = new(x => x[0].std(), g => [N(g, 3, 4)]),
        ["std_dim_biased"] = new(x => x[0].std(1, unbiased: false), g => [N(g, 3, 4)]),
        ["var_all"] = new(x => x[0].var(), g => [N(g, 3, 4)]),
        ["var_dims"] = new(x => x[0].var([0, 1], keepdim: true), g => [N(g, 3, 4, 2)]),
        ["max_all"] = new(x => x[0].max(), g => [Distinct(g, 3, 4)]),
        ["min_all"] = new(x => x[0].min(), g => [Distinct(g, 3, 4)]),
        ["max_dim"] = new(x => x[0].max(1).values, g => [Distinct(g, 3, 4)]),
        ["min_dim_keepdim"] = new(x => x[0].min(0, keepdim: true).values, g => [Distinct(g, 3, 4)]),
        ["logsumexp"] = new(x => x[0].logsumexp(1), g => [N(g, 3, 4)]),
        ["norm_all"] = new(x => x[0].norm(), g => [N(g, 3, 4)]),
        ["norm_dim_p3"] = new(x => x[0].norm(1, p: 3), g => [AwayFromZero(g, 3, 4)]),
        ["prod_all"] = new(x => x[0].prod(), g => [AwayFromZero(g, 2, 3)]),
        ["prod_dim"] = new(x => x[0].prod(1), g => [AwayFromZero(g, 2, 3)]),
        ["sort_values"] = new(x => x[0].sort(1, descending: true).values, g => [Distinct(g, 3, 4)]),
        ["cumsum"] = new(x => x[0].cumsum(1), g => [N(g, 3, 4)]),
        // ---- shape ----
        ["view"] = new(x => x[0].view(4, 3) * x[1], g => [N(g, 3, 4), N(g, 4, 3)]),
        ["reshape"] = new(x => x[0].transpose(0, 1).reshape(-1) * x[1], g => [N(g, 3, 4), N(g, 12)]),
        ["flatten"] = new(x => x[0].flatten(1) * x[1], g => [N(g, 2, 3, 2), N(g, 6)]),
        ["unflatten"] = new(x => x[0].unflatten(1, 2, 3) * x[1], g => [N(g, 2, 6), N(g, 3)]),
        ["unsqueeze_squeeze"] = new(x => x[0].unsqueeze(1).squeeze(1) * x[0].unsqueeze(0).squeeze(), g => [N(g, 3, 4)]),
        ["transpose"] = new(x => x[0].transpose(0, 1) * x[1], g => [N(g, 3, 4), N(g, 4, 3)]),
        ["permute"] = new(x => x[0].permute(2, 0, 1) * x[1], g => [N(g, 2, 3, 4), N(g, 4, 2, 3)]),
        ["t"] = new(x => x[0].t() * x[1], g => [N(g, 3, 4), N(g, 4, 3)]),
        ["expand"] = new(x => x[0].expand(3, 4) * x[1], g => [N(g, 1, 4), N(g, 3, 4)]),
        ["repeat"] = new(x => x[0].repeat(2, 3) * x[1], g => [N(g, 2, 2), N(g, 4, 6)]),
        ["narrow"] = new(x => x[0].narrow(1, 1, 2), g => [N(g, 3, 4)]),
        ["select"] = new(x => x[0].select(0, 1), g => [N(g, 3, 4)]),
        ["slice_step"] = new(x => x[0].slice(1, 0, 4, 2), g => [N(g, 3, 4)]),
        ["index_select"] = new(x => x[0].index_select(0, Long([2, 0, 2], 3)), g => [N(g, 3, 4)]),
        ["gather"] = new(x => x[0].gather(1, Long([0, 3, 1, 1, 2, 0], 3, 2)), g => [N(g, 3, 4)]),
        ["masked_select"] = new(x => x[0].masked_select(Mask([true, false, true, true], 4)), g => [N(g, 3, 4)]),
        ["index_int"] = new(x => x[0][1, 2], g => [N(g, 3, 4)]),
        ["index_ranges"] = new(x => x[0][TensorIndex.Ellipsis, 1..3, TensorIndex.None], g => [N(g, 2, 3, 4)]),
        ["cat"] = new(x => cat([x[0], x[1]], 1) * x[2], g => [N(g, 3, 2), N(g, 3, 4), N(g, 3, 6)]),
        ["stack"] = new(x => stack([x[0], x[1]], 1) * x[2], g => [N(g, 3, 4), N(g, 3, 4), N(g, 3, 2, 4)]),
        ["diag_embed"] = new(x => x[0].diag_embed() * x[1], g => [N(g, 2, 3), N(g, 2, 3, 3)]),
        ["diagonal"] = new(x => x[0].diagonal(0, -2, -1), g => [N(g, 2, 3, 3)]),
        ["tril_triu"] = new(x => x[0].tril() + x[0].triu(1) * 2.0, g => [N(g, 4, 4)]),
        ["roll"] = new(x => x[0].roll([1, -1], [0, 1]) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        ["flip"] = new(x => x[0].flip(0, 1) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        ["clone_contiguous"] = new(x => x[0].t().contiguous().clone() * x[1], g => [N(g, 3, 4), N(g, 4, 3)]),
        ["expand_as"] = new(x => x[0].expand_as(x[1]) * x[1], g => [N(g, 3, 1), N(g, 3, 4)]),
        ["alias"] = new(x => x[0].alias() * 3.0, g => [N(g, 3)]),
        ["to_float64_from_float64"] = new(x => x[0].to(ScalarType.Float64, copy: true) * 2.0, g => [N(g, 3)]),
        // ---- products, linalg, fft ----
        ["matmul_broadcast"] = new(x => x[0].matmul(x[1]), g => [N(g, 2, 3, 4), N(g, 4, 5)]),
        ["matmul_vector"] = new(x => x[0].matmul(x[1]), g => [N(g, 3, 4), N(g, 4)]),
        ["mm"] = new(x => x[0].mm(x[1]), g => [N(g, 3, 4), N(g, 4, 2)]),
        ["bmm"] = new(x => x[0].bmm(x[1]), g => [N(g, 2, 3, 4), N(g, 2, 4, 2)]),
        ["addmm"] = new(x => addmm(x[0], x[1], x[2], beta: 0.5, alpha: 2.0), g => [N(g, 3, 2), N(g, 3, 4), N(g, 4, 2)]),
        ["outer"] = new(x => outer(x[0], x[1]), g => [N(g, 3), N(g, 4)]),
        ["einsum"] = new(x => einsum("bij,bjk->bik", x[0], x[1]), g => [N(g, 2, 3, 4), N(g, 2, 4, 2)]),
        ["einsum_trace"] = new(x => einsum("ii", x[0]), g => [N(g, 4, 4)]),
        ["inverse"] = new(x => x[0].inverse(), g => [N(g, 3, 3) + eye(3, dtype: ScalarType.Float64) * 4.0]),
        ["solve"] = new(x => linalg.solve(x[0], x[1]), g => [N(g, 3, 3) + eye(3, dtype: ScalarType.Float64) * 4.0, N(g, 3, 2)]),
        ["det"] = new(x => linalg.det(x[0]), g => [N(g, 3, 3) + eye(3, dtype: ScalarType.Float64) * 2.0]),
        ["matrix_exp"] = new(x => linalg.matrix_exp(x[0]), g => [N(g, 3, 3)]),
        ["matrix_exp_batched"] = new(x => linalg.matrix_exp(x[0]), g => [N(g, 2, 3, 3) * 0.5]),
        ["linalg_norm_default"] = new(x => linalg.norm(x[0]), g => [N(g, 3, 4)]),
        ["linalg_norm_vector_ord3"] = new(x => linalg.norm(x[0], 3.0, [1]), g => [AwayFromZero(g, 3, 4)]),
        ["linalg_norm_fro"] = new(x => linalg.norm(x[0], "fro", [-2, -1], keepdim: true), g => [N(g, 2, 3, 4)]),
        ["linalg_norm_inf"] = new(x => linalg.norm(x[0], double.PositiveInfinity, [1]), g => [Distinct(g, 3, 4) - 3.0]),
        ["fft2_real_imag"] = new(x => { var f = fft.fft2(x[0]); return f.real * 1.3 + f.imag * 0.7; }, g => [N(g, 3, 4)]),
        ["ifft2_real_imag"] = new(x => { var f = fft.ifft2(x[0], norm: FFTNormType.Ortho); return f.real - f.imag * 0.5; }, g => [N(g, 2, 4, 4)]),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void AutogradMatchesFiniteDifferences(string op)
    {
        var c = Cases[op];
        using var scope = NewDisposeScope();
        using var g = new Generator(20240607);
        var inputs = c.Inputs(g);
        GradCheck.Check(x => c.F(x), inputs);
    }

    [TestMethod]
    public void GradCheckDetectsAWrongGradientAndNamesTheWorstElement()
    {
        // f(x) = detach(x)·x has true derivative 2x but autograd sees only x: the checker must flag it.
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 0.001, -50.0, 0.002 });
        var r = GradCheck.Run(v => v[0].detach() * v[0], [x]);
        Assert.IsFalse(r.Passed, r.ToString());
        Assert.AreEqual(1, r.Element, "the error |x·v| is largest at the dominant element");
        Assert.AreEqual(3, r.Checked);
        var ok = GradCheck.Run(v => v[0] * v[0], [x]);
        Assert.IsTrue(ok.Passed, ok.ToString());
    }

    [TestMethod]
    public void FactoriesHonourRequiresGrad()
    {
        // Regression: ATen's at:: factories ignore TensorOptions.requires_grad, so the shim must set it itself.
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        var made = new[]
        {
            zeros([2], ScalarType.Float64, requires_grad: true), ones([2], ScalarType.Float64, requires_grad: true),
            empty([2], ScalarType.Float64, requires_grad: true), full([2], 1.5, ScalarType.Float64, requires_grad: true),
            eye(2, dtype: ScalarType.Float64, requires_grad: true), arange(0.0, 2.0, 1.0, ScalarType.Float64, requires_grad: true),
            linspace(0, 1, 3, ScalarType.Float64, requires_grad: true), randn([2], ScalarType.Float64, requires_grad: true, generator: g),
            rand([2], ScalarType.Float64, requires_grad: true), tensor(new double[] { 1, 2 }, requires_grad: true),
        };
        for (var i = 0; i < made.Length; i++)
        {
            Assert.IsTrue(made[i].requires_grad, $"factory #{i} dropped requires_grad");
            Assert.IsTrue(made[i].is_leaf, $"factory #{i} did not give a leaf");
        }
        var s = made.Select(t => t.sum()).Aggregate((a, b) => a + b);
        s.backward();
        foreach (var t in made) CollectionAssert.AreEqual(new[] { 1.0, 1.0 }, t.grad!.reshape(-1).narrow(0, 0, 2).ToArray<double>());
        // Integral tensors cannot require gradients: a clear error, as in PyTorch.
        Assert.ThrowsExactly<TorchException>(() => zeros([2], ScalarType.Int64, requires_grad: true));
    }
}
