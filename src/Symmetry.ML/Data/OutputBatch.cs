namespace Symmetry.ML.Data;

/// <summary>The outputs of one <see cref="BatchMapperBase.MapBatch"/> call: one row-major array per active output column.</summary>
public sealed class OutputBatch
{
    private readonly DataViewSchema.DetachedColumn[] _columns;
    private readonly Array?[] _values;
    private readonly int[] _sizes;

    internal OutputBatch(DataViewSchema.DetachedColumn[] columns, Func<int, bool> active, int capacity)
    {
        _columns = columns;
        _values = new Array?[columns.Length];
        _sizes = new int[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            var (item, size) = ItemAndSize(columns[i].Type);
            _sizes[i] = size;
            if (active(i))
                _values[i] = Array.CreateInstance(item.RawType, capacity * size);
        }
    }

    /// <summary>The number of rows to fill.</summary>
    public int Count { get; internal set; }

    /// <summary>Whether output <paramref name="iinfo"/> was requested; inactive outputs need not be computed.</summary>
    public bool IsActive(int iinfo) => _values[iinfo] is not null;

    /// <summary>
    /// The row-major values of output <paramref name="iinfo"/> to write (<see cref="Count"/> × vector size), where
    /// <typeparamref name="T"/> is the item's raw type.
    /// </summary>
    public Span<T> GetValues<T>(int iinfo)
    {
        if (_values[iinfo] is not Array a)
            throw new InvalidOperationException($"Output column '{_columns[iinfo].Name}' is not active.");
        if (a is not T[] typed)
            throw new InvalidOperationException($"Output column '{_columns[iinfo].Name}' holds {CursorUtils.TypeName(a.GetType().GetElementType()!)}, not {CursorUtils.TypeName(typeof(T))}.");
        return typed.AsSpan(0, Count * _sizes[iinfo]);
    }

    internal Delegate MakeGetter(int iinfo, Func<int> row)
    {
        var type = _columns[iinfo].Type;
        var (item, _) = ItemAndSize(type);
        var method = (type is Symmetry.ML.Data.VectorDataViewType ? typeof(OutputBatch).GetMethod(nameof(MakeVectorGetter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            : typeof(OutputBatch).GetMethod(nameof(MakeScalarGetter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance))!;
        return (Delegate)method.MakeGenericMethod(item.RawType).Invoke(this, [iinfo, row])!;
    }

    private ValueGetter<T> MakeScalarGetter<T>(int iinfo, Func<int> row)
    {
        var values = (T[])_values[iinfo]!;
        return (ref T v) => v = values[row()];
    }

    private ValueGetter<VBuffer<T>> MakeVectorGetter<T>(int iinfo, Func<int> row)
    {
        var values = (T[])_values[iinfo]!;
        int size = _sizes[iinfo];
        return (ref VBuffer<T> v) =>
        {
            int r = row();
            var editor = VBufferEditor.Create(ref v, size);
            values.AsSpan(r * size, size).CopyTo(editor.Values);
            v = editor.Commit();
        };
    }

    internal static void CheckSupported(DataViewSchema.DetachedColumn c)
    {
        bool ok = c.Type switch
        {
            VectorDataViewType v => v.IsKnownSize && v.ItemType is NumberDataViewType or BooleanDataViewType,
            _ => c.Type is NumberDataViewType or BooleanDataViewType,
        };
        if (!ok)
            throw new NotSupportedException($"Batch mapper output '{c.Name}' has type {c.Type}; outputs must be numeric or Boolean scalars or known-size vectors.");
    }

    private static (PrimitiveDataViewType Item, int Size) ItemAndSize(DataViewType t) => t switch
    {
        VectorDataViewType v => (v.ItemType, v.Size),
        PrimitiveDataViewType p => (p, 1),
        _ => throw new NotSupportedException($"Unsupported output type {t}."),
    };
}
