using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>An <see cref="IRowToRowMapper"/> over one <see cref="IRowMapper"/>: input columns then outputs.</summary>
internal sealed class RowToRowMapper : IRowToRowMapper
{
    private readonly IRowMapper _mapper;
    private readonly int _inputCount;

    public RowToRowMapper(IRowMapper mapper)
    {
        _mapper = mapper;
        InputSchema = mapper.InputSchema;
        _inputCount = InputSchema.Count;
        OutputSchema = RowMapperDataView.MakeOutputSchema(InputSchema, mapper);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var active = CursorUtils.GetActive(OutputSchema, dependingColumns);
        bool anyOutput = active.Skip(_inputCount).Any(a => a);
        var deps = _mapper.GetDependencies(i => active[_inputCount + i]);
        return InputSchema.Where(c => active[c.Index] || (anyOutput && deps(c.Index))).ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var active = CursorUtils.GetActive(OutputSchema, activeColumns);
        foreach (var c in GetDependencies(OutputSchema.Where(c => active[c.Index])))
            if (!input.IsColumnActive(input.Schema[c.Index]))
                throw CursorUtils.InactiveColumn(c);
        var getters = _mapper.CreateGetters(input, i => active[_inputCount + i], out var disposer);
        return new MappedRow(OutputSchema, active, input, getters, disposer, _inputCount);
    }

    private sealed class MappedRow(DataViewSchema schema, bool[] active, DataViewRow input, Delegate?[] getters, Action? disposer, int inputCount)
        : DataViewRow
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => schema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => schema.Owns(column) && active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CursorUtils.CheckActive(schema, active, column);
            return column.Index < inputCount
                ? input.GetGetter<TValue>(input.Schema[column.Index])
                : CursorUtils.Cast<TValue>(getters[column.Index - inputCount]!, column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                disposer?.Invoke();
        }
    }
}

/// <summary>Several row mappers applied one after another.</summary>
internal sealed class CompositeRowToRowMapper : IRowToRowMapper
{
    private readonly IRowToRowMapper[] _mappers;

    public CompositeRowToRowMapper(DataViewSchema inputSchema, IRowToRowMapper[] mappers)
    {
        InputSchema = inputSchema;
        _mappers = mappers;
        OutputSchema = mappers.Length == 0 ? inputSchema : mappers[^1].OutputSchema;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var cols = dependingColumns;
        for (int i = _mappers.Length - 1; i >= 0; i--)
            cols = _mappers[i].GetDependencies(cols).ToArray();
        return cols;
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        if (_mappers.Length == 0)
            return input;
        // Each stage needs the columns the later stages depend on.
        var needed = new IEnumerable<DataViewSchema.Column>[_mappers.Length];
        needed[^1] = activeColumns.ToArray();
        for (int i = _mappers.Length - 2; i >= 0; i--)
            needed[i] = _mappers[i + 1].GetDependencies(needed[i + 1]).ToArray();
        var row = input;
        for (int i = 0; i < _mappers.Length; i++)
            row = _mappers[i].GetRow(row, needed[i]);
        return row;
    }
}
