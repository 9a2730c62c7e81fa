using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

/// <summary>Copies between spans and tensors (the generators' batches go through them).</summary>
[TestClass]
public sealed class TensorSpansTests
{
    [TestMethod]
    public void FromSpanCopiesTheValuesIntoATensorOfTheShape()
    {
        float[] single = [1.5f, -2, 3, 4e-8f, 5, 6];
        double[] wide = [1.5, -2, 3, 4e-300, 5, 6];
        using var a = TensorSpans.FromSpan(single.AsSpan(), [2, 3]);
        using var b = TensorSpans.FromSpan(wide.AsSpan(), [3, 1, 2]);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, a.shape);
        CollectionAssert.AreEqual(new long[] { 3, 1, 2 }, b.shape);
        CollectionAssert.AreEqual(single, a.data<float>().ToArray());
        CollectionAssert.AreEqual(wide, b.data<double>().ToArray());
        single[0] = 0;
        Assert.AreEqual(1.5f, a[0, 0].item<float>(), "a copy, not a view of the span");
        using var none = TensorSpans.FromSpan(ReadOnlySpan<float>.Empty, [0, 4]);
        CollectionAssert.AreEqual(new long[] { 0, 4 }, none.shape);
        Assert.ThrowsExactly<ArgumentException>(() => TensorSpans.FromSpan(single.AsSpan(), [4, 2]));
    }
}
