using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// One self-contained HTML page for a report: headline results, the run (dataset, options, versions), every figure as
/// inline SVG and every table. No scripts, no external resources (a Content-Security-Policy forbids loading any), so
/// it opens offline and can be mailed as one file.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>The page for <paramref name="report"/> with <paramref name="figures"/> (default: <c>report.Plots()</c> where registered).</summary>
    public static string Render(SymmetryReport report, RunDescription? run = null, IReadOnlyList<ReportFigure>? figures = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        run ??= new RunDescription();
        figures ??= report.HasPlots() ? report.Plots() : [];
        var h = new StringBuilder();
        // The dataset's name (before any ": description") in the title; the full description goes in the Run table.
        var title = $"{report.Method} report" + (run.Dataset is { } ds ? $" — {ds.Split(':')[0].Trim()}" : "");
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>").Append(E(title)).Append("</h1>\n");

        var keys = report.KeyResults;
        if (keys.Count > 0)
        {
            h.Append("<dl class=\"key\">\n");
            foreach (var k in keys) h.Append("<div><dt>").Append(E(k.Label)).Append("</dt><dd id=\"").Append(E(k.Key)).Append("\">").Append(E(SymmetryReport.FormatValue(k.Value))).Append("</dd></div>\n");
            h.Append("</dl>\n");
        }
        h.Append("<p class=\"summary\">").Append(E(report.Summary)).Append("</p>\n");

        h.Append("<h2>Run</h2>\n<table class=\"kv\">\n");
        if (run.Dataset is { } dataset) Row("Dataset", dataset);
        if (run.Command is { } command) Row("Command", command);
        foreach (var (name, value) in run.Options) Row(name, value);
        Row("Created", run.Created.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        h.Append("</table>\n");

        if (figures.Count > 0)
        {
            h.Append("<h2>Figures</h2>\n<div class=\"figures\">\n");
            for (var i = 0; i < figures.Count; i++)
            {
                var f = figures[i];
                h.Append("<figure id=\"figure-").Append(E(f.Name)).Append("\">\n").Append(InlineSvg(f.ToSvg(), $"f{i}-", f.Width, f.Height))
                 .Append("\n<figcaption>").Append(E(f.Title)).Append("</figcaption>\n</figure>\n");
            }
            h.Append("</div>\n");
        }

        h.Append("<h2>Tables</h2>\n");
        foreach (var (caption, table) in report.Tables()) AppendTable(h, caption, table);

        h.Append("<h2>Versions</h2>\n<table class=\"kv\">\n");
        foreach (var (name, value) in RunDescription.Versions()) Row(name, value);
        h.Append("</table>\n</body>\n</html>\n");
        return h.ToString();

        void Row(string name, string value) => h.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
    }

    /// <summary>
    /// Writes <see cref="Render"/>'s page to <paramref name="path"/>. An existing file is replaced only when
    /// <paramref name="overwrite"/> is true; otherwise <see cref="IOException"/> names it.
    /// </summary>
    public static void Save(SymmetryReport report, string path, RunDescription? run = null, IReadOnlyList<ReportFigure>? figures = null, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && !overwrite) throw new IOException($"'{Path.GetFullPath(path)}' already exists; pass overwrite: true (the CLI's --force) to replace it.");
        File.WriteAllText(path, Render(report, run, figures), new UTF8Encoding(false));
    }

    private static void AppendTable(StringBuilder h, string caption, DataFrame table)
    {
        h.Append("<div class=\"table\"><table class=\"data\">\n<caption>").Append(E(caption)).Append("</caption>\n<thead><tr>");
        foreach (var c in table.Columns) h.Append("<th>").Append(E(c.Name)).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        for (long r = 0; r < table.Rows.Count; r++)
        {
            h.Append("<tr>");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var v = table[r, c];
                h.Append(v is string ? "<td class=\"text\">" : "<td>").Append(E(SymmetryReport.FormatValue(v))).Append("</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody></table></div>\n");
    }

    // Several SVGs in one page share one id space: prefix each figure's ids (clip paths) and the references to them.
    // The XML declaration goes, and a viewBox lets the figure scale to the page width.
    internal static string InlineSvg(string svg, string prefix, int width, int height)
    {
        svg = XmlDeclaration().Replace(svg, "");
        svg = IdAttribute().Replace(svg, m => $"id=\"{prefix}{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        svg = HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
        var root = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (root >= 0 && !svg.AsSpan(root, Math.Min(400, svg.Length - root)).Contains("viewBox", StringComparison.Ordinal))
            svg = svg.Insert(root + 4, string.Create(CultureInfo.InvariantCulture, $" viewBox=\"0 0 {width} {height}\" role=\"img\""));
        return svg.Trim();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    [GeneratedRegex(@"<\?xml[^>]*\?>")] private static partial Regex XmlDeclaration();
    [GeneratedRegex("\\bid=\"([^\"]+)\"")] private static partial Regex IdAttribute();
    [GeneratedRegex(@"url\(#([^)]+)\)")] private static partial Regex UrlReference();
    [GeneratedRegex("\\b((?:xlink:)?href)=\"#([^\"]+)\"")] private static partial Regex HrefReference();

    private const string Css = """
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; background: #fff; }
        h1 { font-size: 1.6em; margin-bottom: .3em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; }
        dl.key { display: flex; flex-wrap: wrap; gap: .8em; margin: .8em 0; }
        dl.key div { border: 1px solid #cfd8e3; border-radius: 6px; padding: .5em .9em; background: #f5f8fc; }
        dl.key dt { font-size: .8em; color: #555; } dl.key dd { margin: 0; font-size: 1.5em; font-weight: 600; }
        p.summary { line-height: 1.45; }
        table { border-collapse: collapse; margin: .5em 0 1.2em; font-size: .9em; }
        th, td { border: 1px solid #ddd; padding: .25em .6em; }
        table.data td { text-align: right; font-variant-numeric: tabular-nums; } table.data td.text { text-align: left; }
        table.data thead th { background: #f0f3f7; } table.kv th { text-align: left; background: #f7f7f7; font-weight: 600; }
        caption { text-align: left; font-weight: 600; padding: .3em 0; }
        div.table { overflow-x: auto; }
        .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 1em; }
        figure { margin: 0; border: 1px solid #eee; padding: .4em; } figure svg { width: 100%; height: auto; display: block; } figure svg image { image-rendering: pixelated; }
        figcaption { font-size: .85em; color: #555; text-align: center; }

        """;
}
