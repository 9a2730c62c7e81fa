using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class OracleFlowsTests
{
    private static Tensor SquaredNorm(Tensor x) => x.pow(2).sum(1, keepdim: true);

    private static FlowGenerators LinearWith(double[][,] matrices)
    {
        var g = new FlowGenerators(GeneratorKind.Linear, matrices.Length, matrices[0].GetLength(0), [], new Generator(1));
        using var _ = no_grad();
        for (var a = 0; a < matrices.Length; a++)
            for (var i = 0; i < matrices[a].GetLength(0); i++)
                for (var j = 0; j < matrices[a].GetLength(1); j++) g.Weight[a, i, j] = matrices[a][i, j];
        return g;
    }

    [TestMethod]
    public void InvarianceIsTheEpsilonExpansionByHand()
    {
        using var scope = NewDisposeScope();
        var w = new double[,] { { 0.5, -1, 0 }, { 2, 0.25, 1 }, { 0, 1, -0.5 } };
        using var g = LinearWith([w]);
        double[][] points = [[1, 2, 3], [-0.5, 0.25, 2]];
        var x = tensor(points.SelectMany(p => p).ToArray(), [2, 3], float64);
        const double eps = 1e-3;
        var loss = FlowLosses.Invariance(SquaredNorm, x, g.forward(x), eps).item<double>();
        double expected = 0;
        foreach (var p in points)
        {
            var moved = new double[3];
            for (var i = 0; i < 3; i++)
            {
                moved[i] = p[i];
                for (var j = 0; j < 3; j++) moved[i] += eps * w[i, j] * p[j];
            }
            var diff = moved.Sum(v => v * v) - p.Sum(v => v * v);
            expected += diff * diff / (eps * eps);
        }
        expected /= points.Length;
        // Same formula in float64: agreement to rounding of the ε² division (relative 1e-9).
        Assert.AreEqual(expected, loss, 1e-9 * expected);
    }

    [TestMethod]
    public void NormalizationOrthogonalityAndClosureByHand()
    {
        using var scope = NewDisposeScope();
        var l = LieAlgebraTests.So(3);                          // L01, L02, L12, ‖L‖² = 2
        var w2 = new double[,] { { 1, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
        using var g = LinearWith([l[0], l[1], w2]);
        var x = tensor(new double[] { 1, 0, 0, 0, 1, 0 }, [2, 3], float64);
        var f = g.forward(x);
        // Σ (ΣW² − 2)²: 0 + 0 + (1 − 2)² = 1.
        Assert.AreEqual(1.0, FlowLosses.Normalization(g, f).item<double>(), 1e-12);
        // Σ_{α<β} (ΣW_α∘W_β)²: L01·L02 = 0, L01·E00 = 0, L02·E00 = 0.
        Assert.AreEqual(0.0, FlowLosses.Orthogonality(g, f).item<double>(), 1e-12);
        // Closure with a = 0: Σ ‖[W_α, W_β]‖_F² computed by hand from the commutators.
        var mats = new[] { l[0], l[1], w2 };
        double expected = 0;
        for (var a = 0; a < 3; a++)
            for (var b = a + 1; b < 3; b++)
            {
                var c = LieAlgebraMath.Bracket(mats[a], mats[b]);
                expected += LieAlgebraMath.Inner(c, c);
            }
        var zero = zeros([3, 3], float64);
        Assert.AreEqual(expected, FlowLosses.Closure(g, x, zero).item<double>(), 1e-12);
        // With a = the fitted constants the rotation pair's residual is gone: [L01, L02] = −L12 is outside the span,
        // so only what the span can absorb is removed; check against LieAlgebraMath's least squares.
        var c01 = LieAlgebraMath.FitStructureConstants(mats, out var residuals);
        var a2 = zeros([3, 3], float64);
        var pair = 0;
        double left = 0;
        for (var a = 0; a < 3; a++)
            for (var b = a + 1; b < 3; b++, pair++)
            {
                for (var k = 0; k < 3; k++) a2[pair, k] = c01[a, b, k];
                var norm = Math.Sqrt(LieAlgebraMath.Inner(mats[a], mats[a]) * LieAlgebraMath.Inner(mats[b], mats[b]));
                left += Math.Pow(residuals[a, b] * norm, 2);
            }
        Assert.AreEqual(left, FlowLosses.Closure(g, x, a2).item<double>(), 1e-12);
        // Orthogonality is non-zero for overlapping generators: W and 2W give (2 ΣW²)² = (2·2)² = 16.
        var twice = (double[,])l[0].Clone();
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) twice[i, j] *= 2;
        using var g2 = LinearWith([l[0], twice]);
        Assert.AreEqual(16.0, FlowLosses.Orthogonality(g2, g2.forward(x)).item<double>(), 1e-12);
    }

    [TestMethod]
    public void NeuralBracketMatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        using var g = new FlowGenerators(GeneratorKind.Neural, 2, 3, [8, 8], new Generator(4));
        var x = tensor(new double[] { 0.3, -0.2, 0.5, -1, 0.4, 0.1 }, [2, 3], float64);
        var bracket = g.Brackets(x, createGraph: false);          // 1 × 2 × 3
        // J_β g_α − J_α g_β with directional derivatives by central differences (h = 1e-5: error O(h²) ≈ 1e-10).
        const double h = 1e-5;
        Tensor Dir(int field, Tensor at, Tensor v) => (g.Field(field, at + v * h) - g.Field(field, at - v * h)) / (2 * h);
        using var _ = no_grad();
        var ga = g.Field(0, x);
        var gb = g.Field(1, x);
        var expected = Dir(1, x, ga) - Dir(0, x, gb);
        var diff = (bracket[0] - expected).abs().max().item<double>();
        Assert.IsLessThan(1e-7, diff, $"max |Δ| = {diff}");
        // Linear generators: the matrix commutator.
        var l = LieAlgebraTests.So(3);
        using var lin = LinearWith([l[0], l[1]]);
        var comm = lin.Brackets(x, false)[0];
        var byHand = LieAlgebraMath.Bracket(l[0], l[1]);
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) Assert.AreEqual(byHand[i, j], comm[i, j].item<double>(), 1e-15);
    }

    [TestMethod]
    public void Rk4FollowsARotationExactly()
    {
        using var scope = NewDisposeScope();
        var l = LieAlgebraTests.So(2);
        using var g = LinearWith(l);
        var start = tensor(new double[] { 1, 0 }, [1, 2], float64);
        var path = g.Integrate(0, start, 1000, Math.PI / 1000);   // half a turn
        Assert.AreEqual(1001, path.shape[0]);
        // RK4 global error O(ε⁴) ≈ 1e-13 per unit time.
        Assert.AreEqual(-1.0, path[1000, 0, 0].item<double>(), 1e-9);
        Assert.AreEqual(0.0, path[1000, 0, 1].item<double>(), 1e-9);
    }

    [TestMethod]
    public void TrainingFindsRotationsOfTheSquaredNorm()
    {
        using var scope = NewDisposeScope();
        var data = randn([200, 3], float64, generator: new Generator(0));
        var options = new FlowTrainingOptions(GeneratorKind.Linear, 3, [], 1e-3, 1, 1, 1, Epochs: 1500, BatchSize: 200, LearningRate: 1e-2);
        var result = FlowTraining.Train(data, SquaredNorm, options, 0, new TrainingLoop(null, null, CancellationToken.None));
        using var gens = result.Generators;
        var w = gens.Weight;
        var sym = (w + w.transpose(1, 2)).pow(2).sum([1, 2]).sqrt() / w.pow(2).sum([1, 2]).sqrt();
        var worst = sym.max().item<double>();
        Console.WriteLine($"‖W + Wᵀ‖/‖W‖ max = {worst}, final {string.Join(", ", result.History[^1].Losses.Select(kv => $"{kv.Key}={kv.Value:G3}"))}");
        // 1,500 full-batch epochs at lr 1e-2 (CI-sized): antisymmetric to a few per cent.
        Assert.IsLessThan(0.05, worst);
    }

    [TestMethod]
    public void MiniBatchTrainingFindsRotationsToo()
    {
        // Shuffled batches of 64, 64, 64 and 8 rows: the step's kept buffers change length within every epoch.
        using var scope = NewDisposeScope();
        var data = randn([200, 3], float64, generator: new Generator(0));
        var options = new FlowTrainingOptions(GeneratorKind.Linear, 3, [], 1e-3, 1, 1, 1, Epochs: 400, BatchSize: 64, LearningRate: 1e-2);
        var result = FlowTraining.Train(data, SquaredNorm, options, 0, new TrainingLoop(null, null, CancellationToken.None));
        using var gens = result.Generators;
        var w = gens.Weight;
        var worst = ((w + w.transpose(1, 2)).pow(2).sum([1, 2]).sqrt() / w.pow(2).sum([1, 2]).sqrt()).max().item<double>();
        Console.WriteLine($"‖W + Wᵀ‖/‖W‖ max = {worst}, final {string.Join(", ", result.History[^1].Losses.Select(kv => $"{kv.Key}={kv.Value:G3}"))}");
        // 1,600 steps at lr 1e-2, as many as the full-batch test's 1,500: antisymmetric to a few per cent.
        Assert.IsLessThan(0.05, worst);
    }
}

