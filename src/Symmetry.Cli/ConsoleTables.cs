using Spectre.Console;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// Renders report DataFrames as console tables that fit a width: as they are when they fit, transposed (one row per
/// column) when that fits instead, otherwise with the columns (or rows) that do not fit left out and named in the
/// caption. No cell is ever wrapped, so a number is never split over two lines.
/// </summary>
internal static class ConsoleTables
{
    // Border and padding take 3 characters per column and 1 more per table.
    private const int ColumnOverhead = 3;

    /// <summary>A table of <paramref name="df"/> at most <paramref name="width"/> characters wide.</summary>
    public static Table From(DataFrame df, string title, int width)
    {
        var columns = df.Columns.Count;
        var rows = (int)df.Rows.Count;
        var headers = df.Columns.Select(c => c.Name).ToArray();
        var cells = new string[rows][];
        for (var r = 0; r < rows; r++)
        {
            cells[r] = new string[columns];
            for (var c = 0; c < columns; c++) cells[r][c] = SymmetryReport.FormatValue(df[r, c]);
        }
        var numeric = df.Columns.Select(c => c.DataType != typeof(string)).ToArray();

        var asIs = Fit(headers, cells, width);
        if (asIs == columns) return Build(title, headers, cells, columns, numeric, null);

        // Transposed: the first column becomes the header row ("Run 1", "Run 2", …), each other column a row.
        var tHeaders = new[] { df.Columns[0].Name }.Concat(cells.Select(row => row[0])).ToArray();
        var tCells = Enumerable.Range(1, columns - 1).Select(c => new[] { headers[c] }.Concat(cells.Select(row => row[c])).ToArray()).ToArray();
        var tNumeric = new[] { false }.Concat(Enumerable.Repeat(true, rows)).ToArray();
        var transposed = rows > 0 && columns > 1 ? Fit(tHeaders, tCells, width) : 0;
        if (transposed == rows + 1)
            return Build(title, tHeaders, tCells, rows + 1, tNumeric, $"transposed to fit {width} characters");

        // Neither fits: keep the orientation that shows more values, and name what is left out.
        if (transposed > 1 && (transposed - 1) * (columns - 1) > asIs * rows)
        {
            var left = cells.Skip(transposed - 1).Select(row => row[0]);
            return Build(title, tHeaders, tCells, transposed, tNumeric,
                $"transposed; not shown (wider than {width} characters): {df.Columns[0].Name} {string.Join(", ", left)}");
        }
        return Build(title, headers, cells, asIs, numeric, $"not shown (wider than {width} characters): {string.Join(", ", headers.Skip(asIs))}");
    }

    // How many leading columns fit in width (at least one, which Spectre then crops rather than wraps).
    private static int Fit(string[] headers, string[][] cells, int width)
    {
        var used = 1;
        for (var c = 0; c < headers.Length; c++)
        {
            var need = Math.Max(headers[c].Length, cells.Select(row => row[c].Length).DefaultIfEmpty(0).Max()) + ColumnOverhead;
            if (c > 0 && used + need > width) return c;
            used += need;
        }
        return headers.Length;
    }

    private static Table Build(string title, string[] headers, string[][] cells, int shown, bool[] numeric, string? note)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        for (var c = 0; c < shown; c++)
        {
            var column = new TableColumn(Markup.Escape(headers[c])) { NoWrap = true };
            table.AddColumn(numeric[c] ? column.RightAligned() : column.LeftAligned());
        }
        foreach (var row in cells) table.AddRow(row.Take(shown).Select(Markup.Escape).ToArray());
        if (note is not null) table.Caption = new TableTitle(Markup.Escape(note));
        return table;
    }
}
