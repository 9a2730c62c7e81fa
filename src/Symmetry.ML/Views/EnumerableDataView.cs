using System.Reflection;
using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// A view over an <see cref="IEnumerable{T}"/> of row objects: each cursor enumerates the sequence again, and a
/// getter reads the member of the current object when called (nothing is copied).
/// </summary>
internal sealed class EnumerableDataView<TRow> : IDataView
    where TRow : class
{
    private readonly IEnumerable<TRow> _data;
    private readonly TypeMember[] _members;
    private readonly Delegate[] _readers;

    public EnumerableDataView(IEnumerable<TRow> data)
    {
        _data = data;
        _members = TypeMember.For(typeof(TRow)).Where(m => m.CanRead).ToArray();
        _readers = _members.Select(m => m.MakeReader(typeof(TRow))).ToArray();
        var b = new DataViewSchema.Builder();
        foreach (var m in _members)
            b.AddColumn(m.Name, m.Type);
        Schema = b.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _data switch
    {
        ICollection<TRow> c => c.Count,
        IReadOnlyCollection<TRow> c => c.Count,
        _ => null,
    };

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, CursorUtils.GetActive(Schema, columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(EnumerableDataView<TRow> parent, bool[] active) : SimpleCursorBase(parent.Schema, active)
    {
        private readonly IEnumerator<TRow> _enumerator = parent._data.GetEnumerator();
        private TRow? _current;
        private long _position = -1;

        public override long Position => _position;

        protected override bool MoveNextCore()
        {
            if (!_enumerator.MoveNext())
            {
                _current = null;
                return false;
            }
            _current = _enumerator.Current ?? throw new InvalidOperationException($"Row {_position + 1} of the enumerable is null.");
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => CursorUtils.IdFromIndex(() => _position);

        protected override Delegate MakeGetter(int col)
        {
            var m = parent._members[col];
            Func<TRow> current = () => _current ?? throw new InvalidOperationException("The cursor is not on a row.");
            string method = m.Type is VectorDataViewType
                ? (m.MemberType.IsArray ? nameof(ArrayGetter) : nameof(VBufferGetter))
                : m.MemberType == typeof(string) ? nameof(StringGetter) : nameof(ScalarGetter);
            var generic = typeof(Cursor).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!;
            var t = m.Type is VectorDataViewType || m.MemberType == typeof(string) ? m.ItemType.RawType : m.MemberType;
            if (m.MemberType == typeof(string))
                return (Delegate)generic.Invoke(null, [parent._readers[col], current])!;
            return (Delegate)generic.MakeGenericMethod(t).Invoke(null, [parent._readers[col], current, m])!;
        }

        private static ValueGetter<T> ScalarGetter<T>(Func<TRow, T> read, Func<TRow> current, TypeMember m) =>
            (ref T v) => v = read(current());

        private static ValueGetter<ReadOnlyMemory<char>> StringGetter(Func<TRow, string?> read, Func<TRow> current) =>
            (ref ReadOnlyMemory<char> v) => v = read(current()).AsMemory();

        private static ValueGetter<VBuffer<T>> ArrayGetter<T>(Func<TRow, T[]?> read, Func<TRow> current, TypeMember m) =>
            (ref VBuffer<T> v) =>
            {
                var src = read(current()) ?? [];
                if (m.VectorSize > 0 && src.Length != m.VectorSize)
                    throw new InvalidOperationException(
                        $"Member '{m.Member.Name}' is declared as {m.Type} but the current row's array has {src.Length} elements.");
                var editor = VBufferEditor.Create(ref v, src.Length);
                src.CopyTo(editor.Values);
                v = editor.Commit();
            };

        private static ValueGetter<VBuffer<T>> VBufferGetter<T>(Func<TRow, VBuffer<T>> read, Func<TRow> current, TypeMember m) =>
            (ref VBuffer<T> v) =>
            {
                var src = read(current());
                if (m.VectorSize > 0 && src.Length != m.VectorSize)
                    throw new InvalidOperationException(
                        $"Member '{m.Member.Name}' is declared as {m.Type} but the current row's vector has {src.Length} elements.");
                src.CopyTo(ref v);
            };

        protected override void DisposeCore(bool disposing)
        {
            if (disposing)
                _enumerator.Dispose();
        }
    }
}
