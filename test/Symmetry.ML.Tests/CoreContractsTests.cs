using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class CoreContractsTests
{
    [TestMethod]
    public void TypesPrintAsMlNetAndCompareByValue()
    {
        Assert.AreEqual("Single", NumberDataViewType.Single.ToString());
        Assert.AreEqual("Vector<Single, 8>", new VectorDataViewType(NumberDataViewType.Single, 8).ToString());
        Assert.AreEqual("Vector<Single>", new VectorDataViewType(NumberDataViewType.Single).ToString());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Double, 2, 3), new VectorDataViewType(NumberDataViewType.Double, 2, 3));
        Assert.AreNotEqual<DataViewType>(new VectorDataViewType(NumberDataViewType.Double, 6), new VectorDataViewType(NumberDataViewType.Single, 6));
        Assert.AreEqual(6, new VectorDataViewType(NumberDataViewType.Single, 2, 3).Size);
        Assert.AreEqual(typeof(ReadOnlyMemory<char>), TextDataViewType.Instance.RawType);
        Assert.AreEqual(typeof(VBuffer<float>), new VectorDataViewType(NumberDataViewType.Single, 3).RawType);
    }

    [TestMethod]
    public void VBufferEditorReusesLargeEnoughArraysAndDensifiesSparse()
    {
        var buffer = new VBuffer<float>(4, [1, 2, 3, 4]);
        var editor = VBufferEditor.Create(ref buffer, 3);
        Assert.IsFalse(editor.CreatedNewValues);
        editor.Values[0] = 9;
        buffer = editor.Commit();
        Assert.AreEqual(3, buffer.Length);
        CollectionAssert.AreEqual(new[] { 9f, 2, 3 }, buffer.DenseValues().ToArray());

        var grown = VBufferEditor.Create(ref buffer, 10);
        Assert.IsTrue(grown.CreatedNewValues);

        var sparse = new VBuffer<float>(5, 2, [7, 8], [1, 3]);
        Assert.IsFalse(sparse.IsDense);
        CollectionAssert.AreEqual(new[] { 0f, 7, 0, 8, 0 }, sparse.DenseValues().ToArray());
        Assert.AreEqual(8f, sparse.GetItemOrDefault(3));
        var dense = new float[5];
        sparse.CopyTo(dense);
        CollectionAssert.AreEqual(new[] { 0f, 7, 0, 8, 0 }, dense);
    }

    [TestMethod]
    public void SchemaHidesEarlierColumnsOfTheSameName()
    {
        var b = new DataViewSchema.Builder();
        b.AddColumn("A", NumberDataViewType.Single);
        b.AddColumn("B", TextDataViewType.Instance);
        b.AddColumn("A", NumberDataViewType.Double);
        var schema = b.ToSchema();
        Assert.AreEqual(3, schema.Count);
        Assert.IsTrue(schema[0].IsHidden);
        Assert.AreEqual(2, schema["A"].Index);
        Assert.AreEqual(NumberDataViewType.Double, schema["A"].Type);
        Assert.IsNull(schema.GetColumnOrNull("C"));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => schema["C"]);
        Assert.AreEqual("Column 'C' not found (Parameter 'name')", e.Message);
    }

    [TestMethod]
    public void ArrayBuilderGivesColumnarViewWithKnownSizes()
    {
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("Features", 2, new float[] { 1, 2, 3, 4, 5, 6 }, ["u", "v"]);
        b.AddColumn("Label", 10f, 20f, 30f);
        b.AddColumn("Id", "a", "b", "c");
        b.AddColumn("Ragged", NumberDataViewType.Double, new double[][] { [1], [2, 3], [] });
        var view = b.GetDataView();
        Assert.AreEqual(3L, view.GetRowCount());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), view.Schema["Features"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Double), view.Schema["Ragged"].Type);
        var rows = TestData.Vectors(view, "Features");
        CollectionAssert.AreEqual(new[] { 3f, 4 }, rows[1]);
        CollectionAssert.AreEqual(new[] { 10f, 20, 30 }, view.GetColumn<float>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, view.GetColumn<string>("Id").ToArray());
        Assert.AreEqual(2, view.GetColumn<double[]>("Ragged").ElementAt(1).Length);
        VBuffer<ReadOnlyMemory<char>> names = default;
        view.Schema["Features"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "u", "v" }, names.DenseValues().Select(m => m.ToString()).ToArray());

        var bad = new ArrayDataViewBuilder();
        bad.AddColumn("A", 1f, 2f);
        bad.AddColumn("B", 1f);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => bad.GetDataView());
        Assert.AreEqual("Column 'B' has 1 rows; expected 2 (the row count of column 'A').", e.Message);
    }

    [TestMethod]
    public void GetterOfInactiveColumnOrWrongTypeThrowsNamingBoth()
    {
        var b = new ArrayDataViewBuilder();
        b.AddColumn("A", 1f, 2f);
        b.AddColumn("B", 3.0, 4.0);
        var view = b.GetDataView();
        using var cursor = view.GetRowCursor([view.Schema["A"]]);
        Assert.IsTrue(cursor.IsColumnActive(view.Schema["A"]));
        Assert.IsFalse(cursor.IsColumnActive(view.Schema["B"]));
        var inactive = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<double>(view.Schema["B"]));
        Assert.AreEqual("Column 'B' is not active in this cursor; include it in columnsNeeded when opening the cursor.", inactive.Message);
        var wrong = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<double>(view.Schema["A"]));
        Assert.AreEqual("Invalid TValue in GetGetter for column 'A': requested Double, but the column's type Single is read as Single.", wrong.Message);
    }

    [TestMethod]
    public void ShuffledCursorOfArrayViewIsAPermutationWithStableIds()
    {
        var b = new ArrayDataViewBuilder();
        b.AddColumn("V", Enumerable.Range(0, 50).ToArray());
        var view = b.GetDataView();
        var col = view.Schema["V"];
        var seen = new List<(int Value, ulong Id)>();
        using (var cursor = view.GetRowCursor([col], new Random(7)))
        {
            var g = cursor.GetGetter<int>(col);
            var id = cursor.GetIdGetter();
            int v = 0;
            DataViewRowId rid = default;
            while (cursor.MoveNext())
            {
                g(ref v);
                id(ref rid);
                seen.Add((v, rid.Low));
            }
        }
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).ToArray(), seen.Select(s => s.Value).ToArray());
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 50).ToArray(), seen.Select(s => s.Value).ToArray());
        // The id of a row is its index, whatever the order.
        Assert.IsTrue(seen.All(s => (ulong)s.Value == s.Id));
    }
}
