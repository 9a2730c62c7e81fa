using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// Rows of a source that pass a predicate. The predicate's columns are read from the source in addition to the
/// requested ones; row ids are the source's, so splits stay stable across shuffling.
/// </summary>
internal sealed class FilterDataView(IDataView source, DataViewSchema.Column[] predicateColumns,
    Func<DataViewRowCursor, Func<bool>> makePredicate) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = CursorUtils.GetActive(Schema, columnsNeeded);
        var input = source.GetRowCursor(Schema.Where(c => active[c.Index] || predicateColumns.Any(p => p.Index == c.Index)), rand);
        return new Cursor(input, active, makePredicate(input));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor input, bool[] active, Func<bool> keep) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => input.Schema;

        public override bool MoveNext()
        {
            while (input.MoveNext())
            {
                if (keep())
                {
                    _position++;
                    return true;
                }
            }
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => Schema.Owns(column) && active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CursorUtils.CheckActive(Schema, active, column);
            return input.GetGetter<TValue>(column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                input.Dispose();
        }
    }
}

/// <summary>Skips then takes a number of rows of its source.</summary>
internal sealed class SkipTakeDataView(IDataView source, long skip, long take) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount() is long n ? Math.Clamp(n - skip, 0, take) : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var cols = columnsNeeded.ToArray();
        var active = CursorUtils.GetActive(Schema, cols);
        return new Cursor(source.GetRowCursor(cols), active, skip, take);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor input, bool[] active, long skip, long take) : DataViewRowCursor
    {
        private long _position = -1;
        private bool _taken;

        public override long Position => _position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => input.Schema;

        public override bool MoveNext()
        {
            // Stop without reading further once enough rows were served: a huge source is not scanned to its end.
            // The source cursor then still sits on the last row served, so getters check _taken themselves.
            if (_position + 1 >= take)
            {
                _taken = true;
                return false;
            }
            for (; skip > 0; skip--)
                if (!input.MoveNext())
                    return false;
            if (!input.MoveNext())
                return false;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => Schema.Owns(column) && active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CursorUtils.CheckActive(Schema, active, column);
            var getter = input.GetGetter<TValue>(column);
            return (ref TValue value) =>
            {
                if (_taken)
                    throw CursorUtils.NotOnRow(column);
                getter(ref value);
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                input.Dispose();
        }
    }
}
