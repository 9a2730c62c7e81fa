using System.Globalization;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Data.Analysis;

/// <summary>A nullable column of numbers or Booleans.</summary>
/// <typeparam name="T">float, double, int, long or bool.</typeparam>
public class PrimitiveDataFrameColumn<T> : DataFrameColumn, IEnumerable<T?>
    where T : unmanaged
{
    private readonly List<T> _values;
    private readonly List<bool> _valid;
    private long _nullCount;

    /// <summary>A column of <paramref name="values"/> (nulls allowed).</summary>
    public PrimitiveDataFrameColumn(string name, IEnumerable<T?> values) : base(name, 0, typeof(T))
    {
        CheckType();
        ArgumentNullException.ThrowIfNull(values);
        _values = [];
        _valid = [];
        foreach (var v in values)
            Append(v);
    }

    /// <summary>A column of <paramref name="values"/>.</summary>
    public PrimitiveDataFrameColumn(string name, IEnumerable<T> values) : base(name, 0, typeof(T))
    {
        CheckType();
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        _valid = [.. Enumerable.Repeat(true, _values.Count)];
        Length = _values.Count;
    }

    /// <summary>A column of <paramref name="length"/> nulls.</summary>
    public PrimitiveDataFrameColumn(string name, long length = 0) : base(name, 0, typeof(T))
    {
        CheckType();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _values = [.. new T[length]];
        _valid = [.. new bool[length]];
        _nullCount = length;
        Length = length;
    }

    /// <inheritdoc/>
    public override long NullCount => _nullCount;

    /// <summary>The value at <paramref name="rowIndex"/>, or null.</summary>
    public new T? this[long rowIndex]
    {
        get => _valid[Index(rowIndex)] ? _values[Index(rowIndex)] : null;
        set
        {
            int i = Index(rowIndex);
            if (_valid[i] && value is null)
                _nullCount++;
            else if (!_valid[i] && value is not null)
                _nullCount--;
            _valid[i] = value is not null;
            _values[i] = value ?? default;
        }
    }

    /// <summary>Appends a value (or a null).</summary>
    public void Append(T? value)
    {
        _values.Add(value ?? default);
        _valid.Add(value is not null);
        if (value is null)
            _nullCount++;
        Length++;
    }

    /// <inheritdoc/>
    protected override object? GetValue(long rowIndex) => this[rowIndex];

    /// <inheritdoc/>
    protected override void SetValue(long rowIndex, object? value) =>
        this[rowIndex] = value is null ? null : value is T t ? t : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override DataFrameColumn Clone(IEnumerable<long> rowIndices) => MakeColumn(Name, rowIndices.Select(i => this[i]));

    /// <summary>A column of the same concrete type (so aliases such as SingleDataFrameColumn survive cloning).</summary>
    protected virtual PrimitiveDataFrameColumn<T> MakeColumn(string name, IEnumerable<T?> values) => new(name, values);

    /// <inheritdoc/>
    public override DataViewType GetDataViewType() => DataKindExtensions.PrimitiveTypeOf(typeof(T))!;

    /// <summary>Nulls read as NaN for floating columns (as ML.NET), default for the others.</summary>
    internal override Delegate MakeDataViewGetter(Func<long> row)
    {
        T missing = typeof(T) == typeof(float) ? (T)(object)float.NaN : typeof(T) == typeof(double) ? (T)(object)double.NaN : default;
        return (ValueGetter<T>)((ref T v) =>
        {
            int i = (int)row();
            v = _valid[i] ? _values[i] : missing;
        });
    }

    internal override IEnumerable<double>? NumericValues() => typeof(T) == typeof(bool)
        ? null
        : _values.Where((_, i) => _valid[i]).Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture));

    internal override string Format(long rowIndex) => this[rowIndex] switch
    {
        null => "null",
        float f => f.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        var v => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };

    /// <inheritdoc/>
    public IEnumerator<T?> GetEnumerator()
    {
        for (int i = 0; i < _values.Count; i++)
            yield return _valid[i] ? _values[i] : null;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private int Index(long rowIndex)
    {
        if (rowIndex < 0 || rowIndex >= Length)
            throw new ArgumentOutOfRangeException(nameof(rowIndex), $"Row {rowIndex} is outside column '{Name}' of length {Length}.");
        return (int)rowIndex;
    }

    private static void CheckType()
    {
        if (DataKindExtensions.PrimitiveTypeOf(typeof(T)) is null || typeof(T) == typeof(char))
            throw new NotSupportedException($"PrimitiveDataFrameColumn<{typeof(T).Name}> is not supported; use float, double, int, long or bool.");
    }
}

