using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>The generator bases of Gabel, Quax and Gavves' LieDetector: affine (6 terms) or quadratic (12 terms).</summary>
public enum DetectorBasis
{
    /// <summary>Lx, xLx, yLx, Ly, xLy, yLy.</summary>
    Affine,

    /// <summary>The affine terms followed by x²Lx, xyLx, y²Lx, x²Ly, xyLy, y²Ly.</summary>
    Quadratic,
}
