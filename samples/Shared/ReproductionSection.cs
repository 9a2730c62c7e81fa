// Shared by the samples (linked into each project): writes one "## Paper …" section of docs/reproduction.md,
// replacing the section with the same heading (up to the next "## " or "### " heading) in place on a rerun and appending it otherwise.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML.Symmetry;

namespace Symmetry.Samples;

internal static class ReproductionSection
{
    /// <summary>
    /// What every sample does first: invariant culture (the tables are written with '.' decimals), libtorch loaded
    /// and one thread; returns --quick, whether to record (no --no-record), the output path and a started clock.
    /// </summary>
    public static (bool Quick, bool Record, string Output, Stopwatch Clock) Start(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        SymmetryTorch.EnsureAvailable();
        TorchSharp.torch.set_num_threads(1);
        return (args.Contains("--quick"), !args.Contains("--no-record"), OutputPath(args), Stopwatch.StartNew());
    }

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
            // A section ends at the next heading of level 2 or 3: hand-written "### " subsections after it survive a rerun.
            var next = NextHeading(text, start + heading.Length);
            text = text[..start] + body + (next < 0 ? "" : "\n" + text[(next + 1)..]);
        }
        File.WriteAllText(full, text);
        Console.WriteLine($"section written to {full}");
    }

    private static int NextHeading(string text, int from)
    {
        var two = text.IndexOf("\n## ", from, StringComparison.Ordinal);
        var three = text.IndexOf("\n### ", from, StringComparison.Ordinal);
        return two < 0 ? three : three < 0 ? two : Math.Min(two, three);
    }

    /// <summary>docs/reproduction.md of the repository, or the path after <c>--output</c>.</summary>
    public static string OutputPath(string[] args)
    {
        var i = Array.IndexOf(args, "--output");
        return i >= 0 && i + 1 < args.Length ? args[i + 1]
            : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "reproduction.md");
    }
}
