using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

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
        // ML.NET's own reader sees the same values as the table, row by row.
        var rowsRead = ml.Data.CreateEnumerable<CircleRow>(data, reuseRowObject: false).ToArray();
        Assert.HasCount(1000, rowsRead);
        Assert.IsTrue(rowsRead.All(r => r.Features.Length == 2));
        CollectionAssert.AreEqual(((SymmetryDataset)data).GetColumnValues("Features"), rowsRead.SelectMany(r => r.Features).ToArray());
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
    public void ANullSeedIsDrawnFromTheContextsRandomStream()
    {
        // ML.NET keeps a context's seed internal; as its own components do, a missing seed comes from the context's
        // random stream: equal for equally seeded contexts in the same call order, fresh on the next call.
        var ml1 = new MLContext(seed: 7);
        var ml2 = new MLContext(seed: 7);
        var a1 = SymmetryDatasets.Circle(ml1, count: 50).GetColumnValues("Features");
        var a2 = SymmetryDatasets.Circle(ml2, count: 50).GetColumnValues("Features");
        CollectionAssert.AreEqual(a1, a2);
        var b1 = SymmetryDatasets.Circle(ml1, count: 50).GetColumnValues("Features");
        CollectionAssert.AreNotEqual(a1, b1);
        CollectionAssert.AreEqual(b1, SymmetryDatasets.Circle(ml2, count: 50).GetColumnValues("Features"));
        // An explicit seed ignores the context and its state.
        var s1 = SymmetryDatasets.Circle(ml1, count: 50, seed: 3).GetColumnValues("Features");
        CollectionAssert.AreEqual(s1, SymmetryDatasets.Circle(new MLContext(seed: 99), count: 50, seed: 3).GetColumnValues("Features"));
        CollectionAssert.AreEqual(s1, Geometry.Circle(50, 10, 3).GetColumn("Features").Values.ToArray());
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

    private sealed class CircleRow
    {
        public float[] Features { get; set; } = [];

        public float Angle { get; set; }
    }
}
