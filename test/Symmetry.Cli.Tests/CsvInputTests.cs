using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>The one CSV parser every command reads --input with, and the shared options every training command declares.</summary>
[TestClass]
public sealed class CsvInputTests : CliTestBase
{
    private static readonly string[] Header = ["id", "a", "b", "c", "shell"];

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private string Points() => Write("points.csv", "id,a,b,c,shell", "0,1,2,3,1", "1,4,5,6,2", "2,7,8,9,0");

    [TestMethod]
    public void ColumnsTakeRangesNamesAndIndicesInTheOrderGiven()
    {
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, CsvInput.Columns("1-3", Header, "--x", "f.csv"));
        CollectionAssert.AreEqual(new[] { 4, 0, 2 }, CsvInput.Columns("shell, 0 ,b", Header, "--x", "f.csv"));
        CollectionAssert.AreEqual(new[] { 0, 1, 3, 4 }, CsvInput.Columns("0-1,3-4", Header, "--x", "f.csv"));
    }

    [TestMethod]
    public void ColumnsOutsideTheHeaderAreBadUsageNamingTheOption()
    {
        var range = Assert.Throws<UsageException>(() => CsvInput.Columns("2-5", Header, "--source", "f.csv"));
        Assert.AreEqual("--source range '2-5' is outside the 5 columns of f.csv.", range.Message);
        var name = Assert.Throws<UsageException>(() => CsvInput.Columns("a,zz", Header, "--features", "f.csv"));
        Assert.AreEqual("--features names 'zz', which is not a column of f.csv (columns: id, a, b, c, shell).", name.Message);
        var index = Assert.Throws<UsageException>(() => CsvInput.Columns("5", Header, "--features", "f.csv"));
        StringAssert.Contains(index.Message, "names '5'");
        var none = Assert.Throws<UsageException>(() => CsvInput.Columns(" , ", Header, "--velocity", "f.csv"));
        Assert.AreEqual("--velocity selects no column.", none.Message);
    }

    [TestMethod]
    public void AColumnSelectedTwiceIsBadUsageNamingBothParts()
    {
        var twice = Assert.Throws<UsageException>(() => CsvInput.Columns("a,a", Header, "--features", "f.csv"));
        Assert.AreEqual("--features selects column 'a' twice ('a' and 'a'); select each column once.", twice.Message);
        var overlap = Assert.Throws<UsageException>(() => CsvInput.Columns("0-2,1", Header, "--source", "f.csv"));
        Assert.AreEqual("--source selects column 'a' twice ('0-2' and '1'); select each column once.", overlap.Message);
    }

    [TestMethod]
    public void OneFeatureIsAVectorOfOneSlotNamedAfterItsColumn()
    {
        var (data, _) = InputData.Load(new MLContext(seed: 0), new DataRequest(null, new FileInfo(Points()), "b", null, null));
        var features = data.Schema["Features"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 1), features.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        Assert.AreEqual("b", names.GetValues()[0].ToString());
        CollectionAssert.AreEqual(new[] { 2f, 5f, 8f }, data.GetColumn<float[]>("Features").Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public void OpenChecksTheFileAndItsHeaderLine()
    {
        Assert.Throws<FileNotFoundException>(() => CsvInput.Open(new FileInfo(Path.Combine(Dir, "missing.csv"))));
        Assert.Throws<InvalidDataException>(() => CsvInput.Open(new FileInfo(Write("empty.csv"))));
        var numbers = Assert.Throws<InvalidDataException>(() => CsvInput.Open(new FileInfo(Write("numbers.csv", "1,2.5,-3e-2", "4,5,6"))));
        StringAssert.Contains(numbers.Message, "holds only numbers; expected a header line");
        var csv = CsvInput.Open(new FileInfo(Write("quoted.csv", "\"x\", y ,z", "1,2,3")));
        CollectionAssert.AreEqual(new[] { "x", "y", "z" }, csv.Header);
        Assert.AreEqual(1, csv.Column("y", "--magnitude"));
        Assert.AreEqual("--magnitude names one column.", Assert.Throws<UsageException>(() => csv.Column("0-1", "--magnitude")).Message);
    }

    [TestMethod]
    public void ALabelColumnIsLoadedApartFromTheFeatures()
    {
        var ml = new MLContext(seed: 0);
        var file = new FileInfo(Points());
        var (data, description) = InputData.Load(ml, new DataRequest(null, file, "1-3", null, null) { Label = "shell" });
        Assert.AreEqual("points.csv: features a, b, c; label shell", description);
        Assert.AreEqual(NumberDataViewType.Int32, data.Schema["Label"].Type);
        CollectionAssert.AreEqual(new[] { 1, 2, 0 }, data.GetColumn<int>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { 4f, 5f, 6f }, data.GetColumn<float[]>("Features").ElementAt(1));

        // Without --features: every column but the label; a numeric target is a float; the label may be an index.
        (data, description) = InputData.Load(ml, new DataRequest(null, file, null, 2, null) { Label = "4", NumericLabel = true });
        Assert.AreEqual("points.csv: features id, a, b, c; label shell", description);
        Assert.AreEqual(NumberDataViewType.Single, data.Schema["Label"].Type);
        Assert.HasCount(2, data.GetColumn<float>("Label").ToArray(), "--count 2 reads the first two rows");

        var both = Assert.Throws<UsageException>(() => InputData.Load(ml, new DataRequest(null, file, "3-4", null, null) { Label = "shell" }));
        Assert.AreEqual("--label 'shell' is also a feature; leave it out of --features.", both.Message);
        Assert.Throws<UsageException>(() => InputData.Load(ml, new DataRequest(null, file, null, null, null) { Label = "a,b" }));
    }

    [TestMethod]
    public void FlowsWithALabelRejectsAFileWithoutAHeaderLikeEveryCommand()
    {
        var csv = Write("numbers.csv", "1,2,3,0", "4,5,6,1");
        var (code, output) = Run("flows", "--input", csv, "--label", "3", "--epochs", "1");
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "holds only numbers; expected a header line naming the columns.");
    }

    [TestMethod]
    [DataRow("relevance")]
    [DataRow("flows")]
    [DataRow("liegan")]
    [DataRow("detector")]
    public void EveryTrainingCommandOffersTheSharedOptions(string command)
    {
        var (code, output) = Run(command, "--help");
        Assert.AreEqual(0, code, output);
        foreach (var option in new[] { "--dataset", "--input", "--count", "--seed", "--device", "--threads", "--output", "--model", "--report", "--plots", "--html", "--json", "--force" })
            StringAssert.Contains(output, option);
        Assert.DoesNotContain("paper 00", output, "methods are named by their authors");
    }
}
