using System.Globalization;
using System.Text;

namespace Symmetry.Data.Analysis;

/// <summary>
/// An in-memory table of named, typed, nullable columns. It is also an <see cref="Symmetry.ML.IDataView"/> (see
/// <c>DataFrame.IDataView.cs</c>), and any view becomes one with <see cref="DataFrameExtensions.ToDataFrame(Symmetry.ML.IDataView, long, string[])"/>.
/// </summary>
public sealed partial class DataFrame
{
    /// <summary>A DataFrame of <paramref name="columns"/> (all of the same length, distinct names).</summary>
    public DataFrame(params DataFrameColumn[] columns) : this((IEnumerable<DataFrameColumn>)columns)
    {
    }

    /// <summary>A DataFrame of <paramref name="columns"/>.</summary>
    public DataFrame(IEnumerable<DataFrameColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = new DataFrameColumnCollection(this);
        Rows = new DataFrameRowCollection(this);
        foreach (var c in columns)
            Columns.Add(c);
    }

    /// <summary>The columns.</summary>
    public DataFrameColumnCollection Columns { get; }

    /// <summary>The rows.</summary>
    public DataFrameRowCollection Rows { get; }

    /// <summary>The value at (<paramref name="rowIndex"/>, <paramref name="columnIndex"/>).</summary>
    public object? this[long rowIndex, int columnIndex]
    {
        get => Columns[columnIndex][rowIndex];
        set => Columns[columnIndex][rowIndex] = value;
    }

    /// <summary>The column named <paramref name="columnName"/>.</summary>
    public DataFrameColumn this[string columnName] => Columns[columnName];

    /// <summary>The first <paramref name="numberOfRows"/> rows.</summary>
    public DataFrame Head(int numberOfRows) => Take(Enumerable.Range(0, (int)Math.Min(Math.Max(numberOfRows, 0), Rows.Count)).Select(i => (long)i));

    /// <summary>The rows sorted by <paramref name="columnName"/>, ascending, nulls last; stable.</summary>
    public DataFrame OrderBy(string columnName) => Sort(columnName, 1);

    /// <summary>The rows sorted by <paramref name="columnName"/>, descending, nulls last; stable.</summary>
    public DataFrame OrderByDescending(string columnName) => Sort(columnName, -1);

    private DataFrame Sort(string columnName, int sign)
    {
        var col = Columns[columnName];
        var order = Enumerable.Range(0, (int)Rows.Count).Select(i => (long)i).ToArray();
        var keyed = order.Select((r, pos) => (r, pos)).ToArray();
        Array.Sort(keyed, (a, b) =>
        {
            bool an = col[a.r] is null, bn = col[b.r] is null;
            int c = an || bn ? (an == bn ? 0 : an ? 1 : -1) : sign * col.CompareRows(a.r, b.r);
            return c != 0 ? c : a.pos.CompareTo(b.pos);
        });
        return Take(keyed.Select(k => k.r));
    }

    private DataFrame Take(IEnumerable<long> rows)
    {
        var idx = rows.ToArray();
        return new DataFrame(Columns.Select(c => c.Clone(idx)));
    }

    internal void OnColumnsChanged() => _schema = null;

    /// <summary>An aligned preview of the first 25 rows (the total row count follows when there are more).</summary>
    public override string ToString() => ToString(25);

    /// <summary>An aligned preview of the first <paramref name="rowsToShow"/> rows.</summary>
    public string ToString(long rowsToShow)
    {
        long n = Math.Min(rowsToShow, Rows.Count);
        var cells = Columns.Select(c => new[] { c.Name }.Concat(Enumerable.Range(0, (int)n).Select(r => c.Format(r))).ToArray()).ToArray();
        var widths = cells.Select(c => c.Max(s => s.Length)).ToArray();
        var sb = new StringBuilder();
        for (int r = 0; r <= n; r++)
        {
            int lineStart = sb.Length;
            for (int c = 0; c < cells.Length; c++)
            {
                // Numbers align right, text aligns left, as in a spreadsheet.
                bool right = r > 0 && Columns[c].NumericValues() is not null;
                string s = cells[c][r];
                sb.Append(right ? s.PadLeft(widths[c]) : s.PadRight(widths[c]));
                if (c < cells.Length - 1)
                    sb.Append("  ");
            }
            // No trailing blanks when the last column is left-aligned text.
            while (sb.Length > lineStart && sb[^1] == ' ')
                sb.Length--;
            sb.Append('\n');
        }
        if (n < Rows.Count)
            sb.Append(CultureInfo.InvariantCulture, $"… {Rows.Count - n} more rows ({Rows.Count} in all)\n");
        return sb.ToString();
    }

    /// <summary>One column per input column with its data type and its number of non-null values.</summary>
    public DataFrame Info()
    {
        var result = new DataFrame(new StringDataFrameColumn("Info", ["DataType", "Length (excluding null values)"]));
        foreach (var c in Columns)
            result.Columns.Add(new StringDataFrameColumn(c.Name, [c.DataType.Name, (c.Length - c.NullCount).ToString(CultureInfo.InvariantCulture)]));
        return result;
    }

    /// <summary>
    /// For each numeric column: the number of non-null values, maximum, minimum and mean (NaN values count in the
    /// length but make max/min/mean NaN, as direct computation would).
    /// </summary>
    public DataFrame Description()
    {
        var result = new DataFrame(new StringDataFrameColumn("Description", ["Length (excluding null values)", "Max", "Min", "Mean"]));
        foreach (var c in Columns)
        {
            if (c.NumericValues() is not IEnumerable<double> values)
                continue;
            var v = values.ToArray();
            double max = v.Length == 0 ? double.NaN : v.Any(double.IsNaN) ? double.NaN : v.Max();
            double min = v.Length == 0 ? double.NaN : v.Any(double.IsNaN) ? double.NaN : v.Min();
            double mean = v.Length == 0 ? double.NaN : v.Sum() / v.Length;
            result.Columns.Add(new DoubleDataFrameColumn(c.Name, [v.Length, max, min, mean]));
        }
        return result;
    }
}
