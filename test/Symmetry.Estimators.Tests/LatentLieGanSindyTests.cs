using Microsoft.ML;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>SINDy by the chain rule (paper eq. 5) and the held-out rollout table, on tiny seeded fits (a few seconds).</summary>
[TestClass]
public sealed class LatentLieGanSindyTests
{
    private const double Dt = 0.1;

    /// <summary>
    /// One trajectory of ż = (−z2, z1) on the unit circle (frame i at angle 0.1·i) pushed into R^5 by
    /// <see cref="LatentLieGanTests.Map"/>; row i holds frames i and i + 1, so consecutive rows chain.
    /// </summary>
    private static ArrayView Chain(int rows, bool breakLast = false)
    {
        var x = new float[rows * 10];
        for (var r = 0; r < rows; r++)
            for (var s = 0; s < 2; s++)
            {
                var angle = Dt * (r + s);
                var m = LatentLieGanTests.Map(Math.Cos(angle), Math.Sin(angle));
                for (var i = 0; i < 5; i++) x[r * 10 + s * 5 + i] = (float)m[i];
            }
        if (breakLast) x[(rows - 2) * 10 + 5] += 0.5f;                // row rows−2's second state no longer the next row's first
        return new ArrayView(rows).Vector("Features", 10, x);
    }

    /// <summary>Points on the ring with their exact velocities ẋ = J_map (−v, u) (analytic derivative of the map).</summary>
    private static ArrayView WithVelocity(int rows, int seed, int velocitySize = 5)
    {
        var rng = new Random(seed);
        var x = new float[rows * 5];
        var v = new float[rows * velocitySize];
        for (var r = 0; r < rows; r++)
        {
            var a = rng.NextDouble() * 2 * Math.PI;
            double u = Math.Cos(a), w = Math.Sin(a), du = -w, dw = u;
            var m = LatentLieGanTests.Map(u, w);
            // d/dt of [u + 0.3w², w, tanh u + 0.2w, 0.5uw, sin w − 0.3u].
            double[] d = [du + 0.6 * w * dw, dw, (1 - Math.Tanh(u) * Math.Tanh(u)) * du + 0.2 * dw, 0.5 * (du * w + u * dw), Math.Cos(w) * dw - 0.3 * du];
            for (var i = 0; i < 5; i++) x[r * 5 + i] = (float)m[i];
            for (var i = 0; i < velocitySize; i++) v[r * velocitySize + i] = (float)d[i % 5];
        }
        return new ArrayView(rows).Vector("Features", 5, x).Vector("Velocity", velocitySize, v);
    }

    private static LatentLieGanEstimator.Options Quick(Action<LatentLieGanEstimator.Options> configure)
    {
        var o = new LatentLieGanEstimator.Options { HiddenLayers = [32, 32], DiscriminatorHiddenLayers = [32, 32], Epochs = 4, BatchSize = 64, Seed = 5 };
        configure(o);
        return o;
    }

