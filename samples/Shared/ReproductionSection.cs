// Shared by the samples (linked into each project): writes one "## Paper …" section of docs/reproduction.md,
// replacing the section with the same heading in place on a rerun and appending it otherwise.
using System.Text;

namespace Symmetry.Samples;

internal static class ReproductionSection
{
    /// <summary>Replaces (or appends) the section whose first line is <paramref name="section"/>'s first line.</summary>
    public static void Write(string path, StringBuilder section)
    {
        var full = Path.GetFullPath(path);
        var text = File.Exists(full) ? File.ReadAllText(full) : "";
        var body = section.ToString();
        var heading = body.Split('\n')[0].TrimEnd();
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0) text = text.TrimEnd('\n') + (text.Length > 0 ? "\n\n" : "") + body;
        else
        {
            var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            text = text[..start] + body + (next < 0 ? "" : "\n" + text[(next + 1)..]);
        }
        File.WriteAllText(full, text);
        Console.WriteLine($"section written to {full}");
    }

    /// <summary>docs/reproduction.md of the repository, or the path after <c>--output</c>.</summary>
    public static string OutputPath(string[] args)
    {
        var i = Array.IndexOf(args, "--output");
        return i >= 0 && i + 1 < args.Length ? args[i + 1]
            : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "reproduction.md");
    }
}
