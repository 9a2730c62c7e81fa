using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// The view a <see cref="TextLoader"/> returns. Each cursor streams the file from the start and parses only its
/// active columns, so memory is constant in the number of rows. Leading lines that start with "#@" (the schema
/// comment <c>SaveAsText</c> writes) are skipped, then the header line when there is one; blank lines are skipped.
/// </summary>
internal sealed class TextLoaderDataView : IDataView
{
    private readonly IHost _host;
    private readonly string _path;
    private readonly TextLoader.Options _options;

    public TextLoaderDataView(IHostEnvironment env, string path, TextLoader.Options options)
    {
        _host = env.Register("TextLoader");
        _path = path;
        _options = options;
        var b = new DataViewSchema.Builder();
        foreach (var c in options.Columns)
        {
            var item = c.DataKind.ToDataViewType();
            b.AddColumn(c.Name, c.IsScalar ? item : new VectorDataViewType(item, c.Size));
        }
        Schema = b.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    /// <summary>Unknown without reading the file, as in ML.NET.</summary>
    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, CursorUtils.GetActive(Schema, columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : SimpleCursorBase
    {
        private readonly TextLoaderDataView _parent;
        private readonly LineSource _source;
        private readonly TextColumnReader?[] _readers;
        private readonly TextColumnReader[] _activeReaders;
        private long _position = -1;
        private bool _started;
        private bool _finished;
        private long _skipped;
        private string? _firstSkip;

        public Cursor(TextLoaderDataView parent, bool[] active) : base(parent.Schema, active)
        {
            _parent = parent;
            var o = parent._options;
            _readers = new TextColumnReader?[o.Columns.Length];
            for (int i = 0; i < o.Columns.Length; i++)
                if (active[i])
                    _readers[i] = TextColumnReader.Create(o.Columns[i]);
            _activeReaders = _readers.Where(r => r is not null).ToArray()!;
            int maxField = _activeReaders.Length == 0 ? 0 : _activeReaders.Max(r => r.Column.Source.Max(s => s.Max!.Value));
            _source = o.AllowQuoting
                ? new CsvLineSource(parent._path, o.Separators[0], o.TrimWhitespace)
                : new SplitLineSource(parent._path, o.Separators, o.TrimWhitespace, maxField);
        }

        public override long Position => _position;

        protected override bool MoveNextCore()
        {
            if (_finished)
                return false;
            if (!_started)
            {
                _started = true;
                if (!SkipPreamble())
                    return Finish();
            }
            else if (!_source.Next())
                return Finish();
            do
            {
                if (TryParseRecord())
                {
                    _position++;
                    return true;
                }
            }
            while (_source.Next());
            return Finish();
        }

        /// <summary>Moves to the first data record: past "#@" schema lines and the header.</summary>
        private bool SkipPreamble()
        {
            bool header = _parent._options.HasHeader;
            while (_source.Next())
            {
                if (_source.Raw.StartsWith("#@"))
                    continue;
                if (header)
                {
                    header = false;
                    continue;
                }
                return true;
            }
            return false;
        }

        private bool TryParseRecord()
        {
            if (_source.RecordError is string bad)
                return Malformed(_activeReaders.FirstOrDefault()?.Column.Name ?? "(any)", -1, bad);
            foreach (var r in _activeReaders)
                if (!r.TryRead(_source, out var reason, out int field))
                    return Malformed(r.Column.Name, field, reason!);
            return true;
        }

        private bool Malformed(string column, int field, string reason)
        {
            var e = new TextLoaderException(_parent._path, _source.LineNumber, column, field, reason);
            if (!_parent._options.SkipMalformedLines)
                throw e;
            _skipped++;
            _firstSkip ??= e.Message;
            return false;
        }

        private bool Finish()
        {
            if (!_finished && _skipped > 0)
            {
                using var ch = _parent._host.Start("Load");
                ch.Warning($"Skipped {_skipped} malformed line(s) of '{_parent._path}'. First: {_firstSkip}");
            }
            _finished = true;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => CursorUtils.IdFromIndex(() => _position);

        protected override Delegate MakeGetter(int col) => _readers[col]!.MakeGetter();

        protected override void DisposeCore(bool disposing)
        {
            if (disposing)
                _source.Dispose();
        }
    }
}
