using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Symmetry.Data.Analysis;

public sealed partial class DataFrame
{
    /// <summary>
    /// Reads a CSV file (RFC 4180 quoting). Column types are <paramref name="dataTypes"/> when given, otherwise guessed
    /// from the first <paramref name="guessRows"/> rows: Boolean, then Single, then String (as Microsoft.Data.Analysis).
    /// Empty fields are nulls. Without a header, columns are named Column0, Column1, ….
    /// </summary>
    public static DataFrame LoadCsv(string filename, char separator = ',', bool header = true, string[]? columnNames = null,
        Type[]? dataTypes = null, int numRows = -1, int guessRows = 10, bool addIndexColumn = false, Encoding? encoding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        using var stream = new FileStream(filename, FileMode.Open, FileAccess.Read, FileShare.Read);
        return LoadCsv(stream, separator, header, columnNames, dataTypes, numRows, guessRows, addIndexColumn, encoding);
    }

    /// <summary>Reads CSV from <paramref name="csvStream"/>; see <see cref="LoadCsv(string, char, bool, string[], Type[], int, int, bool, Encoding)"/>.</summary>
    public static DataFrame LoadCsv(Stream csvStream, char separator = ',', bool header = true, string[]? columnNames = null,
        Type[]? dataTypes = null, long numberOfRowsToRead = -1, int guessRows = 10, bool addIndexColumn = false, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(csvStream);
        using var reader = new StreamReader(csvStream, encoding ?? Encoding.UTF8, true, 1 << 16, leaveOpen: true);
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = separator.ToString(), HasHeaderRecord = false, IgnoreBlankLines = true, Mode = CsvMode.RFC4180,
            // Record bad quoting instead of letting CsvHelper throw its own exception; reported below with the line.
            BadDataFound = args => badData ??= args.Field,
        };
        using var parser = new CsvParser(reader, config);
        bool Read()
        {
            bool ok = parser.Read();
            if (badData is not null)
            {
                string field = badData.Length <= 40 ? badData : badData[..40] + "…";
                throw new FormatException($"Malformed CSV: bad quoting in field '{field}' of the record ending at line {parser.RawRow}.");
            }
            return ok;
        }
        string[]? names = columnNames;
        var rows = new List<string[]>();
        if (header && Read())
            names ??= parser.Record;
        while ((numberOfRowsToRead < 0 || rows.Count < numberOfRowsToRead) && Read())
            rows.Add(parser.Record!);
        int width = names?.Length ?? (rows.Count > 0 ? rows.Max(r => r.Length) : 0);
        names ??= Enumerable.Range(0, width).Select(i => $"Column{i}").ToArray();
        if (dataTypes is not null && dataTypes.Length != width)
            throw new ArgumentException($"{dataTypes.Length} data types were given for {width} columns.", nameof(dataTypes));
        for (int r = 0; r < rows.Count; r++)
            if (rows[r].Length != width)
                throw new FormatException($"CSV row {r + 1} has {rows[r].Length} fields; expected {width}.");
        var columns = new List<DataFrameColumn>();
        if (addIndexColumn)
            columns.Add(new Int32DataFrameColumn("IndexColumn", Enumerable.Range(0, rows.Count)));
        for (int c = 0; c < width; c++)
        {
            var values = rows.Select(r => r[c]).ToArray();
            var type = dataTypes?[c] ?? Guess(values.Take(guessRows));
            columns.Add(MakeColumn(names[c], type, values));
        }
        return new DataFrame(columns);
    }

    /// <summary>Writes <paramref name="dataFrame"/> as CSV to <paramref name="path"/> (overwriting it); nulls are empty fields.</summary>
    public static void SaveCsv(DataFrame dataFrame, string path, char separator = ',', bool header = true, Encoding? encoding = null,
        CultureInfo? cultureInfo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        SaveCsv(dataFrame, stream, separator, header, encoding, cultureInfo);
    }

    /// <summary>Writes <paramref name="dataFrame"/> as CSV to <paramref name="csvStream"/> (left open).</summary>
    public static void SaveCsv(DataFrame dataFrame, Stream csvStream, char separator = ',', bool header = true, Encoding? encoding = null,
        CultureInfo? cultureInfo = null)
    {
        ArgumentNullException.ThrowIfNull(dataFrame);
        ArgumentNullException.ThrowIfNull(csvStream);
        var culture = cultureInfo ?? CultureInfo.InvariantCulture;
        foreach (var c in dataFrame.Columns)
            if (c.DataType.IsGenericType)
                throw new NotSupportedException($"Column '{c.Name}' holds vectors, which CSV cannot represent; write the view with MLContext.Data.SaveAsText instead.");
        using var w = new StreamWriter(csvStream, encoding ?? new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        if (header)
            w.WriteLine(string.Join(separator, dataFrame.Columns.Select(c => Quote(c.Name, separator))));
        for (long r = 0; r < dataFrame.Rows.Count; r++)
        {
            var fields = dataFrame.Columns.Select(c => c[r] switch
            {
                null => "",
                float f => f.ToString("R", culture),
                double d => d.ToString("R", culture),
                string s => Quote(s, separator),
                IFormattable x => x.ToString(null, culture),
                var o => Quote(o.ToString() ?? "", separator),
            });
            w.WriteLine(string.Join(separator, fields));
        }
    }

    private static string Quote(string s, char sep) =>
        s.AsSpan().IndexOfAny([sep, '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";

    private static Type Guess(IEnumerable<string> samples)
    {
        var nonEmpty = samples.Where(s => s.Length > 0).ToArray();
        if (nonEmpty.Length == 0)
            return typeof(string);
        if (nonEmpty.All(s => bool.TryParse(s, out _)))
            return typeof(bool);
        if (nonEmpty.All(s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            return typeof(float);
        return typeof(string);
    }

    private static DataFrameColumn MakeColumn(string name, Type type, string[] values)
    {
        T? Parse<T>(string s, Func<string, T> parse) where T : struct => s.Length == 0 ? null : parse(s);
        try
        {
            return type switch
            {
                _ when type == typeof(float) => new SingleDataFrameColumn(name, values.Select(s => Parse(s, x => float.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture)))),
                _ when type == typeof(double) => new DoubleDataFrameColumn(name, values.Select(s => Parse(s, x => double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture)))),
                _ when type == typeof(int) => new Int32DataFrameColumn(name, values.Select(s => Parse(s, x => int.Parse(x, CultureInfo.InvariantCulture)))),
                _ when type == typeof(long) => new Int64DataFrameColumn(name, values.Select(s => Parse(s, x => long.Parse(x, CultureInfo.InvariantCulture)))),
                _ when type == typeof(bool) => new BooleanDataFrameColumn(name, values.Select(s => Parse(s, bool.Parse))),
                _ when type == typeof(string) => new StringDataFrameColumn(name, values.Select(s => s.Length == 0 ? null : s)),
                _ => throw new NotSupportedException($"Column '{name}': type {type.Name} is not supported in CSV files."),
            };
        }
        catch (FormatException e)
        {
            throw new FormatException($"Column '{name}' has a value that is not a {type.Name}: {e.Message}", e);
        }
    }
}
