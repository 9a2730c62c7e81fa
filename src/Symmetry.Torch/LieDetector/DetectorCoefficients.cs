using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry;

/// <summary>Expresses a known pixel-space generator in a <see cref="DetectorBasis"/>, e.g. for <c>LieDetectorEstimator.Options.TrueCoefficients</c>.</summary>
public static class DetectorCoefficients
{
    /// <summary>
    /// The basis coefficients of a quadratic vector field on a canvas with coordinates X, Y ∈ [−1, 1]
    /// (v_X = a₁ + a₂X + a₃Y + a₄X² + a₅XY + a₆Y², v_Y likewise with b), as the datasets' ground truth gives it;
    /// 6 numbers for the affine basis, 12 for the quadratic one.
    /// </summary>
    /// <param name="field">12 numbers: (a₁..a₆) for v_X then (b₁..b₆) for v_Y.</param>
    /// <param name="height">Canvas height H in pixels.</param>
    /// <param name="width">Canvas width W in pixels.</param>
    /// <param name="basis">The basis to express the generator in.</param>
    /// <exception cref="ArgumentException">The field is not 12 numbers, or has quadratic terms and the basis is affine.</exception>
    public static double[] FromCanvasField(IReadOnlyList<double> field, int height, int width, DetectorBasis basis) =>
        DetectorGenerators.FromCanvasField(field, height, width, basis);
}
