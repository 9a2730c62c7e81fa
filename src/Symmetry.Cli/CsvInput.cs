using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The one reader of <c>--input</c> CSV files: checks the file and its header line, resolves column options
/// (names, 0-based indices, ranges) against that header, and loads the chosen columns with ML.NET's TextLoader.
/// </summary>
internal sealed class CsvInput
{
    private readonly FileInfo _file;

    private CsvInput(FileInfo file, string[] header)
    {
        _file = file;
        Header = header;
    }

    /// <summary>The header line's column names (trimmed, unquoted).</summary>
    public string[] Header { get; }

    /// <summary>The file's name, for descriptions and messages.</summary>
    public string Name => _file.Name;

    /// <summary>Opens <paramref name="file"/>: it must exist and start with a header line that is not all numbers.</summary>
    public static CsvInput Open(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException($"The input file '{file.FullName}' does not exist.", file.FullName);
        return new CsvInput(file, ReadHeader(file.FullName));
    }

    /// <summary>
    /// The columns <paramref name="spec"/> selects for <paramref name="option"/>: comma-separated parts, each a range
    /// "A-B" (0-based, inclusive), a column name, or a 0-based index.
    /// </summary>
    public int[] Columns(string spec, string option) => Columns(spec, Header, option, Name);

    /// <summary>The single column <paramref name="spec"/> selects for <paramref name="option"/> (a name or an index).</summary>
    public int Column(string spec, string option)
    {
        var columns = Columns(spec, option);
        return columns.Length == 1 ? columns[0] : throw new UsageException($"{option} names one column.");
    }

    /// <summary>The header's names of <paramref name="indices"/>, comma-separated.</summary>
    public string Names(IEnumerable<int> indices) => string.Join(", ", indices.Select(i => Header[i]));

    /// <summary>A float vector column <paramref name="name"/> of the file's <paramref name="indices"/>.</summary>
    public static TextLoader.Column Vector(string name, IEnumerable<int> indices) =>
        new(name, DataKind.Single, indices.Select(i => new TextLoader.Range(i)).ToArray());

    /// <summary>The file's rows as <paramref name="columns"/>, the first <paramref name="count"/> of them when given.</summary>
    public IDataView Load(MLContext ml, IEnumerable<TextLoader.Column> columns, int? count)
    {
        // With the file as its data sample, ML.NET's TextLoader names vector slots after the header's columns.
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = [.. columns], Separators = [','], HasHeader = true, AllowQuoting = true },
                                              dataSample: new MultiFileSource(_file.FullName));
        var data = loader.Load(_file.FullName);
        return count is { } c ? ml.Data.TakeRows(data, c) : data;
    }

    /// <summary>"A-B" (0-based, inclusive) or comma-separated names/indices of a CSV header's columns.</summary>
    internal static int[] Columns(string spec, string[] header, string option, string file)
    {
        var result = new List<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], CultureInfo.InvariantCulture, out var a)
                         && int.TryParse(part[(dash + 1)..], CultureInfo.InvariantCulture, out var b))
            {
                if (a < 0 || b >= header.Length || b < a) throw new UsageException($"{option} range '{part}' is outside the {header.Length} columns of {file}.");
                result.AddRange(Enumerable.Range(a, b - a + 1));
                continue;
            }
            var i = Array.IndexOf(header, part);
            if (i < 0 && int.TryParse(part, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < header.Length) i = n;
            if (i < 0) throw new UsageException($"{option} names '{part}', which is not a column of {file} (columns: {string.Join(", ", header)}).");
            result.Add(i);
        }
        if (result.Count == 0) throw new UsageException($"{option} selects no column.");
        return [.. result];
    }

    internal static string[] ReadHeader(string path)
    {
        using var reader = new StreamReader(path);
        var line = reader.ReadLine() ?? throw new InvalidDataException($"'{path}' is empty; expected a CSV file with a header line.");
        var header = line.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        // A file without a header would silently lose its first row and name its columns after that row's values
        // (so --features 1 would pick the column whose first value is 1).
        if (header.All(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new InvalidDataException($"The first line of '{path}' ({line}) holds only numbers; expected a header line naming the columns.");
        return header;
    }
}
