using System.Globalization;
using System.Numerics;
using ScottPlot;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// The figures of a <see cref="LieDetectorReport"/> (Gabel, Quax, Gavves): the generator's coefficients (with the truth when
/// known), its cosine with each canonical generator, its flow on the image, the histogram of predicted magnitudes and
/// the training curves.
/// </summary>
public static class LieDetectorPlots
{
    /// <summary>Name of the coefficient bar chart.</summary>
    public const string Coefficients = "detector-coefficients";
    /// <summary>Name of the canonical-generator cosines.</summary>
    public const string Canonical = "detector-canonical";
    /// <summary>Name of the flow-field figure.</summary>
    public const string Flow = "detector-flow";
    /// <summary>Name of the magnitude histogram.</summary>
    public const string Magnitudes = "detector-magnitudes";
    /// <summary>Name of the training-curves figure.</summary>
    public const string TrainingCurves = "detector-training-curves";

    /// <summary>The figure names, in the order <see cref="Plots"/> returns them.</summary>
    public static IReadOnlyList<string> FigureNames { get; } = [Coefficients, Canonical, Flow, Magnitudes, TrainingCurves];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The report's figures.</summary>
    public static IReadOnlyList<ReportFigure> Plots(this LieDetectorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            CoefficientFigure(report), CanonicalFigure(report), FlowFigure(report), MagnitudeFigure(report),
            Figures.TrainingCurves(TrainingCurves, report.History),
        ];
    }

    /// <summary>The normalised coefficient of each basis term (bars), and the normalised truth (diamonds, sign aligned) when known.</summary>
    public static ReportFigure CoefficientFigure(LieDetectorReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = r.TermNames.Count;
        var plot = Figures.New("Generator coefficients", "Term", "Normalised coefficient");
        plot.Add.Bars(r.CoefficientVector.Select((v, i) => new Bar { Position = i, Value = v, Size = 0.7, LineWidth = 0, FillColor = Figures.Blue }).ToList());
        var labels = new List<string> { "learned" };
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "learned", FillColor = Figures.Blue });
        if (r.TrueCoefficients is { } truth)
        {
            var norm = Math.Sqrt(truth.Sum(v => v * v));
            var sign = r.TruthCosine < 0 ? -1 : 1;
            var marks = plot.Add.Markers(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), truth.Select(v => sign * v / norm).ToArray(),
                                         MarkerShape.FilledDiamond, 10, Figures.Orange);
            marks.LegendText = "truth (sign of t aligned)";
            labels.Add(marks.LegendText);
        }
        plot.Add.HorizontalLine(0, 1, Figures.Gray);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), r.TermNames.ToArray());
        plot.Axes.SetLimits(-0.6, n - 0.4, -1.05, 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        return new ReportFigure(Coefficients, "Normalised coefficients a/‖a‖ of G = Σ aᵢ Dᵢ (pixel coordinates, y down)", plot, labels);
    }

    /// <summary>|cosine| of the learned coefficients with each canonical generator, best first.</summary>
    public static ReportFigure CanonicalFigure(LieDetectorReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var matches = r.CanonicalMatches;
        var plot = Figures.New("Closest canonical generator", "Generator", "|cosine|");
        plot.Add.Bars(matches.Select((m, i) => new Bar
        {
            Position = i, Value = m.Cosine, Size = 0.7, LineWidth = 0, FillColor = i == 0 ? Figures.Blue : Figures.Gray,
        }).ToList());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, matches.Count).Select(i => (double)i).ToArray(), matches.Select(m => m.Name).ToArray());
        plot.Axes.SetLimits(-0.6, matches.Count - 0.4, 0, 1.05);
        return new ReportFigure(Canonical, string.Create(C, $"|cosine| with each canonical generator (closest: {r.ClosestGenerator.Name}, {r.ClosestGenerator.Cosine:F3})"),
                                plot, matches.Select(m => m.Name).ToArray(), width: Math.Max(720, 130 * matches.Count));
    }

    /// <summary>
    /// The direction image content moves under exp(tG) for t &gt; 0, −(u, v), at a 13 × 13 grid over the image,
    /// drawn with y up (rows counted from the bottom) so the picture looks like the image.
    /// </summary>
    public static ReportFigure FlowFigure(LieDetectorReport r, int grid = 13)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentOutOfRangeException.ThrowIfLessThan(grid, 2);
        double h = r.ImageHeight, w = r.ImageWidth;
        var raw = new List<(double X, double Y, double U, double V)>();
        var longest = 0.0;
        for (var i = 0; i < grid; i++)
            for (var j = 0; j < grid; j++)
            {
                var x = -(w - 1) / 2 + (w - 1) * j / (grid - 1);
                var y = -(h - 1) / 2 + (h - 1) * i / (grid - 1);
                var (u, v) = r.Velocity(x, y);
                // Content moves along −(u, v) in (x right, y down); the plot's y is up.
                raw.Add((x, -y, -u, v));
                longest = Math.Max(longest, Math.Sqrt(u * u + v * v));
            }
        var cell = Math.Min(w, h) / (grid - 1);
        var scale = longest > 0 ? 0.9 * cell / longest : 0;
        var plot = Figures.New("Flow of the learned generator", "x (pixels from the centre)", "y (pixels from the centre, up)");
        var field = plot.Add.VectorField(raw.Select(p => new RootedCoordinateVector(new Coordinates(p.X, p.Y), new Vector2((float)(p.U * scale), (float)(p.V * scale)))).ToList());
        field.Colormap = null;
        field.ArrowStyle.LineStyle.Color = Figures.Blue;
        field.LegendText = "motion of image content for t > 0";
        plot.Axes.SetLimits(-w / 2, w / 2, -h / 2, h / 2);
        plot.Axes.SquareUnits();
        return new ReportFigure(Flow, string.Create(C, $"Flow of G on the {r.ImageWidth} × {r.ImageHeight} image (arrows scaled to the grid)"), plot, [field.LegendText], width: 560, height: 560);
    }

    /// <summary>The histogram of predicted magnitudes t on the evaluation pairs.</summary>
    public static ReportFigure MagnitudeFigure(LieDetectorReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = Figures.New("Predicted magnitudes", "t", "Pairs");
        plot.Add.Bars(r.Histogram.Select(b => new Bar
        {
            Position = (b.Low + b.High) / 2, Value = b.Count, Size = Math.Max(b.High - b.Low, 1e-12) * 0.95, LineWidth = 0, FillColor = Figures.Blue,
        }).ToList());
        var label = string.Create(C, $"{r.EvaluationPairs} {(r.HeldOut ? "held-out" : "training")} pairs");
        if (r.Spearman is { } s) label += string.Create(C, $"; Spearman with the true t {s:F3}");
        return new ReportFigure(Magnitudes, "Histogram of the t-network's magnitudes (" + label + ")", plot, [label]);
    }
}