/// <summary>A column of <see cref="float"/>.</summary>
public sealed class SingleDataFrameColumn : PrimitiveDataFrameColumn<float>
{
    /// <summary>A column of values (nulls allowed).</summary>
    public SingleDataFrameColumn(string name, IEnumerable<float?> values) : base(name, values) { }

    /// <summary>A column of values.</summary>
    public SingleDataFrameColumn(string name, IEnumerable<float> values) : base(name, values) { }

    /// <summary>A column of nulls.</summary>
    public SingleDataFrameColumn(string name, long length = 0) : base(name, length) { }

    /// <inheritdoc/>
    protected override PrimitiveDataFrameColumn<float> MakeColumn(string name, IEnumerable<float?> values) => new SingleDataFrameColumn(name, values);
}

/// <summary>A column of <see cref="double"/>.</summary>
public sealed class DoubleDataFrameColumn : PrimitiveDataFrameColumn<double>
{
    /// <summary>A column of values (nulls allowed).</summary>
    public DoubleDataFrameColumn(string name, IEnumerable<double?> values) : base(name, values) { }

    /// <summary>A column of values.</summary>
    public DoubleDataFrameColumn(string name, IEnumerable<double> values) : base(name, values) { }

    /// <summary>A column of nulls.</summary>
    public DoubleDataFrameColumn(string name, long length = 0) : base(name, length) { }

    /// <inheritdoc/>
    protected override PrimitiveDataFrameColumn<double> MakeColumn(string name, IEnumerable<double?> values) => new DoubleDataFrameColumn(name, values);
}

/// <summary>A column of <see cref="int"/>.</summary>
public sealed class Int32DataFrameColumn : PrimitiveDataFrameColumn<int>
{
    /// <summary>A column of values (nulls allowed).</summary>
    public Int32DataFrameColumn(string name, IEnumerable<int?> values) : base(name, values) { }

    /// <summary>A column of values.</summary>
    public Int32DataFrameColumn(string name, IEnumerable<int> values) : base(name, values) { }

    /// <summary>A column of nulls.</summary>
    public Int32DataFrameColumn(string name, long length = 0) : base(name, length) { }

    /// <inheritdoc/>
    protected override PrimitiveDataFrameColumn<int> MakeColumn(string name, IEnumerable<int?> values) => new Int32DataFrameColumn(name, values);
}

/// <summary>A column of <see cref="long"/>.</summary>
public sealed class Int64DataFrameColumn : PrimitiveDataFrameColumn<long>
{
    /// <summary>A column of values (nulls allowed).</summary>
    public Int64DataFrameColumn(string name, IEnumerable<long?> values) : base(name, values) { }

    /// <summary>A column of values.</summary>
    public Int64DataFrameColumn(string name, IEnumerable<long> values) : base(name, values) { }

    /// <summary>A column of nulls.</summary>
    public Int64DataFrameColumn(string name, long length = 0) : base(name, length) { }

    /// <inheritdoc/>
    protected override PrimitiveDataFrameColumn<long> MakeColumn(string name, IEnumerable<long?> values) => new Int64DataFrameColumn(name, values);
}

/// <summary>A column of <see cref="bool"/>.</summary>
public sealed class BooleanDataFrameColumn : PrimitiveDataFrameColumn<bool>
{
    /// <summary>A column of values (nulls allowed).</summary>
    public BooleanDataFrameColumn(string name, IEnumerable<bool?> values) : base(name, values) { }

    /// <summary>A column of values.</summary>
    public BooleanDataFrameColumn(string name, IEnumerable<bool> values) : base(name, values) { }

    /// <summary>A column of nulls.</summary>
    public BooleanDataFrameColumn(string name, long length = 0) : base(name, length) { }

    /// <inheritdoc/>
    protected override PrimitiveDataFrameColumn<bool> MakeColumn(string name, IEnumerable<bool?> values) => new BooleanDataFrameColumn(name, values);
}
