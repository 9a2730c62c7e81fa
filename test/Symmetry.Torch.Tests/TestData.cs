using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

internal static class TestData
{
    /// <summary>n points uniform on the circle of radius r (float32, n × 2), from a seeded generator.</summary>
    public static Tensor Circle(int n, double radius, ulong seed)
    {
        using var g = new Generator(seed);
        using var theta = rand([n], dtype: ScalarType.Float64, generator: g) * (2 * Math.PI);
        using var c = theta.cos() * radius;
        using var s = theta.sin() * radius;
        using var xy = stack([c, s], 1);
        return xy.to(ScalarType.Float32);
    }

    public static float[] Values(Tensor t)
    {
        using var c = t.detach().to(ScalarType.Float32, CPU).contiguous();
        return c.data<float>().ToArray();
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var d = (a.detach().to(ScalarType.Float64) - b.detach().to(ScalarType.Float64)).abs().max();
        return d.item<double>();
    }
}
