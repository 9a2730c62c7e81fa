using System.IO.Compression;
using System.Text;
using Symmetry.Data.Analysis;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

/// <summary>Regression tests for bad input found in an adversarial review of the data layer.</summary>
[TestClass]
public sealed class DataLayerRobustnessTests
{
    private static IDataView Array3(MLContext ml)
    {
        var b = new ArrayDataViewBuilder(ml);
        b.AddColumn("X", NumberDataViewType.Single, new float[] { 1, 2, 3 });
        return b.GetDataView();
    }

    private static string TempFile(string content)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, content);
        return path;
    }

    private static IEnumerable<(string Name, IDataView View)> Views(MLContext ml)
    {
        var array = Array3(ml);
        yield return ("array", array);
        yield return ("enumerable", ml.Data.LoadFromEnumerable(new[] { new Sample { X = 1 }, new Sample { X = 2 } }));
        yield return ("dataframe", new DataFrame(new SingleDataFrameColumn("X", new float[] { 1, 2 })));
        yield return ("text", ml.Data.LoadFromTextFile(TempFile("1\n2\n"), [new TextLoader.Column("X", DataKind.Single, 0)]));
        yield return ("shuffle", ml.Data.ShuffleRows(array, seed: 1, shuffleSource: false));
        yield return ("take", ml.Data.TakeRows(array, 2));
        yield return ("filter", ml.Data.FilterRowsByColumn(array, "X", 0, 10));
        yield return ("transform", ml.Transforms.CopyColumns("Y", "X").Fit(array).Transform(array));
    }

    [TestMethod]
    public void DisposedCursorReturnsFalseFromMoveNext()
    {
        var ml = new MLContext(seed: 1);
        foreach (var (name, view) in Views(ml))
        {
            var cursor = view.GetRowCursor(view.Schema);
            cursor.Dispose();
            Assert.IsFalse(cursor.MoveNext(), name);
            cursor.Dispose();   // a second Dispose is harmless
        }
    }

    [TestMethod]
    public void GetterOutsideARowThrowsNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        const string expected = "Cannot get the value of column 'X': the cursor is not on a row (MoveNext has not returned true yet, has returned false, or the cursor was disposed).";
        foreach (var (name, view) in Views(ml))
        {
            using var cursor = view.GetRowCursor(view.Schema);
            var getter = cursor.GetGetter<float>(view.Schema["X"]);
            float value = 0;
            var before = Assert.ThrowsExactly<InvalidOperationException>(() => getter(ref value), name);
            Assert.AreEqual(expected, before.Message, name);
            while (cursor.MoveNext())
                getter(ref value);
            Assert.IsFalse(cursor.MoveNext(), name);
            var after = Assert.ThrowsExactly<InvalidOperationException>(() => getter(ref value), name);
            Assert.AreEqual(expected, after.Message, name);
        }
    }

    [TestMethod]
    public void TextLoaderRejectsNullColumnsRangesAndHugeRanges()
    {
        var ml = new MLContext(seed: 1);
        var path = TempFile("1\t2\n");
        var nullColumn = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.LoadFromTextFile(path, [null!]));
        Assert.AreEqual("options.Columns contains a null column. (Parameter 'options')", nullColumn.Message);
        var nullRange = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.LoadFromTextFile(path, [new TextLoader.Column("V", DataKind.Single, [null!])]));
        Assert.AreEqual("Column 'V' has a null field range. (Parameter 'options')", nullRange.Message);
        var huge = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.LoadFromTextFile(path, [new TextLoader.Column("V", DataKind.Single, 0, int.MaxValue)]));
        Assert.AreEqual($"Column 'V' has an invalid field range 0-{int.MaxValue}. (Parameter 'options')", huge.Message);
        var tooMany = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.LoadFromTextFile(path, [new TextLoader.Column("V", DataKind.Single, 0, 1_000_000_000)]));
        Assert.AreEqual("Column 'V' reads 1000000001 fields; at most 268435448 are supported. (Parameter 'options')", tooMany.Message);
    }

    [TestMethod]
    public void TextLoaderRejectsSeparatorsThatCannotWork()
    {
        var ml = new MLContext(seed: 1);
        var path = TempFile("1\"2\n");
        TextLoader.Column[] cols = [new TextLoader.Column("A", DataKind.Single, 0)];
        var quote = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.LoadFromTextFile(path, cols, '"', allowQuoting: true));
        Assert.AreEqual("The quote character '\"' cannot be the separator when allowQuoting is true. (Parameter 'options')", quote.Message);
        var newline = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.LoadFromTextFile(path, cols, '\n'));
        Assert.AreEqual("A line break (U+000A) cannot be a field separator. (Parameter 'options')", newline.Message);
        // Without quoting, '"' is an ordinary separator.
        Assert.AreEqual(1f, ml.Data.LoadFromTextFile(path, cols, '"').GetColumn<float>("A").Single());
    }

    [TestMethod]
    public void UnterminatedQuoteIsReportedAtItsLineInsteadOfSwallowingTheFile()
    {
        var ml = new MLContext(seed: 1);
        // Without the check, the second record silently became the text "y\nz\n" (the rest of the file).
        var path = TempFile("x\n\"y\nz\n");
        var view = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("S", DataKind.String, 0)], ',', allowQuoting: true);
        var e = Assert.ThrowsExactly<TextLoaderException>(() => view.GetColumn<ReadOnlyMemory<char>>("S").ToList());
        Assert.AreEqual($"Unterminated quoted field for column 'S' (field -1) at line 2 of '{path}'.", e.Message);
        // Balanced quotes spanning lines still load, and line numbers after them stay right.
        var ok = TempFile("\"a\nb\",1\nc,x\n");
        var bad = ml.Data.LoadFromTextFile(ok, [new TextLoader.Column("S", DataKind.String, 0), new TextLoader.Column("N", DataKind.Single, 1)], ',', allowQuoting: true);
        var e2 = Assert.ThrowsExactly<TextLoaderException>(() => bad.GetColumn<float>("N").ToList());
        Assert.AreEqual($"Malformed value 'x' for column 'N' (field 1) at line 3 of '{ok}'.", e2.Message);
    }

    [TestMethod]
    public void SparseVBufferRejectsUnsortedOrOutOfRangeIndices()
    {
        var unsorted = Assert.ThrowsExactly<ArgumentException>(() => new VBuffer<float>(5, 2, [1f, 2f], [3, 1]));
        Assert.AreEqual("Sparse indices must be strictly increasing and in [0, 5); indices[1] = 1 follows 3. (Parameter 'indices')", unsorted.Message);
        var outside = Assert.ThrowsExactly<ArgumentException>(() => new VBuffer<float>(5, 2, [1f, 2f], [1, 7]));
        Assert.AreEqual("Sparse indices must be strictly increasing and in [0, 5); indices[1] = 7 follows 1. (Parameter 'indices')", outside.Message);
        var duplicate = Assert.ThrowsExactly<ArgumentException>(() => new VBuffer<float>(5, 2, [1f, 2f], [2, 2]));
        StringAssert.StartsWith(duplicate.Message, "Sparse indices must be strictly increasing");
        var ok = new VBuffer<float>(5, 2, [1f, 2f], [1, 3]);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f, 2f, 0f }, ok.DenseValues().ToArray());
    }

    [TestMethod]
    public void ConcatenateMismatchFoundAtFitNamesInputSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Sample { X = 1, Name = "a" } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Concatenate("F", "X", "Name").Fit(data));
        Assert.AreEqual("Schema mismatch for input column 'Name': expected Single, got String (Parameter 'inputSchema')", e.Message);
    }

    [TestMethod]
    public void LoadCsvWithBadQuotingThrowsFormatException()
    {
        var path = TempFile("a,b\n\"1,2\n");
        var e = Assert.ThrowsExactly<FormatException>(() => DataFrame.LoadCsv(path));
        StringAssert.StartsWith(e.Message, "Malformed CSV: bad quoting in field '");
        StringAssert.Contains(e.Message, "line");
    }

    private static string SaveNormalizer(MLContext ml)
    {
        var data = Array3(ml);
        var path = Path.Combine(Path.GetTempPath(), $"robust-{Guid.NewGuid():N}.zip");
        ml.Model.Save(ml.Transforms.NormalizeMinMax("X").Fit(data), data.Schema, path);
        return path;
    }

    private static byte[] ReadEntry(string zipPath, string entry)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var s = zip.GetEntry(entry)!.Open();
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static void ReplaceEntry(string zipPath, string entry, byte[] content)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        zip.GetEntry(entry)!.Delete();
        using var s = zip.CreateEntry(entry).Open();
        s.Write(content);
    }

    /// <summary>The offset of the int64 payload length in a component entry (see ModelEntryHeader's format comment).</summary>
    private static int PayloadLengthOffset(byte[] entry)
    {
        using var r = new BinaryReader(new MemoryStream(entry), Encoding.UTF8);
        r.ReadBytes(8);
        r.ReadUInt32();
        r.ReadString();
        r.ReadUInt32();
        r.ReadUInt32();
        r.ReadUInt32();
        r.ReadString();
        r.ReadString();
        return (int)r.BaseStream.Position;
    }

    [TestMethod]
    public void ModelEntryWithAHugeDeclaredLengthIsTruncatedNotOutOfMemory()
    {
        var ml = new MLContext(seed: 1);
        var path = SaveNormalizer(ml);
        var entry = ReadEntry(path, "Model/Model.bin");
        int at = PayloadLengthOffset(entry);
        int actual = entry.Length - at - 8;
        BitConverter.GetBytes((long)int.MaxValue).CopyTo(entry, at);
        ReplaceEntry(path, "Model/Model.bin", entry);
        var e = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(path, out _));
        Assert.AreEqual($"Model entry 'Model/Model.bin' is truncated: expected {int.MaxValue} payload bytes, found {actual}.", e.Message);
    }

    [TestMethod]
    public void CorruptPayloadIsAFormatExceptionNamingTheEntry()
    {
        var ml = new MLContext(seed: 1);
        var path = SaveNormalizer(ml);
        var entry = ReadEntry(path, "Model/Model.bin");
        for (int i = PayloadLengthOffset(entry) + 8; i < entry.Length; i++)
            entry[i] = 0xFF;
        ReplaceEntry(path, "Model/Model.bin", entry);
        var e = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(path, out _));
        StringAssert.StartsWith(e.Message, "Model entry 'Model/' (Normalizer) is corrupt or not in the format its loader reads: ");
    }

    [TestMethod]
    public void CorruptInputSchemaIsAFormatExceptionNamingTheEntry()
    {
        var ml = new MLContext(seed: 1);
        var path = SaveNormalizer(ml);
        ReplaceEntry(path, "Schema/Schema.bin", [1, 0, 0, 0, 5, 0, 0, 0]);   // version 1, 5 columns, then nothing
        var e = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(path, out _));
        StringAssert.StartsWith(e.Message, $"'{path}' has an invalid input schema in entry 'Schema/Schema.bin': ");
        Assert.IsInstanceOfType<EndOfStreamException>(e.InnerException);
    }

    [TestMethod]
    public void SaveIntoAMissingFolderNamesTheFolder()
    {
        var ml = new MLContext(seed: 1);
        var data = Array3(ml);
        var dir = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}");
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() =>
            ml.Model.Save(ml.Transforms.NormalizeMinMax("X").Fit(data), data.Schema, Path.Combine(dir, "m.zip")));
        Assert.AreEqual($"Cannot save the model to '{Path.Combine(dir, "m.zip")}': the folder '{dir}' does not exist.", e.Message);
        Assert.IsFalse(Directory.Exists(dir));
    }
}
