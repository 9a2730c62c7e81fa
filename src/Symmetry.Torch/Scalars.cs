using TorchSharp;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Native Scalars used in hot loops, made once (each <c>double</c> argument would otherwise make one per call).</summary>
internal static class Scalars
{
    /// <summary>1.</summary>
    public static readonly Scalar One = Make(1.0);

    /// <summary>½.</summary>
    public static readonly Scalar Half = Make(0.5);

    private static Scalar Make(double value)
    {
        Runtime.Ensure();
        return value.ToScalar();
    }
}
