using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Base of the immutable reports the estimators return: a one-paragraph summary, named tables as DataFrames and
/// a plain-text rendering of both.
/// </summary>
public abstract class SymmetryReport
{
    /// <summary>The method that produced the report, e.g. "LatentRelevance".</summary>
    public abstract string Method { get; }

    /// <summary>The main table of the report.</summary>
    public abstract DataFrame ToDataFrame();

    /// <summary>Every table of the report with its title, the main one first.</summary>
    public abstract IReadOnlyList<(string Title, DataFrame Table)> Tables();

    /// <summary>A few sentences stating what was found.</summary>
    public abstract string Summary { get; }

    /// <summary>The headline results (e.g. the intrinsic dimension), as the HTML page and the JSON output show them.</summary>
    public abstract IReadOnlyList<KeyResult> KeyResults { get; }

    /// <summary>
    /// The CPU threads the fit trained with, and whether they were chosen automatically; null for a report read back
    /// from a model zip (the count is a property of the run, not of the model, so it is neither saved nor part of
    /// <see cref="ToString"/>; the CLI's run description, in its HTML and JSON, states it).
    /// </summary>
    public TrainingThreads? Threads { get; internal set; }

    /// <summary>The summary followed by every table (<see cref="FormatTable"/>: 4 significant digits, aligned columns).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Method} report").AppendLine(Summary);
        foreach (var (title, table) in Tables())
        {
            sb.AppendLine().AppendLine(title).Append(FormatTable(table));
        }
        return sb.ToString();
    }

    /// <summary>
    /// How reports show one value: floating-point numbers to 4 significant digits (invariant culture), booleans as
    /// yes/no, null as empty.
    /// </summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// <paramref name="table"/> as aligned plain text: a header line, then one line per row; numbers right-aligned,
    /// text left-aligned, columns two spaces apart, values formatted by <see cref="FormatValue"/>.
    /// </summary>
    public static string FormatTable(DataFrame table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Columns.Count;
        var rows = (int)table.Rows.Count;
        var cells = new string[rows + 1, columns];
        var widths = new int[columns];
        var left = new bool[columns];
        for (var c = 0; c < columns; c++)
        {
            left[c] = table.Columns[c].DataType == typeof(string);
            cells[0, c] = table.Columns[c].Name;
            for (var r = 0; r < rows; r++) cells[r + 1, c] = FormatValue(table[r, c]);
            for (var r = 0; r <= rows; r++) widths[c] = Math.Max(widths[c], cells[r, c].Length);
        }
        var sb = new StringBuilder();
        for (var r = 0; r <= rows; r++)
        {
            var line = new StringBuilder();
            for (var c = 0; c < columns; c++)
            {
                if (c > 0) line.Append("  ");
                line.Append(left[c] ? cells[r, c].PadRight(widths[c]) : cells[r, c].PadLeft(widths[c]));
            }
            sb.Append(line.ToString().TrimEnd()).AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>
    /// Writes the main table as CSV. An existing file is replaced only when <paramref name="overwrite"/> is true;
    /// otherwise <see cref="IOException"/> names it.
    /// </summary>
    public void SaveCsv(string path, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && !overwrite) throw new IOException($"'{path}' already exists; pass overwrite: true to replace it.");
        DataFrame.SaveCsv(ToDataFrame(), path);
    }
}
