using System.Globalization;
using Spectre.Console;
using Microsoft.Data.Analysis;

namespace Symmetry.Cli;

/// <summary>Renders report DataFrames as console tables.</summary>
internal static class ConsoleTables
{
    public static Table From(DataFrame df, string title)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        foreach (var c in df.Columns) table.AddColumn(new TableColumn(Markup.Escape(c.Name)).RightAligned());
        for (long r = 0; r < df.Rows.Count; r++)
        {
            var cells = new string[df.Columns.Count];
            for (var c = 0; c < cells.Length; c++) cells[c] = Markup.Escape(Format(df[r, c]));
            table.AddRow(cells);
        }
        return table;
    }

    private static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
