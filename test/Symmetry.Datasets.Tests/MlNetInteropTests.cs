using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

/// <summary>The dataset as a real ML.NET <see cref="IDataView"/>: cursors, ids, shuffling, buffers and ML.NET's own readers.</summary>
[TestClass]
public sealed class MlNetInteropTests
{
    private sealed class SphereRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [TestMethod]
    public void CreateEnumerableAndMlNetTransformsReadTheView()
    {
        var ml = new MLContext(seed: 1);
        var ds = SymmetryDatasets.Sphere(ml, count: 300, dimension: 3, radius: 2, seed: 9);
        var rows = ml.Data.CreateEnumerable<SphereRow>(ds, reuseRowObject: false).ToList();
        Assert.HasCount(300, rows);
        // Independent truth: points on the sphere of radius 2, labelled by their norm.
        foreach (var r in rows)
        {
            double norm = Math.Sqrt(r.Features.Sum(x => (double)x * x));
            Assert.AreEqual(2.0, norm, 1e-5);
            Assert.AreEqual(norm, r.Label, 1e-5);
        }
        // Min–max normalisation by ML.NET maps every coordinate into [0, 1], reaching both ends.
        var normalized = ml.Transforms.NormalizeMinMax("Features", fixZero: false).Fit(ds).Transform(ds);
        var scaled = ml.Data.CreateEnumerable<SphereRow>(normalized, reuseRowObject: false).ToList();
        for (int j = 0; j < 3; j++)
        {
            Assert.AreEqual(0f, scaled.Min(r => r.Features[j]), 1e-6f);
            Assert.AreEqual(1f, scaled.Max(r => r.Features[j]), 1e-6f);
        }
        // Other ML.NET operators over the view.
        Assert.AreEqual(10, ml.Data.CreateEnumerable<SphereRow>(ml.Data.TakeRows(ds, 10), false).Count());
        var filtered = ml.Data.FilterRowsByColumn(ml.Transforms.CopyColumns("Copy", "Label").Fit(ds).Transform(ds), "Copy", 0, 1);
        Assert.AreEqual(0, ml.Data.CreateEnumerable<SphereRow>(filtered, false).Count());   // every label is 2
    }

    [TestMethod]
    public void ShuffledCursorsVisitEveryRowOnceWithStableIds()
    {
        var ml = new MLContext(seed: 1);
        var ds = SymmetryDatasets.Circle(ml, count: 500, seed: 2);
        var angle = ds.Schema["Angle"];
        Assert.IsTrue(ds.CanShuffle);
        var byId = new Dictionary<DataViewRowId, float>();
        using (var c = ds.GetRowCursor([angle]))
        {
            var id = c.GetIdGetter();
            var get = c.GetGetter<float>(angle);
            Assert.AreEqual(-1L, c.Position);
            while (c.MoveNext())
            {
                Assert.AreEqual(0L, c.Batch);
                DataViewRowId rid = default;
                float a = 0;
                id(ref rid);
                get(ref a);
                Assert.IsTrue(byId.TryAdd(rid, a), "ids are unique");
            }
        }
        var order = new List<float>();
        var cursors = ds.GetRowCursorSet([angle], 4, new Random(3));
        Assert.IsNotEmpty(cursors);
        foreach (var c in cursors)
            using (c)
            {
                var id = c.GetIdGetter();
                var get = c.GetGetter<float>(angle);
                while (c.MoveNext())
                {
                    DataViewRowId rid = default;
                    float a = 0;
                    id(ref rid);
                    get(ref a);
                    Assert.AreEqual(byId[rid], a, "a row keeps its id under shuffling");
                    order.Add(a);
                }
            }
        Assert.HasCount(500, order);
        CollectionAssert.AreEquivalent(byId.Values.ToArray(), order.ToArray());
        CollectionAssert.AreNotEqual(byId.Values.ToArray(), order.ToArray());   // a shuffled order
        // ML.NET's ShuffleRows (which asks for a shuffled cursor of the source) gives the same multiset.
        var shuffled = ml.Data.CreateEnumerable<AngleRow>(ml.Data.ShuffleRows(ds, seed: 5), false).Select(r => r.Angle).ToArray();
        CollectionAssert.AreEquivalent(byId.Values.ToArray(), shuffled);
    }

    private sealed class AngleRow
    {
        public float Angle { get; set; }
    }

    [TestMethod]
    public void GettersReuseTheCallersBufferAndRefuseMisuse()
    {
        var ml = new MLContext(seed: 1);
        var ds = SymmetryDatasets.Circle(ml, count: 3, seed: 2);
        var f = ds.Schema["Features"];
        using var c = ds.GetRowCursor([f]);
        Assert.IsTrue(c.IsColumnActive(f));
        Assert.IsFalse(c.IsColumnActive(ds.Schema["Angle"]));
        var get = c.GetGetter<VBuffer<float>>(f);
        var own = new float[2];
        var v = new VBuffer<float>(2, own);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => get(ref v));   // before MoveNext
        Assert.Contains("MoveNext", ex.Message);
        var table = ds.GetColumnValues("Features");
        for (int row = 0; c.MoveNext(); row++)
        {
            get(ref v);
            Assert.IsTrue(v.IsDense);
            // Written into the caller's array, not a fresh one.
            CollectionAssert.AreEqual(table.AsSpan(row * 2, 2).ToArray(), own);
            CollectionAssert.AreEqual(own, v.GetValues().ToArray());
        }
        Assert.ThrowsExactly<InvalidOperationException>(() => c.GetGetter<float>(ds.Schema["Angle"]));   // inactive
        Assert.ThrowsExactly<InvalidOperationException>(() => c.GetGetter<VBuffer<double>>(f));           // wrong type
        // A column of another schema (same name and index, other type) is refused.
        var other = SymmetryDatasets.Sphere(ml, count: 3, seed: 2);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ds.GetRowCursor([other.Schema["Features"]]));
    }
}
