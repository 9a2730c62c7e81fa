using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// A columnar in-memory view. Shuffles (a full random permutation) when a cursor is given a random source; the row
/// id is the row's index, so ids are stable across shuffled and unshuffled cursors.
/// </summary>
internal sealed class ArrayDataView : IDataView
{
    private readonly ArrayColumn[] _columns;
    private readonly int _rowCount;

    public ArrayDataView(ArrayColumn[] columns, int rowCount)
    {
        _columns = columns;
        _rowCount = rowCount;
        var b = new DataViewSchema.Builder();
        foreach (var c in columns)
            b.AddColumn(c.Name, c.Type, c.Annotations);
        Schema = b.ToSchema();
    }

    public bool CanShuffle => true;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = CursorUtils.GetActive(Schema, columnsNeeded);
        int[]? order = null;
        if (rand is not null)
        {
            order = new int[_rowCount];
            for (int i = 0; i < order.Length; i++)
                order[i] = i;
            rand.Shuffle(order);
        }
        return new Cursor(this, active, order);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ArrayDataView parent, bool[] active, int[]? order) : SimpleCursorBase(parent.Schema, active)
    {
        private long _position = -1;
        private int _row = -1;

        public override long Position => _position;

        protected override bool MoveNextCore()
        {
            if (_position + 1 >= parent._rowCount)
            {
                _position = parent._rowCount;
                return false;
            }
            _position++;
            _row = order is null ? (int)_position : order[_position];
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);

        protected override Delegate MakeGetter(int col) => parent._columns[col].MakeGetter(() => _row);
    }
}
