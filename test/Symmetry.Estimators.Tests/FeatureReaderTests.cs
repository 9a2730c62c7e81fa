using Symmetry.Estimators.Common;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Estimators.Tests;

[TestClass]
public sealed class FeatureReaderTests
{
    [TestMethod]
    public void ReadsSeveralVectorColumnsAndALabelInOnePass()
    {
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("Source", 2, new float[] { 1, 2, 3, 4, 5, 6 });
        b.AddVectorColumn("Target", 1, new float[] { 7, 8, 9 });
        b.AddColumn("Label", new long[] { 3, 1, 4 });
        var read = FeatureReader.ReadColumns(new MLContext(1), b.GetDataView(), ["Target", "Source"], "Label");
        Assert.AreEqual(3, read.Rows);
        CollectionAssert.AreEqual(new float[] { 7, 8, 9 }, read.Features[0].Values);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, read.Features[1].Values);
        Assert.AreEqual(2, read.Features[1].Size);
        CollectionAssert.AreEqual(new double[] { 3, 1, 4 }, read.Labels);
    }

    [TestMethod]
    public void TextLabelIsASchemaMismatch()
    {
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("Features", 1, new float[] { 1, 2 });
        b.AddColumn("Label", new[] { "a", "b" });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FeatureReader.ReadColumns(new MLContext(1), b.GetDataView(), ["Features"], "Label"));
        StringAssert.StartsWith(e.Message, "Schema mismatch for label column 'Label': expected Single, Double, Int32, Int64 or Boolean, got String");
    }

    [TestMethod]
    public void InfiniteValueInSecondColumnNamesIt()
    {
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("A", 1, new float[] { 1, 2 });
        b.AddVectorColumn("B", 2, new float[] { 1, 2, 3, float.PositiveInfinity });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => FeatureReader.ReadColumns(new MLContext(1), b.GetDataView(), ["A", "B"]));
        StringAssert.StartsWith(e.Message, "Column 'B' holds Infinity at row 1, slot 1");
    }
}
