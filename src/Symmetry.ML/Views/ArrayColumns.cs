using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>One column of an in-memory view: its type, row count and a getter reading the row a cursor is on.</summary>
internal abstract class ArrayColumn(string name, DataViewType type, DataViewSchema.Annotations? annotations)
{
    public string Name { get; } = name;

    public DataViewType Type { get; } = type;

    public DataViewSchema.Annotations? Annotations { get; } = annotations;

    public abstract int RowCount { get; }

    /// <summary>A getter of the value at the row <paramref name="row"/>() returns.</summary>
    public abstract Delegate MakeGetter(Func<int> row);
}

internal sealed class ScalarArrayColumn<T>(string name, DataViewType type, T[] values, DataViewSchema.Annotations? annotations)
    : ArrayColumn(name, type, annotations)
{
    public override int RowCount => values.Length;

    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<T>)((ref T v) => v = values[row()]);
}

internal sealed class TextArrayColumn(string name, string?[] values, DataViewSchema.Annotations? annotations)
    : ArrayColumn(name, TextDataViewType.Instance, annotations)
{
    public override int RowCount => values.Length;

    public override Delegate MakeGetter(Func<int> row) =>
        (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = values[row()].AsMemory());
}

/// <summary>Known-size vectors stored row-major in one array: row r is values[r*size .. (r+1)*size).</summary>
internal sealed class DenseVectorArrayColumn<T>(string name, VectorDataViewType type, T[] values, DataViewSchema.Annotations? annotations)
    : ArrayColumn(name, type, annotations)
{
    private readonly int _size = type.Size;

    public override int RowCount => values.Length / _size;

    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
    {
        var editor = VBufferEditor.Create(ref v, _size);
        values.AsSpan(row() * _size, _size).CopyTo(editor.Values);
        v = editor.Commit();
    });
}

/// <summary>Vectors stored one array per row (sizes may differ when the type is variable-size).</summary>
internal sealed class JaggedVectorArrayColumn<T>(string name, VectorDataViewType type, T[][] values, DataViewSchema.Annotations? annotations)
    : ArrayColumn(name, type, annotations)
{
    public override int RowCount => values.Length;

    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
    {
        var src = values[row()] ?? [];
        var editor = VBufferEditor.Create(ref v, src.Length);
        src.CopyTo(editor.Values);
        v = editor.Commit();
    });
}

/// <summary>Vectors stored as <see cref="VBuffer{T}"/>s (dense or sparse).</summary>
internal sealed class VBufferArrayColumn<T>(string name, VectorDataViewType type, VBuffer<T>[] values, DataViewSchema.Annotations? annotations)
    : ArrayColumn(name, type, annotations)
{
    public override int RowCount => values.Length;

    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) => values[row()].CopyTo(ref v));
}
