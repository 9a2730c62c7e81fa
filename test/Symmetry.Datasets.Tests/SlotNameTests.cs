using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Datasets.Tests;

[TestClass]
public sealed class SlotNameTests
{
    [TestMethod]
    public void FeaturesCarryTheFeatureNamesWithUnitsAsSlotNames()
    {
        var data = SymmetryDatasets.ElectronPositronToMuons(new MLContext(1), count: 10, seed: 1);
        var col = data.Schema["Features"];
        Assert.IsTrue(col.HasSlotNames());
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        col.GetSlotNames(ref names);
        var expected = data.Info.FeatureNames.Select((n, i) => $"{n} [{data.Info.FeatureUnits[i]}]").ToArray();
        CollectionAssert.AreEqual(expected, names.DenseValues().Select(m => m.ToString()).ToArray());
    }
}
