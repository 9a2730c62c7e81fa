namespace Symmetry.ML.Data;

/// <summary>
/// Copies of the needed input columns of up to a batch's worth of rows, handed to
/// <see cref="BatchMapperBase.MapBatch"/>. Scalar and known-size vector columns are dense and row-major.
/// </summary>
public sealed class RowBatch
{
    private readonly DataViewSchema _schema;
    private readonly RowValueBuffer?[] _buffers;
    private readonly int[] _stored;

    internal RowBatch(DataViewSchema schema, IReadOnlyList<DataViewSchema.Column> columns, int capacity)
    {
        _schema = schema;
        _buffers = new RowValueBuffer?[schema.Count];
        _stored = columns.Select(c => c.Index).ToArray();
        foreach (var c in columns)
            _buffers[c.Index] = RowValueBuffer.Create(c.Type, capacity);
        Capacity = capacity;
    }

    /// <summary>The number of rows in the batch.</summary>
    public int Count { get; private set; }

    internal int Capacity { get; }

    internal void Bind(DataViewRow source)
    {
        foreach (int i in _stored)
            _buffers[i]!.Bind(source, _schema[i]);
    }

    internal void Clear() => Count = 0;

    internal void StoreCurrent()
    {
        foreach (int i in _stored)
            _buffers[i]!.Store(Count);
        Count++;
    }

    internal RowValueBuffer Buffer(int col) => _buffers[col]!;

    /// <summary>
    /// The values of a scalar or known-size vector input column for all rows, row-major (<see cref="Count"/> ×
    /// size). <typeparamref name="T"/> is the item's raw type (for example <see cref="float"/>).
    /// </summary>
    public ReadOnlySpan<T> GetValues<T>(DataViewSchema.Column column)
    {
        var b = GetBuffer(column);
        var span = b.GetDense<T>(Count);
        return span;
    }

    /// <summary>The value of <paramref name="column"/> in row <paramref name="row"/> of the batch (any type).</summary>
    public void GetValue<T>(DataViewSchema.Column column, int row, ref T value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        var b = GetBuffer(column);
        if (typeof(T) != column.Type.RawType)
            throw new InvalidOperationException($"Column '{column.Name}' is read as {CursorUtils.TypeName(column.Type.RawType)}, not {CursorUtils.TypeName(typeof(T))}.");
        b.Read(row, ref value);
    }

    private RowValueBuffer GetBuffer(DataViewSchema.Column column)
    {
        if ((uint)column.Index >= (uint)_buffers.Length || _buffers[column.Index] is not RowValueBuffer b || _schema[column.Index].Name != column.Name)
            throw new InvalidOperationException($"Column '{column.Name}' is not among the dependencies of the requested outputs.");
        return b;
    }
}
