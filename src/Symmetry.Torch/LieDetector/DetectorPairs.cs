using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>The held-out split of a LieDetector's image pairs and their packing into the rows × 2P tensors it trains and scores on.</summary>
internal static class DetectorPairs
{
    /// <summary>
    /// A seeded random subset of round(fraction · rows) pairs (at least one, at most rows − 1, when fraction &gt; 0) is
    /// held out for evaluation; with fraction 0 both parts are all the rows, in order.
    /// </summary>
    public static (int[] Train, int[] Evaluation) Split(int rows, double fraction, int seed)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        if (fraction <= 0) return (all, all);
        var held = Math.Clamp((int)Math.Round(fraction * rows), 1, rows - 1);
        new Random(seed).Shuffle(all);
        return (all[held..], all[..held]);
    }

    /// <summary>
    /// rows × 2P float32 on <paramref name="device"/>: x then y of each selected pair, from the row-major
    /// <paramref name="source"/> and <paramref name="target"/> images (P values each).
    /// </summary>
    public static Tensor Pack(float[] source, float[] target, int[] rows, int pixels, Device device)
    {
        var values = new float[rows.Length * 2L * pixels];
        for (var k = 0; k < rows.Length; k++)
        {
            Array.Copy(source, (long)rows[k] * pixels, values, 2L * k * pixels, pixels);
            Array.Copy(target, (long)rows[k] * pixels, values, (2L * k + 1) * pixels, pixels);
        }
        using var host = tensor(values, [rows.Length, 2L * pixels]);
        return host.to(device, copy: true);
    }
}
