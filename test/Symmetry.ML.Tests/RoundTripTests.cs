using Symmetry.Data.Analysis;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class RoundTripTests
{
    [TestMethod]
    public void EnumerableToViewAndBack()
    {
        var ml = new MLContext(seed: 1);
        var samples = TestData.Samples();
        var view = ml.Data.LoadFromEnumerable(samples);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), view.Schema["Features"].Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema["Name"].Type);
        Assert.AreEqual(4L, view.GetRowCount());
        var back = ml.Data.CreateEnumerable<Sample>(view, reuseRowObject: false).ToArray();
        TestData.AssertSame(samples, back);
    }

    [TestMethod]
    public void ReusedRowObjectIsRefilled()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadFromEnumerable(TestData.Samples());
        var seen = new HashSet<Sample>(ReferenceEqualityComparer.Instance);
        var xs = new List<float>();
        foreach (var s in ml.Data.CreateEnumerable<Sample>(view, reuseRowObject: true))
        {
            seen.Add(s);
            xs.Add(s.X);
        }
        Assert.AreEqual(1, seen.Count);
        CollectionAssert.AreEqual(TestData.Samples().Select(s => s.X).ToArray(), xs);
    }

    [TestMethod]
    public void ViewToTextFileAndBackWithQuotedText()
    {
        var ml = new MLContext(seed: 1);
        var samples = TestData.Samples();
        var view = ml.Data.LoadFromEnumerable(samples);
        string path = TestData.TempFile(".csv");
        using (var fs = File.Create(path))
            ml.Data.SaveAsText(view, fs, separatorChar: ',', headerRow: true, schema: true);
        string[] lines = File.ReadAllLines(path);
        Assert.AreEqual("X,Features.0,Features.1,Features.2,Name,Count,Flag,Weight", lines.First(l => !l.StartsWith("#@")));
        var loaded = ml.Data.LoadFromTextFile<TextSample>(path, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var back = ml.Data.CreateEnumerable<Sample>(loaded, reuseRowObject: false).ToArray();
        TestData.AssertSame(samples, back);
    }

    [TestMethod]
    public void LoadFromTextFileWithColumnsReadsQuotedMultilineFields()
    {
        var ml = new MLContext(seed: 1);
        string path = TestData.TempFile(".csv");
        File.WriteAllText(path, "id,text,a,b\n1,\"hello, world\",1.5,2\n2,\"two\nlines \"\"q\"\"\",3,4\n");
        var view = ml.Data.LoadFromTextFile(path,
            [new TextLoader.Column("Id", DataKind.Int32, 0), new TextLoader.Column("Text", DataKind.String, 1), new TextLoader.Column("V", DataKind.Single, 2, 3)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        CollectionAssert.AreEqual(new[] { 1, 2 }, view.GetColumn<int>("Id").ToArray());
        CollectionAssert.AreEqual(new[] { "hello, world", "two\nlines \"q\"" }, view.GetColumn<string>("Text").ToArray());
        var v = TestData.Vectors(view, "V");
        CollectionAssert.AreEqual(new[] { 1.5f, 2 }, v[0]);
        CollectionAssert.AreEqual(new[] { 3f, 4 }, v[1]);
    }

    [TestMethod]
    public void ViewToDataFrameToViewAndCsv()
    {
        var ml = new MLContext(seed: 1);
        var samples = TestData.Samples();
        var df = ml.Data.LoadFromEnumerable(samples).ToDataFrame(-1);
        Assert.AreEqual(4L, df.Rows.Count);
        Assert.IsInstanceOfType<VBufferDataFrameColumn<float>>(df.Columns["Features"]);
        Assert.IsInstanceOfType<SingleDataFrameColumn>(df.Columns["X"]);
        Assert.AreEqual("beta, with comma", df[1, df.Columns.IndexOf("Name")]);

        // The DataFrame is itself a view with the same schema and values.
        var back = ml.Data.CreateEnumerable<Sample>(df, reuseRowObject: false).ToArray();
        TestData.AssertSame(samples, back);

        // CSV round trip of the scalar columns.
        df.Columns.Remove("Features");
        string path = TestData.TempFile(".csv");
        DataFrame.SaveCsv(df, path);
        var loaded = DataFrame.LoadCsv(path, dataTypes: [typeof(float), typeof(string), typeof(int), typeof(bool), typeof(double)]);
        Assert.AreEqual(4L, loaded.Rows.Count);
        for (int c = 0; c < df.Columns.Count; c++)
            for (long r = 0; r < df.Rows.Count; r++)
                Assert.AreEqual(df[r, c], loaded[r, c], $"column {df.Columns[c].Name}, row {r}");
    }

    [TestMethod]
    public void LoadCsvGuessesBooleanSingleAndStringAndReadsNulls()
    {
        string path = TestData.TempFile(".csv");
        File.WriteAllText(path, "a,b,c\ntrue,1.5,x\nfalse,,\"y,z\"\n");
        var df = DataFrame.LoadCsv(path);
        Assert.IsInstanceOfType<BooleanDataFrameColumn>(df.Columns["a"]);
        Assert.IsInstanceOfType<SingleDataFrameColumn>(df.Columns["b"]);
        Assert.IsInstanceOfType<StringDataFrameColumn>(df.Columns["c"]);
        Assert.IsNull(df[1, 1]);
        Assert.AreEqual(1L, df.Columns["b"].NullCount);
        Assert.AreEqual("y,z", df[1, 2]);
        // A null float reads as NaN through the IDataView.
        CollectionAssert.AreEqual(new[] { 1.5f, float.NaN }, ((IDataView)df).GetColumn<float>("b").ToArray());
    }
}
