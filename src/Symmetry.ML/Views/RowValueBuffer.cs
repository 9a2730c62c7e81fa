using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// Copies of one column's values for a fixed number of rows ("slots"), so that a cursor can read rows ahead of
/// the one it exposes (batch mapping, pool shuffling). Known-size vectors and scalars of numeric types are stored
/// densely in one array of slots × size, which batch mappers read as a span.
/// </summary>
internal abstract class RowValueBuffer
{
    public static RowValueBuffer Create(DataViewType type, int capacity)
    {
        Type bufferType = type switch
        {
            VectorDataViewType { IsKnownSize: true } v => typeof(DenseVectorBuffer<>).MakeGenericType(v.ItemType.RawType),
            VectorDataViewType v => typeof(VariableVectorBuffer<>).MakeGenericType(v.ItemType.RawType),
            _ => typeof(ScalarBuffer<>).MakeGenericType(type.RawType),
        };
        int size = type is VectorDataViewType { IsKnownSize: true } kv ? kv.Size : 1;
        return (RowValueBuffer)Activator.CreateInstance(bufferType, capacity, size)!;
    }

    /// <summary>Binds to the source row's getter of <paramref name="column"/>.</summary>
    public abstract void Bind(DataViewRow source, DataViewSchema.Column column);

    /// <summary>Copies the source row's current value into <paramref name="slot"/>.</summary>
    public abstract void Store(int slot);

    /// <summary>Exchanges the values of two slots.</summary>
    public abstract void Swap(int a, int b);

    /// <summary>A getter of the value in the slot <paramref name="slot"/>() returns.</summary>
    public abstract Delegate MakeGetter(Func<int> slot);

    /// <summary>The dense values of slots [0, count) as one span, for scalar and known-size columns.</summary>
    public virtual ReadOnlySpan<T> GetDense<T>(int count) =>
        throw new InvalidOperationException("Only scalar and known-size vector columns are stored densely.");

    /// <summary>The value in <paramref name="slot"/>.</summary>
    public abstract void Read<T>(int slot, ref T value);
}

internal sealed class ScalarBuffer<T>(int capacity, int size) : RowValueBuffer
{
    private readonly T[] _values = new T[capacity * size];
    private ValueGetter<T>? _getter;

    public override void Bind(DataViewRow source, DataViewSchema.Column column) => _getter = source.GetGetter<T>(column);

    public override void Store(int slot) => _getter!(ref _values[slot]);

    public override void Swap(int a, int b) => (_values[a], _values[b]) = (_values[b], _values[a]);

    public override Delegate MakeGetter(Func<int> slot) => (ValueGetter<T>)((ref T v) => v = _values[slot()]);

    public override ReadOnlySpan<TOut> GetDense<TOut>(int count) =>
        _values is TOut[] typed ? typed.AsSpan(0, count) : base.GetDense<TOut>(count);

    public override void Read<TOut>(int slot, ref TOut value) => value = (TOut)(object)_values[slot]!;
}

internal sealed class DenseVectorBuffer<T>(int capacity, int size) : RowValueBuffer
{
    private readonly T[] _values = new T[capacity * size];
    private readonly T[] _swap = new T[size];
    private ValueGetter<VBuffer<T>>? _getter;
    private VBuffer<T> _scratch;
    private string _name = "";

    public override void Bind(DataViewRow source, DataViewSchema.Column column)
    {
        _getter = source.GetGetter<VBuffer<T>>(column);
        _name = column.Name;
    }

    public override void Store(int slot)
    {
        _getter!(ref _scratch);
        if (_scratch.Length != size)
            throw new InvalidOperationException($"Column '{_name}' declared {size} elements but a row has {_scratch.Length}.");
        _scratch.CopyTo(_values.AsSpan(slot * size, size));
    }

    public override void Swap(int a, int b)
    {
        var sa = _values.AsSpan(a * size, size);
        var sb = _values.AsSpan(b * size, size);
        sa.CopyTo(_swap);
        sb.CopyTo(sa);
        _swap.CopyTo(sb);
    }

    public override Delegate MakeGetter(Func<int> slot) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
    {
        var editor = VBufferEditor.Create(ref v, size);
        _values.AsSpan(slot() * size, size).CopyTo(editor.Values);
        v = editor.Commit();
    });

    public override ReadOnlySpan<TOut> GetDense<TOut>(int count) =>
        _values is TOut[] typed ? typed.AsSpan(0, count * size) : base.GetDense<TOut>(count);

    public override void Read<TOut>(int slot, ref TOut value)
    {
        var v = (VBuffer<T>)(object)value!;
        var editor = VBufferEditor.Create(ref v, size);
        _values.AsSpan(slot * size, size).CopyTo(editor.Values);
        value = (TOut)(object)editor.Commit();
    }
}

internal sealed class VariableVectorBuffer<T>(int capacity, int size) : RowValueBuffer
{
    private readonly VBuffer<T>[] _values = new VBuffer<T>[capacity * size];
    private ValueGetter<VBuffer<T>>? _getter;
    private VBuffer<T> _scratch;

    public override void Bind(DataViewRow source, DataViewSchema.Column column) => _getter = source.GetGetter<VBuffer<T>>(column);

    public override void Store(int slot)
    {
        // The getter may reuse its buffer, so each slot keeps its own copy.
        _getter!(ref _scratch);
        _scratch.CopyTo(ref _values[slot]);
    }

    public override void Swap(int a, int b) => (_values[a], _values[b]) = (_values[b], _values[a]);

    public override Delegate MakeGetter(Func<int> slot) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) => _values[slot()].CopyTo(ref v));

    public override void Read<TOut>(int slot, ref TOut value)
    {
        var v = (VBuffer<T>)(object)value!;
        _values[slot].CopyTo(ref v);
        value = (TOut)(object)v;
    }
}
