using System.Numerics;
using static Symmetry.Torch.torch;
using static Symmetry.Torch.Tests.TestTensors;

namespace Symmetry.Torch.Tests;

/// <summary>Values of matrix products, torch.linalg and torch.fft against analytic results and independent C# references.</summary>
[TestClass]
public sealed class LinalgTests
{
    private static Tensor M(double[,] a) => tensor(a);

    private static double[,] ToArray2D(Tensor t)
    {
        var s = t.shape;
        var flat = t.contiguous().ToArray<double>();
        var r = new double[s[0], s[1]];
        for (var i = 0; i < s[0]; i++) for (var j = 0; j < s[1]; j++) r[i, j] = flat[i * s[1] + j];
        return r;
    }

    // ---- matrix_exp ----

    [TestMethod]
    [DataRow(0.3)]
    [DataRow(1.0)]
    [DataRow(Math.PI / 2)]
    [DataRow(2.5)]
    public void MatrixExpOfRotationGeneratorIsRotation(double theta)
    {
        using var scope = NewDisposeScope();
        var e = linalg.matrix_exp(M(new[,] { { 0, -theta }, { theta, 0 } }));
        var expected = M(new[,] { { Math.Cos(theta), -Math.Sin(theta) }, { Math.Sin(theta), Math.Cos(theta) } });
        // A handful of float64 roundings in the Padé/Taylor evaluation and squarings.
        Assert.IsLessThan(1e-14, MaxAbsDiff(e, expected));
    }

    [TestMethod]
    public void MatrixExpOfNilpotentIsFiniteSeriesExactly()
    {
        using var scope = NewDisposeScope();
        // N³ = 0, so exp(N) = I + N + N²/2 with N² = [[0,0,3],[0,0,0],[0,0,0]]; every entry is a dyadic rational.
        var e = linalg.matrix_exp(M(new double[,] { { 0, 1, 2 }, { 0, 0, 3 }, { 0, 0, 0 } }));
        var actual = e.ToArray<double>();
        CollectionAssert.AreEqual(new double[] { 1, 1, 3.5, 0, 1, 3, 0, 0, 1 }, actual);
    }

    [TestMethod]
    public void MatrixExpOfDiagonalIsElementwiseExp()
    {
        using var scope = NewDisposeScope();
        var d = new[] { -2.0, 0.0, 0.5, 1.0, 3.0 };
        var e = linalg.matrix_exp(tensor(d).diag_embed());
        var r = ToArray2D(e);
        for (var i = 0; i < d.Length; i++)
        {
            for (var j = 0; j < d.Length; j++)
            {
                if (i != j) Assert.AreEqual(0.0, r[i, j], $"off-diagonal ({i},{j}) must be exactly zero");
                // exp of a scalar by a series vs the C library: a couple of ulps relative.
                else Assert.AreEqual(Math.Exp(d[i]), r[i, i], 4e-16 * Math.Exp(d[i]));
            }
        }
    }

