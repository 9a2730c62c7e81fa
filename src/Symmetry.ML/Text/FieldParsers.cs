using System.Globalization;

namespace Symmetry.ML.Data;

/// <summary>Parsing of one text field into a column's raw type. Returns false for a malformed value.</summary>
internal static class FieldParsers
{
    public delegate bool Parser<T>(ReadOnlySpan<char> text, out T value);

    public static Delegate For(DataKind kind) => kind switch
    {
        DataKind.Single => (Parser<float>)ParseSingle,
        DataKind.Double => (Parser<double>)ParseDouble,
        DataKind.Int32 => (Parser<int>)((ReadOnlySpan<char> s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v)),
        DataKind.Int64 => (Parser<long>)((ReadOnlySpan<char> s, out long v) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v)),
        DataKind.Boolean => (Parser<bool>)ParseBoolean,
        DataKind.String => (Parser<ReadOnlyMemory<char>>)((ReadOnlySpan<char> s, out ReadOnlyMemory<char> v) =>
        {
            v = s.ToString().AsMemory();
            return true;
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Empty and "?" are missing values and read as NaN, as in ML.NET.</summary>
    private static bool ParseSingle(ReadOnlySpan<char> s, out float v)
    {
        if (s.IsEmpty || s is "?")
        {
            v = float.NaN;
            return true;
        }
        return float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }

    private static bool ParseDouble(ReadOnlySpan<char> s, out double v)
    {
        if (s.IsEmpty || s is "?")
        {
            v = double.NaN;
            return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }

    private static bool ParseBoolean(ReadOnlySpan<char> s, out bool v)
    {
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s is "1")
        {
            v = true;
            return true;
        }
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s is "0")
        {
            v = false;
            return true;
        }
        v = false;
        return false;
    }
}
