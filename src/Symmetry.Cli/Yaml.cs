using System.Globalization;
using System.Text;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The little YAML the Kubernetes manifests need: block mappings (in insertion order), block sequences, integers and
/// strings (plain when unambiguous, else double-quoted; multi-line ones as literal blocks).
/// </summary>
internal static class Yaml
{
    /// <summary>A mapping that keeps its keys' order.</summary>
    public sealed class Map : List<KeyValuePair<string, object>>
    {
        public Map() { }

        public Map(IEnumerable<(string Key, object Value)> entries) : base(entries.Select(e => new KeyValuePair<string, object>(e.Key, e.Value))) { }

        public object this[string key]
        {
            set => Add(new(key, value));
        }
    }

    public static string Write(Map document)
    {
        var s = new StringBuilder();
        WriteMap(s, document, 0);
        return s.ToString();
    }

    private static void WriteMap(StringBuilder s, Map map, int indent)
    {
        foreach (var (key, value) in map)
        {
            s.Append(' ', indent).Append(key).Append(':');
            WriteValue(s, value, indent);
        }
    }

    private static void WriteValue(StringBuilder s, object value, int indent)
    {
        switch (value)
        {
            case Map m:
                s.Append('\n');
                WriteMap(s, m, indent + 2);
                break;
            case List<object> list:
                s.Append('\n');
                foreach (var item in list)
                {
                    s.Append(' ', indent + 2).Append('-');
                    if (item is Map m)
                    {
                        // The first key on the dash's line, the others under it.
                        var inner = new StringBuilder();
                        WriteMap(inner, m, indent + 4);
                        s.Append(' ').Append(inner.ToString(indent + 4, inner.Length - indent - 4));
                    }
                    else WriteValue(s, item, indent + 2);
                }
                break;
            case int i:
                s.Append(' ').Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
                break;
            case string text when text.Contains('\n'):
                s.Append(" |\n");
                foreach (var line in text.TrimEnd('\n').Split('\n')) s.Append(' ', line.Length == 0 ? 0 : indent + 4).Append(line).Append('\n');
                break;
            case string text:
                s.Append(' ').Append(Plain(text) ? text : Quoted(text)).Append('\n');
                break;
            default:
                throw new ArgumentException($"No YAML for {value.GetType().Name}.", nameof(value));
        }
    }

    // Plain scalars that no YAML reader takes for a number, boolean, null or structure.
    private static bool Plain(string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
        && !new[] { "true", "false", "yes", "no", "on", "off", "null", "y", "n" }.Contains(text.ToLowerInvariant());

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
