namespace Microsoft.ML.Symmetry.Datasets.Tests;

[TestClass]
public sealed class GeometryTests
{
    [TestMethod]
    public void CircleRadiiAreExactToFloatPrecision()
    {
        var t = Geometry.Circle(10_000, 10, seed: 1);
        var f = t.GetColumn("Features");
        Assert.AreEqual(10_000, f.RowCount);
        double worst = 0;
        for (int i = 0; i < f.RowCount; i++)
        {
            var r = f.Row(i);
            worst = Math.Max(worst, Math.Abs(Math.Sqrt((double)r[0] * r[0] + (double)r[1] * r[1]) - 10));
        }
        // Each coordinate is R cos θ rounded to float: |Δr| ≤ ulp(10)/2·√2 ≈ 6.7e-7.
        Assert.IsLessThan(1e-6, worst);
        Assert.AreEqual(1, t.Info.IntrinsicDimension);
        Assert.AreEqual(10.0, t.Info.Reference("Radius"));
    }

    [TestMethod]
    public void SquareMarginalsAreUniform()
    {
        var t = Geometry.Square(10_000, 10, seed: 2);
        var f = t.GetColumn("Features").Values.ToArray();
        for (int k = 0; k < 2; k++)
        {
            var xs = Enumerable.Range(0, 10_000).Select(i => (double)f[2 * i + k]).ToArray();
            Assert.IsTrue(xs.All(x => x >= -10 && x < 10));
            double d = Stats.KolmogorovSmirnov(xs, x => (x + 10) / 20);
            // KS at level α = 0.01 (fixed seed, so the test is deterministic).
            Assert.IsLessThan(Stats.KolmogorovSmirnovCritical(xs.Length, 0.01), d);
        }
    }

    [TestMethod]
    public void SameSeedSameBitsOtherSeedOtherBits()
    {
        var a = Geometry.Circle(1000, 3, seed: 7).GetColumn("Features").Values.ToArray();
        var b = Geometry.Circle(1000, 3, seed: 7).GetColumn("Features").Values.ToArray();
        var c = Geometry.Circle(1000, 3, seed: 8).GetColumn("Features").Values.ToArray();
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void RandomStreamIsPinned()
    {
        // xoshiro256** seeded by SplitMix64(0): first output computed by hand from the reference algorithm.
        var r = new SymmetryRandom(0);
        ulong s0 = 0xE220A8397B1DCDAFUL, s1 = 0x6E789E6AA1B965F4UL;   // SplitMix64(0) outputs 1 and 2
        ulong expected = RotL(s1 * 5, 7) * 9;
        Assert.AreEqual(expected, r.NextUInt64());
        _ = s0;
    }

    private static ulong RotL(ulong x, int k) => unchecked((x << k) | (x >> (64 - k)));

    [TestMethod]
    public void SphereAndHyperboloidSatisfyTheirOracles()
    {
        var s = Geometry.Sphere(2000, 4, 2.5, onSurface: true, seed: 3);
        var f = s.GetColumn("Features");
        for (int i = 0; i < f.RowCount; i++)
        {
            double r = s.Info.Oracle!([.. f.Row(i).ToArray().Select(v => (double)v)]);
            Assert.AreEqual(2.5, r, 1e-5);   // float rounding of four coordinates of size ≤ 2.5
        }
        Assert.AreEqual(6, s.Info.Generators.Count);
        Assert.AreEqual(3, s.Info.IntrinsicDimension);

        var h = Geometry.Hyperboloid(2000, 1.5, 2, onShell: true, seed: 4);
        var hf = h.GetColumn("Features");
        for (int i = 0; i < hf.RowCount; i++)
        {
            var x = hf.Row(i).ToArray().Select(v => (double)v).ToArray();
            double m2 = h.Info.Oracle!(x);
            // m² = x0² − |x|² loses float precision as x0² grows: tolerance 4 ulp-relative of x0².
            Assert.AreEqual(2.25, m2, 4 * 1.2e-7 * x[0] * x[0] + 1e-6);
        }
    }

    [TestMethod]
    public void GeneratorsAnnihilateTheOracles()
    {
        // Invariance: ∇f(x)·(G x) = 0 for ‖x‖ and the Minkowski square, at random points.
        var rng = new SymmetryRandom(5);
        foreach (var g in Geometry.Sphere(10, 5, 1, true, 1).Info.Generators)
            for (int t = 0; t < 10; t++)
            {
                var x = Enumerable.Range(0, 5).Select(_ => rng.NextGaussian()).ToArray();
                var gx = g.Apply(x);
                Assert.AreEqual(0, x.Zip(gx, (a, b) => a * b).Sum(), 1e-12);   // ∇‖x‖² = 2x
            }
        var eta = LieAlgebras.Minkowski();
        foreach (var g in Geometry.Hyperboloid(10, 1, 1, true, 1).Info.Generators)
        {
            var m = g.Matrix!;
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                {
                    double s = 0;
                    for (int k = 0; k < 4; k++) s += m[k, i] * eta[k, j] + eta[i, k] * m[k, j];
                    Assert.AreEqual(0.0, s);   // Gᵀη + ηG = 0 exactly (integer entries)
                }
        }
        // so(1,3) closes: [K1, K2] = −J_z (Lorentz algebra; sign from K_i = E_0i + E_i0).
        var so13 = LieAlgebras.So13();
        var comm = LieAlgebras.Commutator(so13[3], so13[4]);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.AreEqual(-so13[2][i, j], comm[i, j]);
    }
}
