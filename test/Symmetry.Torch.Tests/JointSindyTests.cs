using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The tensor form of the SINDy library and the joint SINDy term of LaLiGAN training (paper eq. 5).</summary>
[TestClass]
public sealed class JointSindyTests
{
    [TestMethod]
    public void TheTensorLibraryEqualsThePointwiseOneAndIsDifferentiable()
    {
        using var scope = NewDisposeScope();
        var lib = new SindyLibrary(3, 3, includeSine: true, includeExp: true);
        var z = randn([7, 3], float64, generator: new Generator(1)).requires_grad_(true);
        var theta = lib.Evaluate(z);
        CollectionAssert.AreEqual(new long[] { 7, lib.Count }, theta.shape);
        var values = z.detach().data<double>().ToArray();
        var t = theta.detach().data<double>().ToArray();
        for (var r = 0; r < 7; r++)
        {
            var expected = lib.Evaluate(values.AsSpan(r * 3, 3));
            for (var c = 0; c < lib.Count; c++) Assert.AreEqual(expected[c], t[r * lib.Count + c], 1e-12, lib.TermNames[c]);   // float64 both ways
        }
        // d/dz1 of Σ_rows (z1² z2) = 2 z1 z2 per row (term "z1^2 z2").
        var column = lib.TermNames.ToList().IndexOf("z1^2 z2");
        var grad = autograd.grad([theta.select(1, column).sum()], [z])[0];
        for (var r = 0; r < 7; r++) Assert.AreEqual(2 * values[r * 3] * values[r * 3 + 1], grad[r, 0].item<double>(), 1e-12);
    }

    [TestMethod]
    public void TheJointTermTrainsXiAndIsRecordedPerEpoch()
    {
        // Pairs (x, R(0.1) x) of a unit circle in R²: Ξ starts at 0 and gets gradient only from the joint term.
        using var scope = NewDisposeScope();
        var rng = new Random(2);
        var rows = 256;
        var values = new float[rows * 4];
        for (var r = 0; r < rows; r++)
        {
            var a = rng.NextDouble() * 2 * Math.PI;
            values[r * 4] = (float)Math.Cos(a); values[r * 4 + 1] = (float)Math.Sin(a);
            values[r * 4 + 2] = (float)Math.Cos(a + 0.1); values[r * 4 + 3] = (float)Math.Sin(a + 0.1);
        }
        var data = tensor(values, [rows, 4]);
        var options = new LatentLieGanTrainingOptions
        {
            TimeSteps = 2, Epochs = 8, BatchSize = 64, AutoencoderHidden = [16], DiscriminatorHidden = [16],
            Sindy = new LatentSindyTrainingOptions { PolynomialOrder = 1, TrainJointly = true, JointWeight = 1, TimeStep = 0.1 },
        };
        var result = LieGanTraining.Train(data, options, 3, new TrainingLoop(null, null, CancellationToken.None));
        using var ae = result.Autoencoder;
        using var gen = result.Generator;
        Assert.IsTrue(result.History.All(h => h.Losses.ContainsKey("sindy")));
        var xi = result.JointSindyCoefficients!;
        Assert.AreEqual(3, xi.GetLength(0));
        Assert.IsTrue(xi.Cast<double>().Any(v => Math.Abs(v) > 1e-4), "Ξ moved from 0");
        var plain = LieGanTraining.Train(data, options with { Sindy = null, Epochs = 1 }, 3, new TrainingLoop(null, null, CancellationToken.None));
        Assert.IsNull(plain.JointSindyCoefficients);
        Assert.IsFalse(plain.History[0].Losses.ContainsKey("sindy"));
        plain.Autoencoder.Dispose();
        plain.Generator.Dispose();
        var e = Assert.ThrowsExactly<ArgumentException>(() => LieGanTraining.Train(data, options with { TimeSteps = 1 }, 3, new TrainingLoop(null, null, CancellationToken.None)));
        StringAssert.Contains(e.Message, "TimeSteps");
        // The residual the trained Ξ leaves on the trained encoder's codes is what the last epoch reported, up to the
        // last epoch's own updates (a tenth of a relative change at most for these step sizes).
        using var _ = no_grad();
        var z = LieGanTraining.EncodeSteps(ae, data, 2);
        var velocity = (z.select(1, 1) - z.select(1, 0)) / 0.1;
        var theta = options.JointLibrary!.Evaluate((z.select(1, 1) + z.select(1, 0)) * 0.5);
        var xiT = tensor(xi.Cast<double>().Select(v => (float)v).ToArray(), [3, 2]);
        var residual = (velocity - theta.matmul(xiT)).pow(2).mean().item<float>();
        Assert.AreEqual(result.History[^1].Losses["sindy"], residual, 0.1 * residual + 1e-6);
    }

