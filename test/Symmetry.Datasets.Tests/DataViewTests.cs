using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Datasets.Tests;

[TestClass]
public sealed class DataViewTests
{
    [TestMethod]
    public void DatasetIsADataViewWithFeaturesAndInfo()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = SymmetryDatasets.Circle(ml, count: 1000);
        var col = data.Schema["Features"];
        Assert.AreEqual("Vector<Single, 2>", col.Type.ToString());
        Assert.AreEqual(1000L, data.GetRowCount());
        using var cursor = data.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        var v = default(VBuffer<float>);
        int rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref v);
            var values = v.DenseValues().ToArray();
            Assert.AreEqual(10.0, Math.Sqrt(values[0] * values[0] + values[1] * values[1]), 1e-5);   // float radius
            rows++;
        }
        Assert.AreEqual(1000, rows);
        var dense = data.GetDenseColumn<float>("Features", out int n, out int d);
        Assert.AreEqual(1000, n);
        Assert.AreEqual(2, d);
        CollectionAssert.AreEqual(((SymmetryDataset)data).GetColumnValues("Features"), dense);
        Assert.AreEqual("circle", ((SymmetryDataset)data).Info.Name);
    }

    [TestMethod]
    public void PairedColumnsReadTheNextFrameAndErrorsAreClear()
    {
        var ds = SymmetryDatasets.Pendulum(new MLContext(2), trajectories: 3, steps: 20);
        var f = ds.Schema["Features"];
        var t = ds.Schema["Target"];
        using var c = ds.GetRowCursor([f, t]);
        var gf = c.GetGetter<VBuffer<float>>(f);
        var gt = c.GetGetter<VBuffer<float>>(t);
        var prevTarget = default(VBuffer<float>);
        var cur = default(VBuffer<float>);
        for (int i = 0; c.MoveNext(); i++)
        {
            gf(ref cur);
            if (i % 20 != 0) CollectionAssert.AreEqual(prevTarget.DenseValues().ToArray(), cur.DenseValues().ToArray());
            gt(ref prevTarget);
        }
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => c.GetGetter<VBuffer<float>>(ds.Schema["Energy"]));
        Assert.Contains("not active", ex.Message);
        Assert.ThrowsExactly<InvalidOperationException>(() => c.GetGetter<float>(f));
    }

    [TestMethod]
    public void ByNameKnowsEveryKeyAndSeedsAreReproducible()
    {
        string[] keys = ["circle", "square", "sphere", "hyperboloid", "ee-mumu", "drell-yan", "reaction-diffusion", "pendulum", "lotka-volterra", "mnist", "fashion-mnist", "symnist"];
        CollectionAssert.AreEqual(keys, SymmetryDatasets.Names.ToArray());
        foreach (var k in keys) Assert.AreEqual(k, SymmetryDatasets.ByName(k).Name);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => SymmetryDatasets.ByName("nope"));
        Assert.Contains("ee-mumu", ex.Message);

        var ml = new MLContext(seed: 5);
        var a = SymmetryDatasets.ByName(ml, "ee-mumu", count: 500);
        var b = SymmetryDatasets.ElectronPositronToMuons(new MLContext(seed: 5), count: 500);
        CollectionAssert.AreEqual(a.GetColumnValues("Features"), b.GetColumnValues("Features"));
        var c = SymmetryDatasets.ElectronPositronToMuons(ml, count: 500, seed: 6);
        CollectionAssert.AreNotEqual(a.GetColumnValues("Features"), c.GetColumnValues("Features"));
        Assert.AreEqual("ee-mumu", a.Info.Name);
        foreach (var k in new[] { "circle", "square", "sphere", "hyperboloid", "pendulum", "lotka-volterra" })
        {
            var ds = SymmetryDatasets.ByName(ml, k, count: 5);
            Assert.AreEqual(k, ds.Info.Name);
            Assert.AreEqual(ds.Info.EmbeddingDimension, ((VectorDataViewType)ds.Schema["Features"].Type).Size);
        }
    }

    [TestMethod]
    public void ReactionDiffusionViaTheEntryPoint()
    {
        var ds = SymmetryDatasets.ReactionDiffusion(new MLContext(1), frames: 30, gridSize: 20, outputSize: 10);
        Assert.AreEqual(27, ds.RowCount);   // 30 frames, splits 24/3/3, pairs within splits: 23 + 2 + 2
        Assert.AreEqual(100, ds.Info.EmbeddingDimension);
        Assert.IsTrue(ds.Schema.GetColumnOrNull("Target").HasValue);
    }

    [TestMethod]
    public void BadArgumentsNameTheOption()
    {
        var ml = new MLContext(1);
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.Circle(ml, count: 0));
        Assert.Contains("count", ex.Message);
        var ex2 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.Circle(ml, radius: double.NaN));
        Assert.Contains("radius", ex2.Message);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.DrellYan(ml, massMin: 130, massMax: 120));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.ReactionDiffusion(ml, frames: 10, gridSize: 16, outputSize: 32));
        Assert.ThrowsExactly<ArgumentException>(() => MagnitudeDistribution.Uniform(1, 1));
    }
}
