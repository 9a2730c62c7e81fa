using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The hand-written VAE gradients (<see cref="VaeBackprop"/>) against autograd's of <see cref="BatchedVae.Loss(Tensor, Tensor, double)"/>.</summary>
[TestClass]
public sealed class VaeBackpropTests
{
    private static BatchedVae Model(int runs, int input, int[] hidden, int latent, ScalarType dtype, ulong seed)
    {
        using var g = new Generator(seed);
        var layers = Enumerable.Range(0, runs).Select(_ => VaeModel.InitialLayers(input, hidden, latent, g)).ToArray();
        try
        {
            var cast = layers.Select(ls => ls.Select(l => (l.Weight.to(dtype), l.Bias.to(dtype))).ToArray()).ToArray();
            return BatchedVae.Stack(cast, input, hidden, latent, CPU);
        }
        finally
        {
            foreach (var ls in layers)
                foreach (var (w, b) in ls)
                {
                    w.Dispose();
                    b.Dispose();
                }
        }
    }

    /// <summary>Largest |hand − autograd| over all parameters, relative to the largest autograd gradient entry; and the loss terms' largest relative difference.</summary>
    private static (double Gradient, double Loss) Compare(int runs, int[] hidden, int latent, double beta, int batch, ScalarType dtype, ulong seed)
    {
        using var scope = NewDisposeScope();
        using var model = Model(runs, 2, hidden, latent, dtype, seed);
        using var g = new Generator(seed + 100);
        // Circle-like inputs of radius ~10 (Sanz's data scale) so that activations and gradients are not tiny.
        var x = (randn([runs, batch, 2], generator: g) * 10).to(dtype);
        var noise = randn([runs, batch, latent], generator: g).to(dtype);
        var parameters = model.Parameters.ToArray();
        var (rec, kl, objective) = model.Loss(x, noise, beta);
        var expected = torch.autograd.grad([objective], parameters);
        var gradients = new Tensor[model.GradientCount];
        var (handRec, handKl) = model.LossAndGradients(x, noise, beta, gradients);
        var worst = 0.0;
        var scale = 0.0;
        for (var i = 0; i < parameters.Length; i++)
        {
            CollectionAssert.AreEqual(parameters[i].shape, gradients[i].shape, $"gradient {i} shape");
            Assert.IsTrue(gradients[i].is_contiguous(), $"gradient {i} is not contiguous");
            worst = Math.Max(worst, TestData.MaxAbsDiff(gradients[i], expected[i]));
            scale = Math.Max(scale, expected[i].abs().max().to(ScalarType.Float64).item<double>());
        }
        var lossDiff = Math.Max(TestData.MaxAbsDiff(rec, handRec) / rec.abs().max().to(ScalarType.Float64).item<double>(),
                                TestData.MaxAbsDiff(kl, handKl) / kl.abs().max().to(ScalarType.Float64).item<double>());
        return (worst / scale, lossDiff);
    }

    public static IEnumerable<object[]> Configurations =>
    [
        [1, new[] { 64, 64 }, 4, 0.1, 128],
        [1, new[] { 64, 64 }, 4, 0.0, 16],
        [3, new[] { 64, 64 }, 4, 0.1, 128],
        [1, new[] { 8 }, 2, 0.0, 40],
        [3, new[] { 8 }, 1, 1.0, 40],
        [1, new[] { 5, 7, 3 }, 3, 0.5, 33],
        [3, new[] { 5, 7, 3 }, 6, 0.1, 33],
        [3, new[] { 5, 7, 3 }, 3, 0.0, 1],
    ];

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void Float32GradientsEqualAutograd(int runs, int[] hidden, int latent, double beta, int batch)
    {
        var (gradient, loss) = Compare(runs, hidden, latent, beta, batch, ScalarType.Float32, 7);
        // Backward: autograd's products, with the latent terms combined in another order: float32 rounding (ε ≈ 6e-8;
        // measured ≤ 8e-8 relative to the largest entry) with room for other sums over ≤ 128 events and 64 units.
        Assert.IsLessThan(1e-6, gradient, "gradients");
        // Forward: the same kernels reduced the same way (mse_loss's elementwise square, then one sum): bit-equal.
        Assert.AreEqual(0.0, loss, "loss terms");
    }

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void Float64GradientsEqualAutograd(int runs, int[] hidden, int latent, double beta, int batch)
    {
        var (gradient, loss) = Compare(runs, hidden, latent, beta, batch, ScalarType.Float64, 11);
        // float64: any mistake in the formulas shows far above rounding (ε ≈ 1e-16; measured ≤ 9e-17).
        Assert.IsLessThan(1e-14, gradient, "gradients");
        // The same kernels as autograd's forward: bit-equal.
        Assert.AreEqual(0.0, loss, "loss terms");
    }