    [TestMethod]
    public void WithVelocitiesInTheDataTheJointTermUsesTheChainRuleAtEachState()
    {
        // Single states on a unit circle in R² with ẋ = (−x2, x1) after them: no second step to difference, so only the
        // chain rule can supply ż; Ξ starts at 0 and gets gradient only from the joint term.
        using var scope = NewDisposeScope();
        var rng = new Random(4);
        var rows = 256;
        var values = new float[rows * 4];
        for (var r = 0; r < rows; r++)
        {
            var a = rng.NextDouble() * 2 * Math.PI;
            values[r * 4] = (float)Math.Cos(a); values[r * 4 + 1] = (float)Math.Sin(a);
            values[r * 4 + 2] = (float)-Math.Sin(a); values[r * 4 + 3] = (float)Math.Cos(a);
        }
        var data = tensor(values, [rows, 4]);
        var options = new LatentLieGanTrainingOptions
        {
            TimeSteps = 1, Epochs = 8, BatchSize = 64, AutoencoderHidden = [16], DiscriminatorHidden = [16],
            Sindy = new LatentSindyTrainingOptions { PolynomialOrder = 1, TrainJointly = true, JointWeight = 1 }, VelocitiesInData = true,
        };
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        var result = LieGanTraining.Train(data, options, 3, loop);
        using var ae = result.Autoencoder;
        using var gen = result.Generator;
        Assert.HasCount(8, result.History);
        Assert.IsTrue(result.History.All(h => h.Losses.TryGetValue("sindy", out var v) && double.IsFinite(v) && v >= 0));
        var xi = result.JointSindyCoefficients!;
        Assert.IsTrue(xi.Cast<double>().Any(v => Math.Abs(v) > 1e-4), "Ξ moved from 0");
        // The residual of the trained Ξ against the detached chain rule on the trained encoder is what the last epoch
        // reported, up to the last epoch's own updates (a tenth of a relative change at most for these step sizes).
        var x = data.narrow(1, 0, 2);
        var zDot = LatentVelocity.ChainRule(ae.Encode, x, data.narrow(1, 2, 2));
        using (no_grad())
        {
            var theta = options.JointLibrary!.Evaluate(ae.Encode(x));
            var xiT = tensor(xi.Cast<double>().Select(v => (float)v).ToArray(), [3, 2]);
            var residual = (zDot - theta.matmul(xiT)).pow(2).mean().item<float>();
            Assert.AreEqual(result.History[^1].Losses["sindy"], residual, 0.1 * residual + 1e-6);
        }

        var alone = Assert.ThrowsExactly<ArgumentException>(() => LieGanTraining.Train(data, options with { Sindy = null }, 3, loop));
        StringAssert.Contains(alone.Message, "VelocitiesInData");
        var odd = Assert.ThrowsExactly<ArgumentException>(() => LieGanTraining.Train(data.narrow(1, 0, 3), options, 3, loop));
        StringAssert.Contains(odd.Message, "VelocitiesInData");
    }
}
