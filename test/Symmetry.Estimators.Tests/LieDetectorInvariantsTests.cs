namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>The name floor and the invariants a LieDetector report gives below it (issue 20, item 3).</summary>
[TestClass]
public sealed class LieDetectorInvariantsTests
{
    [TestMethod]
    // Term order Lx, xLx, yLx, Ly, xLy, yLy. Truth by hand: A = [[xLx, yLx], [xLy, yLy]], eigenvalues from tr and det;
    // the linear part is worded by the shared GeneratorInvariants (an isotropic scaling is "scaling/boost-like" there).
    [DataRow(new[] { 1.0, 0, 0, 0, 0, 0 }, "translation-like")]
    [DataRow(new[] { 0.0, 0, -1, 0, 1, 0 }, "rotation-like, rank 2, ‖sym‖/‖A‖ 0.00, ‖anti‖/‖A‖ 1.00")]   // rotation: ±i
    [DataRow(new[] { 0.0, 1, 0, 0, 0, 1 }, "scaling/boost-like, rank 2, ‖sym‖/‖A‖ 1.00")]               // scale: A = I
    [DataRow(new[] { 0.0, 1, 0, 0, 0, -1 }, "scaling/boost-like, rank 2")]                               // boost diag(1, −1)
    [DataRow(new[] { 0.0, 0, 1, 0, 0, 0 }, "nilpotent/shear-like, rank 1")]                              // shear x: A² = 0
    [DataRow(new[] { 0.0, 1, 0, 0, 0, 0 }, "scaling/boost-like, rank 1")]                                // stretch along x (xLx)
    [DataRow(new[] { 0.6, 0, 0, 0, 0, 0.8 }, "translation part 0.600; linear part A (‖A‖ = 0.800; scaling/boost-like, rank 1")]
    public void DescribesTheEigenvalueTypeAndRank(double[] coefficients, string expected)
    {
        var text = LieDetectorReport.DescribeInvariants(coefficients);
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
