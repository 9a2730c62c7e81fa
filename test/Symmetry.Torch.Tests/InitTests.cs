using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>nn.init formulas (fans, gains, bounds) and the default initialisations of Linear and the convolutions.</summary>
[TestClass]
public sealed class InitTests
{
    private static double[] Values(Tensor t)
    {
        using var d = t.detach();
        using var c = d.to(ScalarType.Float64);
        return c.ToArray<double>();
    }

    private static double MeanSquare(double[] v) => v.Select(e => e * e).Average();

    [TestMethod]
    public void GainsAreThoseOfPyTorch()
    {
        Assert.AreEqual(1.0, nn.init.calculate_gain(nn.init.NonlinearityType.Linear));
        Assert.AreEqual(1.0, nn.init.calculate_gain(nn.init.NonlinearityType.Sigmoid));
        Assert.AreEqual(5.0 / 3, nn.init.calculate_gain(nn.init.NonlinearityType.Tanh));
        Assert.AreEqual(Math.Sqrt(2), nn.init.calculate_gain(nn.init.NonlinearityType.ReLU));
        Assert.AreEqual(Math.Sqrt(2 / (1 + 0.01 * 0.01)), nn.init.calculate_gain(nn.init.NonlinearityType.LeakyReLU), 1e-15);
        Assert.AreEqual(Math.Sqrt(1.0 / 3), nn.init.calculate_gain(nn.init.NonlinearityType.LeakyReLU, Math.Sqrt(5)), 1e-15);
        Assert.AreEqual(0.75, nn.init.calculate_gain(nn.init.NonlinearityType.SELU));
    }

    [TestMethod]
    public void FansCountInputAndOutputFeatureMapsTimesTheReceptiveField()
    {
        using var w2 = empty(7, 3);
        using var w4 = empty(8, 2, 3, 5);
        Assert.AreEqual((3L, 7L), nn.init.calculate_fan_in_and_fan_out(w2));
        Assert.AreEqual((30L, 120L), nn.init.calculate_fan_in_and_fan_out(w4));
        using var v = empty(5);
        Assert.ThrowsExactly<ArgumentException>(() => nn.init.calculate_fan_in_and_fan_out(v));
    }

    [TestMethod]
    public void KaimingAndXavierDrawWithTheirBoundsAndVariances()
    {
        using var g = new Generator(42);
        using var w = empty(200, 300);
        // 60,000 draws: the relative standard error of a mean square is below 0.6%, so 3% is a 5σ bound.
        const double tol = 0.03;

        var relu = Math.Sqrt(2) / Math.Sqrt(300);
        var v = Values(nn.init.kaiming_uniform_(w, nonlinearity: nn.init.NonlinearityType.ReLU, generator: g));
        var bound = Math.Sqrt(3) * relu;
        Assert.IsTrue(v.All(e => Math.Abs(e) <= bound));
        Assert.IsGreaterThan(0.99 * bound, v.Max(), "the draws reach the bound");
        Assert.AreEqual(relu * relu, MeanSquare(v), tol * relu * relu);

        var fanOut = Math.Sqrt(2) / Math.Sqrt(200);
        v = Values(nn.init.kaiming_normal_(w, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU, generator: g));
        Assert.AreEqual(fanOut * fanOut, MeanSquare(v), tol * fanOut * fanOut);

        var xavier = Math.Sqrt(2.0 / 500);
        v = Values(nn.init.xavier_uniform_(w, generator: g));
        Assert.IsTrue(v.All(e => Math.Abs(e) <= Math.Sqrt(3) * xavier));
        Assert.AreEqual(xavier * xavier, MeanSquare(v), tol * xavier * xavier);

        v = Values(nn.init.xavier_normal_(w, gain: 2, generator: g));
        Assert.AreEqual(4 * xavier * xavier, MeanSquare(v), tol * 4 * xavier * xavier);
    }

