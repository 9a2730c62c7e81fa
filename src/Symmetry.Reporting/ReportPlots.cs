using System.Collections.Concurrent;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// The plots of every kind of <see cref="SymmetryReport"/>: <c>report.Plots()</c> returns its named figures,
/// <c>report.SavePlots(directory)</c> writes them. A report type gets plots by one <see cref="Register{TReport}"/> call
/// (the built-in ones are registered here; see docs/plots.md for adding a method's figures).
/// </summary>
public static class ReportPlots
{
    private sealed record Entry(Func<SymmetryReport, IReadOnlyList<ReportFigure>> Plots);

    private static readonly ConcurrentDictionary<Type, Entry> Entries = new();

    static ReportPlots()
    {
        Register<RelevanceReport>(r => RelevancePlots.Plots(r));
        Register<OracleFlowsReport>(r => OracleFlowsPlots.Plots(r));
        Register<Microsoft.ML.Symmetry.LieDetectorReport>(r => LieDetectorPlots.Plots(r));
        Register<LatentLieGanReport>(r => LatentLieGanPlots.Plots(r));
    }

    /// <summary>Registers the figures of reports of type <typeparamref name="TReport"/>, replacing an earlier registration for that type.</summary>
    public static void Register<TReport>(Func<TReport, IReadOnlyList<ReportFigure>> plots)
        where TReport : SymmetryReport
    {
        ArgumentNullException.ThrowIfNull(plots);
        Entries[typeof(TReport)] = new Entry(r => plots((TReport)r));
    }

    /// <summary>Whether figures are registered for the report's type.</summary>
    public static bool HasPlots(this SymmetryReport report) => Find(report) is not null;

    /// <summary>
    /// The report's named figures (for a <see cref="RelevanceReport"/> without latent codes: every figure but the latent
    /// scatter; see <see cref="RelevancePlots.Plots(LatentRelevanceTransformer, Microsoft.ML.IDataView, int)"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">No figures are registered for the report's type.</exception>
    public static IReadOnlyList<ReportFigure> Plots(this SymmetryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var entry = Find(report) ?? throw new NotSupportedException($"No plots are registered for {report.GetType().Name} ({report.Method}); call ReportPlots.Register first.");
        return entry.Plots(report);
    }

    /// <summary>
    /// Writes the report's figures to <paramref name="directory"/> (created when missing) as <c>name.svg</c> and/or
    /// <c>name.png</c> and returns the paths. Existing files are replaced only when <paramref name="overwrite"/> is
    /// true; otherwise <see cref="IOException"/> names the first one and nothing is written.
    /// </summary>
    public static IReadOnlyList<string> SavePlots(this SymmetryReport report, string directory, PlotFormats formats = PlotFormats.Both, bool overwrite = false) =>
        SavePlots(report.Plots(), directory, formats, overwrite);

    /// <summary>Writes <paramref name="figures"/> as <see cref="SavePlots(SymmetryReport, string, PlotFormats, bool)"/> does.</summary>
    public static IReadOnlyList<string> SavePlots(this IEnumerable<ReportFigure> figures, string directory, PlotFormats formats = PlotFormats.Both, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if ((formats & PlotFormats.Both) == 0 || (formats & ~PlotFormats.Both) != 0)
            throw new ArgumentOutOfRangeException(nameof(formats), formats, "Pass PlotFormats.Svg, PlotFormats.Png or both.");
        if (File.Exists(directory)) throw new IOException($"'{directory}' is a file, not a folder for plots.");
        var list = figures.ToArray();
        var duplicate = list.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two figures are named '{duplicate.Key}'.", nameof(figures));
        var jobs = list.SelectMany(f => new[] { PlotFormats.Svg, PlotFormats.Png }.Where(x => formats.HasFlag(x)).Select(x => (Figure: f, Format: x, Path: f.PathIn(directory, x)))).ToArray();
        if (!overwrite && jobs.FirstOrDefault(j => File.Exists(j.Path)) is { Path: { } existing })
            throw new IOException($"'{Path.GetFullPath(existing)}' already exists; pass overwrite: true (the CLI's --force) to replace it.");
        Directory.CreateDirectory(directory);
        foreach (var (figure, format, path) in jobs)
        {
            if (format == PlotFormats.Svg) File.WriteAllText(path, figure.ToSvg());
            else File.WriteAllBytes(path, figure.ToPng());
        }
        return jobs.Select(j => j.Path).ToArray();
    }

    private static Entry? Find(SymmetryReport report)
    {
        for (var t = report.GetType(); t is not null && t != typeof(SymmetryReport); t = t.BaseType)
            if (Entries.TryGetValue(t, out var e)) return e;
        return null;
    }
}
