using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Data.Analysis;

/// <summary>A column of nullable strings; in a data view it is a text column with nulls read as empty text.</summary>
public sealed class StringDataFrameColumn : DataFrameColumn, IEnumerable<string?>
{
    private readonly List<string?> _values;

    /// <summary>A column of <paramref name="values"/>.</summary>
    public StringDataFrameColumn(string name, IEnumerable<string?> values) : base(name, 0, typeof(string))
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        Length = _values.Count;
    }

    /// <summary>A column of <paramref name="length"/> nulls.</summary>
    public StringDataFrameColumn(string name, long length = 0) : this(name, new string?[length])
    {
    }

    /// <inheritdoc/>
    public override long NullCount => _values.Count(v => v is null);

    /// <summary>The value at <paramref name="rowIndex"/>.</summary>
    public new string? this[long rowIndex]
    {
        get => _values[checked((int)rowIndex)];
        set => _values[checked((int)rowIndex)] = value;
    }

    /// <summary>Appends a value.</summary>
    public void Append(string? value)
    {
        _values.Add(value);
        Length++;
    }

    /// <inheritdoc/>
    protected override object? GetValue(long rowIndex) => this[rowIndex];

    /// <inheritdoc/>
    protected override void SetValue(long rowIndex, object? value) => this[rowIndex] = value?.ToString();

    /// <inheritdoc/>
    public override DataFrameColumn Clone(IEnumerable<long> rowIndices) => new StringDataFrameColumn(Name, rowIndices.Select(i => this[i]));

    /// <inheritdoc/>
    public override DataViewType GetDataViewType() => TextDataViewType.Instance;

    internal override Delegate MakeDataViewGetter(Func<long> row) =>
        (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _values[(int)row()].AsMemory());

    internal override string Format(long rowIndex) => this[rowIndex] ?? "null";

    internal override int CompareRows(long a, long b) => (this[a], this[b]) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        var (x, y) => string.CompareOrdinal(x, y),
    };

    /// <inheritdoc/>
    public IEnumerator<string?> GetEnumerator() => _values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A column of vectors (<see cref="VBuffer{T}"/>), as ToDataFrame produces for vector columns.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class VBufferDataFrameColumn<T> : DataFrameColumn, IEnumerable<VBuffer<T>>
{
    private readonly List<VBuffer<T>> _values;
    private readonly VectorDataViewType? _type;

    /// <summary>A column of <paramref name="values"/>.</summary>
    public VBufferDataFrameColumn(string name, IEnumerable<VBuffer<T>> values) : base(name, 0, typeof(VBuffer<T>))
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        Length = _values.Count;
    }

    internal VBufferDataFrameColumn(string name, IEnumerable<VBuffer<T>> values, VectorDataViewType type) : this(name, values) => _type = type;

    /// <summary>Vectors are never null.</summary>
    public override long NullCount => 0;

    /// <summary>The vector at <paramref name="rowIndex"/>.</summary>
    public new VBuffer<T> this[long rowIndex]
    {
        get => _values[checked((int)rowIndex)];
        set => _values[checked((int)rowIndex)] = value;
    }

    /// <inheritdoc/>
    protected override object? GetValue(long rowIndex) => this[rowIndex];

    /// <inheritdoc/>
    protected override void SetValue(long rowIndex, object? value) =>
        this[rowIndex] = value is VBuffer<T> v ? v : throw new ArgumentException($"Column '{Name}' holds VBuffer<{typeof(T).Name}> values.", nameof(value));

    /// <inheritdoc/>
    public override DataFrameColumn Clone(IEnumerable<long> rowIndices) =>
        new VBufferDataFrameColumn<T>(Name, rowIndices.Select(i => this[i]), (VectorDataViewType)GetDataViewType());

    /// <summary>A known-size vector type when all rows have one length (or the type it was read with); else variable size.</summary>
    public override DataViewType GetDataViewType()
    {
        if (_type is not null)
            return _type;
        var item = DataKindExtensions.PrimitiveTypeOf(typeof(T)) ?? throw new NotSupportedException($"VBuffer<{typeof(T).Name}> has no column type.");
        int size = _values.Count > 0 && _values.All(v => v.Length == _values[0].Length) ? _values[0].Length : 0;
        return new VectorDataViewType(item, size);
    }

    internal override Delegate MakeDataViewGetter(Func<long> row) =>
        (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) => _values[(int)row()].CopyTo(ref v));

    internal override string Format(long rowIndex) => this[rowIndex].ToString();

    internal override int CompareRows(long a, long b) => 0;

    /// <inheritdoc/>
    public IEnumerator<VBuffer<T>> GetEnumerator() => _values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
