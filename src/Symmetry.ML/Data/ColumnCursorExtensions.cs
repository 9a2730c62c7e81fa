namespace Symmetry.ML.Data;

/// <summary>Reading whole columns of a view.</summary>
public static class ColumnCursorExtensions
{
    /// <summary>The values of <paramref name="columnName"/>, read lazily.</summary>
    /// <remarks>
    /// <typeparamref name="T"/> is the column's raw type, or <see cref="string"/> for text and <c>TItem[]</c> for
    /// vectors (each a new array). A missing column throws "Could not find input column 'X'".
    /// </remarks>
    public static IEnumerable<T> GetColumn<T>(this IDataView data, string columnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var col = data.Schema.GetColumnOrNull(columnName) ?? throw Runtime.Contracts.ExceptSchemaMismatch(nameof(columnName), "input", columnName);
        return GetColumn<T>(data, col);
    }

    private static IEnumerable<T> GetColumn<T>(IDataView data, DataViewSchema.Column col)
    {
        using var cursor = data.GetRowCursor([col]);
        if (typeof(T) == typeof(string) && col.Type is TextDataViewType)
        {
            var g = cursor.GetGetter<ReadOnlyMemory<char>>(col);
            ReadOnlyMemory<char> v = default;
            while (cursor.MoveNext())
            {
                g(ref v);
                yield return (T)(object)v.ToString();
            }
            yield break;
        }
        if (typeof(T).IsArray && col.Type is VectorDataViewType)
        {
            foreach (var a in ArrayColumn(cursor, col, typeof(T).GetElementType()!))
                yield return (T)a;
            yield break;
        }
        var getter = cursor.GetGetter<T>(col);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            yield return value;
        }
    }

    private static IEnumerable<object> ArrayColumn(DataViewRowCursor cursor, DataViewSchema.Column col, Type item)
    {
        var m = typeof(ColumnCursorExtensions).GetMethod(nameof(Arrays), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(item);
        return (IEnumerable<object>)m.Invoke(null, [cursor, col])!;
    }

    private static IEnumerable<object> Arrays<TItem>(DataViewRowCursor cursor, DataViewSchema.Column col)
    {
        var g = cursor.GetGetter<VBuffer<TItem>>(col);
        VBuffer<TItem> v = default;
        while (cursor.MoveNext())
        {
            g(ref v);
            var a = new TItem[v.Length];
            v.CopyTo(a);
            yield return a;
        }
    }

    /// <summary>
    /// Reads a known-size vector (or scalar) column of <typeparamref name="T"/> into one row-major array
    /// (rows × size) — the usual first step of training on a feature column. Throws ML.NET's schema messages.
    /// </summary>
    public static T[] GetDenseColumn<T>(this IDataView data, string columnName, out int rowCount, out int size)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var col = data.Schema.GetColumnOrNull(columnName) ?? throw Runtime.Contracts.ExceptSchemaMismatch(nameof(columnName), "input", columnName);
        var item = (col.Type as VectorDataViewType)?.ItemType ?? col.Type;
        if (item.RawType != typeof(T) || col.Type is VectorDataViewType { IsKnownSize: false })
            throw Runtime.Contracts.ExceptSchemaMismatch(nameof(columnName), "input", columnName,
                $"{typeof(T).Name} or Vector<{typeof(T).Name}> of known size", col.Type.ToString()!);
        size = (col.Type as VectorDataViewType)?.Size ?? 1;
        var result = new List<T>(checked((int)Math.Min((data.GetRowCount() ?? 1024) * size, int.MaxValue)));
        using var cursor = data.GetRowCursor([col]);
        rowCount = 0;
        if (col.Type is VectorDataViewType)
        {
            var g = cursor.GetGetter<VBuffer<T>>(col);
            VBuffer<T> v = default;
            var dense = new T[size];
            while (cursor.MoveNext())
            {
                g(ref v);
                v.CopyTo(dense);
                result.AddRange(dense);
                rowCount++;
            }
        }
        else
        {
            var g = cursor.GetGetter<T>(col);
            T v = default;
            while (cursor.MoveNext())
            {
                g(ref v);
                result.Add(v);
                rowCount++;
            }
        }
        return [.. result];
    }
}