    [TestMethod]
    public void ShortTrainingFollowsTheAutogradTrajectory()
    {
        // Two copies of one 2-run model trained on the same batches and noise, one by autograd + FlatAdam.Step(),
        // one by hand + FlatAdam.Step(gradients): the per-step loss terms and the final weights agree to float32
        // rounding grown over the steps.
        const int runs = 2, batch = 32, steps = 300, latent = 3;
        int[] hidden = [16, 16];
        const double beta = 0.1;
        using var scope = NewDisposeScope();
        using var reference = Model(runs, 2, hidden, latent, ScalarType.Float32, 3);
        using var hand = Model(runs, 2, hidden, latent, ScalarType.Float32, 3);
        using var referenceAdam = new FlatAdam(reference.Parameters, 1e-2);
        using var handAdam = new FlatAdam(hand.Parameters, 1e-2);
        using var data = TestData.Circle(runs * batch * 4, 3.0, 5);
        var batches = data.view(4, runs, batch, 2);
        using var g = new Generator(21);
        var worstLoss = 0.0;
        for (var step = 0; step < steps; step++)
        {
            using var s = NewDisposeScope();
            var x = batches[step % 4];
            var noise = randn([runs, batch, latent], generator: g);
            referenceAdam.ZeroGrad();
            var (rec, kl, objective) = reference.Loss(x, noise, beta);
            objective.backward();
            referenceAdam.Step();
            var gradients = new Tensor[hand.GradientCount];
            var (handRec, handKl) = hand.LossAndGradients(x, noise, beta, gradients);
            handAdam.Step(gradients);
            worstLoss = Math.Max(worstLoss, Math.Max(TestData.MaxAbsDiff(rec, handRec) / rec.abs().max().item<float>(),
                                                     TestData.MaxAbsDiff(kl, handKl) / kl.abs().max().item<float>()));
        }
        Assert.AreEqual(steps, handAdam.Steps);
        // Gradients differing by float32 rounding (~1e-7 relative) move Adam's steps (lr 1e-2) by about that fraction;
        // over 300 steps the weights drift apart by ~5e-7 and the loss terms by ~2e-6 relative (measured): 10× / 5× room.
        Assert.IsLessThan(5e-6, TestData.MaxAbsDiff(referenceAdam.Values, handAdam.Values), "weights");
        Assert.IsLessThan(1e-5, worstLoss, "loss terms");
        // Step(gradients) reads them where they are: the hand-trained model's gradient buffer is never written.
        Assert.AreEqual(0.0, handAdam.Gradients.abs().max().item<float>());
    }

    [TestMethod]
    public void TensorCountStaysFlatOverSteps()
    {
        using var model = Model(1, 2, [16, 16], 3, ScalarType.Float32, 4);
        using var adam = new FlatAdam(model.Parameters, 1e-3);
        using var x = TestData.Circle(64, 1.0, 6).view(1, 64, 2);
        using var g = new Generator(8);
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var s = NewDisposeScope();
                var gradients = new Tensor[model.GradientCount];
                using var noise = randn([1, 64, 3], generator: g);
                model.LossAndGradients(x, noise, 0.1, gradients);
                adam.Step(gradients);
            }
        }
        Steps(5);
        var before = VaeTrainingTests.LiveTensors();
        Steps(500);
        Assert.AreEqual(before, VaeTrainingTests.LiveTensors());
    }

    [TestMethod]
    public void StepWithGradientsEqualsStepFromTheBuffer()
    {
        // The same fused update per element, read from the pieces instead of the flat buffer: bit-equal.
        using var scope = NewDisposeScope();
        using var a = Model(2, 2, [5, 3], 2, ScalarType.Float32, 12);
        using var b = Model(2, 2, [5, 3], 2, ScalarType.Float32, 12);
        using var fromBuffer = new FlatAdam(a.Parameters, 1e-2);
        using var fromPieces = new FlatAdam(b.Parameters, 1e-2);
        using var g = new Generator(13);
        var shapes = a.Parameters.Select(p => p.shape).ToArray();
        for (var step = 0; step < 20; step++)
        {
            using var s = NewDisposeScope();
            var pieces = shapes.Select(sh => randn(sh, generator: g)).ToArray();
            fromBuffer.Gradients.copy_(cat(pieces.Select(p => p.reshape(-1)).ToArray(), 0));
            fromBuffer.Step();
            fromPieces.Step(pieces);
        }
        Assert.AreEqual(0.0, TestData.MaxAbsDiff(fromBuffer.Values, fromPieces.Values));
    }

    [TestMethod]
    public void StepRejectsMismatchedGradients()
    {
        using var scope = NewDisposeScope();
        using var model = Model(1, 2, [4], 2, ScalarType.Float32, 1);
        using var adam = new FlatAdam(model.Parameters, 1e-3);
        var right = model.Parameters.Select(p => zeros_like(p)).ToArray();
        Assert.ThrowsExactly<ArgumentException>(() => adam.Step(right.AsSpan(1)));
        var wrongSize = right.ToArray();
        wrongSize[0] = zeros(3);
        Assert.ThrowsExactly<ArgumentException>(() => adam.Step(wrongSize));
        var notContiguous = right.ToArray();
        notContiguous[0] = zeros(right[0].shape[0], right[0].shape[2], right[0].shape[1]).transpose(1, 2);
        Assert.ThrowsExactly<ArgumentException>(() => adam.Step(notContiguous));
        Assert.AreEqual(0, adam.Steps);
        adam.Step(right);
        Assert.AreEqual(1, adam.Steps);
    }
}
