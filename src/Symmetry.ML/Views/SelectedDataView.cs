using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>A projection of its source's columns (selection, dropping, reordering).</summary>
internal sealed class SelectedDataView(IDataView source, SelectedDataView.Projection projection) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => projection.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = CursorUtils.GetActive(Schema, columnsNeeded);
        var input = source.GetRowCursor(projection.SourceColumns(active), rand);
        return new Cursor(projection, input, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Output column i is source column <c>Map[i]</c>.</summary>
    internal sealed class Projection
    {
        public Projection(int[] map, DataViewSchema input)
        {
            Map = map;
            Input = input;
            var b = new DataViewSchema.Builder();
            b.AddColumns(map.Select(i => input[i]));
            Schema = b.ToSchema();
        }

        public int[] Map { get; }

        public DataViewSchema Input { get; }

        public DataViewSchema Schema { get; }

        public IEnumerable<DataViewSchema.Column> SourceColumns(bool[] active) =>
            Map.Where((_, i) => active[i]).Distinct().Select(i => Input[i]).ToArray();

        // The row and cursor members over an input row of the source schema, with the output columns in `active`.
        public bool IsColumnActive(bool[] active, DataViewSchema.Column column) => Schema.Owns(column) && active[column.Index];

        public ValueGetter<TValue> GetGetter<TValue>(DataViewRow input, bool[] active, DataViewSchema.Column column)
        {
            CursorUtils.CheckActive(Schema, active, column);
            var src = Input[Map[column.Index]];
            if (typeof(TValue) != src.Type.RawType)
                return CursorUtils.Cast<TValue>(new Action(() => { }), column);
            return input.GetGetter<TValue>(src);
        }
    }

    private sealed class Cursor(Projection p, DataViewRowCursor input, bool[] active) : DataViewRowCursor
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => p.Schema;

        public override bool MoveNext() => input.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => p.IsColumnActive(active, column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => p.GetGetter<TValue>(input, active, column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                input.Dispose();
        }
    }

    internal sealed class Mapper(Projection p) : IRowToRowMapper
    {
        public DataViewSchema InputSchema => p.Input;

        public DataViewSchema OutputSchema => p.Schema;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
            p.SourceColumns(CursorUtils.GetActive(p.Schema, dependingColumns));

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
            new Row(p, input, CursorUtils.GetActive(p.Schema, activeColumns));
    }

    private sealed class Row(Projection p, DataViewRow input, bool[] active) : DataViewRow
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => p.Schema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => p.IsColumnActive(active, column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => p.GetGetter<TValue>(input, active, column);
    }
}