    [TestMethod]
    public void DefaultInitOfLayersUsesBoundsFromFanIn()
    {
        using var g = new Generator(9);
        using var lin = nn.Linear(100, 50, generator: g);
        using var conv = nn.Conv2d(3, 16, 5, generator: g);
        using var convT = nn.ConvTranspose2d(16, 6, 3, generator: g);
        // PyTorch: kaiming_uniform_(a=√5) ⇒ U(−1/√fan_in, 1/√fan_in); bias U(−1/√fan_in, 1/√fan_in).
        // ConvTranspose's fan_in is computed from its (in, out, kH, kW) weight, so it is out·kH·kW = 54.
        foreach (var (w, b, fanIn) in new[] { (lin.weight, lin.bias!, 100.0), (conv.weight, conv.bias!, 75.0), (convT.weight, convT.bias!, 54.0) })
        {
            var bound = 1 / Math.Sqrt(fanIn);
            var wv = Values(w);
            var bv = Values(b);
            Assert.IsTrue(wv.All(e => Math.Abs(e) <= bound) && bv.All(e => Math.Abs(e) <= bound), $"fan_in {fanIn}");
            // With ≥ 450 draws the largest |w| is within 2% of the bound unless p < 0.98^450 ≈ 1e-4.
            Assert.IsGreaterThan(0.98 * bound, wv.Max(e => Math.Abs(e)), $"fan_in {fanIn}");
            // U(−b, b) has mean square b²/3; ≥ 450 draws give a relative error well under 15% (≥ 4σ).
            Assert.AreEqual(bound * bound / 3, MeanSquare(wv), 0.15 * bound * bound / 3, $"fan_in {fanIn}");
        }
    }

    [TestMethod]
    public void LinearAndConvMatchPyTorchDrawForDraw()
    {
        if (!__version__.StartsWith("1.13", StringComparison.Ordinal)) Assert.Inconclusive($"Reference values were taken with PyTorch 1.13; this shim uses libtorch {__version__}.");
        // python3: torch.manual_seed(0); l = torch.nn.Linear(3, 2); c = torch.nn.Conv2d(2, 3, 2)  (PyTorch 1.13.1, CPU)
        manual_seed(0);
        using var lin = nn.Linear(3, 2);
        CollectionAssert.AreEqual(new[] { -0.004322517663240433f, 0.3097158372402191f, -0.4751853346824646f, -0.4248946011066437f, -0.2223689705133438f, 0.15482072532176971f },
            lin.weight.ToArray<float>());
        CollectionAssert.AreEqual(new[] { -0.011439144611358643f, 0.45777493715286255f }, lin.bias!.ToArray<float>());
        manual_seed(0);
        using var conv = nn.Conv2d(2, 3, 2);
        CollectionAssert.AreEqual(new[] { -0.0026469905860722065f, 0.18966144323349f, -0.2909903824329376f, -0.26019373536109924f, -0.13617262244224548f, 0.0948079451918602f },
            conv.weight.ToArray<float>().Take(6).ToArray());
        CollectionAssert.AreEqual(new[] { -0.05698692053556442f, 0.037410933524370193f, 0.3201341927051544f }, conv.bias!.ToArray<float>());

        // With a generator: g = torch.Generator().manual_seed(7); w.uniform_(-b, b, generator=g); bias.uniform_(...).
        using var g = new Generator(7);
        using var lg = nn.Linear(3, 2, generator: g);
        CollectionAssert.AreEqual(new[] { 0.04032507538795471f, -0.3477921187877655f, 0.18384182453155518f, 0.1811612844467163f, -0.3085803687572479f, -0.0865316316485405f },
            lg.weight.ToArray<float>());
        CollectionAssert.AreEqual(new[] { -0.33822792768478394f, 0.1498066484928131f }, lg.bias!.ToArray<float>());
    }

    [TestMethod]
    public void SameGeneratorSeedGivesTheSameModule()
    {
        using var g1 = new Generator(123);
        using var g2 = new Generator(123);
        using var g3 = new Generator(124);
        using var a = nn.Linear(8, 8, generator: g1);
        using var b = nn.Linear(8, 8, generator: g2);
        using var c = nn.Linear(8, 8, generator: g3);
        CollectionAssert.AreEqual(a.weight.ToArray<float>(), b.weight.ToArray<float>());
        CollectionAssert.AreNotEqual(a.weight.ToArray<float>(), c.weight.ToArray<float>());
    }

    [TestMethod]
    public void ConstantFillsWorkOnParametersAndReturnTheSameObject()
    {
        using var lin = nn.Linear(2, 3);
        var before = TestMemory.Baseline();
        Assert.AreSame(lin.weight, nn.init.constant_(lin.weight, 0.25));
        CollectionAssert.AreEqual(Enumerable.Repeat(0.25f, 6).ToArray(), lin.weight.ToArray<float>());
        nn.init.ones_(lin.bias!);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f }, lin.bias!.ToArray<float>());
        nn.init.zeros_(lin.bias!);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, lin.bias!.ToArray<float>());
        using var sq = empty(2, 2);
        nn.init.eye_(sq);
        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f, 1f }, sq.ToArray<float>());
        Assert.AreEqual(before + 1, Tensor.TotalCount, "init functions leave no handles behind");
        Assert.IsTrue(lin.weight.requires_grad && lin.weight.is_leaf);
    }
}
