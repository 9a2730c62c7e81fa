using System.Text;
using Microsoft.Data.Analysis;

namespace Symmetry.Estimators.Common;

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

    /// <summary>The summary followed by every table.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Method} report").AppendLine(Summary);
        foreach (var (title, table) in Tables())
        {
            sb.AppendLine().AppendLine(title).AppendLine(table.ToString());
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
