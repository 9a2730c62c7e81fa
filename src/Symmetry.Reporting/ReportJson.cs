using System.Text;
using System.Text.Json;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// The report as JSON for scripts: <c>{ method, summary, keyResults: {…}, run: {…}, versions: {…}, tables: [{ title,
/// columns, rows }] }</c>, numbers at full precision (non-finite ones as null).
/// </summary>
public static class ReportJson
{
    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string Render(SymmetryReport report, RunDescription? run = null, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("method", report.Method);
            w.WriteString("summary", report.Summary);
            w.WriteStartObject("keyResults");
            foreach (var k in report.KeyResults) { w.WritePropertyName(k.Key); Value(w, k.Value); }
            w.WriteEndObject();
            if (run is not null)
            {
                w.WriteStartObject("run");
                if (run.Dataset is { } d) w.WriteString("dataset", d);
                if (run.Command is { } c) w.WriteString("command", c);
                w.WriteString("created", run.Created);
                w.WriteStartObject("options");
                foreach (var (name, value) in run.Options) w.WriteString(name, value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteStartObject("versions");
            foreach (var (name, value) in RunDescription.Versions()) w.WriteString(name, value);
            w.WriteEndObject();
            w.WriteStartArray("tables");
            foreach (var (title, table) in report.Tables()) Table(w, title, table);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="Render"/>'s text; an existing file is replaced only when <paramref name="overwrite"/> is true.</summary>
    public static void Save(SymmetryReport report, string path, RunDescription? run = null, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && !overwrite) throw new IOException($"'{Path.GetFullPath(path)}' already exists; pass overwrite: true (the CLI's --force) to replace it.");
        File.WriteAllText(path, Render(report, run), new UTF8Encoding(false));
    }

    private static void Table(Utf8JsonWriter w, string title, DataFrame table)
    {
        w.WriteStartObject();
        w.WriteString("title", title);
        w.WriteStartArray("columns");
        foreach (var c in table.Columns) w.WriteStringValue(c.Name);
        w.WriteEndArray();
        w.WriteStartArray("rows");
        for (long r = 0; r < table.Rows.Count; r++)
        {
            w.WriteStartArray();
            for (var c = 0; c < table.Columns.Count; c++) Value(w, table[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case double d when !double.IsFinite(d): w.WriteNullValue(); break;
            case float f when !float.IsFinite(f): w.WriteNullValue(); break;
            case double d: w.WriteNumberValue(d); break;
            case float f: w.WriteNumberValue(f); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case string s: w.WriteStringValue(s); break;
            case IFormattable x: w.WriteStringValue(x.ToString(null, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(v.ToString()); break;
        }
    }
}
