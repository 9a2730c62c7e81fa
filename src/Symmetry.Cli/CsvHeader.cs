using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// Reads and checks a CSV file's header line: the file must be text, comma-separated, and name every column once.
/// </summary>
internal static class CsvHeader
{
    // Enough to tell a binary file or a UTF-16 one from a text CSV before parsing it.
    private const int SniffBytes = 1024;

    /// <summary>The header's column names (trimmed), or an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static string[] Read(string path)
    {
        Sniff(path);
        using var parser = new CsvParser(path);
        if (!parser.NextRecord()) throw new InvalidDataException($"'{path}' is empty; expected a CSV file with a header line.");
        var names = new List<string>();
        while (parser.NextCell(out var cell)) names.Add(cell.Trim().ToString());
        var line = parser.RecordLine;
        if (names is [var only] && (only.Contains(';') || only.Contains('\t')))
            throw new InvalidDataException($"'{path}' looks like {(only.Contains(';') ? "';'" : "tab")}-separated (its header line is '{Shorten(only)}'); convert it to commas.");
        // A file without a header would silently lose its first row and name its columns after that row's values
        // (so --features 1 would pick the column whose first value is 1).
        if (names.All(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new InvalidDataException($"The first line of '{path}' ({string.Join(",", names)}) holds only numbers; expected a header line naming the columns.");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
                throw parser.Error(line, i + 1, null, "the header gives this column no name; name every column (pandas writes its index unnamed: save with index=False).");
            if (!seen.TryAdd(names[i], i))
                throw parser.Error(line, null, null, $"columns {seen[names[i]] + 1} and {i + 1} are both named '{names[i]}'; name every column once.");
        }
        return [.. names];
    }

    /// <summary>At most 40 characters of <paramref name="text"/>, for messages that quote the file.</summary>
    public static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : $"{text[..40]}…";

    private static void Sniff(string path)
    {
        var bytes = new byte[SniffBytes];
        int length;
        using (var stream = File.OpenRead(path)) length = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var head = bytes.AsSpan(0, length);
        if (head.Contains((byte)0))
            throw new InvalidDataException($"'{path}' is not a text CSV: it holds NUL bytes (a binary file, or text saved as UTF-16).");
        var chars = new char[SniffBytes];
        // A file longer than the sniffed bytes may cut a character in two at the end: that is not an error.
        if (Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: length < SniffBytes) == System.Buffers.OperationStatus.InvalidData)
            throw new InvalidDataException($"'{path}' is not a text CSV: its first bytes are not UTF-8 text.");
    }
}
