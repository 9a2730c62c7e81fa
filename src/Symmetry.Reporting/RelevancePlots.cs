using System.Globalization;
using ScottPlot;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// The figures of a <see cref="RelevanceReport"/> (Sanz's Figs. 3–7): relevance by rank with the run spread,
/// the histogram of per-run dimensions, the latent-feature correlation heatmap, the two most relevant latents as a
/// scatter coloured by the most correlated feature (needs latent codes), the training curves and, when the fit scanned
/// β, the relevance count against β.
/// </summary>
public static class RelevancePlots
{
    /// <summary>Name of the relevance-by-rank figure.</summary>
    public const string RelevanceByRank = "relevance-by-rank";
    /// <summary>Name of the per-run dimension histogram.</summary>
    public const string DimensionHistogram = "dimension-histogram";
    /// <summary>Name of the latent-feature correlation heatmap.</summary>
    public const string Correlations = "latent-feature-correlations";
    /// <summary>Name of the scatter of the two most relevant latents.</summary>
    public const string LatentScatter = "latent-scatter";
    /// <summary>Name of the training-curves figure.</summary>
    public const string TrainingCurves = "training-curves";
    /// <summary>Name of the β-scan figure (relevance count against β).</summary>
    public const string BetaScan = "beta-scan";

    /// <summary>
    /// Every figure name, in the order <see cref="Plots(RelevanceReport, LatentSample?)"/> returns them (the latent
    /// scatter only with latent codes, the β scan only when the report has one).
    /// </summary>
    public static IReadOnlyList<string> FigureNames { get; } = [RelevanceByRank, DimensionHistogram, Correlations, LatentScatter, TrainingCurves, BetaScan];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// The report's figures; the latent scatter is included when <paramref name="sample"/> is given (the report itself
    /// keeps no latent codes: use <see cref="Plots(LatentRelevanceTransformer, IDataView, int)"/> or
    /// <see cref="LatentSample.FromTransform"/>).
    /// </summary>
    public static IReadOnlyList<ReportFigure> Plots(this RelevanceReport report, LatentSample? sample = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var figures = new List<ReportFigure> { RelevanceFigure(report), HistogramFigure(report), CorrelationFigure(report) };
        if (sample is { Count: > 0 }) figures.Add(ScatterFigure(report, sample));
        figures.Add(TrainingFigure(report));
        if (report.BetaScan.Count > 0) figures.Add(BetaScanFigure(report));
        return figures;
    }

