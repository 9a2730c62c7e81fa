namespace Symmetry.ML.Data;

/// <summary>Parses one loader column from the current record into a buffer that its getter serves.</summary>
internal abstract class TextColumnReader
{
    protected TextColumnReader(TextLoader.Column column) => Column = column;

    public TextLoader.Column Column { get; }

    public static TextColumnReader Create(TextLoader.Column column)
    {
        var raw = column.DataKind.ToDataViewType().RawType;
        var type = (column.IsScalar ? typeof(ScalarReader<>) : typeof(VectorReader<>)).MakeGenericType(raw);
        return (TextColumnReader)Activator.CreateInstance(type, column)!;
    }

    /// <summary>Parses the column; on failure returns the reason and the offending field.</summary>
    public abstract bool TryRead(LineSource source, out string? reason, out int field);

    public abstract Delegate MakeGetter();

    protected static bool TryField(LineSource source, int index, out ReadOnlySpan<char> text, out string? reason)
    {
        if (index >= source.FieldCount)
        {
            text = default;
            reason = $"Missing field: the record has {source.FieldCount} field(s)";
            return false;
        }
        text = source.Field(index);
        reason = null;
        return true;
    }

    private sealed class ScalarReader<T>(TextLoader.Column column) : TextColumnReader(column)
    {
        private readonly FieldParsers.Parser<T> _parse = (FieldParsers.Parser<T>)FieldParsers.For(column.DataKind);
        private readonly int _index = column.Source[0].Min;
        private T _value = default!;

        public override bool TryRead(LineSource source, out string? reason, out int field)
        {
            field = _index;
            if (!TryField(source, _index, out var text, out reason))
                return false;
            if (_parse(text, out _value))
                return true;
            reason = $"Malformed value '{Shorten(text)}'";
            return false;
        }

        public override Delegate MakeGetter() => (ValueGetter<T>)((ref T v) => v = _value);
    }

    private sealed class VectorReader<T>(TextLoader.Column column) : TextColumnReader(column)
    {
        private readonly FieldParsers.Parser<T> _parse = (FieldParsers.Parser<T>)FieldParsers.For(column.DataKind);
        private readonly T[] _values = new T[column.Size];

        public override bool TryRead(LineSource source, out string? reason, out int field)
        {
            int k = 0;
            foreach (var r in Column.Source)
            {
                for (int i = r.Min; i <= r.Max!.Value; i++, k++)
                {
                    field = i;
                    if (!TryField(source, i, out var text, out reason))
                        return false;
                    if (!_parse(text, out _values[k]))
                    {
                        reason = $"Malformed value '{Shorten(text)}'";
                        return false;
                    }
                }
            }
            field = -1;
            reason = null;
            return true;
        }

        public override Delegate MakeGetter() => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
        {
            var editor = VBufferEditor.Create(ref v, _values.Length);
            _values.CopyTo(editor.Values);
            v = editor.Commit();
        });
    }

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : s[..40].ToString() + "…";
}
