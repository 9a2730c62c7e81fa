using System.Collections;

namespace Symmetry.Data.Analysis;

/// <summary>The columns of a <see cref="DataFrame"/>, by position and by name.</summary>
public sealed class DataFrameColumnCollection : IReadOnlyList<DataFrameColumn>
{
    private readonly List<DataFrameColumn> _columns = [];
    private readonly DataFrame _owner;

    internal DataFrameColumnCollection(DataFrame owner) => _owner = owner;

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Count;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public DataFrameColumn this[int index] => _columns[index];

    /// <summary>The column named <paramref name="columnName"/>; throws <see cref="ArgumentException"/> when there is none.</summary>
    public DataFrameColumn this[string columnName]
    {
        get
        {
            int i = IndexOf(columnName);
            return i >= 0 ? _columns[i] : throw new ArgumentException($"Column '{columnName}' does not exist.", nameof(columnName));
        }
    }

    /// <summary>The position of <paramref name="columnName"/>, or -1.</summary>
    public int IndexOf(string columnName) => _columns.FindIndex(c => c.Name == columnName);

    /// <summary>Adds a column; its length must match and its name must be new.</summary>
    public void Add(DataFrameColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (_columns.Count > 0 && column.Length != _owner.Rows.Count)
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} values; the DataFrame has {_owner.Rows.Count} rows.", nameof(column));
        if (IndexOf(column.Name) >= 0)
            throw new ArgumentException($"The DataFrame already has a column named '{column.Name}'.", nameof(column));
        _columns.Add(column);
        _owner.OnColumnsChanged();
    }

    /// <summary>Removes the column named <paramref name="columnName"/>.</summary>
    public void Remove(string columnName)
    {
        _columns.Remove(this[columnName]);
        _owner.OnColumnsChanged();
    }

    /// <inheritdoc/>
    public IEnumerator<DataFrameColumn> GetEnumerator() => _columns.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The rows of a <see cref="DataFrame"/>.</summary>
public sealed class DataFrameRowCollection : IEnumerable<DataFrameRow>
{
    private readonly DataFrame _owner;

    internal DataFrameRowCollection(DataFrame owner) => _owner = owner;

    /// <summary>The number of rows.</summary>
    public long Count => _owner.Columns.Count == 0 ? 0 : _owner.Columns[0].Length;

    /// <summary>The row at <paramref name="index"/>.</summary>
    public DataFrameRow this[long index]
    {
        get
        {
            if (index < 0 || index >= Count)
                throw new ArgumentOutOfRangeException(nameof(index), $"Row {index} is outside the DataFrame's {Count} rows.");
            return new DataFrameRow(_owner, index);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<DataFrameRow> GetEnumerator()
    {
        for (long i = 0; i < Count; i++)
            yield return new DataFrameRow(_owner, i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One row of a <see cref="DataFrame"/>: its values by column position or name.</summary>
public sealed class DataFrameRow : IEnumerable<object?>
{
    private readonly DataFrame _owner;
    private readonly long _index;

    internal DataFrameRow(DataFrame owner, long index)
    {
        _owner = owner;
        _index = index;
    }

    /// <summary>The value in column <paramref name="columnIndex"/>.</summary>
    public object? this[int columnIndex]
    {
        get => _owner.Columns[columnIndex][_index];
        set => _owner.Columns[columnIndex][_index] = value;
    }

    /// <summary>The value in column <paramref name="columnName"/>.</summary>
    public object? this[string columnName]
    {
        get => _owner.Columns[columnName][_index];
        set => _owner.Columns[columnName][_index] = value;
    }

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => _owner.Columns.Select(c => c[_index]).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The values separated by spaces.</summary>
    public override string ToString() => string.Join(" ", _owner.Columns.Select(c => c.Format(_index)));
}
