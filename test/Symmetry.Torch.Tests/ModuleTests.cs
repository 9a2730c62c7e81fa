using Symmetry.Torch.Modules;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>nn.Module registration and traversal, modes, device/dtype moves, and the built-in modules' forward passes.</summary>
[TestClass]
public sealed class ModuleTests
{
    // A custom module written as TorchSharp users write them: fields + RegisterComponents().
    private sealed class TwoLayer : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1;
        private readonly Linear fc2;
        private readonly Parameter scale;
        private readonly Tensor offset;

        public TwoLayer(Generator g) : base(nameof(TwoLayer))
        {
            fc1 = nn.Linear(3, 5, generator: g);
            fc2 = nn.Linear(5, 2, generator: g);
            using (var s = ones(2)) scale = new Parameter(s);
            offset = zeros(2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var h = fc1.call(input);
            using var a = h.relu();
            using var o = fc2.call(a);
            using var scaled = o * scale;
            return scaled + offset;
        }
    }

    private static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    private static double[] Values(Tensor t)
    {
        using var d = t.detach();
        using var c = d.to(ScalarType.Float64);
        return c.ToArray<double>();
    }

    [TestMethod]
    public void ParameterCountsMatchPyTorch()
    {
        // Reference counts: sum(p.numel() for p in m.parameters()) in PyTorch for the same constructors.
        using var lin = nn.Linear(3, 4);
        using var linNoBias = nn.Linear(3, 4, hasBias: false);
        using var conv = nn.Conv2d(3, 8, 5);
        using var convT = nn.ConvTranspose2d(4, 6, 3, groups: 2);
        using var bn = nn.BatchNorm1d(5);
        using var ln = nn.LayerNorm(7);
        using var seq = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 8));
        Assert.AreEqual(16L, Count(lin));
        Assert.AreEqual(12L, Count(linNoBias));
        Assert.AreEqual(608L, Count(conv));
        Assert.AreEqual(4L * 3 * 3 * 3 + 6, Count(convT));
        Assert.AreEqual(10L, Count(bn));
        Assert.AreEqual(14L, Count(ln));
        Assert.AreEqual(2L * 64 + 64 + 64 * 64 + 64 + 64 * 8 + 8, Count(seq));
        CollectionAssert.AreEqual(new[] { "weight", "bias" }, lin.named_parameters().Select(p => p.name).ToArray());
        CollectionAssert.AreEqual(new[] { "weight" }, linNoBias.named_parameters().Select(p => p.name).ToArray());
        CollectionAssert.AreEqual(new long[] { 4, 3, 3, 3 }, convT.weight.shape);
        CollectionAssert.AreEqual(new[] { "running_mean", "running_var", "num_batches_tracked" }, bn.named_buffers().Select(b => b.name).ToArray());
    }

    [TestMethod]
    public void RegisterComponentsUsesFieldNamesAsKeys()
    {
        using var g = new Generator(3);
        using var m = new TwoLayer(g);
        // Own parameters first, then each child's (PyTorch's and TorchSharp's order).
        CollectionAssert.AreEqual(new[] { "scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }, m.named_parameters().Select(p => p.name).ToArray());
        CollectionAssert.AreEqual(new[] { "offset" }, m.named_buffers().Select(b => b.name).ToArray());
        CollectionAssert.AreEqual(new[] { "fc1", "fc2" }, m.named_children().Select(c => c.name).ToArray());
        CollectionAssert.AreEqual(new[] { "scale", "offset", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }, m.state_dict().Keys.ToArray());
        Assert.IsTrue(m.parameters().All(p => p.requires_grad && p.is_leaf));
        CollectionAssert.AreEqual(new[] { "fc1.weight", "fc1.bias" }, m.children().First().named_parameters().Select(p => "fc1." + p.name).ToArray());
    }

    [TestMethod]
    public void SequentialForwardEqualsHandComposedOps()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(11);
        using var seq = nn.Sequential(nn.Linear(4, 6, dtype: ScalarType.Float64, generator: g), nn.ReLU(), nn.Linear(6, 3, dtype: ScalarType.Float64, generator: g), nn.Tanh());
        var x = randn([5, 4], ScalarType.Float64, generator: g);
        var y = seq.call(x);
        CollectionAssert.AreEqual(new long[] { 5, 3 }, y.shape);

        var l1 = (Linear)seq[0];
        var l2 = (Linear)seq[2];
        var (w1, b1, w2, b2, xs) = (Values(l1.weight), Values(l1.bias!), Values(l2.weight), Values(l2.bias!), Values(x));
        var expected = new double[15];
        for (var n = 0; n < 5; n++)
        {
            var h = new double[6];
            for (var j = 0; j < 6; j++)
            {
                var s = b1[j];
                for (var k = 0; k < 4; k++) s += xs[n * 4 + k] * w1[j * 4 + k];
                h[j] = Math.Max(s, 0);
            }
            for (var i = 0; i < 3; i++)
            {
                var s = b2[i];
                for (var j = 0; j < 6; j++) s += h[j] * w2[i * 6 + j];
                expected[n * 3 + i] = Math.Tanh(s);
            }
        }
        var actual = Values(y);
        // float64 throughout; BLAS sums in a different order than the loop above.
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-12);
    }

    [TestMethod]
    public void SequentialNamesChildrenAndDisposesIntermediates()
    {
        using var seq = nn.Sequential(("enc", nn.Linear(2, 3)), ("act", nn.ReLU()), ("dec", nn.Linear(3, 2)));
        CollectionAssert.AreEqual(new[] { "enc.weight", "enc.bias", "dec.weight", "dec.bias" }, seq.named_parameters().Select(p => p.name).ToArray());
        using var x = ones(4, 2);
        var before = TestMemory.Baseline();
        using (var y = seq.call(x))
        {
            // Only the result survives the forward pass.
            Assert.AreEqual(before + 1, Tensor.TotalCount);
        }
        Assert.AreEqual(before, Tensor.TotalCount);
    }

    [TestMethod]
    public void TrainAndEvalPropagateAndControlDropout()
    {
        using var g = new Generator(5);
        using var seq = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5, generator: g));
        Assert.IsTrue(seq.training);
        seq.eval();
        Assert.IsFalse(seq.training);
        Assert.IsFalse(seq[1].training);
        using var x = ones(1000);
        var drop = (Dropout)seq[1];
        using (var y = drop.call(x))
        {
            CollectionAssert.AreEqual(Values(x), Values(y), "Dropout is the identity in evaluation mode.");
        }
        seq.train();
        Assert.IsTrue(seq[1].training);
        using var z = drop.call(x);
        var v = Values(z);
        Assert.IsTrue(v.All(e => e == 0 || e == 2), "kept elements are scaled by 1/(1−p)");
        var zeros = v.Count(e => e == 0);
        // Binomial(1000, 0.5): standard deviation ≈ 16, so ±100 is over 6σ.
        Assert.IsTrue(zeros > 400 && zeros < 600, $"{zeros} of 1000 dropped");
    }

    [TestMethod]
    public void ToDtypeKeepsParameterIdentityAndConvertsBuffersButNotCounters()
    {
        using var bn = nn.BatchNorm1d(3);
        var w = bn.weight!;
        bn.to(ScalarType.Float64);
        Assert.AreSame(w, bn.weight);
        Assert.AreEqual(ScalarType.Float64, w.dtype);
        Assert.IsTrue(w.requires_grad && w.is_leaf);
        Assert.AreEqual(ScalarType.Float64, bn.running_mean!.dtype);
        Assert.AreEqual(ScalarType.Int64, bn.num_batches_tracked!.dtype);
        var moved = bn.to(CPU);
        Assert.AreSame(bn, moved);
    }

    [TestMethod]
    public void MovingToCudaWithoutCudaThrowsAClearError()
    {
        if (cuda.is_available()) Assert.Inconclusive("A GPU is present; this checks the CPU-only build.");
        using var lin = nn.Linear(2, 2);
        var before = TestMemory.Baseline();
        var e = Assert.ThrowsExactly<TorchException>(() => lin.to(CUDA));
        Assert.AreEqual(before, Tensor.TotalCount, "a failed move leaks nothing");
        StringAssert.Contains(e.Message, "cuda", StringComparison.OrdinalIgnoreCase);
    }

    [TestMethod]
    public void ZeroGradDropsOrZeroesGradients()
    {
        using var lin = nn.Linear(2, 1);
        using (var x = ones(3, 2))
        using (var y = lin.call(x))
        using (var l = y.sum())
        {
            l.backward();
        }
        using (var g = lin.weight.grad)
        {
            Assert.IsNotNull(g);
            CollectionAssert.AreEqual(new[] { 3.0, 3.0 }, Values(g));
        }
        lin.zero_grad(set_to_none: false);
        using (var g = lin.weight.grad)
        {
            CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, Values(g!));
        }
        lin.zero_grad();
        Assert.IsNull(lin.weight.grad);
    }

    [TestMethod]
    public void BatchNorm1dUpdatesRunningStatisticsAsPyTorch()
    {
        using var scope = NewDisposeScope();
        using var bn = nn.BatchNorm1d(2, dtype: ScalarType.Float64);
        var data = new double[] { 1, 10, 2, 20, 4, 40, 9, 30 };
        var x = tensor(data, [4, 2]);
        var y = bn.call(x);
        // Feature 0: 1, 2, 4, 9 → mean 4, biased var 9.5, unbiased var 38/3.
        var rm = Values(bn.running_mean!);
        var rv = Values(bn.running_var!);
        Assert.AreEqual(0.1 * 4, rm[0], 1e-15);
        Assert.AreEqual(0.9 + 0.1 * 38.0 / 3, rv[0], 1e-14);
        Assert.AreEqual(1L, bn.num_batches_tracked!.item<long>());
        // Training output uses the biased batch variance.
        Assert.AreEqual((1 - 4) / Math.Sqrt(9.5 + 1e-5), Values(y)[0], 1e-12);
        bn.eval();
        var ye = bn.call(x);
        Assert.AreEqual((1 - rm[0]) / Math.Sqrt(rv[0] + 1e-5), Values(ye)[0], 1e-12);
        Assert.AreEqual(1L, bn.num_batches_tracked!.item<long>(), "evaluation does not count batches");
        Assert.ThrowsExactly<ArgumentException>(() => bn.call(ones(2, 2, 2, 2)));
    }

    [TestMethod]
    public void LayerNormNormalisesEachRow()
    {
        using var scope = NewDisposeScope();
        using var ln = nn.LayerNorm(4, dtype: ScalarType.Float64);
        var x = tensor(new double[] { 1, 2, 3, 4, -5, 0, 5, 10 }, [2, 4]);
        var y = Values(ln.call(x));
        for (var r = 0; r < 2; r++)
        {
            var row = y.Skip(r * 4).Take(4).ToArray();
            // eps = 1e-5 in the denominator shifts the variance by about 1e-5 relative.
            Assert.AreEqual(0.0, row.Average(), 1e-12);
            Assert.AreEqual(1.0, row.Select(v => v * v).Average(), 1e-4);
        }
    }

    [TestMethod]
    public void Conv2dMatchesADirectConvolution()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(21);
        using var conv = nn.Conv2d(2, 3, 3, padding: 1, dtype: ScalarType.Float64, generator: g);
        var x = randn([1, 2, 4, 5], ScalarType.Float64, generator: g);
        var y = Values(conv.call(x));
        var (w, b, xs) = (Values(conv.weight), Values(conv.bias!), Values(x));
        for (var o = 0; o < 3; o++)
            for (var i = 0; i < 4; i++)
                for (var j = 0; j < 5; j++)
                {
                    var s = b[o];
                    for (var c = 0; c < 2; c++)
                        for (var di = 0; di < 3; di++)
                            for (var dj = 0; dj < 3; dj++)
                            {
                                int ii = i + di - 1, jj = j + dj - 1;
                                if (ii < 0 || ii >= 4 || jj < 0 || jj >= 5) continue;
                                s += w[((o * 2 + c) * 3 + di) * 3 + dj] * xs[(c * 4 + ii) * 5 + jj];
                            }
                    // float64; the convolution kernel sums in its own order.
                    Assert.AreEqual(s, y[(o * 4 + i) * 5 + j], 1e-12);
                }
    }

    [TestMethod]
    public void ConvTranspose2dInvertsTheShapeOfAStridedConv()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(1, 4, 3, stride: 2, padding: 1);
        using var deconv = nn.ConvTranspose2d(4, 1, 3, stride: 2, padding: 1, output_padding: 1);
        var x = randn(2, 1, 8, 8);
        var h = conv.call(x);
        CollectionAssert.AreEqual(new long[] { 2, 4, 4, 4 }, h.shape);
        CollectionAssert.AreEqual(new long[] { 2, 1, 8, 8 }, deconv.call(h).shape);
        using var reflect = nn.Conv2d(1, 1, 3, padding: 1, padding_mode: PaddingModes.Reflect);
        CollectionAssert.AreEqual(new long[] { 2, 1, 8, 8 }, reflect.call(x).shape);
    }

    [TestMethod]
    public void FlattenAndUnflattenAndActivationsHaveTheRightShapesAndValues()
    {
        using var scope = NewDisposeScope();
        var x = arange(24, ScalarType.Float32).reshape(2, 3, 4);
        using var flat = nn.Flatten();
        using var unflat = nn.Unflatten(1, [3, 4]);
        var f = flat.call(x);
        CollectionAssert.AreEqual(new long[] { 2, 12 }, f.shape);
        CollectionAssert.AreEqual(new long[] { 2, 3, 4 }, unflat.call(f).shape);
        var v = tensor(new double[] { -2, 0, 3 });
        using var leaky = nn.LeakyReLU(0.1);
        using var softplus = nn.Softplus();
        using var sigmoid = nn.Sigmoid();
        CollectionAssert.AreEqual(new[] { -0.2, 0, 3 }, Values(leaky.call(v)).Select(e => Math.Round(e, 12)).ToArray());
        Assert.AreEqual(Math.Log(1 + Math.Exp(3)), Values(softplus.call(v))[2], 1e-12);
        Assert.AreEqual(0.5, Values(sigmoid.call(v))[1], 1e-15);
    }

    [TestMethod]
    public void LoadStateDictReportsMissingAndUnexpectedKeys()
    {
        using var a = nn.Linear(2, 3);
        using var b = nn.Linear(2, 3, hasBias: false);
        var strictError = Assert.ThrowsExactly<InvalidOperationException>(() => b.load_state_dict(a.state_dict()));
        StringAssert.Contains(strictError.Message, "Unexpected key(s) in state_dict: \"bias\"");
        var (missing, unexpected) = b.load_state_dict(a.state_dict(), strict: false);
        Assert.AreEqual(0, missing.Count);
        CollectionAssert.AreEqual(new[] { "bias" }, unexpected.ToArray());
        CollectionAssert.AreEqual(Values(a.weight), Values(b.weight));
        var (missing2, _) = a.load_state_dict(b.state_dict(), strict: false);
        CollectionAssert.AreEqual(new[] { "bias" }, missing2.ToArray());
    }

    [TestMethod]
    public void ForwardHooksRunAroundForward()
    {
        using var relu = nn.ReLU();
        using var x = tensor(new float[] { -1, 2 });
        using var scope = NewDisposeScope();
        using var pre = relu.register_forward_pre_hook((m, input) => input.neg());
        using (var y = relu.call(x)) CollectionAssert.AreEqual(new[] { 1.0, 0.0 }, Values(y));
        pre.Dispose();
        using var y2 = relu.call(x);
        CollectionAssert.AreEqual(new[] { 0.0, 2.0 }, Values(y2));
    }

    [TestMethod]
    public void DisposingAModuleReleasesItsTensors()
    {
        var before = TestMemory.Baseline();
        var m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU());
        Assert.AreEqual(before + 2 + 2 + 3, Tensor.TotalCount);
        m.Dispose();
        Assert.AreEqual(before, Tensor.TotalCount);
    }
}
