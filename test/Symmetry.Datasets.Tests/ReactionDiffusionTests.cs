using Microsoft.ML.Symmetry.Datasets.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

[TestClass]
public sealed class ReactionDiffusionTests
{
    [TestMethod]
    [DataRow(100)]
    [DataRow(28)]
    [DataRow(12)]
    [DataRow(7)]
    [DataRow(1)]
    public void ReferenceFftMatchesTheDirectDft(int n)
    {
        // The C# FFT is no longer used by the generator; it stays in the tests as part of the reference integrator.
        var rng = new SymmetryRandom(n);
        var re = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var im = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var fr = (double[])re.Clone();
        var fi = (double[])im.Clone();
        new Fft(n).Forward(fr, fi);
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++)
            {
                double a = -2 * Math.PI * ((long)j * k % n) / n;
                sr += re[j] * Math.Cos(a) - im[j] * Math.Sin(a);
                si += re[j] * Math.Sin(a) + im[j] * Math.Cos(a);
            }
            Assert.AreEqual(sr, fr[k], 1e-11 * n);   // O(n ε) round-off of both sums
            Assert.AreEqual(si, fi[k], 1e-11 * n);
        }
        new Fft(n).Inverse(fr, fi);
        for (int j = 0; j < n; j++) Assert.AreEqual(re[j], fr[j], 1e-13 * n);   // round trip
    }

    [TestMethod]
    public void PureDiffusionOfOneFourierModeDecaysExactly()
    {
        const int n = 32;
        const double length = 20, d = 0.1, dt = 0.05;
        using var solver = new ReactionDiffusionSolver(n, length, d, d, 1, dt, reaction: false);
        double k = 2 * Math.PI / length * 3;   // mode (kx, ky) = (3, 0)·2π/L
        var u = new double[n * n];
        var v = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double x = ReactionDiffusionData.Coordinate(c, n, length);
                u[r * n + c] = Math.Cos(k * x);
                v[r * n + c] = 0.5 * Math.Sin(k * x);
            }
        solver.SetState(u, v);
        for (int s = 0; s < 200; s++) solver.Step().Dispose();
        var uu = new double[n * n];
        var vv = new double[n * n];
        solver.GetState(uu, vv);
        double decay = Math.Exp(-d * k * k * 200 * dt);
        for (int i = 0; i < n * n; i++)
        {
            Assert.AreEqual(decay * u[i], uu[i], 1e-12);   // exact integrating factor: only FFT round-off
            Assert.AreEqual(decay * v[i], vv[i], 1e-12);
        }
    }

    [TestMethod]
    public void SmallModeGrowsAtTheLinearRateAndUniformStateRotates()
    {
        const int n = 16;
        const double length = 20, d = 0.1, dt = 0.05, eps = 1e-5;
        // Linearised about 0: u_t = u + d Δu ⇒ u = ε e^((1 − d k²) t) cos(k x) (error O(ε²) relative).
        using var solver = new ReactionDiffusionSolver(n, length, d, d, 1, dt);
        double k = 2 * Math.PI / length * 2;
        var u = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) u[r * n + c] = eps * Math.Cos(k * ReactionDiffusionData.Coordinate(c, n, length));
        solver.SetState(u, new double[n * n]);
        for (int s = 0; s < 40; s++) solver.Step().Dispose();
        var uu = new double[n * n];
        var vv = new double[n * n];
        solver.GetState(uu, vv);
        double growth = Math.Exp((1 - d * k * k) * 40 * dt);
        // IF-RK4 local error for u' = λu is (λ dt)⁵/120 ≈ 2e-9 per step (40 steps); ε² nonlinear terms are 1e-10.
        for (int i = 0; i < n * n; i++) Assert.AreEqual(growth * u[i], uu[i], 1e-6 * eps);

        // Uniform |w| = 1: w' = −iβ w exactly, so (u, v) = (cos βt, −sin βt): a nonlinear check of the RK4 part.
        const double beta = 1.3;
        using var s2 = new ReactionDiffusionSolver(n, length, d, d, beta, dt);
        s2.SetState(Enumerable.Repeat(1.0, n * n).ToArray(), new double[n * n]);
        for (int s = 0; s < 200; s++) s2.Step().Dispose();
        s2.GetState(uu, vv);
        double t = 200 * dt;
        // RK4 phase error (β dt)⁵/120 ≈ 1e-8 per step, 200 steps: 2e-6.
        Assert.AreEqual(Math.Cos(beta * t), uu[5], 1e-5);
        Assert.AreEqual(-Math.Sin(beta * t), vv[5], 1e-5);
    }

    [TestMethod]
    [DataRow(0.1, 0.1)]
    [DataRow(0.1, 0.04)]
    public void TorchIntegratorMatchesThePreviousSchemeInABatch(double d1, double d2)
    {
        // The torch integrator (batch of two spirals) against the previous all-C# IF-RK4 (own FFT, separate û, v̂),
        // run on each spiral alone; d1 ≠ d2 exercises the conj(W(−k)) part of the propagator.
        const int n = 20, steps = 300;
        const double length = 20, dt = 0.05, beta = 1;
        var (u1, v1) = ReactionDiffusionData.InitialCondition(n, length, 1);
        var (u2, v2) = ReactionDiffusionData.InitialCondition(n, length, 2);
        double worst = 0;
        using (var scope = NewDisposeScope())
        using (var solver = new ReactionDiffusionSolver(n, length, d1, d2, beta, dt))
        {
            solver.SetState(tensor([.. u1, .. u2], [2, n, n], float64), tensor([.. v1, .. v2], [2, n, n], float64));
            Assert.AreEqual(2L, solver.BatchSize);
            var frames = new List<Tensor>();
            for (int s = 0; s < steps; s++)
            {
                var start = solver.Step();
                if (s % 100 == 99) frames.Add(start); else start.Dispose();
            }
            var final = solver.Physical().cpu();
            var ur = final.real.contiguous().data<double>().ToArray();
            var vi = final.imag.contiguous().data<double>().ToArray();
            foreach (var (u0, v0, b) in new[] { (u1, v1, 0), (u2, v2, 1) })
            {
                var reference = new ReferenceReactionDiffusionSolver(n, length, d1, d2, beta, dt);
                reference.SetState(u0, v0);
                for (int s = 0; s < steps; s++)
                {
                    reference.Step();
                    if (s % 100 == 99)
                    {
                        // Step returns the state at the start of the step, as the reference's LastU/LastV.
                        var f = frames[s / 100][b].cpu();
                        var fu = f.real.contiguous().data<double>().ToArray();
                        for (int i = 0; i < n * n; i++) worst = Math.Max(worst, Math.Abs(fu[i] - reference.LastU[i]));
                    }
                }
                var ru = new double[n * n];
                var rv = new double[n * n];
                reference.GetState(ru, rv);
                for (int i = 0; i < n * n; i++)
                {
                    worst = Math.Max(worst, Math.Abs(ur[b * n * n + i] - ru[i]));
                    worst = Math.Max(worst, Math.Abs(vi[b * n * n + i] - rv[i]));
                }
            }
        }
        Console.WriteLine($"max |torch − reference| = {worst:E2}");
        // Same scheme and float64: only round-off of two FFTs and of the operation order, slowly amplified along the
        // (stable, non-chaotic) limit cycle over 300 steps; measured ≈ 1e-14.
        Assert.IsLessThan(1e-10, worst);   // measured 2e-13 (d1 = d2) and 1.4e-11 (d1 ≠ d2)
    }

    [TestMethod]
    [DoNotParallelize]   // Tensor.TotalCount is process-wide: no other test class may create tensors meanwhile
    public void GenerationReleasesEveryTensorAndTheCpuDeviceIsTheDefault()
    {
        static long Live() { GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); return Tensor.TotalCount; }
        long before = Live();   // garbage of earlier tests finalized; what this test leaks would stay counted below
        var a = ReactionDiffusionData.Generate(300, 24, 12, 0.05, 0.1, 0.1, 1, 20, 1, noise: 1e-6, pairs: false, seed: 2);
        Assert.AreEqual(before, Tensor.TotalCount);
        var b = ReactionDiffusionData.Generate(300, 24, 12, 0.05, 0.1, 0.1, 1, 20, 1, noise: 1e-6, pairs: false, seed: 2, device: CPU);
        Assert.IsTrue(a.GetColumn("Features").Values.Span.SequenceEqual(b.GetColumn("Features").Values.Span));   // same seed, same data, bit for bit
        Assert.AreEqual(before, Tensor.TotalCount);
        var img = new float[5 * 30 * 30];
        img[465] = 1;
        ImageTransforms.Apply(img, [0.1, 0.2, 0.3, 0.4, 0.5], new float[img.Length], 30, 30, SyMnistTransformation.SpecialConformalY, batchSize: 2);
        ImageTransforms.Apply(img, [0.1, 0.2, 0.3, 0.4, 0.5], new float[img.Length], 30, 30, SyMnistTransformation.Shear, batchSize: 2);
        Assert.AreEqual(before, Tensor.TotalCount);
        if (cuda.is_available())
        {
            // On a GPU the integrator runs on CUDA's FFT: same scheme, round-off-level differences only.
            var g = ReactionDiffusionData.Generate(300, 24, 12, 0.05, 0.1, 0.1, 1, 20, 1, noise: 1e-6, pairs: false, seed: 2, device: CUDA);
            var x = a.GetColumn("Features").Values.Span;
            var y = g.GetColumn("Features").Values.Span;
            for (int i = 0; i < x.Length; i++) Assert.AreEqual(x[i], y[i], 1e-6);   // float storage
        }
    }

    [TestMethod]
    public void FramesMaskPairingBoundedAmplitudeAndStablePeriod()
    {
        const int frames = 1600, n = 32;
        var t = ReactionDiffusionData.Generate(frames, n, null, 0.05, 0.1, 0.1, 1, 20, 1, noise: 0, pairs: true, seed: 1);
        var info = t.Info;
        Assert.AreEqual(160.0, info.Reference("TestFrames"));
        Assert.AreEqual(160.0, info.Reference("ValidationFrames"));
        Assert.AreEqual(1280.0, info.Reference("TrainFrames"));
        Assert.AreEqual(frames - 3, t.RowCount);   // pairs never straddle the two split boundaries
        var f = t.GetColumn("Features");
        var target = t.GetColumn("Target");
        var time = t.GetColumn("Time").Values.Span;
        var split = t.GetColumn("Split").Values.Span;
        Assert.AreEqual(0.05f, time[0]);
        for (int i = 0; i + 1 < t.RowCount; i++)
            if (split[i] == split[i + 1])
                Assert.IsTrue(f.Row(i + 1).SequenceEqual(target.Row(i)));   // Target(i) is the next frame
        // Mask: |u| ≤ 1 on the limit cycle, so every pixel is bounded by its mask value exp(−0.01 r²).
        var mask = ReactionDiffusionData.Mask(n, 20);
        double maxEarly = 0, maxLate = 0;
        for (int i = 0; i < t.RowCount; i++)
        {
            var row = f.Row(i);
            for (int p = 0; p < row.Length; p++)
            {
                double ratio = Math.Abs(row[p]) / mask[p];
                if (time[i] < 5) maxEarly = Math.Max(maxEarly, ratio); else maxLate = Math.Max(maxLate, ratio);
            }
        }
        // Bounded amplitude: the λ–ω attractor has |w| = √(1 − d k²) ≤ 1. Early frames overshoot by < 1 % because the
        // spiral initial condition is not periodic on the box (Gibbs ripple at the edge), so they get 2 %.
        Assert.IsLessThan(1.02, maxEarly);
        Assert.IsLessThan(1.0 + 1e-3, maxLate);
        Assert.IsLessThan(1.02, info.Reference("MaxAbsU"));
        // Period: measured from the frames at the probe pixel, on two halves of the training frames (skipping t < 12.8, the transient).
        int probe = (int)info.Reference("ProbeIndex");
        // Training rows are consecutive frames (pairs skip only the split boundaries), so rows map to t = 0.05 (i + 1).
        var series = new List<double>();
        for (int i = 0; i < t.RowCount && split[i] == 0; i++) series.Add(f.Row(i)[probe]);
        double p1 = ReactionDiffusionData.MeasurePeriod(series.ToArray().AsSpan(0, series.Count / 2), 0.05, 0.4);
        double p2 = ReactionDiffusionData.MeasurePeriod(series.ToArray().AsSpan(series.Count / 2), 0.05, 0);
        Console.WriteLine($"period {info.Reference("Period")} halves {p1} {p2}");
        Assert.AreEqual(p1, p2, 0.01 * p1);   // a limit cycle: the period does not drift (1 %: zero-crossing interpolation)
        Assert.AreEqual(info.Reference("Period"), p2, 0.01 * p2);
        Assert.IsGreaterThan(2 * Math.PI, p1);   // Ω = β(1 − d k∞²) ≤ β = 1 ⇒ T ≥ 2π
        Assert.IsLessThan(2 * Math.PI * 1.3, p1);
    }

    [TestMethod]
    public void DownsampledOutputIsTheBandLimitedField()
    {
        // A field containing only low modes is reproduced exactly on the coarse grid.
        const int n = 40, m = 20;
        var field = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                field[r * n + c] = Math.Cos(2 * Math.PI * 3 * c / n) + 0.5 * Math.Sin(2 * Math.PI * (2 * r + c) / n);
        var outp = new double[m * m];
        using (var resampler = new SpectralResampler(n, m)) resampler.Resample(field, outp);
        for (int r = 0; r < m; r++)
            for (int c = 0; c < m; c++)
                Assert.AreEqual(Math.Cos(2 * Math.PI * 3 * c / m) + 0.5 * Math.Sin(2 * Math.PI * (2 * r + c) / m), outp[r * m + c], 1e-12);   // FFT round-off
    }
}