    [TestMethod]
    public void RolloutErrorsOnTheHeldOutTrajectoryAreInTheReportAndSurviveSaveAndLoad()
    {
        var ml = new MLContext(1);
        var data = Chain(200);
        var options = Quick(o =>
        {
            o.TimeSteps = 2;
            o.Sindy = new LatentLieGanEstimator.SindyOptions { PolynomialOrder = 1, TimeStep = Dt, RolloutHorizons = [5, 1, 10] };
        });
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
        var rollout = model.Report.Rollout!;
        CollectionAssert.AreEqual(new[] { 1, 5, 10 }, rollout.Select(e => e.Horizon).ToArray());
        // Independent recomputation: the held-out trajectory is frames 189 … 199 (the first states of the last 11 rows).
        var trajectory = new double[11, 5];
        for (var k = 0; k < 11; k++)
        {
            var p = LatentLieGanTests.Map(Math.Cos(Dt * (189 + k)), Math.Sin(Dt * (189 + k)));
            for (var j = 0; j < 5; j++) trajectory[k, j] = (float)p[j];
        }
        var again = model.RolloutError(trajectory, Dt, [1, 5, 10]);
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(again[i].LatentRelativeMse, rollout[i].LatentRelativeMse, 1e-12 * (1 + again[i].LatentRelativeMse));   // same float32 data, same code
            Assert.AreEqual(again[i].InputRelativeMse, rollout[i].InputRelativeMse, 1e-12 * (1 + again[i].InputRelativeMse));
        }
        var table = model.Report.Tables().Single(t => t.Title == "Rollout errors").Table;
        Assert.AreEqual(3L, table.Rows.Count);
        CollectionAssert.AreEqual(new[] { "Horizon", "LatentRelativeMse", "InputRelativeMse" }, table.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(3L, model.RolloutErrorDataFrame(trajectory, Dt, [1, 5, 10]).Rows.Count);

        var path = Path.Combine(Path.GetTempPath(), $"laligan-rollout-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = (LatentLieGanTransformer)ml.Model.Load(path, out _);
            CollectionAssert.AreEqual(rollout.ToArray(), loaded.Report.Rollout!.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void RolloutNeedsAChainedTailAndEnoughRows()
    {
        var ml = new MLContext(1);
        var chain = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
        {
            o.TimeSteps = 2;
            o.Sindy = new LatentLieGanEstimator.SindyOptions { TimeStep = Dt, RolloutHorizons = [3] };
        })).Fit(Chain(40, breakLast: true)));
        StringAssert.Contains(chain.Message, "Sindy.RolloutHorizons");
        var few = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
        {
            o.TimeSteps = 2;
            o.Sindy = new LatentLieGanEstimator.SindyOptions { TimeStep = Dt, RolloutHorizons = [39] };
        })).Fit(Chain(40)));
        StringAssert.Contains(few.Message, "Sindy.RolloutHorizons");
        var zero = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
        {
            o.TimeSteps = 2;
            o.Sindy = new LatentLieGanEstimator.SindyOptions { RolloutHorizons = [0] };
        })));
        Assert.AreEqual("Sindy.RolloutHorizons", zero.ParamName);
    }

    [TestMethod]
    public void ChainRuleSindyFitsSingleStatesWithVelocities()
    {
        var ml = new MLContext(1);
        var data = WithVelocity(256, 4);
        var options = Quick(o => o.Sindy = new LatentLieGanEstimator.SindyOptions { PolynomialOrder = 1, DerivativeColumnName = "Velocity" });
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
        Assert.HasCount(2, model.Report.Equations!);
        Assert.AreEqual(2, TestData.Read(model.Transform(data), "LatentDot", out _, out var size).Length / 256);
        Assert.AreEqual(2, size);
    }

    [TestMethod]
    public void ChainRuleVelocitiesMatchDifferencesOfTheStandardizedEncoderAlongTheMotion()
    {
        // Two states per row (θ and θ + 0.3), standardized with non-trivial scales; the truth for state k of row r is
        // (φ(S(x(θ_k + h))) − φ(S(x(θ_k − h)))) / 2h with S the standardization, since ẋ is the exact velocity of θ ↦ x(θ).
        Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
        const int Rows = 6, T = 2;
        var rng = new Random(8);
        var thetas = Enumerable.Range(0, Rows).Select(_ => rng.NextDouble() * 2 * Math.PI).ToArray();
        float[] Frames(double shift)
        {
            var x = new float[Rows * T * 5];
            for (var r = 0; r < Rows; r++)
                for (var k = 0; k < T; k++)
                {
                    var m = LatentLieGanTests.Map(Math.Cos(thetas[r] + 0.3 * k + shift), Math.Sin(thetas[r] + 0.3 * k + shift));
                    for (var j = 0; j < 5; j++) x[(r * T + k) * 5 + j] = (float)m[j];
                }
            return x;
        }
        var velocity = new float[Rows * T * 5];
        for (var r = 0; r < Rows; r++)
            for (var k = 0; k < T; k++)
            {
                double a = thetas[r] + 0.3 * k, u = Math.Cos(a), w = Math.Sin(a), du = -w, dw = u;
                double[] d = [du + 0.6 * w * dw, dw, (1 - Math.Tanh(u) * Math.Tanh(u)) * du + 0.2 * dw, 0.5 * (du * w + u * dw), Math.Cos(w) * dw - 0.3 * du];
                for (var j = 0; j < 5; j++) velocity[(r * T + k) * 5 + j] = (float)d[j];
            }
        var names = Enumerable.Range(0, T * 5).Select(i => $"x{i}").ToArray();
        var centre = new FeatureMatrix(Frames(0), Rows, T * 5, names);
        var scaling = Standardization.Fit(centre);
        Assert.IsTrue(scaling.Scale.Any(s => Math.Abs(s - 1) > 0.1), "the scales must matter");
        using var ae = new Microsoft.ML.Symmetry.Torch.Autoencoder(5, [16, 16], 2, new TorchSharp.torch.Generator(2));
        using var data = scaling.Apply(centre).ToTensor(TorchSharp.torch.CPU);
        var (z, zDot) = Microsoft.ML.Symmetry.Torch.LatentSindyData.ChainRule(ae, data, velocity, scaling.Scale, T);
        Assert.AreEqual(Rows * T, zDot.GetLength(0));
        const double H = 1e-3;
        using var plus = scaling.Apply(new FeatureMatrix(Frames(H), Rows, T * 5, names)).ToTensor(TorchSharp.torch.CPU);
        using var minus = scaling.Apply(new FeatureMatrix(Frames(-H), Rows, T * 5, names)).ToTensor(TorchSharp.torch.CPU);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var _ = TorchSharp.torch.no_grad();
        var ep = ae.Encode(plus.reshape(Rows * T, 5)).to(TorchSharp.torch.float64).data<double>().ToArray();
        var em = ae.Encode(minus.reshape(Rows * T, 5)).to(TorchSharp.torch.float64).data<double>().ToArray();
        var ec = ae.Encode(data.reshape(Rows * T, 5)).to(TorchSharp.torch.float64).data<double>().ToArray();
        for (var p = 0; p < Rows * T; p++)
            for (var j = 0; j < 2; j++)
            {
                Assert.AreEqual(ec[p * 2 + j], z[p, j], 1e-6);            // the codes themselves, same float32 pass
                var fd = (ep[p * 2 + j] - em[p * 2 + j]) / (2 * H);
                // float32 inputs at h = 1e-3 (rounding ~1e-4/h relative) and an O(h²) curvature term; a ReLU kink inside ±h would break this.
                Assert.AreEqual(fd, zDot[p, j], 2e-2 * (1 + Math.Abs(fd)), $"state {p}, z{j + 1}");
            }
    }

    [TestMethod]
    public void TrainJointlyAddsTheSindyTermAndNeedsTwoSteps()
    {
        var ml = new MLContext(1);
        var options = Quick(o =>
        {
            o.TimeSteps = 2;
            o.Sindy = new LatentLieGanEstimator.SindyOptions { PolynomialOrder = 1, TimeStep = Dt, TrainJointly = true, JointWeight = 1 };
        });
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(Chain(128));
        Assert.IsTrue(model.Report.History.All(h => h.Losses.TryGetValue("sindy", out var v) && double.IsFinite(v) && v >= 0));
        CollectionAssert.Contains(model.Report.HistoryDataFrame().Columns.Select(c => c.Name).ToArray(), "sindy");
        Assert.HasCount(2, model.Report.Equations!);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
            o.Sindy = new LatentLieGanEstimator.SindyOptions { TrainJointly = true })));
        Assert.AreEqual("Sindy", e.ParamName);
        StringAssert.Contains(e.Message, "Sindy.DerivativeColumnName");
        var w = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
        {
            o.TimeSteps = 2;
            o.Sindy = new LatentLieGanEstimator.SindyOptions { TrainJointly = true, JointWeight = -1 };
        })));
        Assert.AreEqual("Sindy.JointWeight", w.ParamName);
    }

    [TestMethod]
    public void TrainJointlyWithADerivativeColumnUsesTheChainRuleOnSingleStates()
    {
        // TimeSteps 1 leaves nothing to difference, so a "sindy" term in every epoch can only come from ż = J_φ ẋ.
        var ml = new MLContext(1);
        var data = WithVelocity(128, 6);
        var options = Quick(o => o.Sindy = new LatentLieGanEstimator.SindyOptions
        {
            PolynomialOrder = 1, DerivativeColumnName = "Velocity", TrainJointly = true, JointWeight = 1,
        });
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
        Assert.HasCount(options.Epochs, model.Report.History);
        Assert.IsTrue(model.Report.History.All(h => h.Losses.TryGetValue("sindy", out var v) && double.IsFinite(v) && v >= 0));
        Assert.HasCount(2, model.Report.Equations!);
    }

    [TestMethod]
    public void ADivergingRolloutGivesInfiniteErrorsNotAnException()
    {
        // ż1 = 1 + 100 z1² blows up in finite time: explicit Euler with Δt = 1 overflows within a few steps.
        Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
        var ml = new MLContext(1);
        var xi = new double[6, 2];                                    // terms 1, z1, z2, z1², z1 z2, z2²
        xi[0, 0] = 1;
        xi[3, 0] = 100;
        var sindy = new SindyModel(new SindyLibrary(2, 2, false, false), xi);
        var report = LatentLieGanReport.Create([new double[2, 2]], [], sindy);
        var model = new LatentLieGanTransformer(ml, new Microsoft.ML.Symmetry.Torch.Autoencoder(5, [8], 2, new TorchSharp.torch.Generator(1)),
                                                      Standardization.Identity(5), 1, "Features", "Latent", report, TorchSharp.torch.CPU);
        var trajectory = new double[31, 5];
        var errors = model.RolloutError(trajectory, 1, [1, 30]);
        Assert.IsTrue(double.IsFinite(errors[0].LatentRelativeMse));
        Assert.AreEqual(double.PositiveInfinity, errors[1].LatentRelativeMse);
        Assert.AreEqual(double.PositiveInfinity, errors[1].InputRelativeMse);
        var (latent, _) = model.Rollout(new double[1, 5], 30, 1);
        Assert.IsTrue(double.IsNaN(latent[30, 0, 0]));
    }

    [TestMethod]
    public void DerivativeColumnMustMatchTheInput()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
            o.Sindy = new LatentLieGanEstimator.SindyOptions { DerivativeColumnName = "Velocity" })).Fit(WithVelocity(64, 1, velocitySize: 4)));
        StringAssert.Contains(e.Message, "Sindy.DerivativeColumnName");
        var missing = Assert.Throws<ArgumentException>(() => ml.Transforms.SymmetryDiscovery.LatentLieGan(Quick(o =>
            o.Sindy = new LatentLieGanEstimator.SindyOptions { DerivativeColumnName = "Nope" })).Fit(WithVelocity(64, 1)));
        StringAssert.Contains(missing.Message, "Nope");
    }
}
