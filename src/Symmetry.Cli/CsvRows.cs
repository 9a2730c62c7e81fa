using System.Globalization;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// Reads the data rows of a CSV file in one streaming pass, parsing the selected columns' cells straight into float
/// (or integer) values, so that memory holds those values and not the text. Every row must have the header's number
/// of cells, and every selected cell must hold a finite number; anything else is an error naming the line and column.
/// </summary>
internal sealed class CsvRows
{
    private readonly string[] _header;
    private readonly BlockList<float>?[] _floats;
    private readonly BlockList<int>?[] _integers;

    /// <summary>Storage for the columns <paramref name="floats"/> and <paramref name="integers"/> (0-based) of a file with <paramref name="header"/>.</summary>
    public CsvRows(string[] header, IEnumerable<int> floats, IEnumerable<int> integers)
    {
        _header = header;
        _floats = new BlockList<float>?[header.Length];
        _integers = new BlockList<int>?[header.Length];
        foreach (var i in floats) _floats[i] ??= new();
        foreach (var i in integers) _integers[i] ??= new();
    }

    /// <summary>The data rows read.</summary>
    public int Count { get; private set; }

    /// <summary>The float values of column <paramref name="index"/> (one of the float columns asked for).</summary>
    public BlockList<float> Floats(int index) => _floats[index]!;

    /// <summary>The integer values of column <paramref name="index"/> (one of the integer columns asked for).</summary>
    public BlockList<int> Integers(int index) => _integers[index]!;

    /// <summary>Reads the data rows of <paramref name="path"/>, the first <paramref name="count"/> of them when given.</summary>
    public void Read(string path, int? count)
    {
        using var parser = new CsvParser(path);
        parser.NextRecord();
        while ((count is null || Count < count) && parser.NextRecord())
        {
            InvalidDataException? error = null;
            while (parser.NextCell(out var cell))
                if (error is null && parser.Column <= _header.Length) error = Parse(parser, cell);
            // A row of the wrong width shifts its cells: say so rather than what its shifted cells hold.
            if (parser.Column != _header.Length)
                throw parser.Error(parser.RecordLine, null, null, $"expected {_header.Length} cells, as the header names, found {parser.Column}.");
            if (error is not null) throw error;
            Count++;
        }
        if (Count == 0) throw new InvalidDataException($"'{path}' has a header line but no data rows.");
    }

    private InvalidDataException? Parse(CsvParser parser, ReadOnlySpan<char> cell)
    {
        var i = parser.Column - 1;
        if (_floats[i] is null && _integers[i] is null) return null;
        if (cell.IsWhiteSpace()) return Error(parser, $"the cell is empty; expected {(_floats[i] is null ? "an integer class label" : "a number")}.");
        var text = cell.Trim();
        if (_floats[i] is { } floats)
        {
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var single)) return NotANumber(parser, text);
            // NaN and ∞ (written, or beyond float's range) would fail training far from the file: say where they are.
            if (!float.IsFinite(single)) return Error(parser, $"'{CsvHeader.Shorten(text)}' is not a finite number; remove or impute NaN/∞ first.");
            floats.Add(single);
        }
        if (_integers[i] is { } integers)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return NotANumber(parser, text);
            if (value != Math.Round(value) || value is < int.MinValue or > int.MaxValue)
                return Error(parser, $"'{CsvHeader.Shorten(text)}' is not an integer class label.");
            integers.Add((int)value);
        }
        return null;
    }

    private InvalidDataException NotANumber(CsvParser parser, ReadOnlySpan<char> text) => Error(parser, $"'{CsvHeader.Shorten(text)}' is not a number.");

    private InvalidDataException Error(CsvParser parser, string what) => parser.Error(parser.CellLine, parser.Column, _header[parser.Column - 1], what);
}