[TestClass]
public sealed class DynamicsTests
{
    [TestMethod]
    public void PendulumConservesEnergyAndPairsFollow()
    {
        var t = Dynamics.Pendulum(20, 500, 0.02, images: false, imageSize: 51, seed: 3);
        Assert.AreEqual(20 * 500, t.RowCount);
        var f = t.GetColumn("Features");
        var e = t.GetColumn("Energy").Values.Span;
        for (int i = 0; i < t.RowCount; i++)
        {
            var x = f.Row(i);
            Assert.IsLessThanOrEqualTo(0.99, Math.Abs((double)e[i]));
            // float storage of θ, ω (≈ 1e-7) dominates the RK4 drift (substep 0.002: ≈ 1e-12).
            Assert.AreEqual(e[i], Dynamics.PendulumEnergy(x[0], x[1]), 1e-6);
        }
        var img = Dynamics.Pendulum(2, 10, 0.02, images: true, imageSize: 51, seed: 3);
        Assert.AreEqual(51 * 51, img.Info.EmbeddingDimension);
        var first = img.GetColumn("Features").Row(0).ToArray();
        Assert.AreEqual(1.0, first.Max(), 0.1);   // the bob's Gaussian peak sits within half a pixel (0.06) of a pixel centre
    }

    [TestMethod]
    public void LotkaVolterraConservesItsHamiltonian()
    {
        var t = Dynamics.LotkaVolterra(10, 10_000, 0.002, 10, 2.0 / 3, 4.0 / 3, 1, 1, 3, 4.5, seed: 4);
        var f = t.GetColumn("Features");
        var e = t.GetColumn("Energy").Values.Span;
        for (int i = 0; i < t.RowCount; i++)
        {
            Assert.IsTrue(e[i] >= 3 && e[i] <= 4.5);
            double h = t.Info.Oracle!([f.Row(i)[0], f.Row(i)[1]]);
            Assert.AreEqual(e[i], h, 1e-5);   // float storage of x (|∂H/∂x| ≤ ~10) plus RK4 drift at dt = 0.002
        }
    }
}
