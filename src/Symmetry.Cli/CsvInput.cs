using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The one reader of <c>--input</c> CSV files: checks the file and its header line (<see cref="CsvHeader"/>), resolves
/// column options (names, 0-based indices, ranges) against that header, and loads the chosen columns in one streaming
/// pass (<see cref="CsvRows"/>) into an in-memory view (<see cref="CsvDataView"/>).
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
        return new CsvInput(file, CsvHeader.Read(file.FullName));
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

    /// <summary>A float vector column <paramref name="name"/> of the file's <paramref name="indices"/> (a vector even of one column).</summary>
    public static TextLoader.Column Vector(string name, IEnumerable<int> indices) =>
        new(name, DataKind.Single, indices.Select(i => new TextLoader.Range(i) { ForceVector = true }).ToArray());

    /// <summary>
    /// The file's rows as <paramref name="columns"/>, the first <paramref name="count"/> of them when given. The
    /// columns are described as ML.NET's TextLoader reads them (Single or Int32; a vector when forced or of several
    /// columns). The rows are read here, once, so <paramref name="ml"/> is not needed.
    /// </summary>
    public IDataView Load(MLContext ml, IEnumerable<TextLoader.Column> columns, int? count)
    {
        var wanted = columns.Select(Wanted.Of).ToArray();
        var rows = new CsvRows(Header, wanted.Where(w => !w.Integer).SelectMany(w => w.Indices), wanted.Where(w => w.Integer).SelectMany(w => w.Indices));
        rows.Read(_file.FullName, count);
        return new CsvDataView(rows.Count, [.. wanted.Select(w =>
            w.IsVector ? CsvDataView.Vector(w.Name, [.. w.Indices.Select(rows.Floats)], [.. w.Indices.Select(i => Header[i])])
            : w.Integer ? CsvDataView.Scalar(w.Name, NumberDataViewType.Int32, rows.Integers(w.Indices[0]))
            : CsvDataView.Scalar(w.Name, NumberDataViewType.Single, rows.Floats(w.Indices[0])))]);
    }

    /// <summary>A column to load: its name, the file's columns it reads, and whether it is a vector or integers.</summary>
    private sealed record Wanted(string Name, int[] Indices, bool IsVector, bool Integer)
    {
        public static Wanted Of(TextLoader.Column c)
        {
            var vector = c.Source.Length > 1 || c.Source.Any(r => r.ForceVector || (r.Max ?? r.Min) != r.Min);
            if (c.DataKind is not (DataKind.Single or DataKind.Int32) || vector && c.DataKind != DataKind.Single)
                throw new NotSupportedException($"Column '{c.Name}': a CSV file is read as float vectors and float or Int32 scalars.");
            return new(c.Name, [.. c.Source.SelectMany(r => Enumerable.Range(r.Min, (r.Max ?? r.Min) - r.Min + 1))], vector, c.DataKind == DataKind.Int32);
        }
    }

    /// <summary>"A-B" (0-based, inclusive) or comma-separated names/indices of a CSV header's columns.</summary>
    internal static int[] Columns(string spec, string[] header, string option, string file)
    {
        var result = new List<int>();
        var parts = new Dictionary<int, string>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], CultureInfo.InvariantCulture, out var a)
                         && int.TryParse(part[(dash + 1)..], CultureInfo.InvariantCulture, out var b))
            {
                if (a < 0 || b >= header.Length || b < a) throw new UsageException($"{option} range '{part}' is outside the {header.Length} columns of {file}.");
                foreach (var j in Enumerable.Range(a, b - a + 1)) Add(j, part);
                continue;
            }
            var i = Array.IndexOf(header, part);
            if (i < 0 && int.TryParse(part, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < header.Length) i = n;
            if (i < 0) throw new UsageException($"{option} names '{part}', which is not a column of {file} (columns: {string.Join(", ", header)}).");
            Add(i, part);
        }
        if (result.Count == 0) throw new UsageException($"{option} selects no column.");
        return [.. result];

        // A column selected twice would be read twice as two features (or make ML.NET's loader fail).
        void Add(int column, string part)
        {
            if (!parts.TryAdd(column, part))
                throw new UsageException($"{option} selects column '{header[column]}' twice ('{parts[column]}' and '{part}'); select each column once.");
            result.Add(column);
        }
    }
}