    [TestMethod]
    public void MatrixExpOfRandom5x5MatchesScalingAndSquaringTaylorReference()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2024);
        var a = randn([5, 5], ScalarType.Float64, generator: g);
        var reference = ReferenceExpm(ToArray2D(a));
        var actual = ToArray2D(linalg.matrix_exp(a));
        var scale = 1.0;
        foreach (var v in reference) scale = Math.Max(scale, Math.Abs(v));
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < 5; j++)
                // The brief's bound: both are accurate to ~1e-14 relative, 1e-10 leaves room for conditioning.
                Assert.AreEqual(reference[i, j], actual[i, j], 1e-10 * scale, $"entry ({i},{j})");
    }

    [TestMethod]
    public void MatrixExpGradientAlongRotationGeneratorIsGeneratorTimesExp()
    {
        // d/dθ exp(θK) = K·exp(θK); with L = Σ W ⊙ exp(θK), dL/dθ = Σ W ⊙ (K·exp(θK)).
        using var scope = NewDisposeScope();
        var theta = tensor(0.7, requires_grad: true);
        var k = M(new double[,] { { 0, -1 }, { 1, 0 } });
        var w = M(new double[,] { { 1.5, -0.3 }, { 2.0, 0.25 } });
        var l = (linalg.matrix_exp(k * theta) * w).sum();
        l.backward();
        var expected = (w * k.matmul(linalg.matrix_exp(k * 0.7))).sum().item<double>();
        // Exact formulas in float64; rounding only.
        Assert.AreEqual(expected, theta.grad!.item<double>(), 1e-13);
    }

    [TestMethod]
    public void MatrixExpGradientOfRandom4x4PassesGradCheck()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(9);
        GradCheck.Check(x => linalg.matrix_exp(x[0]), [randn([4, 4], ScalarType.Float64, generator: g)]);
    }

    // Scaling and squaring: exp(A) = (exp(A/2ˢ))^(2ˢ), with ‖A/2ˢ‖₁ ≤ 1/2 so the Taylor series converges fast.
    private static double[,] ReferenceExpm(double[,] a)
    {
        var n = a.GetLength(0);
        double norm = 0;
        for (var j = 0; j < n; j++)
        {
            double col = 0;
            for (var i = 0; i < n; i++) col += Math.Abs(a[i, j]);
            norm = Math.Max(norm, col);
        }
        var s = Math.Max(0, (int)Math.Ceiling(Math.Log2(norm / 0.5)));
        var scaled = new double[n, n];
        var factor = Math.Pow(2, -s);
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) scaled[i, j] = a[i, j] * factor;

        var result = Identity(n);
        var term = Identity(n);
        for (var k = 1; k <= 30; k++)
        {
            term = MatMul(term, scaled);
            for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) term[i, j] /= k;
            for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) result[i, j] += term[i, j];
        }
        for (var q = 0; q < s; q++) result = MatMul(result, result);
        return result;
    }

    private static double[,] Identity(int n)
    {
        var r = new double[n, n];
        for (var i = 0; i < n; i++) r[i, i] = 1;
        return r;
    }

    private static double[,] MatMul(double[,] x, double[,] y)
    {
        var n = x.GetLength(0);
        var m = y.GetLength(1);
        var kk = x.GetLength(1);
        var r = new double[n, m];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
            {
                double s = 0;
                for (var k = 0; k < kk; k++) s += x[i, k] * y[k, j];
                r[i, j] = s;
            }
        return r;
    }

    // ---- products ----

    [TestMethod]
    public void MatmulMmBmmEinsumAgreeWithHandProduct()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        var a = randn([2, 3, 4], ScalarType.Float64, generator: g);
        var b = randn([2, 4, 5], ScalarType.Float64, generator: g);
        var a2 = ToArray2D(a[0]);
        var b2 = ToArray2D(b[0]);
        var hand = MatMul(a2, b2);
        var viaMm = ToArray2D(a[0].mm(b[0]));
        var viaMatmul = ToArray2D(matmul(a, b)[0]);
        var viaBmm = ToArray2D(bmm(a, b)[0]);
        var viaEinsum = ToArray2D(einsum("bij,bjk->bik", a, b)[0]);
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 5; j++)
            {
                // Four float64 products of length 4 summed in possibly different orders.
                Assert.AreEqual(hand[i, j], viaMm[i, j], 1e-13);
                Assert.AreEqual(hand[i, j], viaMatmul[i, j], 1e-13);
                Assert.AreEqual(hand[i, j], viaBmm[i, j], 1e-13);
                Assert.AreEqual(hand[i, j], viaEinsum[i, j], 1e-13);
            }
    }

    [TestMethod]
    public void InverseAndSolveInvertTheProduct()
    {
        using var scope = NewDisposeScope();
        var a = M(new double[,] { { 4, 1, 0 }, { 1, 3, 1 }, { 0, 1, 2 } });
        var b = M(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var eye3 = eye(3, dtype: ScalarType.Float64);
        // Well-conditioned 3×3 (κ ≈ 3): residuals are a few ulps.
        Assert.IsLessThan(1e-14, MaxAbsDiff(a.matmul(linalg.inv(a)), eye3));
        Assert.IsLessThan(1e-14, MaxAbsDiff(inverse(a), linalg.inv(a)));
        Assert.IsLessThan(1e-13, MaxAbsDiff(a.matmul(linalg.solve(a, b)), b));
        Assert.AreEqual(18.0, linalg.det(a).item<double>(), 1e-13);
    }

    [TestMethod]
    public void EigvalsOfRotationGeneratorArePlusMinusITheta()
    {
        using var scope = NewDisposeScope();
        var ev = linalg.eigvals(M(new double[,] { { 0, -0.8 }, { 0.8, 0 } }));
        Assert.AreEqual(ScalarType.ComplexFloat64, ev.dtype);
        var re = ev.real.contiguous().ToArray<double>();
        var im = ev.imag.contiguous().ToArray<double>().OrderBy(v => v).ToArray();
        // LAPACK's eigenvalues of a 2×2 normal matrix: exact up to rounding.
        foreach (var r in re) Assert.AreEqual(0.0, r, 1e-15);
        Assert.AreEqual(-0.8, im[0], 1e-15);
        Assert.AreEqual(0.8, im[1], 1e-15);
    }

    [TestMethod]
    public void LinalgNormVariantsMatchDefinitions()
    {
        using var scope = NewDisposeScope();
        var a = M(new double[,] { { 3, -4 }, { 1, 2 } });
        // Small integer inputs: each norm is one or two roundings from its exact value.
        Assert.AreEqual(Math.Sqrt(30), linalg.norm(a).item<double>(), 1e-14);
        Assert.AreEqual(Math.Sqrt(30), linalg.norm(a, "fro").item<double>(), 1e-14);
        CollectionAssert.AreEqual(new double[] { 7, 3 }, linalg.norm(a, 1.0, [1]).ToArray<double>());
        CollectionAssert.AreEqual(new double[] { 4, 2 }, linalg.norm(a, double.PositiveInfinity, [1]).ToArray<double>());
        // Matrix 1-norm: the largest absolute column sum (max(4, 6)).
        Assert.AreEqual(6.0, linalg.norm(a, 1.0).item<double>());
        CollectionAssert.AreEqual(new long[] { 2, 1 }, linalg.norm(a, 2.0, [1], keepdim: true).shape);
    }

    // ---- fft ----

    [TestMethod]
    public void Fft2MatchesNaiveDftAndIfft2RoundTrips()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(11);
        var x = randn([3, 4], ScalarType.Float64, generator: g);
        var xs = ToArray2D(x);
        var f = fft.fft2(x);
        Assert.AreEqual(ScalarType.ComplexFloat64, f.dtype);
        var re = ToArray2D(f.real.contiguous());
        var im = ToArray2D(f.imag.contiguous());
        for (var k = 0; k < 3; k++)
            for (var l = 0; l < 4; l++)
            {
                var sum = Complex.Zero;
                for (var m = 0; m < 3; m++)
                    for (var n = 0; n < 4; n++)
                        sum += xs[m, n] * Complex.Exp(new Complex(0, -2 * Math.PI * (k * m / 3.0 + l * n / 4.0)));
                // O(12) float64 terms of magnitude ~1: rounding ~1e-15 each.
                Assert.AreEqual(sum.Real, re[k, l], 1e-12);
                Assert.AreEqual(sum.Imaginary, im[k, l], 1e-12);
            }
        var back = fft.ifft2(f);
        Assert.IsLessThan(1e-14, MaxAbsDiff(back.real.contiguous(), x));
        Assert.IsLessThan(1e-14, back.imag.abs().max().item<double>());
        // Ortho scaling is unitary: Parseval holds.
        var o = fft.fft2(x, norm: FFTNormType.Ortho);
        var energy = (o.real.square() + o.imag.square()).sum().item<double>();
        Assert.AreEqual(x.square().sum().item<double>(), energy, 1e-12);
    }
}
