namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>The name floor and the invariants a LieDetector report gives below it (issue 20, item 3).</summary>
[TestClass]
public sealed class GeneratorInvariantsTests
{
    [TestMethod]
    // Term order Lx, xLx, yLx, Ly, xLy, yLy. Truth by hand: A = [[xLx, yLx], [xLy, yLy]], eigenvalues from tr and det.
    [DataRow(new[] { 1.0, 0, 0, 0, 0, 0 }, "translation-like")]
    [DataRow(new[] { 0.0, 0, -1, 0, 1, 0 }, "complex eigenvalues: rotation-like, rank 2")]       // rotation: ±i
    [DataRow(new[] { 0.0, 1, 0, 0, 0, 1 }, "isotropic scaling")]                                // scale: A = I, a double eigenvalue
    [DataRow(new[] { 0.0, 1, 0, 0, 0, -1 }, "real eigenvalues: scaling/boost-like, rank 2")]    // boost diag(1, −1)
    [DataRow(new[] { 0.0, 0, 1, 0, 0, 0 }, "nilpotent/shear-like, rank 1")]                     // shear x: A² = 0
    [DataRow(new[] { 0.0, 1, 0, 0, 0, 0 }, "real eigenvalues: scaling/boost-like, rank 1")]     // stretch along x (xLx)
    public void DescribesTheEigenvalueTypeAndRank(double[] coefficients, string expected)
    {
        var text = DetectorInvariants.Describe(coefficients);
        Assert.Contains(expected, text);
    }

    [TestMethod]
    public void AStretchMixedWithATranslationIsNotNamedScale()
    {
        // The case: a stretch xLx (with a little translation) is closest to "scale" at |cos| ≈ 0.7, below the floor.
        double[] a = [0.3, 0.95, 0, 0, 0, 0];
        var best = Microsoft.ML.Symmetry.Torch.DetectorGenerators.Compare(a, DetectorBasis.Affine)[0];
        Assert.AreEqual("scale", best.Name);
        Assert.IsLessThan(LieDetectorReport.CanonicalNameFloor, best.Cosine);
    }
}
