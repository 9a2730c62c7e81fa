using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>
/// The committed corpus of hostile CSV files (Corpus/): each is refused with a message naming the file, the line and
/// the column and what was expected, before any training, and the CLI exits 1.
/// </summary>
[TestClass]
public sealed class CsvCorpusTests : CliTestBase
{
    /// <summary>The path of corpus file <paramref name="name"/>, next to this source file.</summary>
    internal static string Corpus(string name, [CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Corpus", name);

    private static IDataView Load(string path, string? features = null, int? count = null) =>
        InputData.Load(new MLContext(seed: 0), new DataRequest(null, new FileInfo(path), features, count, null)).Data;

    [TestMethod]
    [DataRow("ragged-short.csv", "line 3: expected 3 cells, as the header names, found 2.")]
    [DataRow("ragged-long.csv", "line 2: expected 3 cells, as the header names, found 4.")]
    [DataRow("empty-cell.csv", "line 2, column 2 (b): the cell is empty; expected a number.")]
    [DataRow("not-a-number.csv", "line 3, column 2 (b): 'five' is not a number.")]
    [DataRow("long-text.csv", "line 2, column 2 (b): 'this cell holds a sentence instead of a …' is not a number.")]
    [DataRow("nan.csv", "line 3, column 2 (b): 'NaN' is not a finite number; remove or impute NaN/∞ first.")]
    [DataRow("overflow.csv", "line 2, column 2 (b): '1e39' is not a finite number; remove or impute NaN/∞ first.")]
    [DataRow("unbalanced-quote.csv", "line 3, column 2: the quoted cell is not closed before the end of the file (a quote is unbalanced).")]
    [DataRow("text-after-quote.csv", "line 2, column 2: there is text after the closing quote; a quoted cell ends at its closing quote (write \"\" for a quote inside it).")]
    [DataRow("semicolon.csv", "looks like ';'-separated (its header line is 'a;b;c'); convert it to commas.")]
    [DataRow("tab.csv", "looks like tab-separated (its header line is 'a\tb'); convert it to commas.")]
    [DataRow("binary.csv", "is not a text CSV: it holds NUL bytes (a binary file, or text saved as UTF-16).")]
    [DataRow("latin1.csv", "is not a text CSV: its first bytes are not UTF-8 text.")]
    [DataRow("duplicate-names.csv", "line 1: columns 1 and 3 are both named 'c0'; name every column once.")]
    [DataRow("empty-name.csv", "line 1, column 1: the header gives this column no name; name every column (pandas writes its index unnamed: save with index=False).")]
    [DataRow("header-only.csv", "has a header line but no data rows.")]
    public void AHostileFileIsRefusedNamingWhereAndWhat(string name, string expected)
    {
        var path = Corpus(name);
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        Assert.AreEqual($"'{path}' {expected}", e.Message);

        var (code, output) = Run("relevance", "--input", path, "--epochs", "1", "--runs", "1");
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output.ReplaceLineEndings(""), $"failed: '{path}' {expected.ReplaceLineEndings("")} (InvalidDataException)");
    }

    [TestMethod]
    [DataRow("flows", "--oracle", "norm")]
    [DataRow("liegan")]
    [DataRow("detector", "--source", "a", "--target", "b")]
    public void EveryTrainingCommandRefusesARaggedFile(string command, params string[] options)
    {
        var path = Corpus("ragged-short.csv");
        var (code, output) = Run([command, "--input", path, "--epochs", "1", .. options]);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, $"'{path}' line 3: expected 3 cells, as the header names, found 2.");
    }

    [TestMethod]
    public void AQuotedHeaderNameMayHoldACommaAndNamesOneColumn()
    {
        var data = Load(Corpus("quoted-comma-header.csv"));
        var features = data.Schema["Features"];
        Assert.AreEqual(3, ((VectorDataViewType)features.Type).Size);
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "a,b", "c1", "c2" }, names.DenseValues().Select(n => n.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { 4f, 5f, 6f }, data.GetColumn<float[]>("Features").ElementAt(1));
    }

    [TestMethod]
    public void ABomCrlfLineEndsQuotedLineBreaksAndBlankLinesAreRead()
    {
        // Column 'note' holds a quoted line break, commas and "" quotes; it is not selected, so it is not parsed.
        var data = Load(Corpus("bom-crlf-quotes.csv"), "x,y");
        Assert.AreEqual(2L, data.GetRowCount());
        var rows = data.GetColumn<float[]>("Features").ToArray();
        CollectionAssert.AreEqual(new[] { 1f, 2f }, rows[0]);
        CollectionAssert.AreEqual(new[] { 3f, 0.45f }, rows[1]);

        var e = Assert.Throws<InvalidDataException>(() => Load(Corpus("bom-crlf-quotes.csv")));
        Assert.AreEqual($"'{Corpus("bom-crlf-quotes.csv")}' line 2, column 2 (note): 'two\nlines, \"quoted\"' is not a number.", e.Message);
    }

    [TestMethod]
    public void CountStopsReadingAfterThatManyRows()
    {
        // Row 3 of the file is ragged: with --count 1 it is never read.
        var data = Load(Corpus("ragged-short.csv"), count: 1);
        Assert.AreEqual(1L, data.GetRowCount());
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f }, data.GetColumn<float[]>("Features").Single());
    }

    [TestMethod]
    public void BytesThatAreNotUtf8AfterTheFirstKilobyteNameTheLine()
    {
        var path = Path.Combine(Dir, "late.csv");
        var text = "a,b\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i},{i}\n"));
        File.WriteAllBytes(path, [.. System.Text.Encoding.ASCII.GetBytes(text), (byte)'9', (byte)',', 0xE9, (byte)'\n']);
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        StringAssert.StartsWith(e.Message, $"'{path}' line ");
        StringAssert.EndsWith(e.Message, ": the file is not valid UTF-8 text near this line; save it as UTF-8.");
    }

    [TestMethod]
    public void FeaturesThatSelectAColumnTwiceAreBadUsage()
    {
        var path = Corpus("quoted-comma-header.csv");
        var (code, output) = Run("relevance", "--input", path, "--features", "c1,c1");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "--features selects column 'c1' twice ('c1' and 'c1'); select each column once.");
        (code, output) = Run("relevance", "--input", path, "--features", "0-2,c2");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "--features selects column 'c2' twice ('0-2' and 'c2'); select each column once.");
    }
}
