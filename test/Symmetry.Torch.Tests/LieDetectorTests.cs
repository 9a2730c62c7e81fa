using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class LieDetectorTests
{
    private static double Gauss(double x, double y, double x0, double y0, double s) =>
        Math.Exp(-((x - x0) * (x - x0) + (y - y0) * (y - y0)) / (2 * s * s));

    [TestMethod]
    [DataRow(9)]
    [DataRow(28)]
    public void DerivativeMatrixIsExactOnBandLimitedPeriodicFunctions(int n)
    {
        var d = DerivativeBasis.Matrix(n);
        var kmax = n % 2 == 1 ? (n - 1) / 2 : n / 2 - 1;
        foreach (var k in new[] { 1, 2, kmax })
        {
            var w = 2 * Math.PI * k / n;
            double worst = 0;
            for (var i = 0; i < n; i++)
            {
                double ds = 0, dc = 0;
                for (var j = 0; j < n; j++)
                {
                    ds += d[i, j] * Math.Sin(w * j + 0.3);
                    dc += d[i, j] * Math.Cos(w * j);
                }
                worst = Math.Max(worst, Math.Abs(ds - w * Math.Cos(w * i + 0.3)));
                worst = Math.Max(worst, Math.Abs(dc + w * Math.Sin(w * i)));
            }
            // Exact up to float64 rounding of an n-term sum.
            Assert.IsLessThan(1e-10, worst, $"n={n}, k={k}");
        }
    }

    [TestMethod]
    public void ApplyMatchesAnalyticPartialDerivativesAndTheDenseMatrix()
    {
        using var scope = NewDisposeScope();
        const int n = 16;
        double w1 = 2 * Math.PI * 2 / n, w2 = 2 * Math.PI * 3 / n;
        var f = new double[n * n];
        var fx = new double[n * n];
        var fy = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                f[i * n + j] = Math.Sin(w1 * j) * Math.Cos(w2 * i);
                fx[i * n + j] = w1 * Math.Cos(w1 * j) * Math.Cos(w2 * i);
                fy[i * n + j] = -w2 * Math.Sin(w1 * j) * Math.Sin(w2 * i);
            }
        var d = tensor(DerivativeBasis.Matrix(n));
        var fields = DerivativeBasis.Fields(DetectorBasis.Quadratic, n);
        var img = tensor(f, [1, n, n], float64);
        var c = (n - 1) / 2.0;
        // Terms Lx (0), yLy (5), xyLx (7): analytic 1·fx, y·fy, xy·fx.
        foreach (var term in new[] { 0, 5, 7 })
        {
            var a = zeros(12, float64);
            a[term] = 1.0;
            var got = DerivativeBasis.Apply(img, d, fields, a).reshape(-1).data<double>().ToArray();
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    double x = j - c, y = i - c;
                    var expected = term switch { 0 => fx[i * n + j], 5 => y * fy[i * n + j], _ => x * y * fx[i * n + j] };
                    Assert.AreEqual(expected, got[i * n + j], 1e-9, $"term {term} at ({i},{j})");
                }
        }
        var coeffs = tensor(new double[] { 0.3, -1, 0.5, 2, 0.1, -0.7, 0.2, 0.05, -0.1, 0.3, 0, 0.4 });
        var viaOperators = DerivativeBasis.Apply(img, d, fields, coeffs).reshape(-1);
        var viaDense = DerivativeBasis.DenseGenerator(d, fields, coeffs).matmul(img.reshape(-1));
        Assert.IsLessThan(1e-10, (viaOperators - viaDense).abs().max().item<double>());
    }

    [TestMethod]
    public void AffineBasisMatchesTheFiniteDifferenceOfASmallTranslationAndRotation()
    {
        using var scope = NewDisposeScope();
        const int n = 28;
        const double delta = 1e-4, s = 2.5;
        var c = (n - 1) / 2.0;
        var d = tensor(DerivativeBasis.Matrix(n));
        var fields = DerivativeBasis.Fields(DetectorBasis.Affine, n);
        // A Gaussian bump off centre (≈ 0 at the borders, so nearly band-limited and periodic).
        double F(double x, double y) => Gauss(x, y, 2, -1.5, s);
        var f = new double[n * n];
        var trans = new double[n * n];
        var rot = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double x = j - c, y = i - c;
                f[i * n + j] = F(x, y);
                // Translation by δ along x: f(x − δ, y). Rotation by δ: f(R(−δ)(x, y)).
                trans[i * n + j] = (F(x - delta, y) - F(x, y)) / delta;
                rot[i * n + j] = (F(x * Math.Cos(delta) + y * Math.Sin(delta), -x * Math.Sin(delta) + y * Math.Cos(delta)) - F(x, y)) / delta;
            }
        var img = tensor(f, [1, n, n], float64);
        // Translation x ↔ −Lx; rotation ↔ yLx − xLy (pixel coordinates, y down the rows).
        var gt = DerivativeBasis.Apply(img, d, fields, tensor(new double[] { -1, 0, 0, 0, 0, 0 })).reshape(-1).data<double>().ToArray();
        var gr = DerivativeBasis.Apply(img, d, fields, tensor(new double[] { 0, 0, 1, 0, -1, 0 })).reshape(-1).data<double>().ToArray();
        double et = 0, er = 0, mt = 0, mr = 0;
        for (var k = 0; k < n * n; k++)
        {
            et = Math.Max(et, Math.Abs(gt[k] - trans[k]));
            er = Math.Max(er, Math.Abs(gr[k] - rot[k]));
            mt = Math.Max(mt, Math.Abs(trans[k]));
            mr = Math.Max(mr, Math.Abs(rot[k]));
        }
        // Finite difference O(δ) and interpolation (aliasing of a σ = 2.5 bump) errors: ≤ 1 % of the peak.
        Assert.IsLessThan(0.01 * mt, et);
        Assert.IsLessThan(0.01 * mr, er);
    }

    [TestMethod]
    public void BasisNamesAndCounts()
    {
        CollectionAssert.AreEqual(new[] { "Lx", "xLx", "yLx", "Ly", "xLy", "yLy" }, DerivativeBasis.TermNames(DetectorBasis.Affine).ToArray());
        Assert.AreEqual(12, DerivativeBasis.TermNames(DetectorBasis.Quadratic).Count);
        using var f = DerivativeBasis.Fields(DetectorBasis.Affine, 5);
        CollectionAssert.AreEqual(new long[] { 6, 2, 5, 5 }, f.shape);
    }

    [TestMethod]
    public void ModelShapesAndLatentExponentialAtZeroIsIdentity()
    {
        using var scope = NewDisposeScope();
        using var model = new LieDetectorModel(8, 3, DetectorBasis.Affine, new Generator(1));
        var x = rand(4, 64, generator: new Generator(2));
        var y = rand(4, 64, generator: new Generator(3));
        CollectionAssert.AreEqual(new long[] { 4 }, model.Magnitude(x, y).shape);
        var z = model.Encode(x);
        CollectionAssert.AreEqual(new long[] { 4, 9 }, z.shape);
        Assert.IsLessThan(1e-6, (model.TransformLatent(z, zeros(4)) - z).abs().max().item<float>());
        CollectionAssert.AreEqual(new long[] { 4, 64 }, model.Reconstruct(x, ones(4)).shape);
        Assert.AreEqual(1.0, model.NormalizedCoefficients().norm().item<float>(), 1e-5);
    }

    [TestMethod]
    public void TrainingReducesTheLossAndAlphaMatchingFindsTranslation()
    {
        using var scope = NewDisposeScope();
        // Pairs: an 8 × 8 periodic pattern with random phase, y = x shifted by t along x (exactly, band-limited).
        const int n = 8, rows = 256;
        var rng = new Random(5);
        var data = new float[rows * 2 * n * n];
        for (var r = 0; r < rows; r++)
        {
            double ph = rng.NextDouble() * 2 * Math.PI, ph2 = rng.NextDouble() * 2 * Math.PI, t = rng.NextDouble() * 2 - 1;
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    double V(double x) => Math.Sin(2 * Math.PI * x / n + ph) * (1 + 0.5 * Math.Cos(2 * Math.PI * i / n + ph2));
                    data[r * 2 * n * n + i * n + j] = (float)V(j);
                    data[r * 2 * n * n + n * n + i * n + j] = (float)V(j - t);
                }
        }
        var pairs = tensor(data, [rows, 2 * n * n]);
        var options = new LieDetectorTrainingOptions { LatentSide = 3, Epochs = 100, BatchSize = 32, AlphaWeight = 100 };
        var (model, history) = LieDetectorTraining.Train(pairs, n, n, options, seed: 1, new TrainingLoop(null, null, CancellationToken.None));
        using (model)
        {
            Assert.HasCount(100, history);
            Assert.IsLessThan(history[0].Losses["total"], history[^1].Losses["total"]);
            // The learnt direction: Lx dominates (sign is free: t can flip).
            var a = model.NormalizedCoefficients().detach().data<float>().ToArray();
            Assert.IsGreaterThan(0.9, Math.Abs(a[0]), $"a = [{string.Join(", ", a)}]");
        }
    }

    [TestMethod]
    public void GeneratorAtImageSizeNeverFormsAPixelByPixelOperator()
    {
        // At n = 256 (P = 65 536) one P × P float64 operator would be 34 GB and a batch × P × P tensor far more than this
        // machine has: applying the quadratic generator to a batch at that size can only succeed through n × n products.
        using var scope = NewDisposeScope();
        const int n = 256, batch = 4;
        var d = tensor(DerivativeBasis.Matrix(n));
        var fields = DerivativeBasis.Fields(DetectorBasis.Quadratic, n);
        var x = rand(batch, n, n, float64, generator: new Generator(2));
        var gx = DerivativeBasis.Apply(x, d, fields, ones(12, float64));
        CollectionAssert.AreEqual(new long[] { batch, n, n }, gx.shape);
        Assert.IsTrue(gx.isfinite().all().item<bool>());
    }

    [TestMethod]
    public void ATrainingStepsPeakMemoryIsFarBelowOneBatchByPixelByPixelTensor()
    {
        // 256 pairs of 40 × 40 images: one batch × P × P float32 tensor (the public code's (I + tG_big) x) would be
        // 256 · 1600² · 4 B = 2.6 GB. The whole forward and backward step, α-matching included, must stay under 1 GB of
        // peak resident growth (measured: 82 MiB), which no such tensor fits in.
        const int side = 40, batch = 256, pixels = side * side;
        using var model = new LieDetectorModel(side, 9, DetectorBasis.Affine, new Generator(1));
        var options = new LieDetectorTrainingOptions { AlphaWeight = 1e5, AlphaOrder = 2 };
        using var x = rand(batch, pixels, generator: new Generator(2));
        using var y = rand(batch, pixels, generator: new Generator(3));
        var before = PeakResidentBytes(reset: true);
        using (var scope = NewDisposeScope())
        {
            var terms = LieDetectorTraining.Losses(model, x, y, options);
            terms[0].backward();
        }
        var growth = PeakResidentBytes(reset: false) - before;
        Assert.IsLessThan(1L << 30, growth, $"peak resident growth {growth / (1 << 20)} MiB");
    }

    [TestMethod]
    public void SharedExponentialEqualsBatchedMatrixExponentialWithGradients()
    {
        // Reference: torch's matrix_exp of each tᵢ G (float64), and autograd through it.
        using var scope = NewDisposeScope();
        var gen = new Generator(4);
        var g0 = (randn(9, 9, float64, generator: gen) * 0.8).requires_grad_();
        var z = randn(7, 9, float64, generator: gen);
        var t0 = tensor(new double[] { -3.7, -0.6, -0.01, 0, 0.02, 1.3, 5.2 }).requires_grad_();
        var w = randn(7, 9, float64, generator: gen);
        var reference = linalg.matrix_exp(t0.reshape(-1, 1, 1) * g0).matmul(z.unsqueeze(2)).squeeze(2);
        (reference * w).sum().backward();
        var (dgRef, dtRef) = (g0.grad!.clone(), t0.grad!.clone());
        g0.grad!.zero_();
        t0.grad!.zero_();
        var shared = SharedExponential.Apply(g0, z, t0);
        (shared * w).sum().backward();
        // 1e-10 relative: both are exact to float64 rounding (‖tG‖ reaches ~40 here, so squares amplify rounding a little).
        Assert.IsLessThan(1e-10, ((shared - reference).norm() / reference.norm()).item<double>(), "values");
        Assert.IsLessThan(1e-9, ((g0.grad! - dgRef).norm() / dgRef.norm()).item<double>(), "dL/dG");
        Assert.IsLessThan(1e-9, ((t0.grad! - dtRef).norm() / dtRef.norm()).item<double>(), "dL/dt");
        using var none = SharedExponential.Apply(zeros(9, 9, float64), z, t0.detach());
        Assert.AreEqual(0.0, (none - z).abs().max().item<double>());                 // G = 0: exactly the identity
    }

    // VmHWM of this process; writing 5 to /proc/self/clear_refs resets it to the current resident size (Linux ≥ 4.0).
    private static long PeakResidentBytes(bool reset)
    {
        if (reset) File.WriteAllText("/proc/self/clear_refs", "5");
        var line = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