    /// <summary>Every figure of the transformer's report, the latent scatter drawn from the first <paramref name="maxRows"/> rows of <paramref name="data"/>.</summary>
    public static IReadOnlyList<ReportFigure> Plots(this LatentRelevanceTransformer transformer, IDataView data, int maxRows = 2000)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return transformer.Report.Plots(LatentSample.FromTransform(transformer, data, maxRows));
    }

    /// <summary>Relevance of each rank: every run's value (dots), mean ± std (error bars), the median profile and the dimension cut.</summary>
    public static ReportFigure RelevanceFigure(RelevanceReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var latent = r.Relevance.Count;
        var ranks = Enumerable.Range(1, latent).Select(k => (double)k).ToArray();
        var plot = Figures.New($"Relevance by rank ({r.Runs} run{(r.Runs == 1 ? "" : "s")})", "Latent rank", "Relevance");
        var labels = new List<string>();

        var xs = new List<double>();
        var ys = new List<double>();
        for (var run = 0; run < r.Runs; run++)
        {
            var offset = r.Runs > 1 ? (run - (r.Runs - 1) / 2.0) * 0.3 / r.Runs : 0; // spread the dots so equal values stay visible
            for (var k = 0; k < latent; k++) { xs.Add(k + 1 + offset); ys.Add(r.PerRunRelevance[run][k]); }
        }
        var dots = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), Figures.Gray.WithAlpha(0.55));
        dots.MarkerSize = 5;
        dots.LegendText = $"each run ({r.Runs})";
        labels.Add(dots.LegendText);

        var errors = plot.Add.ErrorBar(ranks, r.RelevanceMean.ToArray(), r.RelevanceStd.ToArray());
        errors.Color = Figures.Orange;
        errors.LineWidth = 2;
        errors.CapSize = 8;
        errors.LegendText = "mean ± std over runs";
        labels.Add(errors.LegendText);

        var median = plot.Add.Scatter(ranks, r.Relevance.ToArray(), Figures.Blue);
        median.LineWidth = 2;
        median.MarkerSize = 8;
        median.LegendText = "median (gives the dimension)";
        labels.Add(median.LegendText);

        var cut = plot.Add.VerticalLine(r.IntrinsicDimension + 0.5, 1.5f, Figures.Red, LinePattern.Dashed);
        cut.LegendText = $"intrinsic dimension {r.IntrinsicDimension}";
        labels.Add(cut.LegendText);
        if (r.RelevanceThreshold is { } t)
        {
            var line = plot.Add.HorizontalLine(t, 1, Figures.Purple, LinePattern.Dotted);
            line.LegendText = string.Create(C, $"threshold {t:G3}");
            labels.Add(line.LegendText);
        }

        Figures.IntegerTicks(plot.Axes.Bottom, 1, latent);
        var top = Math.Max(ys.DefaultIfEmpty(0).Max(), r.RelevanceMean.Zip(r.RelevanceStd, (m, s) => m + s).Max());
        if (!(top > 0) || double.IsInfinity(top)) top = 1;
        plot.Axes.SetLimits(0.4, latent + 0.6, -0.03 * top, 1.1 * top);
        plot.ShowLegend(Alignment.UpperRight);
        return new ReportFigure(RelevanceByRank, "Relevance of each latent rank: every run, mean ± std and the median profile", plot, labels);
    }

    /// <summary>How many runs gave each dimension; the bar of the median profile's dimension is highlighted.</summary>
    public static ReportFigure HistogramFigure(RelevanceReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = Figures.New("Intrinsic dimension of each run", "Dimension", "Runs");
        var bars = r.DimensionHistogram.Select((n, d) => new Bar
        {
            Position = d, Value = n, Size = 0.8,
            FillColor = d == r.IntrinsicDimension ? Figures.Orange : Figures.Blue,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        string[] labels = ["runs", $"dimension of the median profile ({r.IntrinsicDimension})"];
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels[0], FillColor = Figures.Blue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels[1], FillColor = Figures.Orange });
        Figures.IntegerTicks(plot.Axes.Bottom, 0, r.DimensionHistogram.Count - 1);
        var most = Math.Max(1, r.DimensionHistogram.Max());
        Figures.IntegerTicks(plot.Axes.Left, 0, most);
        plot.Axes.SetLimits(-0.6, r.DimensionHistogram.Count - 0.4, 0, most * 1.25);
        plot.ShowLegend(Alignment.UpperRight);
        return new ReportFigure(DimensionHistogram, "Histogram of the dimension each run's own relevance profile gives", plot, labels);
    }

    /// <summary>Pearson correlation of each latent rank (rows, rank 1 on top) with each feature (columns), values written in the cells.</summary>
    public static ReportFigure CorrelationFigure(RelevanceReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var latent = r.Correlations.Count;
        var d = r.FeatureNames.Count;
        var cells = new double[latent, d];
        for (var k = 0; k < latent; k++)
            for (var f = 0; f < d; f++) cells[k, f] = double.IsFinite(r.Correlations[k][f]) ? r.Correlations[k][f] : double.NaN;
        var plot = Figures.New("Correlation of each latent with each feature (kept run)", "Feature", "Latent rank");
        var map = plot.Add.Heatmap(cells);
        map.Colormap = new ScottPlot.Colormaps.Balance();
        map.ManualRange = new ScottPlot.Range(-1, 1);
        // Cell edges (row 0, rank 1, is drawn at the top): cell (k, f) is centred on (f, latent - 1 - k).
        map.Rectangle = new CoordinateRect(-0.5, d - 0.5, -0.5, latent - 0.5);
        var bar = plot.Add.ColorBar(map);
        bar.Label = "Pearson r";
        if (latent * d <= 144)
        {
            for (var k = 0; k < latent; k++)
                for (var f = 0; f < d; f++)
                {
                    var v = cells[k, f];
                    var text = plot.Add.Text(double.IsNaN(v) ? "–" : v.ToString("0.00", C), f, latent - 1 - k);
                    text.LabelFontSize = latent * d <= 48 ? 13 : 10;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = Math.Abs(v) > 0.55 ? Colors.White : Colors.Black;
                }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, d).Select(f => (double)f).ToArray(), r.FeatureNames.ToArray());
        if (d > 8) plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        if (d > 8) plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, latent).Select(k => (double)(latent - 1 - k)).ToArray(),
                                Enumerable.Range(1, latent).Select(k => k.ToString(C)).ToArray());
        plot.Axes.SetLimits(-0.5, d - 0.5, -0.5, latent - 0.5);
        return new ReportFigure(Correlations, "Pearson correlation of each latent rank with each input feature", plot, ["Pearson r"]);
    }

    /// <summary>
    /// The two most relevant latents of the sampled rows, coloured by the feature most correlated with either
    /// (with one latent: that latent against the feature).
    /// </summary>
    public static ReportFigure ScatterFigure(RelevanceReport r, LatentSample sample)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0) throw new ArgumentException("The sample has no rows.", nameof(sample));
        var latent = r.Relevance.Count;
        var d = r.FeatureNames.Count;
        if (sample.Latents[0].Length != latent || sample.Features[0].Length != d)
            throw new ArgumentException($"The sample has {sample.Latents[0].Length} latents and {sample.Features[0].Length} features; the report has {latent} and {d}.", nameof(sample));
        var ranks = Math.Min(2, latent);
        var feature = Enumerable.Range(0, d).MaxBy(f => Enumerable.Range(0, ranks).Max(k => Abs(r.Correlations[k][f])));
        var name = r.FeatureNames[feature];
        var rows = Enumerable.Range(0, sample.Count).Where(i => double.IsFinite(sample.Features[i][feature]) && sample.Latents[i].Take(ranks).All(double.IsFinite)).ToArray();
        double X(int i) => sample.Latents[i][0];
        double Y(int i) => ranks == 2 ? sample.Latents[i][1] : sample.Features[i][feature];
        var values = rows.Select(i => sample.Features[i][feature]).ToArray();
        var (min, max) = values.Length > 0 ? (values.Min(), values.Max()) : (0.0, 1.0);
        if (!(max > min)) max = min + 1;

        var title = ranks == 2 ? $"Latent ranks 1 and 2, coloured by {name}" : $"Latent rank 1 against {name}";
        var plot = Figures.New(title, "Latent rank 1", ranks == 2 ? "Latent rank 2" : name);
        IColormap colormap = new ScottPlot.Colormaps.Viridis();
        const int Bins = 24; // one marker series per colour band keeps the SVG small
        for (var b = 0; b < Bins; b++)
        {
            var band = rows.Where(i => Math.Min(Bins - 1, (int)((sample.Features[i][feature] - min) / (max - min) * Bins)) == b).ToArray();
            if (band.Length == 0) continue;
            plot.Add.Markers(band.Select(X).ToArray(), band.Select(Y).ToArray(), MarkerShape.FilledCircle, 4, colormap.GetColor((b + 0.5) / Bins).WithAlpha(0.8));
        }
        var bar = plot.Add.ColorBar(new Figures.ValueScale(colormap, min, max));
        bar.Label = name;
        return new ReportFigure(LatentScatter, $"{title} ({rows.Length} rows)", plot, [name]);

        static double Abs(double v) => double.IsFinite(v) ? Math.Abs(v) : 0;
    }

    /// <summary>
    /// The relevance count against β on a logarithmic β axis (ticks at the scanned values): each run's count (grey
    /// dots), the median profile's count (blue line) and the stable range shaded. Needs a report with a β scan.
    /// </summary>
    public static ReportFigure BetaScanFigure(RelevanceReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.BetaScan.Count == 0)
            throw new ArgumentException("The report has no β scan; set LatentRelevanceEstimator.Options.BetaScan (the CLI's --beta-scan).", nameof(r));
        var scan = r.BetaScan;
        var logs = scan.Select(p => Math.Log10(p.Beta)).ToArray();
        var plot = Figures.New("Relevance count against β", "β (log scale)", "Relevant latents");
        var labels = new List<string>();
        if (r.StableBetaRange is { } s)
        {
            // Half a step beyond the range's end values (or 0.1 decade for one value's range) so the shading shows its ends.
            var pad = logs.Length > 1 ? 0.5 * (logs[^1] - logs[0]) / (logs.Length - 1) : 0.1;
            var span = plot.Add.HorizontalSpan(Math.Log10(s.LowBeta) - pad, Math.Log10(s.HighBeta) + pad);
            span.FillStyle.Color = Figures.Green.WithAlpha(0.15);
            span.LineStyle.Width = 0;
            span.LegendText = string.Create(C, $"stable: {s.IntrinsicDimension} for β {s.LowBeta:G3} … {s.HighBeta:G3}");
            labels.Add(span.LegendText);
        }
        var runs = r.Runs;
        var step = logs.Length > 1 ? logs.Zip(logs.Skip(1), (a, b) => b - a).Min() : 1;
        var xs = new List<double>();
        var ys = new List<double>();
        for (var k = 0; k < scan.Count; k++)
            for (var run = 0; run < scan[k].PerRunDimension.Count; run++)
            {
                // Equal counts of several runs would hide each other: spread them a little along β.
                var offset = runs > 1 ? (run - (runs - 1) / 2.0) / runs * 0.3 * step : 0;
                xs.Add(logs[k] + offset);
                ys.Add(scan[k].PerRunDimension[run]);
            }
        var dots = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), Figures.Gray.WithAlpha(0.6));
        dots.MarkerSize = 5;
        dots.LegendText = $"each run ({runs})";
        labels.Add(dots.LegendText);
        var line = plot.Add.Scatter(logs, scan.Select(p => (double)p.IntrinsicDimension).ToArray(), Figures.Blue);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = "median profile's count";
        labels.Add(line.LegendText);
        plot.Axes.Bottom.SetTicks(logs, scan.Select(p => p.Beta.ToString("G3", C)).ToArray());
        var top = Math.Max(1, scan.Max(p => p.PerRunDimension.DefaultIfEmpty(0).Max()));
        Figures.IntegerTicks(plot.Axes.Left, 0, Math.Max(top, r.Relevance.Count));
        var width = logs.Length > 1 ? logs[^1] - logs[0] : 1;
        plot.Axes.SetLimits(logs[0] - 0.08 * width, logs[^1] + 0.08 * width, -0.3, Math.Max(top, r.Relevance.Count) + 0.5);
        plot.ShowLegend(Edge.Right); // beside the plot: inside, it would cover the counts at large β
        return new ReportFigure(BetaScan, "Relevance count against β (log scale): each run, the median profile's count and the range where it is stable", plot, labels, width: 860);
    }

    /// <summary>Total loss per epoch of every run, and the kept run's reconstruction and KL terms.</summary>
    public static ReportFigure TrainingFigure(RelevanceReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = Figures.New("Training curves", "Epoch", "Loss (mean per epoch)");
        var labels = new List<string>();
        double[] Term(int run, string term) => r.TrainingCurves[run].Select(e => e.Losses.TryGetValue(term, out var v) ? v : double.NaN).ToArray();
        double[] Epochs(int run) => r.TrainingCurves[run].Select(e => (double)e.Epoch).ToArray();
        var first = true;
        for (var run = 0; run < r.Runs; run++)
        {
            if (run == r.BestRun || r.TrainingCurves[run].Length == 0) continue;
            var line = plot.Add.ScatterLine(Epochs(run), Term(run, "total"), Figures.Gray.WithAlpha(0.5));
            line.LineWidth = 1;
            if (first) { line.LegendText = "total, other runs"; labels.Add(line.LegendText); first = false; }
        }
        if (r.TrainingCurves[r.BestRun].Length > 0)
        {
            var epochs = Epochs(r.BestRun);
            foreach (var (term, label, color, pattern) in new[]
            {
                ("total", "total, kept run", Figures.Blue, LinePattern.Solid),
                ("reconstruction", "reconstruction, kept run", Figures.Green, LinePattern.Dashed),
                ("kl", "KL, kept run", Figures.Orange, LinePattern.Dotted),
            })
            {
                var line = plot.Add.ScatterLine(epochs, Term(r.BestRun, term), color);
                line.LineWidth = 2;
                line.LinePattern = pattern;
                line.LegendText = label;
                labels.Add(label);
            }
        }
        var epochCount = r.TrainingCurves.Max(c => c.Length);
        if (epochCount is > 0 and <= 20) Figures.IntegerTicks(plot.Axes.Bottom, r.TrainingCurves.SelectMany(c => c).Min(e => e.Epoch), r.TrainingCurves.SelectMany(c => c).Max(e => e.Epoch));
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(TrainingCurves, "Loss terms per epoch: every run's total and the kept run's terms", plot, labels, width: 860);
    }
}
