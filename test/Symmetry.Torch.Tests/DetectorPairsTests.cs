using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The packing of LieDetector's image pairs into the rows × 2P tensor it trains and scores on.</summary>
[TestClass]
public sealed class DetectorPairsTests
{
    [TestMethod]
    [DataRow(1 << 28, DisplayName = "one block")]
    [DataRow(12, DisplayName = "blocks of 2 pairs")]
    public void PackHoldsEachSelectedPairSourceThenTarget(int blockValues)
    {
        // 5 pairs of 3-pixel images, 3 of them selected out of order: each row is the pair's source, then its target.
        const int pixels = 3;
        var source = Enumerable.Range(0, 5 * pixels).Select(i => (float)i).ToArray();
        var target = source.Select(v => -v - 0.5f).ToArray();
        int[] rows = [4, 0, 2];
        using var packed = DetectorPairs.Pack(source, target, rows, pixels, CPU, blockValues);
        CollectionAssert.AreEqual(new long[] { 3, 2 * pixels }, packed.shape);
        var expected = rows.SelectMany(r => source.Skip(r * pixels).Take(pixels).Concat(target.Skip(r * pixels).Take(pixels))).ToArray();
        CollectionAssert.AreEqual(expected, packed.data<float>().ToArray());
    }
}
