using System.Reflection;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>Reads a view into row objects (<see cref="DataOperationsCatalog.CreateEnumerable{TRow}"/>).</summary>
internal static class TypedEnumerable
{
    public static IEnumerable<TRow> Create<TRow>(IDataView data, bool reuseRowObject, bool ignoreMissingColumns)
        where TRow : class, new()
    {
        // Bind eagerly so that schema errors surface at the call, not at the first MoveNext.
        var bindings = Bind<TRow>(data.Schema, ignoreMissingColumns);
        return Enumerate<TRow>(data, bindings, reuseRowObject);
    }

    private static IEnumerable<TRow> Enumerate<TRow>(IDataView data, (TypeMember Member, DataViewSchema.Column Column, Delegate Writer)[] bindings, bool reuse)
        where TRow : class, new()
    {
        using var cursor = data.GetRowCursor(bindings.Select(b => b.Column));
        var setters = bindings.Select(b => MakeSetter<TRow>(cursor, b.Member, b.Column, b.Writer)).ToArray();
        TRow? row = null;
        while (cursor.MoveNext())
        {
            if (row is null || !reuse)
                row = new TRow();
            foreach (var s in setters)
                s(row);
            yield return row;
        }
    }

    private static (TypeMember, DataViewSchema.Column, Delegate)[] Bind<TRow>(DataViewSchema schema, bool ignoreMissing)
    {
        var result = new List<(TypeMember, DataViewSchema.Column, Delegate)>();
        foreach (var m in TypeMember.For(typeof(TRow)).Where(m => m.CanWrite))
        {
            var col = schema.GetColumnOrNull(m.Name);
            if (col is null)
            {
                if (ignoreMissing)
                    continue;
                throw Contracts.ExceptSchemaMismatch("data", "input", m.Name);
            }
            var c = col.Value;
            bool ok = m.Type is VectorDataViewType mv
                ? c.Type is VectorDataViewType cv && cv.ItemType.Equals(mv.ItemType) && (mv.Size == 0 || mv.Size == cv.Size)
                : c.Type.Equals(m.Type);
            if (!ok)
                throw Contracts.ExceptSchemaMismatch("data", "input", m.Name, m.Type.ToString()!, c.Type.ToString()!);
            result.Add((m, c, m.MakeWriter(typeof(TRow))));
        }
        return [.. result];
    }

    private static Action<TRow> MakeSetter<TRow>(DataViewRow cursor, TypeMember m, DataViewSchema.Column col, Delegate writer)
    {
        string name = m.Type is VectorDataViewType ? (m.MemberType.IsArray ? nameof(ArraySetter) : nameof(VBufferSetter))
            : m.MemberType == typeof(string) ? nameof(StringSetter) : nameof(ScalarSetter);
        var method = typeof(TypedEnumerable).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
        var itemOrMember = m.MemberType == typeof(string) ? null : m.Type is VectorDataViewType ? m.ItemType.RawType : m.MemberType;
        var generic = itemOrMember is null ? method.MakeGenericMethod(typeof(TRow)) : method.MakeGenericMethod(typeof(TRow), itemOrMember);
        return (Action<TRow>)generic.Invoke(null, [cursor, col, writer])!;
    }

    private static Action<TRow> ScalarSetter<TRow, T>(DataViewRow cursor, DataViewSchema.Column col, Action<TRow, T> write)
    {
        var get = cursor.GetGetter<T>(col);
        T value = default!;
        return row =>
        {
            get(ref value);
            write(row, value);
        };
    }

    private static Action<TRow> StringSetter<TRow>(DataViewRow cursor, DataViewSchema.Column col, Action<TRow, string> write)
    {
        var get = cursor.GetGetter<ReadOnlyMemory<char>>(col);
        ReadOnlyMemory<char> value = default;
        return row =>
        {
            get(ref value);
            write(row, value.ToString());
        };
    }

    private static Action<TRow> ArraySetter<TRow, T>(DataViewRow cursor, DataViewSchema.Column col, Action<TRow, T[]> write)
    {
        var get = cursor.GetGetter<VBuffer<T>>(col);
        VBuffer<T> value = default;
        return row =>
        {
            get(ref value);
            // A fresh array per row: callers keep rows, and a reused row object must not alias earlier rows' arrays.
            var array = new T[value.Length];
            value.CopyTo(array);
            write(row, array);
        };
    }

    private static Action<TRow> VBufferSetter<TRow, T>(DataViewRow cursor, DataViewSchema.Column col, Action<TRow, VBuffer<T>> write)
    {
        var get = cursor.GetGetter<VBuffer<T>>(col);
        return row =>
        {
            VBuffer<T> fresh = default;
            get(ref fresh);
            write(row, fresh);
        };
    }
}
