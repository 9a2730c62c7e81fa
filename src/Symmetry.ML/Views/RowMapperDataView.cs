using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// The view a <see cref="RowToRowTransformerBase"/> returns: the input columns then the mapper's outputs.
/// Cursors request from the input only the columns the active outputs depend on plus the active pass-through ones.
/// </summary>
internal sealed class RowMapperDataView : IDataView
{
    private readonly IDataView _source;
    private readonly IRowMapper _mapper;
    private readonly int _inputCount;

    public RowMapperDataView(IDataView source, IRowMapper mapper)
    {
        _source = source;
        _mapper = mapper;
        _inputCount = source.Schema.Count;
        Schema = MakeOutputSchema(source.Schema, mapper);
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public static DataViewSchema MakeOutputSchema(DataViewSchema input, IRowMapper mapper)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        b.AddColumns(mapper.GetOutputColumns());
        return b.ToSchema();
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = CursorUtils.GetActive(Schema, columnsNeeded);
        Func<int, bool> activeOutput = i => active[_inputCount + i];
        var deps = _mapper.GetDependencies(activeOutput);
        bool anyOutput = Enumerable.Range(0, active.Length - _inputCount).Any(activeOutput);
        var inputCols = _source.Schema.Where(c => active[c.Index] || (anyOutput && deps(c.Index))).ToArray();
        var input = _source.GetRowCursor(inputCols, rand);
        if (anyOutput && _mapper is BatchMapperBase batch)
            return new BatchCursor(this, input, batch, active, inputCols);
        return new Cursor(this, input, active, anyOutput);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Maps each input row as the cursor moves; getters are created once and read the current row.</summary>
    private sealed class Cursor : SimpleCursorBase
    {
        private readonly RowMapperDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly Delegate?[] _outputGetters;
        private readonly Action? _disposer;

        public Cursor(RowMapperDataView parent, DataViewRowCursor input, bool[] active, bool anyOutput)
            : base(parent.Schema, active)
        {
            _parent = parent;
            _input = input;
            int nOut = active.Length - parent._inputCount;
            _outputGetters = anyOutput
                ? parent._mapper.CreateGetters(input, i => active[parent._inputCount + i], out _disposer)
                : new Delegate?[nOut];
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        protected override bool MoveNextCore() => _input.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CursorUtils.CheckActive(Schema, Active, column);
            if (column.Index < _parent._inputCount)
                return Guard(_input.GetGetter<TValue>(_input.Schema[column.Index]), column);
            return Guard(CursorUtils.Cast<TValue>(_outputGetters[column.Index - _parent._inputCount]!, column), column);
        }

        protected override Delegate MakeGetter(int col) => throw new InvalidOperationException("Unreachable: GetGetter is overridden.");

        protected override void DisposeCore(bool disposing)
        {
            if (disposing)
            {
                _disposer?.Invoke();
                _input.Dispose();
            }
        }
    }

    /// <summary>Reads a batch of input rows ahead, maps them at once, then serves them one by one.</summary>
    private sealed class BatchCursor : SimpleCursorBase
    {
        private readonly RowMapperDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly BatchMapperBase _mapper;
        private readonly RowBatch _batch;
        private readonly OutputBatch _output;
        private readonly DataViewRowId[] _ids;
        private readonly ValueGetter<DataViewRowId> _inputId;
        private int _slot = -1;
        private long _position = -1;
        private bool _inputDone;

        public BatchCursor(RowMapperDataView parent, DataViewRowCursor input, BatchMapperBase mapper, bool[] active, DataViewSchema.Column[] inputCols)
            : base(parent.Schema, active)
        {
            _parent = parent;
            _input = input;
            _mapper = mapper;
            _batch = new RowBatch(input.Schema, inputCols, mapper.BatchSize);
            _batch.Bind(input);
            _output = new OutputBatch(mapper.GetOutputColumns(), i => active[parent._inputCount + i], mapper.BatchSize);
            _ids = new DataViewRowId[mapper.BatchSize];
            _inputId = input.GetIdGetter();
        }

        public override long Position => _position;

        protected override bool MoveNextCore()
        {
            if (_slot + 1 < _batch.Count)
            {
                _slot++;
                _position++;
                return true;
            }
            if (_inputDone)
                return false;
            _batch.Clear();
            while (_batch.Count < _mapper.BatchSize && _input.MoveNext())
            {
                _inputId(ref _ids[_batch.Count]);
                _batch.StoreCurrent();
            }
            if (_batch.Count < _mapper.BatchSize)
                _inputDone = true;
            if (_batch.Count == 0)
                return false;
            _mapper.Host_CheckAlive();
            _output.Count = _batch.Count;
            _mapper.MapBatchInternal(_batch, _output);
            _slot = 0;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[_slot];

        protected override Delegate MakeGetter(int col) => col < _parent._inputCount
            ? _batch.Buffer(col).MakeGetter(() => _slot)
            : _output.MakeGetter(col - _parent._inputCount, () => _slot);

        protected override void DisposeCore(bool disposing)
        {
            if (disposing)
                _input.Dispose();
        }
    }
}
