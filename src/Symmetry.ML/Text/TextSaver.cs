using System.Globalization;
using System.Reflection;
using System.Text;
using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>Writes a view as delimited text, streaming one row at a time.</summary>
internal static class TextSaver
{
    public static void Save(IDataView data, Stream stream, char sep, bool header, bool schema, bool keepHidden, IHostEnvironment env)
    {
        var cols = data.Schema.Where(c => keepHidden || !c.IsHidden).ToArray();
        foreach (var c in cols)
            if (c.Type is VectorDataViewType { IsKnownSize: false })
                throw new NotSupportedException($"Column '{c.Name}' is a variable-size vector ({c.Type}); SaveAsText writes known-size vectors only.");
            else if (!((c.Type as VectorDataViewType)?.ItemType ?? c.Type).RawType.IsValueType)
                throw new NotSupportedException($"Column '{c.Name}' has type {c.Type}, which SaveAsText cannot write.");
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        if (schema)
            WriteSchema(w, cols, sep, header);
        if (header)
            w.WriteLine(string.Join(sep, cols.SelectMany(HeaderNames).Select(n => Quote(n, sep))));
        using var cursor = data.GetRowCursor(cols);
        var writers = cols.Select(c => MakeWriter(cursor, c, sep)).ToArray();
        var host = env.Register("TextSaver");
        var line = new StringBuilder();
        while (cursor.MoveNext())
        {
            if ((cursor.Position & 0xFFF) == 0)
                host.CheckAlive();
            line.Clear();
            for (int i = 0; i < writers.Length; i++)
            {
                if (i > 0)
                    line.Append(sep);
                writers[i](line);
            }
            w.WriteLine(line);
        }
    }

    private static void WriteSchema(StreamWriter w, DataViewSchema.Column[] cols, char sep, bool header)
    {
        w.WriteLine("#@ TextLoader{");
        w.WriteLine($"#@   sep={(sep == '\t' ? "tab" : sep.ToString())}");
        if (header)
            w.WriteLine("#@   header+");
        int field = 0;
        foreach (var c in cols)
        {
            var item = (c.Type as VectorDataViewType)?.ItemType ?? (PrimitiveDataViewType)c.Type;
            int size = c.Type is VectorDataViewType v ? v.Size : 1;
            string range = c.Type is VectorDataViewType ? $"{field}-{field + size - 1}" : $"{field}";
            w.WriteLine($"#@   col={c.Name}:{item}:{range}");
            field += size;
        }
        w.WriteLine("#@ }");
    }

    private static IEnumerable<string> HeaderNames(DataViewSchema.Column c)
    {
        if (c.Type is not VectorDataViewType v)
            return [c.Name];
        if (c.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            c.GetSlotNames(ref names);
            return names.DenseValues().Select((n, i) => n.IsEmpty ? $"{c.Name}.{i}" : n.ToString());
        }
        return Enumerable.Range(0, v.Size).Select(i => $"{c.Name}.{i}");
    }

    private static Action<StringBuilder> MakeWriter(DataViewRowCursor cursor, DataViewSchema.Column c, char sep)
    {
        var item = (c.Type as VectorDataViewType)?.ItemType ?? c.Type;
        string name = c.Type is VectorDataViewType ? nameof(VectorWriter) : nameof(ScalarWriter);
        var m = typeof(TextSaver).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(item.RawType);
        return (Action<StringBuilder>)m.Invoke(null, [cursor, c, sep])!;
    }

    private static Action<StringBuilder> ScalarWriter<T>(DataViewRowCursor cursor, DataViewSchema.Column c, char sep)
    {
        var g = cursor.GetGetter<T>(c);
        T v = default!;
        return sb =>
        {
            g(ref v);
            Append(sb, v, sep);
        };
    }

    private static Action<StringBuilder> VectorWriter<T>(DataViewRowCursor cursor, DataViewSchema.Column c, char sep)
    {
        var g = cursor.GetGetter<VBuffer<T>>(c);
        VBuffer<T> v = default;
        var dense = new T[((VectorDataViewType)c.Type).Size];
        return sb =>
        {
            g(ref v);
            v.CopyTo(dense);
            for (int i = 0; i < dense.Length; i++)
            {
                if (i > 0)
                    sb.Append(sep);
                Append(sb, dense[i], sep);
            }
        };
    }

    internal static void Append<T>(StringBuilder sb, T value, char sep)
    {
        switch (value)
        {
            case float f:
                sb.Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case ReadOnlyMemory<char> m:
                sb.Append(Quote(m.ToString(), sep));
                break;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    /// <summary>Quotes text that contains the separator, a quote or a line break (RFC 4180).</summary>
    internal static string Quote(string s, char sep) =>
        s.AsSpan().IndexOfAny([sep, '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
