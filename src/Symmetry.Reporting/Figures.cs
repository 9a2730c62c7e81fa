using ScottPlot;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>Shared styling of the report figures.</summary>
internal static class Figures
{
    /// <summary>Series colours (the matplotlib "tab10" hues physicists are used to).</summary>
    public static readonly Color Blue = Color.FromHex("#1f77b4"), Orange = Color.FromHex("#ff7f0e"), Green = Color.FromHex("#2ca02c"),
        Red = Color.FromHex("#d62728"), Purple = Color.FromHex("#9467bd"), Gray = Color.FromHex("#7f7f7f");

    /// <summary>A plot with a sans-serif font, a title and both axis labels.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(SansFont.Value);
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        return plot;
    }

    // ScottPlot's own choice on Debian is DejaVu Serif; prefer a common sans-serif family the machine has.
    private static readonly Lazy<string> SansFont = new(() =>
    {
        var families = SkiaSharp.SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }.FirstOrDefault(families.Contains) ?? Fonts.Default;
    });

    /// <summary>Integer tick labels at 0-based or 1-based positions.</summary>
    public static void IntegerTicks(IAxis axis, int first, int last)
    {
        var step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 12.0)); // at most about 12 labels
        var positions = Enumerable.Range(0, (last - first) / step + 1).Select(i => (double)(first + i * step)).ToArray();
        axis.SetTicks(positions, positions.Select(p => ((int)p).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Every loss term of <paramref name="history"/> per epoch (log10), "total" drawn thicker.</summary>
    public static ReportFigure TrainingCurves(string name, IReadOnlyList<EpochLosses> history, string? title = null)
    {
        var plot = New("Training curves", "Epoch", "Loss term (log10)");
        var labels = new List<string>();
        var names = history.Count == 0 ? [] : history[0].Losses.Keys.ToArray();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        Color[] colors = [Blue, Orange, Green, Red, Purple, Gray];
        for (var t = 0; t < names.Length; t++)
        {
            var term = names[t];
            var values = history.Select(e => e.Losses.TryGetValue(term, out var v) && v > 0 && double.IsFinite(v) ? Math.Log10(v) : double.NaN).ToArray();
            if (!values.Any(double.IsFinite)) continue;
            var line = plot.Add.ScatterLine(epochs, values, colors[t % colors.Length]);
            line.LineWidth = term == "total" ? 2.5f : 1.5f;
            line.LinePattern = t < colors.Length ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = term;
            labels.Add(term);
        }
        if (epochs.Length is > 0 and <= 20) IntegerTicks(plot.Axes.Bottom, (int)epochs.Min(), (int)epochs.Max());
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(name, title ?? "Loss terms per epoch, log10", plot, labels, width: 860);
    }

    /// <summary>A colour scale for a <see cref="ScottPlot.Panels.ColorBar"/> that is not a heatmap's.</summary>
    public sealed class ValueScale(IColormap colormap, double min, double max) : IHasColorAxis
    {
        public IColormap Colormap { get; set; } = colormap;
        public ScottPlot.Range GetRange() => new(min, max);
    }
}
