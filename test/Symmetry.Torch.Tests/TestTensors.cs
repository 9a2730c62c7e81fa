using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>
/// Shared test tensors: float64 inputs for the gradient checks (standard normal, or shifted/scaled into an op's
/// smooth domain, away from kinks and poles), constant index/mask tensors, and the max-abs-difference measure.
/// </summary>
internal static class TestTensors
{
    public static Tensor N(Generator g, params long[] shape) => randn(shape, ScalarType.Float64, generator: g);
    public static Tensor U(Generator g, params long[] shape) => rand(shape, ScalarType.Float64, generator: g);
    public static Tensor Pos(Generator g, params long[] shape) => rand(shape, ScalarType.Float64, generator: g) + 0.5;
    // Uniform in (lo, hi).
    public static Tensor Range(Generator g, double lo, double hi, params long[] shape) { using var u = U(g, shape); return u * (hi - lo) + lo; }
    // Values bounded away from zero (|x| ∈ [0.3, 1.3]) for ops with a kink or pole at 0.
    public static Tensor AwayFromZero(Generator g, params long[] shape)
    {
        using var u = U(g, shape);
        using var s = randn(shape, ScalarType.Float64, generator: g);
        using var sign = s.sign();
        using var mag = u + 0.3;
        return mag * sign;
    }
    // Distinct, well-separated values in random order, so max/min/sort-like ops and pooling windows have a
    // unique, stable maximum.
    public static Tensor Distinct(Generator g, params long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        using var perm = randperm(n, generator: g);
        using var d = perm.to(ScalarType.Float64);
        using var scaled = d * 0.37;
        return scaled.reshape(shape);
    }
    public static Tensor Long(long[] data, params long[] shape) => tensor(data, shape);
    public static Tensor Const(double[] data, params long[] shape) => tensor(data, shape);
    public static Tensor Mask(bool[] data, params long[] shape) => tensor(data, shape);

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var d = a - b;
        using var ab = d.abs();
        using var m = ab.max();
        return m.item<double>();
    }
}
