using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// A small in-memory <see cref="IDataView"/> for tests, built column by column. It counts what its consumers do
/// (cursors opened, values fetched per column) so tests can tell whether a view built on it computed anything,
/// and it can declare a vector size its rows do not have (a lying source).
/// </summary>
internal sealed class ArrayView : IDataView
{
    private readonly List<Column> columns = [];
    private readonly Dictionary<string, int> fetches = [];
    private DataViewSchema? schema;

    public ArrayView(int rows) => Rows = rows;

    public int Rows { get; }

    /// <summary>Cursors opened so far (GetRowCursor calls).</summary>
    public int CursorsOpened { get; private set; }

    /// <summary>How many values of <paramref name="column"/> getters have fetched so far.</summary>
    public int Fetches(string column) { lock (fetches) return fetches.GetValueOrDefault(column); }

    private void CountFetch(string column) { lock (fetches) fetches[column] = fetches.GetValueOrDefault(column) + 1; }

    /// <summary>A float vector column of <paramref name="size"/> slots (row-major values); <paramref name="declaredSize"/> lets the schema lie.</summary>
    public ArrayView Vector(string name, int size, float[] values, string[]? slotNames = null, int? declaredSize = null) =>
        Vector(name, NumberDataViewType.Single, size, values, slotNames, declaredSize);

    /// <summary>A vector column of any primitive item type.</summary>
    public ArrayView Vector<T>(string name, PrimitiveDataViewType itemType, int size, T[] values, string[]? slotNames = null, int? declaredSize = null)
    {
        if (values.Length != Rows * size) throw new ArgumentException($"{name}: {values.Length} values for {Rows} rows of {size}.");
        DataViewSchema.Annotations? annotations = null;
        if (slotNames is not null)
        {
            var b = new DataViewSchema.Annotations.Builder();
            var names = slotNames.Select(s => s.AsMemory()).ToArray();
            b.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Length),
                (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(names.Length, (ReadOnlyMemory<char>[])names.Clone()));
            annotations = b.ToAnnotations();
        }
        var type = new VectorDataViewType(itemType, declaredSize ?? size);
        columns.Add(new Column(name, type, annotations, row => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> dst) =>
        {
            CountFetch(name);
            var editor = VBufferEditor.Create(ref dst, size);
            values.AsSpan(row() * size, size).CopyTo(editor.Values);
            dst = editor.Commit();
        })));
        schema = null;
        return this;
    }

    /// <summary>A scalar column.</summary>
    public ArrayView Scalar<T>(string name, DataViewType type, T[] values)
    {
        if (values.Length != Rows) throw new ArgumentException($"{name}: {values.Length} values for {Rows} rows.");
        columns.Add(new Column(name, type, null, row => (ValueGetter<T>)((ref T dst) =>
        {
            CountFetch(name);
            dst = values[row()];
        })));
        schema = null;
        return this;
    }

    public DataViewSchema Schema
    {
        get
        {
            if (schema is null)
            {
                var b = new DataViewSchema.Builder();
                foreach (var c in columns) b.AddColumn(c.Name, c.Type, c.Annotations);
                schema = b.ToSchema();
            }
            return schema;
        }
    }

    public bool CanShuffle => false;

    public long? GetRowCount() => Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        CursorsOpened++;
        return new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed record Column(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations, Func<Func<int>, Delegate> Getter);

    private sealed class Cursor(ArrayView parent, HashSet<int> active) : DataViewRowCursor
    {
        private long position = -1;

        public override DataViewSchema Schema => parent.Schema;
        public override long Position => position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (position + 1 >= parent.Rows) { position = parent.Rows; return false; }
            position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active.Contains(column.Index)) throw new InvalidOperationException($"Column '{column.Name}' is not active.");
            return (ValueGetter<TValue>)parent.columns[column.Index].Getter(() => checked((int)position));
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);
    }
}
