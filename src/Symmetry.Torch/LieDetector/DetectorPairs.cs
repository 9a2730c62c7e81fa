using System.Runtime.InteropServices;
using TorchSharp;
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
    public static Tensor Pack(float[] source, float[] target, int[] rows, int pixels, Device device, int blockValues = 1 << 28)
    {
        if (device.type != DeviceType.CPU)
        {
            using var host = Pack(source, target, rows, pixels, CPU, blockValues);
            return host.to(device, copy: true);
        }
        // Written straight into the tensor's memory (no host array and copies of it beside the result), in blocks of
        // at most blockValues values (a Span addresses 2 GB at most; tests pass less to cover several blocks).
        var result = empty([rows.Length, 2L * pixels], float32);
        try
        {
            var blockRows = Math.Max(1, blockValues / (2 * pixels));
            for (var start = 0; start < rows.Length; start += blockRows)
            {
                var n = Math.Min(blockRows, rows.Length - start);
                using var block = result.narrow(0, start, n);
                var values = MemoryMarshal.Cast<byte, float>(block.bytes);
                for (var k = 0; k < n; k++)
                {
                    source.AsSpan((int)((long)rows[start + k] * pixels), pixels).CopyTo(values.Slice(2 * k * pixels, pixels));
                    target.AsSpan((int)((long)rows[start + k] * pixels), pixels).CopyTo(values.Slice((2 * k + 1) * pixels, pixels));
                }
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
