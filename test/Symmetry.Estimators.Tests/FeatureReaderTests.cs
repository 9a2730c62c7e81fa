using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

[TestClass]
public sealed class FeatureReaderTests
{
    private static void Alive() { }

    [TestMethod]
    public void ReadsSeveralVectorColumnsAndALabelInOnePass()
    {
        var view = new ArrayView(3)
            .Vector("Source", 2, [1, 2, 3, 4, 5, 6])
            .Vector("Target", 1, [7, 8, 9])
            .Scalar("Label", NumberDataViewType.Int64, new long[] { 3, 1, 4 });
        var read = FeatureReader.ReadColumns(Alive, view, ["Target", "Source"], "Label");
        Assert.AreEqual(3, read.Rows);
        CollectionAssert.AreEqual(new float[] { 7, 8, 9 }, read.Features[0].Values);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, read.Features[1].Values);
        Assert.AreEqual(2, read.Features[1].Size);
        CollectionAssert.AreEqual(new double[] { 3, 1, 4 }, read.Labels);
        Assert.AreEqual(1, view.CursorsOpened, "one pass over the data");
    }

    [TestMethod]
    public void SlotNamesComeFromTheColumnOrDefaultToXi()
    {
        var named = new ArrayView(1).Vector("F", 2, [1, 2], slotNames: ["px", "py"]);
        CollectionAssert.AreEqual(new[] { "px", "py" }, FeatureReader.Read(Alive, named, "F").SlotNames);
        var plain = new ArrayView(1).Vector("F", 2, [1, 2]);
        CollectionAssert.AreEqual(new[] { "x0", "x1" }, FeatureReader.Read(Alive, plain, "F").SlotNames);
    }

    [TestMethod]
    public void TextLabelIsASchemaMismatch()
    {
        var view = new ArrayView(2).Vector("Features", 1, [1, 2]).Scalar("Label", TextDataViewType.Instance, new[] { "a".AsMemory(), "b".AsMemory() });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FeatureReader.ReadColumns(Alive, view, ["Features"], "Label"));
        StringAssert.StartsWith(e.Message, "Schema mismatch for label column 'Label': expected Single, Double, Int32, Int64 or Boolean, got String");
    }

    [TestMethod]
    public void InfiniteValueInSecondColumnNamesIt()
    {
        var view = new ArrayView(2).Vector("A", 1, [1, 2]).Vector("B", 2, [1, 2, 3, float.PositiveInfinity]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => FeatureReader.ReadColumns(Alive, view, ["A", "B"]));
        // InvariantGlobalization (Directory.Build.props): the invariant culture writes +∞ as "Infinity".
        Assert.AreEqual("Column 'B' holds Infinity at row 1, slot 1: the features must be finite numbers (remove or impute NaN/∞ first).", e.Message);
    }

    [TestMethod]
    public void RowShorterThanTheSchemaSaysIsReported()
    {
        var view = new ArrayView(2).Vector("F", 2, [1, 2, 3, 4], declaredSize: 3);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => FeatureReader.Read(Alive, view, "F"));
        Assert.AreEqual("Row 0 of column 'F' has 2 values; the schema says 3.", e.Message);
    }

    [TestMethod]
    public void CheckAliveIsCalledWhileReading()
    {
        var calls = 0;
        var view = new ArrayView(10_000).Vector("F", 1, new float[10_000]);
        FeatureReader.Read(() => calls++, view, "F");
        Assert.AreEqual(3, calls, "every 4096 rows: at rows 0, 4096 and 8192");
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => FeatureReader.Read(() => throw new OperationCanceledException("stop"), view, "F"));
        Assert.AreEqual("stop", e.Message);
    }
}
