using ScottPlot;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>The file formats <see cref="ReportFigure"/> and <see cref="ReportPlots"/> write.</summary>
[Flags]
public enum PlotFormats
{
    /// <summary>Scalable vector graphics (text stays text: labels can be searched and read by tools).</summary>
    Svg = 1,
    /// <summary>A PNG bitmap of <see cref="ReportFigure.Width"/> × <see cref="ReportFigure.Height"/> pixels.</summary>
    Png = 2,
    /// <summary>Both SVG and PNG.</summary>
    Both = Svg | Png,
}

/// <summary>
/// One named figure of a report: a ScottPlot <see cref="Plot"/> (which a caller may restyle before saving) with a
/// file-name stem, a title, a size and the labels of its data series as they appear in the legend.
/// </summary>
public sealed class ReportFigure
{
    /// <summary>Creates a figure.</summary>
    /// <param name="name">File-name stem, lower case with dashes (e.g. <c>relevance-by-rank</c>).</param>
    /// <param name="title">A one-line caption.</param>
    /// <param name="plot">The plot.</param>
    /// <param name="seriesLabels">The legend label of each data series (empty where a figure has no legend).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public ReportFigure(string name, string title, Plot plot, IReadOnlyList<string> seriesLabels, int width = 720, int height = 460)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(seriesLabels);
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"A figure name is a file-name stem of letters, digits, '-' and '_'; got '{name}'.", nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        Name = name;
        Title = title;
        Plot = plot;
        SeriesLabels = seriesLabels;
        Width = width;
        Height = height;
    }

    /// <summary>File-name stem, unique within a report's figures.</summary>
    public string Name { get; }

    /// <summary>A one-line caption.</summary>
    public string Title { get; }

    /// <summary>The ScottPlot plot (restyle it freely; every render reads its current state).</summary>
    public Plot Plot { get; }

    /// <summary>The legend label of each data series, in drawing order.</summary>
    public IReadOnlyList<string> SeriesLabels { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The figure as an SVG document.</summary>
    public string ToSvg()
    {
        // Heatmaps are embedded bitmaps of one pixel per cell: a viewer must not blur them when scaling.
        lock (Plot) return Plot.GetSvgXml(Width, Height).Replace("<image ", "<image style=\"image-rendering:pixelated\" ", StringComparison.Ordinal);
    }

    /// <summary>The figure as PNG bytes.</summary>
    public byte[] ToPng()
    {
        lock (Plot) return Plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The path <see cref="Save"/> writes for <paramref name="format"/> (one of Svg, Png) in <paramref name="directory"/>.</summary>
    public string PathIn(string directory, PlotFormats format) => Path.Combine(directory, Name + format switch
    {
        PlotFormats.Svg => ".svg",
        PlotFormats.Png => ".png",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Pass PlotFormats.Svg or PlotFormats.Png."),
    });

    /// <summary>
    /// Writes the figure as <c>Name.svg</c> and/or <c>Name.png</c> in <paramref name="directory"/> (created when missing)
    /// and returns the paths. An existing file is replaced only when <paramref name="overwrite"/> is true; otherwise
    /// <see cref="IOException"/> names it and nothing is written.
    /// </summary>
    public IReadOnlyList<string> Save(string directory, PlotFormats formats = PlotFormats.Both, bool overwrite = false) =>
        ReportPlots.SavePlots([this], directory, formats, overwrite);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Title}";
}
