using ScottPlot;

namespace Symmetry.Reporting;

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

    /// <summary>A colour scale for a <see cref="ScottPlot.Panels.ColorBar"/> that is not a heatmap's.</summary>
    public sealed class ValueScale(IColormap colormap, double min, double max) : IHasColorAxis
    {
        public IColormap Colormap { get; set; } = colormap;
        public ScottPlot.Range GetRange() => new(min, max);
    }
}
