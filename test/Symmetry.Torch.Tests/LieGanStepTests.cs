using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class LieGanStepTests
{
    private sealed record Models(Autoencoder Ae, LieGanGenerator Gen, LieGanDiscriminator Disc) : IDisposable
    {
        public void Dispose()
        {
            Ae.Dispose();
            Gen.Dispose();
            Disc.Dispose();
        }
    }

    // Built in Train's order from the same seed, so two calls give the same initial values.
    private static Models Build(LatentLieGanTrainingOptions o, int n, int seed)
    {
        var init = new Generator((ulong)seed + 101UL);
        return new Models(
            new Autoencoder(n, o.AutoencoderHidden, o.Latent, init, o.BatchNorm, o.OrthogonalLatentLayer),
            new LieGanGenerator(o.Generators, o.Latent, o.Sigma, o.LearnSigma, init),
            new LieGanDiscriminator(o.TimeSteps * o.Latent, o.DiscriminatorHidden, init));
    }

    /// <summary>
    /// The step as Train computed it before the hand-written discriminator backward: D(z') once, autograd's backward of
    /// the discriminator's loss pruned to D's parameters, then of the main loss pruned to the others. Returns
    /// [recon, gan, reg, discriminator, total].
    /// </summary>
    private static Tensor AutogradStep(Models models, Tensor x, LatentLieGanTrainingOptions o, Generator noise)
    {
        var (ae, gen, disc) = (models.Ae, models.Gen, models.Disc);
        var (b, t, m) = (x.shape[0], o.TimeSteps, o.Latent);
        var z = LieGanTraining.EncodeSteps(ae, x, t);
        var recon = ae.Decode(z.reshape(b * t, m)).reshape(b, -1);
        var center = o.KeepCenter ? null : z.reshape(b * t, m).mean([0], keepdim: true).unsqueeze(0);
        var moved = LieGanGenerator.Apply(z, gen.GroupElements(gen.SampleCoefficients(b, noise)), center);
        var reconLoss = (recon - x).pow(2).mean();
        var fakeP = disc.forward(moved.reshape(b, -1));
        var ganLoss = LieGanTraining.Bce(fakeP, 1);
        var reg = LieGanTraining.Regularizer(o.Regularizer, moved, z, gen.Algebra);
        var realP = disc.forward(z.detach().reshape(b, -1));
        var dLoss = (LieGanTraining.Bce(realP, 1) + LieGanTraining.Bce(fakeP, 0)) * 0.5;
        var main = reconLoss * o.ReconstructionWeight + ganLoss * o.GanWeight + reg * o.RegularizerWeight;
        (o.SeparateUpdates ? dLoss : dLoss + ganLoss * o.GanWeight).backward(null, retain_graph: true, create_graph: false, inputs: [.. disc.parameters()]);
        main.backward(null, retain_graph: false, create_graph: false, inputs: [.. ae.parameters(), .. gen.Trainable]);
        return stack([reconLoss, ganLoss, reg, dLoss, main + dLoss]).detach();
    }

    private static void AssertSameGradients(LatentLieGanTrainingOptions options, int rows = 40, int seed = 3)
    {
        using var scope = NewDisposeScope();
        const int n = 2;
        var x = tensor(LatentLieGanTests.Ring(rows * options.TimeSteps, seed), [rows * options.TimeSteps, 5]).narrow(1, 0, n).reshape(rows, -1).contiguous();
        using var reference = Build(options, n, seed);
        using var fast = Build(options, n, seed);
        var expectedTerms = AutogradStep(reference, x, options, new Generator(11));
        var terms = new LieGanStep(fast.Ae, fast.Gen, fast.Disc, options, new Generator(11), null, null, n).Gradients(x);
        var names = new[] { "recon", "gan", "reg", "discriminator", "total" };
        int[] columns = [0, 1, 2, 3, 5];
        for (var i = 0; i < names.Length; i++)
            // The terms are computed by the same operations on the same values (D's logits from one product over both halves).
            Assert.AreEqual(expectedTerms[i].item<float>(), terms[columns[i]].item<float>(), 1e-6 * (1 + Math.Abs(expectedTerms[i].item<float>())), names[i]);
        Tensor[][] groups = [[.. reference.Ae.parameters()], [.. reference.Gen.Trainable], [.. reference.Disc.parameters()]];
        Tensor[][] actualGroups = [[.. fast.Ae.parameters()], [.. fast.Gen.Trainable], [.. fast.Disc.parameters()]];
        var worst = 0.0;
        for (var group = 0; group < groups.Length; group++)
        {
            Assert.IsNotEmpty(groups[group]);
            var groupScale = groups[group].Max(p => p.grad!.abs().max().item<float>());
            for (var i = 0; i < groups[group].Length; i++)
            {
                var (expected, actual) = (groups[group][i].grad, actualGroups[group][i].grad);
                Assert.IsNotNull(expected);
                Assert.IsNotNull(actual);
                var scale = expected.abs().max().item<float>();
                var error = TestData.MaxAbsDiff(expected, actual);
                worst = Math.Max(worst, error / Math.Max(scale, 1e-2 * groupScale));
                // float32 sums in another order (upstream scalars multiplied in after the chain, one product over both
                // halves): a few ulps of the largest entry, far below 1e-4 of it. A bias followed by batch norm has
                // gradient 0 in exact arithmetic, so there both sides hold rounding noise, a few float32 ulps (1.2e-7) of the model's largest gradient.
                Assert.IsLessThanOrEqualTo(Math.Max(1e-4 * scale, 1e-6 * groupScale), error, $"model {group} parameter {i} {string.Join('×', expected.shape)}");
            }
        }
        Console.WriteLine($"worst |Δgrad| / max|grad| {worst:E2} (per tensor; at least 1 % of its model's largest)");
    }

    [TestMethod]
    public void PlainModelGradientsMatchAutograd() =>
        AssertSameGradients(new LatentLieGanTrainingOptions
        {
            TimeSteps = 2, KeepCenter = false, GanWeight = 0.3, RegularizerWeight = 0.2,
            AutoencoderHidden = [32, 32, 32], DiscriminatorHidden = [32, 32, 32],
        });

    [TestMethod]
    public void BatchNormOrthogonalVariantGradientsMatchAutograd() =>
        AssertSameGradients(new LatentLieGanTrainingOptions
        {
            TimeSteps = 2, KeepCenter = false, GanWeight = 0.3, RegularizerWeight = 0.2, BatchNorm = true, OrthogonalLatentLayer = true,
            AutoencoderHidden = [24, 24], DiscriminatorHidden = [24, 24, 24],
        });

    [TestMethod]
    public void DiscriminatorDepthsAndWidthsGradientsMatchAutograd()
    {
        int[][] shapes = [[], [7], [16, 5, 24], [8, 8, 8, 8, 8]];
        foreach (var hidden in shapes)
            AssertSameGradients(new LatentLieGanTrainingOptions
            {
                TimeSteps = 3, GanWeight = 0.5, AutoencoderHidden = [16], DiscriminatorHidden = hidden, LearnSigma = true,
            }, rows: 33);
    }

    [TestMethod]
    public void SeparateUpdatesGradientsMatchAutograd() =>
        AssertSameGradients(new LatentLieGanTrainingOptions
        {
            TimeSteps = 2, GanWeight = 1, SeparateUpdates = true, Regularizer = LieGanRegularizer.RelativeDifference,
            AutoencoderHidden = [16, 16], DiscriminatorHidden = [16, 16],
        });

    [TestMethod]
    public void StepsLeaveNoTensorsBehind()
    {
        // The step's tensors belong to the caller's scope (the training loop opens one per step): nothing outlives it.
        using var scope = NewDisposeScope();
        const int rows = 16, n = 2;
        var options = new LatentLieGanTrainingOptions { TimeSteps = 2, AutoencoderHidden = [8], DiscriminatorHidden = [8, 8] };
        var x = tensor(LatentLieGanTests.Ring(rows * 2, 1), [rows * 2, 5]).narrow(1, 0, n).reshape(rows, -1).contiguous();
        using var models = Build(options, n, 1);
        var step = new LieGanStep(models.Ae, models.Gen, models.Disc, options, new Generator(2), null, null, n);
        using (NewDisposeScope()) step.Gradients(x);             // the first step creates the .grad tensors
        var before = torch.Tensor.TotalCount;
        for (var i = 0; i < 3; i++)
            using (NewDisposeScope()) step.Gradients(x);
        Assert.AreEqual(before, torch.Tensor.TotalCount);
    }
}
