using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The generated data of a dataset as plain arrays (one <see cref="DatasetColumn"/> per column, all with the same
/// row count) together with its <see cref="DatasetInfo"/>. <see cref="SymmetryDataset"/> exposes it as a data view.
/// </summary>
public sealed class DatasetTable
{
    private readonly Dictionary<string, DatasetColumn> _byName;

    /// <summary>Creates a table; every column must have <paramref name="rowCount"/> rows and a distinct name.</summary>
    /// <param name="info">Ground truth of the data.</param>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columns">The columns, in schema order.</param>
    public DatasetTable(DatasetInfo info, int rowCount, IReadOnlyList<DatasetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(columns);
        _byName = new Dictionary<string, DatasetColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.RowCount != rowCount)
                throw new ArgumentException($"Column '{c.Name}' has {c.RowCount} rows, expected {rowCount}.", nameof(columns));
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"Duplicate column name '{c.Name}'.", nameof(columns));
        }
        Info = info;
        RowCount = rowCount;
        Columns = [.. columns];
    }

    /// <summary>Ground truth of the data.</summary>
    public DatasetInfo Info { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The columns in schema order.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>The column called <paramref name="name"/>; throws a clear exception when absent.</summary>
    /// <param name="name">Column name.</param>
    public DatasetColumn GetColumn(string name) =>
        _byName.TryGetValue(name, out var c)
            ? c
            : throw new ArgumentOutOfRangeException(nameof(name), $"Could not find column '{name}'. Columns: {string.Join(", ", _byName.Keys)}.");

    /// <summary>Whether a column called <paramref name="name"/> exists.</summary>
    /// <param name="name">Column name.</param>
    public bool HasColumn(string name) => _byName.ContainsKey(name);

    internal static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
