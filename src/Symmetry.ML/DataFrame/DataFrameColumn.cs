using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Data.Analysis;

/// <summary>A named, typed, nullable column of a <see cref="DataFrame"/>.</summary>
public abstract class DataFrameColumn
{
    private string _name;

    /// <summary>A column named <paramref name="name"/> holding values of <paramref name="dataType"/>.</summary>
    protected DataFrameColumn(string name, long length, Type dataType)
    {
        ArgumentNullException.ThrowIfNull(name);
        _name = name;
        Length = length;
        DataType = dataType;
    }

    /// <summary>The column's name.</summary>
    public string Name
    {
        get => _name;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _name = value;
        }
    }

    /// <summary>The number of values, nulls included.</summary>
    public long Length { get; protected set; }

    /// <summary>The .NET type of the values.</summary>
    public Type DataType { get; }

    /// <summary>The number of null values.</summary>
    public abstract long NullCount { get; }

    /// <summary>The value at <paramref name="rowIndex"/> (null for a null value).</summary>
    public object? this[long rowIndex]
    {
        get => GetValue(rowIndex);
        set => SetValue(rowIndex, value);
    }

    /// <summary>Reads a value.</summary>
    protected abstract object? GetValue(long rowIndex);

    /// <summary>Writes a value (null where the column allows it).</summary>
    protected abstract void SetValue(long rowIndex, object? value);

    /// <summary>A copy of the rows at <paramref name="rowIndices"/>, in that order.</summary>
    public abstract DataFrameColumn Clone(IEnumerable<long> rowIndices);

    /// <summary>A copy of the whole column.</summary>
    public DataFrameColumn Clone() => Clone(Enumerable.Range(0, checked((int)Length)).Select(i => (long)i));

    /// <summary>The column type a data view exposes this column as.</summary>
    public abstract DataViewType GetDataViewType();

    /// <summary>A getter of the value at the row <paramref name="row"/>() returns, for the data view.</summary>
    internal abstract Delegate MakeDataViewGetter(Func<long> row);

    /// <summary>The values as doubles when the column is numeric (nulls skipped); null otherwise.</summary>
    internal virtual IEnumerable<double>? NumericValues() => null;

    /// <summary>The text of a value in previews and CSV files.</summary>
    internal virtual string Format(long rowIndex) => Convert.ToString(GetValue(rowIndex), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>Compares two rows' values (nulls last), for sorting.</summary>
    internal virtual int CompareRows(long a, long b)
    {
        var x = GetValue(a);
        var y = GetValue(b);
        if (x is null)
            return y is null ? 0 : 1;
        if (y is null)
            return -1;
        return x is IComparable c ? c.CompareTo(y) : 0;
    }

    /// <summary>A primitive column named <paramref name="name"/> with <paramref name="values"/>.</summary>
    public static PrimitiveDataFrameColumn<T> Create<T>(string name, IEnumerable<T?> values)
        where T : unmanaged => new(name, values);

    /// <summary>A primitive column named <paramref name="name"/> with <paramref name="values"/> (none null).</summary>
    public static PrimitiveDataFrameColumn<T> Create<T>(string name, IEnumerable<T> values)
        where T : unmanaged => new(name, values);

    /// <summary>A text column named <paramref name="name"/>.</summary>
    public static StringDataFrameColumn Create(string name, IEnumerable<string?> values) => new(name, values);

    /// <summary>The column's name, type and length.</summary>
    public override string ToString() => $"{Name}: {DataType.Name} [{Length}]";
}
