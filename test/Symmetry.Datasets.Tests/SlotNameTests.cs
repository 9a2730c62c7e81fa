using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

[TestClass]
public sealed class SlotNameTests
{
    [TestMethod]
    public void FeaturesCarryTheFeatureNamesWithUnitsAsSlotNames()
    {
        var data = SymmetryDatasets.ElectronPositronToMuons(new MLContext(1), count: 10, seed: 1);
        var col = data.Schema["Features"];
        var expected = data.Info.FeatureNames.Select((n, i) => $"{n} [{data.Info.FeatureUnits[i]}]").ToArray();
        // ML.NET's convention: a "SlotNames" annotation of type Vector<Text, n> on the vector column.
        var kind = col.Annotations.Schema.GetColumnOrNull("SlotNames");
        Assert.IsTrue(kind.HasValue);
        Assert.AreEqual(new VectorDataViewType(TextDataViewType.Instance, expected.Length), kind.Value.Type);
        Assert.IsTrue(col.HasSlotNames());
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        col.GetSlotNames(ref names);
        CollectionAssert.AreEqual(expected, names.DenseValues().Select(m => m.ToString()).ToArray());
        // The same through the annotation getter, into a caller's buffer that is larger than needed: it is reused.
        var own = new ReadOnlyMemory<char>[expected.Length + 3];
        var reused = new VBuffer<ReadOnlyMemory<char>>(own.Length, own);
        col.Annotations.GetValue("SlotNames", ref reused);
        Assert.AreEqual(expected.Length, reused.Length);
        Assert.AreEqual(expected[0], own[0].ToString());
        // Scalar columns carry none.
        Assert.IsNull(data.Schema["CosTheta"].Annotations.Schema.GetColumnOrNull("SlotNames"));
    }

    [TestMethod]
    public void SlotNamesSurviveAnMlNetTransform()
    {
        // A real ML.NET transformer reads the view through its own cursors and keeps the annotation: no Preview or
        // DataFrame conversion is needed to use the dataset in a pipeline.
        var ml = new MLContext(seed: 1);
        var data = SymmetryDatasets.Circle(ml, count: 200, seed: 4);
        var normalized = ml.Transforms.NormalizeMinMax("Features").Fit(data).Transform(data);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        normalized.Schema["Features"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "x1 [1]", "x2 [1]" }, names.DenseValues().Select(m => m.ToString()).ToArray());
    }
}