[TestClass]
public sealed class OracleFlowsNeuralTermsTests
{
    [TestMethod]
    public void NeuralNormalizationAndOrthogonalityByHand()
    {
        using var scope = NewDisposeScope();
        using var g = new FlowGenerators(GeneratorKind.Neural, 3, 2, [5], new Generator(2));
        var x = tensor(new double[] { 0.1, 0.2, -0.3, 0.4, 1, -1, 0.5, 0.5 }, [4, 2], float64);
        var f = g.forward(x);
        var v = f.data<double>().ToArray();                       // 3 × 4 × 2
        double F(int a, int r, int i) => v[(a * 4 + r) * 2 + i];
        double norm = 0, orth = 0;
        for (var a = 0; a < 3; a++)
        {
            var n = Enumerable.Range(0, 4).Select(r => Math.Sqrt(F(a, r, 0) * F(a, r, 0) + F(a, r, 1) * F(a, r, 1))).ToArray();
            var mean = n.Average();
            norm += n.Average(t => (t - 1) * (t - 1)) + n.Average(t => (t - mean) * (t - mean));   // eq. (11)
        }
        for (var r = 0; r < 4; r++)
            for (var a = 0; a < 3; a++)
                for (var b = a + 1; b < 3; b++)
                    orth += Math.Pow(F(a, r, 0) * F(b, r, 0) + F(a, r, 1) * F(b, r, 1), 2) / 4;      // eq. (14)
        // float64 throughout; the 1e-12 added under the square root shifts norms by < 1e-11.
        Assert.AreEqual(norm, FlowLosses.Normalization(g, f).item<double>(), 1e-10);
        Assert.AreEqual(orth, FlowLosses.Orthogonality(g, f).item<double>(), 1e-12);
    }
}
