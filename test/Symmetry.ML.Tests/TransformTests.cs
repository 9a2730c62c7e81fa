using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Transforms;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class TransformTests
{
    private static IDataView Data()
    {
        var b = new ArrayDataViewBuilder();
        b.AddColumn("X", 1f, 2f, 3f, 6f);
        b.AddColumn("D", 1.0, 2.0, 3.0, 6.0);
        b.AddVectorColumn("V", 2, new float[] { 1, -4, 3, 2, 2, -1, 1, 2 });
        b.AddColumn("Name", "a", "b", "c", "d");
        return b.GetDataView();
    }

    // Float outputs of a double-precision affine map: 1e-6 covers single-precision rounding of values of order 1.
    private const float Tol = 1e-6f;

    private static void AreClose(float[] expected, float[] actual)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], Tol, $"element {i}");
    }

    [TestMethod]
    public void MeanVarianceMatchesHandComputedValues()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        // mean 3, population variance 3.5, E[x^2] = 12.5
        var centered = ml.Transforms.NormalizeMeanVariance("Y", "X", fixZero: false).Fit(data).Transform(data);
        AreClose([-2 / MathF.Sqrt(3.5f), -1 / MathF.Sqrt(3.5f), 0, 3 / MathF.Sqrt(3.5f)], centered.GetColumn<float>("Y").ToArray());
        var fixZero = ml.Transforms.NormalizeMeanVariance("Y", "X").Fit(data).Transform(data);
        AreClose([1 / MathF.Sqrt(12.5f), 2 / MathF.Sqrt(12.5f), 3 / MathF.Sqrt(12.5f), 6 / MathF.Sqrt(12.5f)], fixZero.GetColumn<float>("Y").ToArray());
        var doubles = ml.Transforms.NormalizeMeanVariance("D", fixZero: false).Fit(data).Transform(data).GetColumn<double>("D").ToArray();
        // Double arithmetic throughout: equal to the closed form up to a few ulps.
        Assert.AreEqual(3 / Math.Sqrt(3.5), doubles[3], 1e-14);
    }

    [TestMethod]
    public void MinMaxMatchesHandComputedValuesPerSlot()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var y = ml.Transforms.NormalizeMinMax("Y", "X", fixZero: false).Fit(data).Transform(data).GetColumn<float>("Y").ToArray();
        AreClose([0, 0.2f, 0.4f, 1], y);
        var z = ml.Transforms.NormalizeMinMax("Y", "X").Fit(data).Transform(data).GetColumn<float>("Y").ToArray();
        AreClose([1 / 6f, 2 / 6f, 3 / 6f, 1], z);
        var model = ml.Transforms.NormalizeMinMax("V", fixZero: false).Fit(data);
        var v = TestData.Vectors(model.Transform(data), "V");
        // slot 0: min 1, max 3; slot 1: min -4, max 2
        AreClose([0, 0], v[0]);
        AreClose([1, 1], v[1]);
        AreClose([0.5f, 0.5f], v[2]);
        AreClose([0, 1], v[3]);
        var p = (AffineNormalizerModelParameters)model.GetNormalizerModelParameters(0);
        CollectionAssert.AreEqual(new[] { 0.5, 1 / 6.0 }, p.Scale.ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, -4.0 }, p.Offset.ToArray());
        Assert.IsTrue(model.Transform(data).Schema["V"].Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.IsNormalized).HasValue);
    }

    [TestMethod]
    public void ConstantColumnMapsToZeroNotNaN()
    {
        var ml = new MLContext(seed: 1);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("C", 0f, 0f, 0f);
        var data = b.GetDataView();
        CollectionAssert.AreEqual(new[] { 0f, 0, 0 }, ml.Transforms.NormalizeMeanVariance("C").Fit(data).Transform(data).GetColumn<float>("C").ToArray());
    }

    [TestMethod]
    public void ConcatenateJoinsScalarsAndVectorsWithSlotNames()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var out1 = ml.Transforms.Concatenate("F", "X", "V", "X").Fit(data).Transform(data);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 4), out1.Schema["F"].Type);
        var rows = TestData.Vectors(out1, "F");
        CollectionAssert.AreEqual(new[] { 1f, 1, -4, 1 }, rows[0]);
        CollectionAssert.AreEqual(new[] { 6f, 1, 2, 6 }, rows[3]);
        VBuffer<ReadOnlyMemory<char>> names = default;
        out1.Schema["F"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "X", "", "", "X" }, names.DenseValues().Select(n => n.ToString()).ToArray());
        var shape = ml.Transforms.Concatenate("F", "X", "V").GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.IsTrue(shape.TryFindColumn("F", out var f));
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, f.Kind);
    }

    [TestMethod]
    public void CopySelectAndDropColumns()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var copied = ml.Transforms.CopyColumns("X2", "X").Fit(data).Transform(data);
        CollectionAssert.AreEqual(copied.GetColumn<float>("X").ToArray(), copied.GetColumn<float>("X2").ToArray());
        var selected = ml.Transforms.SelectColumns("Name", "X").Fit(data).Transform(data);
        CollectionAssert.AreEqual(new[] { "Name", "X" }, selected.Schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d" }, selected.GetColumn<string>("Name").ToArray());
        var dropped = ml.Transforms.DropColumns("V", "NotThere").Fit(data).Transform(data);
        CollectionAssert.AreEqual(new[] { "X", "D", "Name" }, dropped.Schema.Select(c => c.Name).ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SelectColumns("Q").Fit(data));
        Assert.AreEqual("Could not find input column 'Q' (Parameter 'inputSchema')", e.Message);
    }

    [TestMethod]
    public void ChainFitsEachStepOnThePreviousOutput()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var pipeline = ml.Transforms.Concatenate("F", "X", "X")
            .Append(ml.Transforms.NormalizeMinMax("F", fixZero: false))
            .Append(ml.Transforms.DropColumns("D"));
        var shape = pipeline.GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.IsFalse(shape.TryFindColumn("D", out _));
        var model = pipeline.Fit(data);
        Assert.IsInstanceOfType<ColumnSelectingTransformer>(model.LastTransformer);
        Assert.AreEqual(3, model.Count());
        var rows = TestData.Vectors(model.Transform(data), "F");
        AreClose([0.4f, 0.4f], rows[2]);
        // A chain reports the first failing step before training.
        var bad = ml.Transforms.Concatenate("F", "Missing").Append(ml.Transforms.NormalizeMinMax("F"));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bad.Fit(data));
        Assert.AreEqual("Could not find input column 'Missing' (Parameter 'inputSchema')", e.Message);
    }

    [TestMethod]
    public void RowToRowMapperOfChainMapsSingleRows()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var model = ml.Transforms.Concatenate("F", "X", "V").Append(ml.Transforms.NormalizeMinMax("F", fixZero: false)).Fit(data);
        var mapper = model.GetRowToRowMapper(data.Schema);
        var f = mapper.OutputSchema["F"];
        var deps = mapper.GetDependencies([f]).ToArray();
        using var cursor = data.GetRowCursor(deps);
        using var row = mapper.GetRow(cursor, [f]);
        var g = row.GetGetter<VBuffer<float>>(f);
        var expected = TestData.Vectors(model.Transform(data), "F");
        VBuffer<float> v = default;
        int i = 0;
        while (cursor.MoveNext())
        {
            g(ref v);
            CollectionAssert.AreEqual(expected[i++], v.DenseValues().ToArray());
        }
        Assert.AreEqual(4, i);
    }
}
