using static Symmetry.Torch.torch;
using static Symmetry.Torch.Tests.TestTensors;
using F = Symmetry.Torch.torch.nn.functional;

namespace Symmetry.Torch.Tests;

/// <summary>Values of torch.nn.functional against hand computations and the defining formulas.</summary>
[TestClass]
public sealed class FunctionalTests
{
    [TestMethod]
    public void LinearEqualsMatmulPlusBiasFor2DAnd3DInput()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        var w = N(g, 5, 3);
        var b = N(g, 5);
        var x2 = N(g, 4, 3);
        var x3 = N(g, 2, 4, 3);
        // addmm and matmul+add round the same dot products differently by at most a few ulps.
        Assert.IsLessThan(1e-14, MaxAbsDiff(F.linear(x2, w, b), x2.matmul(w.t()) + b));
        Assert.IsLessThan(1e-14, MaxAbsDiff(F.linear(x3, w, b), x3.matmul(w.t()) + b));
        Assert.IsLessThan(1e-14, MaxAbsDiff(F.linear(x2, w), x2.matmul(w.t())));
        CollectionAssert.AreEqual(new long[] { 2, 4, 5 }, F.linear(x3, w, b).shape);
    }

    [TestMethod]
    public void ActivationsMatchTheirFormulas()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -3, -0.5, 0, 0.5, 3, 30 });
        var xs = x.ToArray<double>();
        var relu = F.relu(x).ToArray<double>();
        var leaky = F.leaky_relu(x, 0.1).ToArray<double>();
        var elu = F.elu(x, 1.5).ToArray<double>();
        var softplus = F.softplus(x, beta: 2, threshold: 20).ToArray<double>();
        var sigmoid = F.sigmoid(x).ToArray<double>();
        var tanhv = F.tanh(x).ToArray<double>();
        for (var i = 0; i < xs.Length; i++)
        {
            var v = xs[i];
            Assert.AreEqual(Math.Max(v, 0), relu[i]);
            Assert.AreEqual(v >= 0 ? v : 0.1 * v, leaky[i], 1e-16);
            // Library exp/log1p vs .NET's: a couple of ulps.
            Assert.AreEqual(v > 0 ? v : 1.5 * (Math.Exp(v) - 1), elu[i], 1e-15);
            Assert.AreEqual(2 * v > 20 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2, softplus[i], 1e-14);
            Assert.AreEqual(1 / (1 + Math.Exp(-v)), sigmoid[i], 1e-15);
            Assert.AreEqual(Math.Tanh(v), tanhv[i], 1e-15);
        }
    }

    [TestMethod]
    public void SoftmaxRowsSumToOneAndLogSoftmaxIsItsLog()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2);
        var x = N(g, 3, 5) * 10.0;
        var p = F.softmax(x, 1);
        // Sum of five float64 numbers ≤ 1: a few ulps.
        Assert.IsLessThan(1e-15, MaxAbsDiff(p.sum(1), ones([3], ScalarType.Float64)));
        Assert.IsLessThan(1e-13, MaxAbsDiff(F.log_softmax(x, 1), p.log()));
        Assert.AreEqual(ScalarType.Float64, F.softmax(x.to(ScalarType.Float32), 0, ScalarType.Float64).dtype);
    }

    [TestMethod]
    public void DropoutWithGeneratorIsReproducibleScaledAndKeepsAboutOneMinusP()
    {
        using var scope = NewDisposeScope();
        var x = ones([100_000], ScalarType.Float64);
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        var a = F.dropout(x, 0.3, generator: g1);
        var b = F.dropout(x, 0.3, generator: g2);
        CollectionAssert.AreEqual(a.ToArray<double>(), b.ToArray<double>());
        var values = a.ToArray<double>();
        var kept = values.Count(v => v != 0);
        Assert.IsTrue(values.All(v => v == 0 || Math.Abs(v - 1 / 0.7) < 1e-15), "kept values must be scaled by 1/(1 − p)");
        // Binomial(1e5, 0.7): σ ≈ 145; 5σ keeps the test deterministic-in-practice for the fixed seed and any correct RNG.
        Assert.AreEqual(70_000, kept, 725);
        // Without a generator ATen's own kernel runs: same statistics.
        manual_seed(3);
        var c = F.dropout(x, 0.3).ToArray<double>();
        Assert.AreEqual(70_000, c.Count(v => v != 0), 725);
        CollectionAssert.AreEqual(x.ToArray<double>(), F.dropout(x, 0.3, training: false).ToArray<double>());
        CollectionAssert.AreEqual(x.ToArray<double>(), F.dropout(x, 0.0).ToArray<double>());
        Assert.AreEqual(0.0, F.dropout(x, 1.0).abs().sum().item<double>());
    }

    [TestMethod]
    public void LossesMatchTheirDefinitions()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(4);
        var x = N(g, 4, 3);
        var y = N(g, 4, 3);
        var mseNone = F.mse_loss(x, y, nn.Reduction.None);
        Assert.IsLessThan(1e-15, MaxAbsDiff(mseNone, (x - y).square()));
        // Reductions of 12 float64 numbers: a few ulps.
        Assert.AreEqual(mseNone.sum().item<double>(), F.mse_loss(x, y, nn.Reduction.Sum).item<double>(), 1e-13);
        Assert.AreEqual(mseNone.mean().item<double>(), F.mse_loss(x, y).item<double>(), 1e-14);

        var target = tensor(new long[] { 2, 0, 1, 1 });
        var logp = F.log_softmax(x, 1);
        var manual = -(logp[0, 2].item<double>() + logp[1, 0].item<double>() + logp[2, 1].item<double>() + logp[3, 1].item<double>()) / 4;
        Assert.AreEqual(manual, F.cross_entropy(x, target).item<double>(), 1e-14);
        Assert.AreEqual(manual, F.nll_loss(logp, target).item<double>(), 1e-14);
        // Weighted mean divides by the sum of the target weights, as PyTorch.
        var w = tensor(new double[] { 1, 2, 3 });
        var wManual = -(3 * logp[0, 2].item<double>() + 1 * logp[1, 0].item<double>() + 2 * logp[2, 1].item<double>() + 2 * logp[3, 1].item<double>()) / 8;
        Assert.AreEqual(wManual, F.cross_entropy(x, target, w).item<double>(), 1e-14);

        var probs = F.sigmoid(x);
        var t01 = rand([4, 3], ScalarType.Float64, generator: g);
        var bce = F.binary_cross_entropy(probs, t01);
        var bceLogits = F.binary_cross_entropy_with_logits(x, t01);
        var bceManual = -(t01 * probs.log() + (1.0 - t01) * (1.0 - probs).log()).mean().item<double>();
        // log(sigmoid) vs the fused log-sum-exp form: 1e-15 relative each, averaged.
        Assert.AreEqual(bceManual, bce.item<double>(), 1e-13);
        Assert.AreEqual(bceManual, bceLogits.item<double>(), 1e-13);
        // pos_weight p multiplies the positive term: −[p·y·log σ + (1 − y)·log(1 − σ)].
        var pw = tensor(new double[] { 2, 1, 0.5 });
        var pwManual = -(pw * t01 * probs.log() + (1.0 - t01) * (1.0 - probs).log()).sum().item<double>();
        Assert.AreEqual(pwManual, F.binary_cross_entropy_with_logits(x, t01, null, nn.Reduction.Sum, pw).item<double>(), 1e-12);
    }

    [TestMethod]
    public void Conv2dMatchesDirectLoopAndConvTransposeIsItsAdjoint()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5);
        var x = N(g, 1, 2, 5, 5);
        var w = N(g, 3, 2, 3, 3);
        var b = N(g, 3);
        var y = F.conv2d(x, w, b, strides: [2, 2], padding: [1, 1]);
        CollectionAssert.AreEqual(new long[] { 1, 3, 3, 3 }, y.shape);
        var xa = x.ToArray<double>();
        var wa = w.ToArray<double>();
        var ba = b.ToArray<double>();
        var ya = y.ToArray<double>();
        for (var o = 0; o < 3; o++)
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                {
                    var s = ba[o];
                    for (var c = 0; c < 2; c++)
                        for (var ki = 0; ki < 3; ki++)
                            for (var kj = 0; kj < 3; kj++)
                            {
                                int r = i * 2 - 1 + ki, q = j * 2 - 1 + kj;
                                if (r < 0 || r >= 5 || q < 0 || q >= 5) continue;
                                s += xa[(c * 5 + r) * 5 + q] * wa[((o * 2 + c) * 3 + ki) * 3 + kj];
                            }
                    // 18-term float64 dot product summed in another order.
                    Assert.AreEqual(s, ya[(o * 3 + i) * 3 + j], 1e-13);
                }
        // ⟨conv(x), u⟩ = ⟨x, convᵀ(u)⟩ for the same weight, stride and padding (output_padding restores the 5×5 size).
        var u = N(g, 1, 3, 3, 3);
        var lhs = (F.conv2d(x, w, strides: [2, 2], padding: [1, 1]) * u).sum().item<double>();
        var xt = F.conv_transpose2d(u, w, strides: [2, 2], padding: [1, 1]);
        CollectionAssert.AreEqual(new long[] { 1, 2, 5, 5 }, xt.shape);
        Assert.AreEqual(lhs, (x * xt).sum().item<double>(), 1e-12);
    }

    [TestMethod]
    public void MaxPoolLayerNormBatchNormAndCosineSimilarityMatchHandComputation()
    {
        using var scope = NewDisposeScope();
        var img = arange(16, ScalarType.Float64).reshape(1, 1, 4, 4);
        CollectionAssert.AreEqual(new double[] { 5, 7, 13, 15 }, F.max_pool2d(img, [2, 2]).ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 5, 6, 7, 9, 10, 11, 13, 14, 15 }, F.max_pool2d(img, [2, 2], stride: [1, 1]).ToArray<double>());

        var x = tensor(new double[] { 1, 2, 3, 4, 2, 2, 2, 6 }, [2, 4]);
        var ln = F.layer_norm(x, [4], eps: 0).ToArray<double>();
        // Row 0: mean 2.5, biased variance 1.25.
        Assert.AreEqual((1 - 2.5) / Math.Sqrt(1.25), ln[0], 1e-15);
        Assert.AreEqual((4 - 2.5) / Math.Sqrt(1.25), ln[3], 1e-15);

        var rm = zeros([4], ScalarType.Float64);
        var rv = ones([4], ScalarType.Float64);
        var bn = F.batch_norm(x, rm, rv, training: true, momentum: 0.1, eps: 0).ToArray<double>();
        // Column 0 is {1, 2}: mean 1.5, biased var 0.25 (used to normalise), unbiased var 0.5 (recorded).
        Assert.AreEqual(-1.0, bn[0], 1e-15);
        Assert.AreEqual(0.15, rm.ToArray<double>()[0], 1e-16);
        Assert.AreEqual(0.9 + 0.1 * 0.5, rv.ToArray<double>()[0], 1e-16);
        // Eval mode uses the running statistics.
        var evalOut = F.batch_norm(x, rm, rv, training: false, eps: 0).ToArray<double>();
        Assert.AreEqual((1 - 0.15) / Math.Sqrt(0.95), evalOut[0], 1e-15);

        var cs = F.cosine_similarity(tensor(new double[] { 1, 0, 3, 4 }, [2, 2]), tensor(new double[] { 0, 1, 4, 3 }, [2, 2])).ToArray<double>();
        Assert.AreEqual(0.0, cs[0]);
        Assert.AreEqual(24.0 / 25.0, cs[1], 1e-15);
    }

    [TestMethod]
    public void IdentityAffineGridSamplesTheInputBackAndPaddingModesBehave()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(6);
        var img = N(g, 2, 3, 4, 5);
        var theta = tensor(new double[] { 1, 0, 0, 0, 1, 0 }, [1, 2, 3]).expand(2, 2, 3);
        foreach (var align in new[] { false, true })
        {
            var grid = F.affine_grid(theta, [2, 3, 4, 5], align_corners: align);
            CollectionAssert.AreEqual(new long[] { 2, 4, 5, 2 }, grid.shape);
            // Identity grid hits pixel centres: bilinear weights are 1 and 0 up to rounding of the grid coordinates.
            Assert.IsLessThan(1e-14, MaxAbsDiff(F.grid_sample(img, grid, align_corners: align), img));
            Assert.IsLessThan(1e-14, MaxAbsDiff(F.grid_sample(img, grid, GridSampleMode.Nearest, align_corners: align), img));
        }
        // A single row [1, 2, 3, 4] sampled at x = 2 (right of the image) with align_corners: zeros → 0, border → 4,
        // reflection → reflected about the last pixel centre (x = 1) back to x = 0 → 2.5.
        var row = tensor(new double[] { 1, 2, 3, 4 }, [1, 1, 1, 4]);
        var at = tensor(new double[] { 2, 0 }, [1, 1, 1, 2]);
        Assert.AreEqual(0.0, F.grid_sample(row, at, padding_mode: GridSamplePaddingMode.Zeros, align_corners: true).item<double>());
        Assert.AreEqual(4.0, F.grid_sample(row, at, padding_mode: GridSamplePaddingMode.Border, align_corners: true).item<double>());
        Assert.AreEqual(2.5, F.grid_sample(row, at, padding_mode: GridSamplePaddingMode.Reflection, align_corners: true).item<double>(), 1e-15);
    }

    [TestMethod]
    public void PadModesProduceTheDocumentedBorders()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3 }, [1, 1, 3]);
        CollectionAssert.AreEqual(new double[] { 9, 9, 1, 2, 3, 9, 9 }, F.pad(x, [2, 2], PaddingModes.Constant, 9).ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 0, 1, 2, 3, 0 }, F.pad(x, [1, 1], PaddingModes.Zeros).ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 3, 2, 1, 2, 3, 2, 1 }, F.pad(x, [2, 2], PaddingModes.Reflect).ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 1, 1, 1, 2, 3, 3, 3 }, F.pad(x, [2, 2], PaddingModes.Replicate).ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 2, 3, 1, 2, 3, 1, 2 }, F.pad(x, [2, 2], PaddingModes.Circular).ToArray<double>());
        CollectionAssert.AreEqual(new long[] { 3, 3, 5 }, F.pad(x, 1).shape);
    }

    [TestMethod]
    public void StaticWrappersEqualTheTensorMethods()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(8);
        var x = rand([3, 4], ScalarType.Float64, generator: g) + 0.1;
        var y = N(g, 3, 4);
        var pairs = new (Tensor a, Tensor b)[]
        {
            (exp(x), x.exp()), (log(x), x.log()), (sqrt(x), x.sqrt()), (abs(y), y.abs()), (sin(y), y.sin()), (cos(y), y.cos()),
            (tanh(y), y.tanh()), (sigmoid(y), y.sigmoid()), (relu(y), y.relu()), (sum(y), y.sum()), (mean(y), y.mean()),
            (clamp(y, -0.5, 0.5), y.clamp(-0.5, 0.5)), (maximum(x, y), x.maximum(y)), (minimum(x, y), x.minimum(y)),
            (sum(y, 1), y.sum(1)), (mean(y, [0], true), y.mean([0], true)), (max(y), y.max()), (min(y, 1).values, y.min(1).values),
            (std(y), y.std()), (var(y, [1]), y.var([1])), (logsumexp(y, 0), y.logsumexp(0)), (pow(x, 2.5), x.pow(2.5)),
            (add(x, y, 2), x + y * 2), (mul(x, y), x * y), (div(x, 2.0), x / 2.0), (sub(x, y), x - y),
        };
        // Same kernels on the same data: identical bits.
        foreach (var (a, b) in pairs) CollectionAssert.AreEqual(b.ToArray<double>(), a.ToArray<double>());
    }
}
