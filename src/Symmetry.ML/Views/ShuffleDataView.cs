using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// Rows of a source in random order. A source that can shuffle itself is asked to (a full permutation); otherwise
/// rows pass through a pool of <c>poolSize</c> rows from which a random one is emitted each time, so memory stays
/// bounded for streaming sources. Each cursor without its own random source uses a new generator seeded with the
/// view's seed, so the view is repeatable.
/// </summary>
internal sealed class ShuffleDataView(IDataView source, int seed, int poolSize, bool shuffleSource) : IDataView
{
    public bool CanShuffle => true;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var cols = columnsNeeded.ToArray();
        var active = CursorUtils.GetActive(Schema, cols);
        var r = rand ?? new Random(seed);
        if (shuffleSource && source.CanShuffle)
            return source.GetRowCursor(cols, new Random(r.Next()));
        var input = source.GetRowCursor(cols);
        return poolSize <= 1 ? input : new PoolCursor(input, active, r, poolSize);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class PoolCursor : SimpleCursorBase
    {
        private readonly DataViewRowCursor _input;
        private readonly Random _rand;
        private readonly RowValueBuffer?[] _buffers;
        private readonly DataViewRowId[] _ids;
        private readonly ValueGetter<DataViewRowId> _inputId;
        private readonly int _capacity;
        private int _count;
        private int _current = -1;
        private bool _inputDone;
        private long _position = -1;

        public PoolCursor(DataViewRowCursor input, bool[] active, Random rand, int capacity) : base(input.Schema, active)
        {
            _input = input;
            _rand = rand;
            _capacity = capacity;
            _buffers = new RowValueBuffer?[active.Length];
            for (int i = 0; i < active.Length; i++)
            {
                if (!active[i])
                    continue;
                _buffers[i] = RowValueBuffer.Create(input.Schema[i].Type, capacity);
                _buffers[i]!.Bind(input, input.Schema[i]);
            }
            _ids = new DataViewRowId[capacity];
            _inputId = input.GetIdGetter();
        }

        public override long Position => _position;

        protected override bool MoveNextCore()
        {
            if (_current < 0)
            {
                while (_count < _capacity && Read(_count))
                    _count++;
            }
            else if (!Read(_current))
            {
                // The source is exhausted: close the gap left by the row just served.
                _count--;
                if (_current != _count)
                    Move(_count, _current);
            }
            if (_count == 0)
                return false;
            _current = _rand.Next(_count);
            _position++;
            return true;
        }

        private bool Read(int slot)
        {
            if (_inputDone || !_input.MoveNext())
            {
                _inputDone = true;
                return false;
            }
            foreach (var b in _buffers)
                b?.Store(slot);
            _inputId(ref _ids[slot]);
            return true;
        }

        private void Move(int from, int to)
        {
            foreach (var b in _buffers)
                b?.Swap(from, to);
            (_ids[from], _ids[to]) = (_ids[to], _ids[from]);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[_current];

        protected override Delegate MakeGetter(int col) => _buffers[col]!.MakeGetter(() => _current);

        protected override void DisposeCore(bool disposing)
        {
            if (disposing)
                _input.Dispose();
        }
    }
}
