namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class SindyTests
{
    [TestMethod]
    public void LibraryTermsAndValuesMatchHandComputation()
    {
        var lib = new SindyLibrary(2, 3, includeSine: true, includeExp: true);
        CollectionAssert.AreEqual(new[] { "1", "z1", "z2", "z1^2", "z1 z2", "z2^2", "z1^3", "z1^2 z2", "z1 z2^2", "z2^3", "sin(z1)", "sin(z2)", "exp(z1)", "exp(z2)" },
            lib.TermNames.ToArray());
        var v = lib.Evaluate([2.0, -3.0]);
        double[] expected = [1, 2, -3, 4, -6, 9, 8, -12, 18, -27, Math.Sin(2), Math.Sin(-3), Math.Exp(2), Math.Exp(-3)];
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], v[i], 1e-12, lib.TermNames[i]);
        Assert.AreEqual(10, new SindyLibrary(3, 2).Count);          // 1 + 3 + 6
        Assert.AreEqual(1, new SindyLibrary(4, 0).Count);
    }

    [TestMethod]
    public void StlsqOnHandDataDropsTheSmallTermAndRefits()
    {
        // ż = 2 + 0.01 z exactly: thresholding at 0.05 removes z and the refit gives the mean of ż.
        var z = new double[,] { { 0 }, { 1 }, { 2 }, { 3 } };
        var zd = new double[,] { { 2.00 }, { 2.01 }, { 2.02 }, { 2.03 } };
        var model = Sindy.Fit(z, zd, new SindyLibrary(1, 1), threshold: 0.05);
        Assert.AreEqual(2.015, model.Coefficients[0, 0], 1e-12);
        Assert.AreEqual(0.0, model.Coefficients[1, 0]);
        var plain = Sindy.Fit(z, zd, new SindyLibrary(1, 1), threshold: 0);
        Assert.AreEqual(2.0, plain.Coefficients[0, 0], 1e-12);
        Assert.AreEqual(0.01, plain.Coefficients[1, 0], 1e-12);
    }

    [TestMethod]
    public void LassoShrinksBySoftThresholding()
    {
        // Orthonormal design (Θᵀ Θ / rows = I): the lasso solution is the soft-thresholded least-squares one.
        var z = new double[,] { { 1 }, { -1 } };
        var zd = new double[,] { { 3 }, { -1 } };                     // LS: ξ = (1, 2)
        var model = Sindy.Fit(z, zd, new SindyLibrary(1, 1), threshold: 0, l1: 0.5);
        Assert.AreEqual(0.5, model.Coefficients[0, 0], 1e-9);
        Assert.AreEqual(1.5, model.Coefficients[1, 0], 1e-9);
    }

    [TestMethod]
    public void RecoversADampedOscillatorFromAFinelySampledTrajectory()
    {
        // ẋ = y, ẏ = −x − 0.1 y; RK4 with Δt = 1e-3, derivatives by finite differences.
        const double dt = 1e-3;
        const int steps = 20000;
        var traj = new double[steps, 2];
        double x = 2, y = 0;
        static (double, double) F(double x, double y) => (y, -x - 0.1 * y);
        for (var s = 0; s < steps; s++)
        {
            traj[s, 0] = x;
            traj[s, 1] = y;
            var (k1x, k1y) = F(x, y);
            var (k2x, k2y) = F(x + dt / 2 * k1x, y + dt / 2 * k1y);
            var (k3x, k3y) = F(x + dt / 2 * k2x, y + dt / 2 * k2y);
            var (k4x, k4y) = F(x + dt * k3x, y + dt * k3y);
            x += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y += dt / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
        }
        var model = Sindy.Fit(traj, Sindy.FiniteDifference(traj, dt), new SindyLibrary(2, 2), threshold: 0.05);
        var expected = new double[6, 2];
        expected[2, 0] = 1;                 // ẋ = y
        expected[1, 1] = -1;                // ẏ = −x − 0.1 y
        expected[2, 1] = -0.1;
        for (var c = 0; c < 6; c++)
            for (var j = 0; j < 2; j++) Assert.AreEqual(expected[c, j], model.Coefficients[c, j], 1e-3, $"{model.Library.TermNames[c]} in ż{j + 1}");
        CollectionAssert.AreEqual(new[] { "ż1 = 1 z2", "ż2 = −1 z1 − 0.1 z2" }, model.Equations(2).ToArray());
        var f = model.Predict([1.0, 2.0]);
        Assert.AreEqual(2.0, f[0], 1e-3);
        Assert.AreEqual(-1.2, f[1], 1e-3);
    }

    [TestMethod]
    public void BadInputIsRejected()
    {
        var lib = new SindyLibrary(1, 1);
        Assert.ThrowsExactly<ArgumentException>(() => Sindy.Fit(new double[,] { { double.NaN } }, new double[,] { { 0 } }, lib));
        Assert.ThrowsExactly<ArgumentException>(() => Sindy.Fit(new double[,] { { 1, 2 } }, new double[,] { { 0, 0 } }, lib));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Sindy.Fit(new double[,] { { 1 } }, new double[,] { { 0 } }, lib, threshold: -1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SindyLibrary(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Sindy.FiniteDifference(new double[3, 1], 0));
    }
}
