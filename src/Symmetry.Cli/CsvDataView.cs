using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The columns read from a CSV file as an in-memory <see cref="IDataView"/>: float vectors (with the header's names
/// as slot names) gathered from per-column values, and float or integer scalars. Rows are served in file order.
/// </summary>
internal sealed class CsvDataView : IDataView
{
    private readonly Column[] _columns;
    private readonly int _rows;

    /// <summary>A view of <paramref name="rows"/> rows with <paramref name="columns"/>, in schema order.</summary>
    public CsvDataView(int rows, IReadOnlyList<Column> columns)
    {
        _rows = rows;
        _columns = [.. columns];
        var b = new DataViewSchema.Builder();
        foreach (var c in _columns) b.AddColumn(c.Name, c.Type, c.Annotations);
        Schema = b.ToSchema();
    }

    /// <summary>One column: its name, type and slot names, and how to make a getter from the cursor's row.</summary>
    internal sealed record Column(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations, Func<Func<int>, Delegate> Getter);

    /// <summary>A float vector column whose slot i is <paramref name="slots"/>[i], named <paramref name="slotNames"/>[i].</summary>
    public static Column Vector(string name, BlockList<float>[] slots, string[] slotNames)
    {
        var names = slotNames.Select(n => n.AsMemory()).ToArray();
        var a = new DataViewSchema.Annotations.Builder();
        a.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Length), (ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, names.Length);
            names.CopyTo(editor.Values);
            dst = editor.Commit();
        });
        return new(name, new VectorDataViewType(NumberDataViewType.Single, slots.Length), a.ToAnnotations(), row => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
        {
            var r = row();
            var editor = VBufferEditor.Create(ref dst, slots.Length);
            for (var i = 0; i < slots.Length; i++) editor.Values[i] = slots[i][r];
            dst = editor.Commit();
        }));
    }

    /// <summary>A scalar column of <paramref name="values"/> (float or int).</summary>
    public static Column Scalar<T>(string name, PrimitiveDataViewType type, BlockList<T> values) where T : unmanaged =>
        new(name, type, null, row => (ValueGetter<T>)((ref T dst) => dst = values[row()]));

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _rows;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[_columns.Length];
        foreach (var c in columnsNeeded) active[Owned(c).Index] = true;
        return new Cursor(this, active);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private DataViewSchema.Column Owned(DataViewSchema.Column c) =>
        c.Index >= 0 && c.Index < Schema.Count && Schema[c.Index].Name == c.Name && Schema[c.Index].Type.Equals(c.Type)
            ? c
            : throw new ArgumentOutOfRangeException(nameof(c), $"Column '{c.Name}' (index {c.Index}) does not belong to this data view's schema.");

    private sealed class Cursor(CsvDataView parent, bool[] active) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => parent.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= parent._rows)
            {
                _position = parent._rows;
                return false;
            }
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Row(), 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active[parent.Owned(column).Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; include it in columnsNeeded when opening the cursor.");
            return parent._columns[column.Index].Getter(Row) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' of type {column.Type} cannot be read as {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing) => _position = parent._rows;

        private int Row() => _position >= 0 && _position < parent._rows
            ? (int)_position
            : throw new InvalidOperationException("The cursor is not on a row: call MoveNext() first, and stop when it returns false.");
    }
}
