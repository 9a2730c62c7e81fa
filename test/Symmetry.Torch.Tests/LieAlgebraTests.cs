namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class LieAlgebraTests
{
    internal static double[][,] So(int n)
    {
        var list = new List<double[,]>();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var g = new double[n, n];
                g[i, j] = -1;
                g[j, i] = 1;
                list.Add(g);
            }
        return [.. list];
    }

    /// <summary>Generators of so(p,q): G with Gᵀη + ηG = 0, η = diag(1×p, −1×q).</summary>
    internal static double[][,] SoPq(int p, int q)
    {
        var n = p + q;
        var list = new List<double[,]>();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var g = new double[n, n];
                var boost = (i < p) != (j < p);
                g[i, j] = boost ? 1 : -1;
                g[j, i] = 1;
                list.Add(g);
            }
        return [.. list];
    }

    /// <summary>su(3) as real 6×6 matrices: i λ_a (Gell-Mann) embedded as [[Re, −Im], [Im, Re]].</summary>
    internal static double[][,] Su3()
    {
        var s3 = 1 / Math.Sqrt(3);
        // (re, im) entries of λ_1 … λ_8.
        var lambdas = new (int r, int c, double re, double im)[][]
        {
            [(0, 1, 1, 0), (1, 0, 1, 0)],
            [(0, 1, 0, -1), (1, 0, 0, 1)],
            [(0, 0, 1, 0), (1, 1, -1, 0)],
            [(0, 2, 1, 0), (2, 0, 1, 0)],
            [(0, 2, 0, -1), (2, 0, 0, 1)],
            [(1, 2, 1, 0), (2, 1, 1, 0)],
            [(1, 2, 0, -1), (2, 1, 0, 1)],
            [(0, 0, s3, 0), (1, 1, s3, 0), (2, 2, -2 * s3, 0)],
        };
        return lambdas.Select(entries =>
        {
            var m = new double[6, 6];
            foreach (var (r, c, re, im) in entries)
            {
                // i λ: real part −im, imaginary part re.
                var a = -im;
                var b = re;
                m[r, c] = a; m[r + 3, c + 3] = a;
                m[r, c + 3] = -b; m[r + 3, c] = b;
            }
            return m;
        }).ToArray();
    }

    internal static double[,,] Epsilon()
    {
        var c = new double[3, 3, 3];
        c[0, 1, 2] = 1; c[1, 2, 0] = 1; c[2, 0, 1] = 1;
        c[1, 0, 2] = -1; c[2, 1, 0] = -1; c[0, 2, 1] = -1;
        return c;
    }

    /// <summary>G'_i = s_i Σ_j M_ij G_{perm(j)}: a random invertible mixing, a permutation and rescaling.</summary>
    internal static double[][,] Mix(double[][,] g, int seed)
    {
        var rng = new Random(seed);
        var d = g.Length;
        var perm = Enumerable.Range(0, d).OrderBy(_ => rng.Next()).ToArray();
        var result = new double[d][,];
        for (var i = 0; i < d; i++)
        {
            var n = g[0].GetLength(0);
            var m = new double[n, n];
            var scale = 0.2 + 3 * rng.NextDouble();
            for (var j = 0; j < d; j++)
            {
                var w = (i == j ? 2.0 : 0.0) + (rng.NextDouble() - 0.5);
                for (var r = 0; r < n; r++)
                    for (var c = 0; c < n; c++) m[r, c] += scale * w * g[perm[j]][r, c];
            }
            result[i] = m;
        }
        return result;
    }

    [TestMethod]
    public void BracketOfRotationsIsTheThirdRotation()
    {
        var l = So(3);   // L_{01}, L_{02}, L_{12}
        var b = LieAlgebraMath.Bracket(l[0], l[2]);
        // [E10 - E01, E21 - E12] by hand: -(E20 - E02) = L_{02} with a minus sign... check numerically against AB - BA.
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
            {
                double ab = 0, ba = 0;
                for (var k = 0; k < 3; k++) { ab += l[0][i, k] * l[2][k, j]; ba += l[2][i, k] * l[0][k, j]; }
                Assert.AreEqual(ab - ba, b[i, j], 1e-15);
            }
        Assert.AreEqual(1.0, Math.Abs(LieAlgebraMath.Inner(b, l[1])) / 2, 1e-15);   // ±L_{02}, ‖L‖² = 2
    }

    [TestMethod]
    public void EigenDecompositionReconstructs()
    {
        var rng = new Random(3);
        var a = new double[7, 7];
        for (var i = 0; i < 7; i++)
            for (var j = 0; j <= i; j++) a[i, j] = a[j, i] = rng.NextDouble() - 0.5;
        var (values, vectors) = SymmetricEigen.Decompose(a);
        for (var i = 0; i < 7; i++)
            for (var j = 0; j < 7; j++)
            {
                double s = 0;
                for (var k = 0; k < 7; k++) s += vectors[i, k] * values[k] * vectors[j, k];
                Assert.AreEqual(a[i, j], s, 1e-12);
            }
        for (var k = 1; k < 7; k++) Assert.IsGreaterThanOrEqualTo(values[k], values[k - 1]);
    }

    [TestMethod]
    public void So3FromEpsilon()
    {
        var info = LieAlgebraMath.Identify(Epsilon());
        var k = LieAlgebraMath.KillingForm(Epsilon());
        // K_ab = Σ ε_agd ε_bdg = −2 δ_ab.
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++) Assert.AreEqual(a == b ? -2.0 : 0.0, k[a, b], 1e-15);
        Assert.AreEqual("so(3)", info.Name);
        Assert.Contains("su(2)", info.Aliases);
        Assert.AreEqual(new KillingSignature(3, 0, 0), info.KillingSignature);
        Assert.IsTrue(info.IsSemisimple);
        Assert.IsFalse(info.IsAbelian);
        Assert.AreEqual(1, info.Rank);
        Assert.AreEqual(3, info.DerivedDimension);
        Assert.AreEqual(0, info.CenterDimension);
        Assert.AreEqual(0, info.RadicalDimension);
    }

    [TestMethod]
    public void FitStructureConstantsOfSo3IsEpsilon()
    {
        // L_x = L_{12}, L_y = −L_{02} = L_{20}, L_z = L_{01}: [L_x, L_y] = L_z.
        var l = So(3);
        var neg = (double[,])l[1].Clone();
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) neg[i, j] = -neg[i, j];
        var c = LieAlgebraMath.FitStructureConstants([l[2], neg, l[0]], out var residuals);
        var eps = Epsilon();
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
            {
                Assert.AreEqual(0, residuals[a, b], 1e-12);
                for (var g = 0; g < 3; g++) Assert.AreEqual(eps[a, b, g], c[a, b, g], 1e-12, $"c[{a},{b},{g}]");
            }
    }

    [TestMethod]
    public void So3NameDoesNotDependOnBasisOrderOrNormalisation()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var info = LieAlgebraMath.Identify(Mix(So(3), seed));
            Assert.AreEqual("so(3)", info.Name, $"seed {seed}");
            Assert.IsTrue(info.IsClosed);
            Assert.IsLessThan(1e-10, info.ClosureResidual);
            // In the orthonormal basis the constants are ±ε/√2 (‖E‖_F = 1, ‖L‖_F = √2): Σ c² = 6 · ½.
            double sum = 0;
            foreach (var v in info.StructureConstants) sum += v * v;
            Assert.AreEqual(3.0, sum, 1e-9);
        }
    }

    [TestMethod]
    public void Lorentz()
    {
        var info = LieAlgebraMath.Identify(Mix(SoPq(1, 3), 5));
        Assert.AreEqual("so(1,3)", info.Name);
        Assert.AreEqual(new KillingSignature(3, 3, 0), info.KillingSignature);
        Assert.AreEqual(6, info.Dimension);
        Assert.AreEqual(2, info.Rank);
    }

    [TestMethod]
    public void SmallOrthogonalAndPseudoOrthogonal()
    {
        Assert.AreEqual("so(2,1)", LieAlgebraMath.Identify(Mix(SoPq(2, 1), 7)).Name);
        Assert.AreEqual(new KillingSignature(1, 2, 0), LieAlgebraMath.Identify(SoPq(2, 1)).KillingSignature);
        Assert.AreEqual("so(4)", LieAlgebraMath.Identify(Mix(So(4), 8)).Name);
        Assert.AreEqual("so(2,2)", LieAlgebraMath.Identify(SoPq(2, 2)).Name);
        Assert.AreEqual("so(5)", LieAlgebraMath.Identify(So(5)).Name);
        Assert.AreEqual("so(4,1)", LieAlgebraMath.Identify(SoPq(4, 1)).Name);
        Assert.AreEqual("so(3,2)", LieAlgebraMath.Identify(SoPq(3, 2)).Name);
        Assert.AreEqual("so(6)", LieAlgebraMath.Identify(So(6)).Name);
    }

    [TestMethod]
    public void Su3IsIdentified()
    {
        var info = LieAlgebraMath.Identify(Mix(Su3(), 11));
        Assert.AreEqual("su(3)", info.Name);
        Assert.AreEqual(new KillingSignature(8, 0, 0), info.KillingSignature);
        Assert.AreEqual(2, info.Rank);
    }

    [TestMethod]
    public void Abelian()
    {
        var a = new double[3, 3]; a[0, 0] = 1;
        var b = new double[3, 3]; b[1, 1] = 2; b[2, 2] = -1;
        var info = LieAlgebraMath.Identify([a, b]);
        Assert.AreEqual("u(1)^2", info.Name);
        Assert.Contains("R^2", info.Aliases);
        Assert.IsTrue(info.IsAbelian);
        Assert.IsFalse(info.IsSemisimple);
        Assert.AreEqual(new KillingSignature(0, 0, 2), info.KillingSignature);
        Assert.AreEqual("u(1)", LieAlgebraMath.Identify([So(2)[0]]).Name);
    }

    [TestMethod]
    public void OneDimensionalAlgebrasAreNamedByTheirGroup()
    {
        Assert.AreEqual("u(1)", LieAlgebraMath.Identify([new double[,] { { 0, -2 }, { 2, 0 } }]).Name);
        var boost = LieAlgebraMath.Identify([new double[,] { { 1, 0 }, { 0, -1 } }]);     // keeps x₁x₂
        Assert.AreEqual("so(1,1)", boost.Name);
        StringAssert.Contains(boost.Description, "non-compact");
        Assert.AreEqual("so(1,1)", LieAlgebraMath.Identify([new double[,] { { 1, 0 }, { 0, 1 } }]).Name);   // dilation
        Assert.AreEqual("R (nilpotent)", LieAlgebraMath.Identify([new double[,] { { 0, 1 }, { 0, 0 } }]).Name);
        // A commuting rotation and dilation: the abelian name stays, the description lists the kinds.
        var both = LieAlgebraMath.Identify([new double[,] { { 0, -1 }, { 1, 0 } }, new double[,] { { 1, 0 }, { 0, 1 } }]);
        Assert.AreEqual("u(1)^2", both.Name);
        StringAssert.Contains(both.Description, "so(1,1)");
    }

    [TestMethod]
    public void GeneratorInvariantsOfKnownMatrices()
    {
        var canonical = new (string, double[,])[]
        {
            ("rotation", new double[,] { { 0, -1 }, { 1, 0 } }),
            ("boost", new double[,] { { 1, 0 }, { 0, -1 } }),
            ("scaling", new double[,] { { 1, 0 }, { 0, 1 } }),
            ("shear", new double[,] { { 0, 1 }, { 0, 0 } }),
        };
        var rotation = GeneratorInvariants.Of(new double[,] { { 0, -3 }, { 3, 0 } }, canonical);
        Assert.AreEqual(GeneratorEigenKind.RotationLike, rotation.Kind);
        Assert.AreEqual("rotation", rotation.Name);
        Assert.AreEqual(2, rotation.Rank);
        Assert.AreEqual(1.0, rotation.AntisymmetricShare, 1e-12);
        var boost = GeneratorInvariants.Of(new double[,] { { 1, 0 }, { 0, -1 } }, canonical);
        Assert.AreEqual(GeneratorEigenKind.ScalingLike, boost.Kind);
        Assert.AreEqual("boost", boost.Name);
        Assert.AreEqual(1.0, boost.SymmetricShare, 1e-12);
        var dilation = GeneratorInvariants.Of(new double[,] { { 2, 0 }, { 0, 2 } }, canonical);
        Assert.AreEqual(GeneratorEigenKind.ScalingLike, dilation.Kind);
        Assert.AreEqual("scaling", dilation.Name);
        var shear = GeneratorInvariants.Of(new double[,] { { 0, 5 }, { 0, 0 } }, canonical);
        Assert.AreEqual(GeneratorEigenKind.NilpotentLike, shear.Kind);
        Assert.AreEqual(1, shear.Rank);
        Assert.AreEqual("shear", shear.Name);
        // Halfway between a rotation and a boost (the held-out "rotation at cos 0.705" case): real eigenvalues, no name.
        var between = GeneratorInvariants.Of(new double[,] { { 1, -1 }, { 1, -1 } }, canonical);
        Assert.AreEqual(GeneratorEigenKind.NilpotentLike, between.Kind);                 // (1 −1; 1 −1)² = 0
        var real = GeneratorInvariants.Of(new double[,] { { 0.2, -1 }, { 1.3, 0.1 } }, canonical);
        var mixed = GeneratorInvariants.Of(new double[,] { { 1, -1 }, { 1, 1 } }, canonical);
        Assert.AreEqual(GeneratorEigenKind.Mixed, mixed.Kind);                           // λ = 1 ± i: a spiral
        Assert.IsFalse(mixed.IsNamed, mixed.Describe());                                 // cos 1/√2 to rotation and to scaling
        Assert.AreEqual(1 / Math.Sqrt(2), mixed.Cosine, 1e-12);
        StringAssert.StartsWith(mixed.Describe(), "no canonical match");
        StringAssert.Contains(mixed.Describe(), "spiral");
        Assert.AreEqual(GeneratorEigenKind.RotationLike, real.Kind);                    // λ = 0.15 ± 1.14i: rotation dominates
        // A random matrix: the invariants are consistent whatever the name.
        var random = new Random(3);
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) r[i, j] = random.NextDouble() * 2 - 1;
        var ri = GeneratorInvariants.Of(r, canonical.Select(c => (c.Item1, Embed(c.Item2))));
        Assert.AreEqual(1.0, ri.SymmetricShare * ri.SymmetricShare + ri.AntisymmetricShare * ri.AntisymmetricShare, 1e-12);
        Assert.AreEqual(3, ri.Rank);
        Assert.AreEqual(ri.Cosine >= GeneratorInvariants.NameFloor, ri.IsNamed);
        Assert.AreEqual(GeneratorEigenKind.Zero, GeneratorInvariants.Of(new double[2, 2]).Kind);
    }

    private static double[,] Embed(double[,] a)
    {
        var e = new double[3, 3];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++) e[i, j] = a[i, j];
        return e;
    }

    [TestMethod]
    public void ReductiveIsSemisimplePlusCentre()
    {
        // u(2)-like: so(3) on the first three coordinates and a commuting scaling of the fourth.
        var list = So(3).Select(g =>
        {
            var m = new double[4, 4];
            for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) m[i, j] = g[i, j];
            return m;
        }).ToList();
        var z = new double[4, 4]; z[3, 3] = 1;
        list.Add(z);
        var info = LieAlgebraMath.Identify(Mix([.. list], 4));
        Assert.AreEqual("so(3) ⊕ u(1)", info.Name);
        Assert.AreEqual(1, info.CenterDimension);
        Assert.AreEqual(1, info.RadicalDimension);
        Assert.AreEqual(new KillingSignature(3, 0, 1), info.KillingSignature);
    }

    [TestMethod]
    public void SolvableAlgebrasAreDescribedNotNamed()
    {
        // Affine group of the line: X = E00 (scaling), Y = E01 (translation), [X, Y] = Y.
        var x = new double[2, 2]; x[0, 0] = 1;
        var y = new double[2, 2]; y[0, 1] = 1;
        var info = LieAlgebraMath.Identify([x, y]);
        Assert.IsTrue(info.IsClosed);
        Assert.IsFalse(info.IsSemisimple);
        Assert.IsFalse(info.IsAbelian);
        Assert.StartsWith("solvable, dim 2, 2-dim radical, 1-dim derived algebra", info.Name);
        // Heisenberg: [P, Q] = Z, nilpotent, Killing form zero.
        var p = new double[3, 3]; p[0, 1] = 1;
        var q = new double[3, 3]; q[1, 2] = 1;
        var zz = new double[3, 3]; zz[0, 2] = 1;
        var h = LieAlgebraMath.Identify([p, q, zz]);
        Assert.AreEqual(new KillingSignature(0, 0, 3), h.KillingSignature);
        Assert.AreEqual(1, h.CenterDimension);
        Assert.StartsWith("solvable, dim 3", h.Name);
    }

    [TestMethod]
    public void TwoRotationsDoNotClose()
    {
        var l = So(3);
        var info = LieAlgebraMath.Identify([l[0], l[1]]);
        Assert.IsFalse(info.IsClosed);
        Assert.StartsWith("not closed", info.Name);
        Assert.IsGreaterThan(0.5, info.ClosureResidual);
    }

    [TestMethod]
    public void DependentGeneratorsSpanTheAlgebra()
    {
        var l = So(3);
        var sum = new double[3, 3];
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) sum[i, j] = l[0][i, j] + l[1][i, j];
        var info = LieAlgebraMath.Identify([l[0], l[1], l[2], sum]);
        Assert.AreEqual(4, info.GeneratorCount);
        Assert.AreEqual(3, info.Dimension);
        Assert.AreEqual("so(3)", info.Name);
    }

    [TestMethod]
    public void NoisyGeneratorsStillIdentified()
    {
        var rng = new Random(9);
        var noisy = Mix(SoPq(1, 3), 2).Select(g =>
        {
            var m = (double[,])g.Clone();
            for (var i = 0; i < 4; i++) for (var j = 0; j < 4; j++) m[i, j] += 0.005 * (rng.NextDouble() - 0.5) * 2;
            return m;
        }).ToArray();
        var info = LieAlgebraMath.Identify(noisy);
        Assert.AreEqual("so(1,3)", info.Name);
    }

    [TestMethod]
    public void BadInputIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => LieAlgebraMath.Identify([new double[2, 2], new double[3, 3]]));
        var c = new double[2, 2, 2]; c[0, 1, 0] = 1;
        Assert.ThrowsExactly<ArgumentException>(() => LieAlgebraMath.Identify(c));
        Assert.ThrowsExactly<ArgumentException>(() => LieAlgebraMath.Bracket(new double[2, 3], new double[2, 3]));
    }
}
