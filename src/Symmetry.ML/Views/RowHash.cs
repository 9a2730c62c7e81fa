using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>Deterministic per-row uniform numbers for splitting, from a row id or a key column's value.</summary>
internal static class RowHash
{
    public static Func<double> MakeUniform(DataViewRowCursor cursor, DataViewSchema.Column[] keyColumns, ulong seed)
    {
        Func<ulong> key;
        if (keyColumns.Length == 0)
        {
            var id = cursor.GetIdGetter();
            DataViewRowId v = default;
            key = () =>
            {
                id(ref v);
                return v.Low ^ Mix(v.High);
            };
        }
        else
            key = KeyOf(cursor, keyColumns[0]);
        return () => (Mix(key() ^ Mix(seed)) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>SplitMix64's finalizer: a fixed bijective mix with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static Func<double> NumericGetter(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        switch (c.Type.RawType)
        {
            case var t when t == typeof(float):
                {
                    var g = cursor.GetGetter<float>(c);
                    float v = 0;
                    return () => { g(ref v); return v; };
                }
            case var t when t == typeof(double):
                {
                    var g = cursor.GetGetter<double>(c);
                    double v = 0;
                    return () => { g(ref v); return v; };
                }
            case var t when t == typeof(int):
                {
                    var g = cursor.GetGetter<int>(c);
                    int v = 0;
                    return () => { g(ref v); return v; };
                }
            default:
                {
                    var g = cursor.GetGetter<long>(c);
                    long v = 0;
                    return () => { g(ref v); return v; };
                }
        }
    }

    private static Func<ulong> KeyOf(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        if (c.Type is TextDataViewType)
        {
            var g = cursor.GetGetter<ReadOnlyMemory<char>>(c);
            ReadOnlyMemory<char> v = default;
            return () =>
            {
                g(ref v);
                // FNV-1a: string.GetHashCode is randomized per process, which would make splits unrepeatable.
                ulong h = 14695981039346656037UL;
                foreach (char ch in v.Span)
                    h = (h ^ ch) * 1099511628211UL;
                return h;
            };
        }
        if (c.Type is BooleanDataViewType)
        {
            var g = cursor.GetGetter<bool>(c);
            bool v = false;
            return () => { g(ref v); return v ? 1UL : 0UL; };
        }
        var num = NumericGetter(cursor, c);
        return () => (ulong)BitConverter.DoubleToInt64Bits(num());
    }
}
