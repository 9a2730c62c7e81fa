using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class ErrorTests
{
    private static IDataView Scalars(MLContext ml)
    {
        var b = new ArrayDataViewBuilder();
        b.AddColumn("X", 1f, 2f);
        b.AddColumn("T", "a", "b");
        return b.GetDataView();
    }

    [TestMethod]
    public void MissingColumnHasMlNetMessageInEstimatorAndTransformer()
    {
        var ml = new MLContext(seed: 1);
        var data = Scalars(ml);
        var est = ml.Transforms.NormalizeMeanVariance("Out", "Missing");
        var e1 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => est.GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.AreEqual("Could not find input column 'Missing' (Parameter 'inputSchema')", e1.Message);
        var e2 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Concatenate("F", "X", "Nope").Fit(data));
        Assert.AreEqual("Could not find input column 'Nope' (Parameter 'inputSchema')", e2.Message);
    }

    [TestMethod]
    public void WrongTypeHasSchemaMismatchMessage()
    {
        var ml = new MLContext(seed: 1);
        var data = Scalars(ml);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeMinMax("Out", "T").Fit(data));
        Assert.AreEqual("Schema mismatch for input column 'T': expected scalar or known-size vector of Single or Double, got String (Parameter 'inputSchema')", e.Message);
        var concat = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Concatenate("F", "X", "T").GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.AreEqual("Schema mismatch for input column 'T': expected Single, got String (Parameter 'inputSchema')", concat.Message);
        // The helper every estimator uses renders the documented message.
        Assert.AreEqual("Schema mismatch for input column 'X': expected Vector<Single>, got Single (Parameter 'inputSchema')",
            Contracts.ExceptSchemaMismatch("inputSchema", "input", "X", "Vector<Single>", "Single").Message);
    }

    [TestMethod]
    public void CreateEnumerableReportsMissingAndMismatchedColumns()
    {
        var ml = new MLContext(seed: 1);
        var data = Scalars(ml);
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.CreateEnumerable<Sample>(data, false));
        Assert.AreEqual("Could not find input column 'Features' (Parameter 'data')", missing.Message);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("X", 1.0);
        var mismatch = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.CreateEnumerable<Sample>(b.GetDataView(), false, ignoreMissingColumns: true));
        Assert.AreEqual("Schema mismatch for input column 'X': expected Single, got Double (Parameter 'data')", mismatch.Message);
    }

    [TestMethod]
    public void MalformedLineNamesFileLineAndColumn()
    {
        var ml = new MLContext(seed: 1);
        string path = TestData.TempFile(".csv");
        File.WriteAllText(path, "a,b\n1,2\n3,oops\n5\n7,8\n");
        var view = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("A", DataKind.Single, 0), new TextLoader.Column("B", DataKind.Single, 1)],
            separatorChar: ',', hasHeader: true);
        var e = Assert.ThrowsExactly<TextLoaderException>(() => view.GetColumn<float>("B").ToArray());
        Assert.AreEqual($"Malformed value 'oops' for column 'B' (field 1) at line 3 of '{path}'.", e.Message);
        Assert.AreEqual(3L, e.LineNumber);

        // Only column A is parsed, so the bad value in B does not matter; the short line still lacks nothing A needs.
        CollectionAssert.AreEqual(new[] { 1f, 3, 5, 7 }, view.GetColumn<float>("A").ToArray());
    }

    [TestMethod]
    public void MalformedLinesCanBeSkippedAndCounted()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<LoggingEventArgs>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
                warnings.Add(e);
        };
        string path = TestData.TempFile(".csv");
        File.WriteAllText(path, "1,2\n3,oops\n5\n7,8\n");
        var view = ml.Data.LoadFromTextFile(path, new TextLoader.Options
        {
            Columns = [new TextLoader.Column("A", DataKind.Single, 0), new TextLoader.Column("B", DataKind.Single, 1)],
            Separators = [','],
            SkipMalformedLines = true,
        });
        CollectionAssert.AreEqual(new[] { 2f, 8 }, view.GetColumn<float>("B").ToArray());
        Assert.AreEqual(1, warnings.Count);
        Assert.AreEqual("TextLoader; Load", warnings[0].Source);
        StringAssert.StartsWith(warnings[0].RawMessage, $"Skipped 2 malformed line(s) of '{path}'. First: Malformed value 'oops' for column 'B' (field 1) at line 2");
    }

    [TestMethod]
    public void MissingLoadColumnAttributeIsReported()
    {
        var ml = new MLContext(seed: 1);
        string path = TestData.TempFile(".csv");
        File.WriteAllText(path, "1\n");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Data.LoadFromTextFile<Sample>(path));
        Assert.AreEqual("Field or property X is missing the LoadColumnAttribute attribute", e.Message);
    }
}
