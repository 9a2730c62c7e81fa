using Microsoft.ML.Symmetry;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

[TestClass]
public sealed class FloatBuilderTests
{
    [TestMethod]
    public void GrowsPastItsFirstArrayKeepingTheOrder()
    {
        var builder = new FloatBuilder(capacity: 0);
        var expected = Enumerable.Range(0, 100).Select(i => (float)i * 0.5f).ToArray();
        foreach (var v in expected) builder.Add(v);
        CollectionAssert.AreEqual(expected, builder.Take());
    }

    [TestMethod]
    public void AnExactCapacityIsTheResultWithoutACopy()
    {
        var builder = new FloatBuilder(capacity: 20);
        for (var i = 0; i < 20; i++) builder.Add(i);
        var first = builder.Take();
        Assert.AreEqual(20, first.Length);
        Assert.AreSame(first, builder.Take(), "a full builder hands over its own array (a reader of known row count holds the data once)");
    }

    [TestMethod]
    public void ToTensorOnTheCpuHoldsItsOwnCopy()
    {
        var matrix = new FeatureMatrix([1, 2, 3, 4, 5, 6], 3, 2, ["a", "b"]);
        using var t = matrix.ToTensor(torch.CPU);
        matrix.Values[0] = 100;
        CollectionAssert.AreEqual(new long[] { 3, 2 }, t.shape);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>().ToArray(), "the tensor must not see later changes to the array");
    }
}
