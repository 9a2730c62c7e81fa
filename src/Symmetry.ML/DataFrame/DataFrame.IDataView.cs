using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Data.Analysis;

/// <summary>
/// A DataFrame is a data view: one column per DataFrame column (primitive columns as scalars, strings as text,
/// VBuffer columns as vectors), built lazily; nulls read as NaN in floating columns, default elsewhere.
/// </summary>
public sealed partial class DataFrame : IDataView
{
    private DataViewSchema? _schema;

    bool IDataView.CanShuffle => false;

    DataViewSchema IDataView.Schema => _schema ??= BuildSchema();

    long? IDataView.GetRowCount() => Rows.Count;

    DataViewRowCursor IDataView.GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand)
    {
        var schema = ((IDataView)this).Schema;
        var active = new bool[schema.Count];
        foreach (var c in columnsNeeded)
        {
            if (c.Index >= active.Length || schema[c.Index].Name != c.Name)
                throw new ArgumentException($"Column '{c.Name}' does not belong to this DataFrame's schema.", nameof(columnsNeeded));
            active[c.Index] = true;
        }
        return new Cursor(this, schema, active);
    }

    DataViewRowCursor[] IDataView.GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand) =>
        [((IDataView)this).GetRowCursor(columnsNeeded, rand)];

    private DataViewSchema BuildSchema()
    {
        var b = new DataViewSchema.Builder();
        foreach (var c in Columns)
            b.AddColumn(c.Name, c.GetDataViewType());
        return b.ToSchema();
    }

    private sealed class Cursor(DataFrame frame, DataViewSchema schema, bool[] active) : DataViewRowCursor
    {
        private readonly long _count = frame.Rows.Count;
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => schema;

        private bool _done;

        public override bool MoveNext()
        {
            if (_done || _position + 1 >= _count)
            {
                _done = true;
                return false;
            }
            _position++;
            return true;
        }

        protected override void Dispose(bool disposing) => _done = true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index < active.Length && active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; include it in columnsNeeded when opening the cursor.");
            var g = frame.Columns[column.Index].MakeDataViewGetter(() => _position);
            var typed = g as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Invalid TValue in GetGetter for column '{column.Name}': requested {typeof(TValue).Name}, but the column's type {column.Type} is read as {column.Type.RawType.Name}.");
            return (ref TValue value) =>
            {
                if (_done || _position < 0)
                    throw CursorUtils.NotOnRow(column);
                typed(ref value);
            };
        }
    }
}
