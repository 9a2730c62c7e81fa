using System.Globalization;
using ScottPlot;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// The figures of a <see cref="LatentLieGanReport"/> (Yang et al.): each generator L with its symmetric and
/// antisymmetric parts, the eigenvalues of every L in the complex plane, the losses and the discriminator accuracy per
/// epoch, and with SINDy its coefficients and (when measured) the rollout errors.
/// </summary>
public static class LatentLieGanPlots
{
    /// <summary>Name of the generator heatmaps (L, (L + Lᵀ)/2, (L − Lᵀ)/2 per generator).</summary>
    public const string GeneratorMatrices = "liegan-generators";
    /// <summary>Name of the eigenvalue scatter in the complex plane.</summary>
    public const string Eigenvalues = "liegan-eigenvalues";
    /// <summary>Name of the per-epoch loss curves.</summary>
    public const string Losses = "liegan-losses";
    /// <summary>Name of the per-epoch discriminator accuracy.</summary>
    public const string Accuracy = "liegan-discriminator-accuracy";
    /// <summary>Name of the SINDy coefficient heatmap (only with SINDy).</summary>
    public const string SindyCoefficients = "liegan-sindy";
    /// <summary>Name of the rollout-error curves (only when the fit measured them).</summary>
    public const string Rollout = "liegan-rollout";

    /// <summary>Every figure name a report can have, in the order <see cref="Plots"/> returns them.</summary>
    public static IReadOnlyList<string> FigureNames { get; } = [GeneratorMatrices, Eigenvalues, Losses, Accuracy, SindyCoefficients, Rollout];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The report's figures: generators, eigenvalues, losses, accuracy, then SINDy coefficients and rollout errors where the report has them.</summary>
    public static IReadOnlyList<ReportFigure> Plots(this LatentLieGanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var list = new List<ReportFigure> { GeneratorFigure(report), EigenvalueFigure(report), LossFigure(report), AccuracyFigure(report) };
        if (report.Sindy is not null) list.Add(SindyFigure(report));
        if (report.Rollout is { Count: > 0 }) list.Add(RolloutFigure(report));
        return list;
    }

    /// <summary>
    /// One row of panels per generator: L, its symmetric part (L + Lᵀ)/2 and antisymmetric part (L − Lᵀ)/2, all on one
    /// diverging colour scale (values in the cells for small m).
    /// </summary>
    public static ReportFigure GeneratorFigure(LatentLieGanReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var k = r.Generators.Count;
        var m = r.Generators[0].GetLength(0);
        const double Gap = 1;
        var plot = Figures.New("Latent generators L and their split", "Column (panels: L, symmetric, antisymmetric)", "Row (panel rows: generators)");
        var max = r.Generators.SelectMany(g => g.Cast<double>()).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (!(max > 0)) max = 1;
        ScottPlot.Plottables.Heatmap? first = null;
        string[] parts = ["L", "sym", "anti"];
        for (var a = 0; a < k; a++)
        {
            var bottom = (k - 1 - a) * (m + Gap);
            double[][,] panels = [r.Generators[a], r.Details[a].Symmetric, r.Details[a].Antisymmetric];
            for (var p = 0; p < 3; p++)
            {
                var left = p * (m + Gap);
                var map = plot.Add.Heatmap(panels[p]);
                map.Colormap = new ScottPlot.Colormaps.Balance();
                map.ManualRange = new ScottPlot.Range(-max, max);
                map.Rectangle = new CoordinateRect(left - 0.5, left + m - 0.5, bottom - 0.5, bottom + m - 0.5);
                first ??= map;
                var label = plot.Add.Text(string.Create(C, $"{parts[p]}{(p == 0 ? "" : " ")}{a + 1}"), left + (m - 1) / 2.0, bottom + m - 0.4);
                label.LabelFontSize = 13;
                label.LabelAlignment = Alignment.LowerCenter;
                if (m <= 6)
                    for (var i = 0; i < m; i++)
                        for (var j = 0; j < m; j++)
                        {
                            var v = panels[p][i, j];
                            var text = plot.Add.Text((Math.Round(v, 2) + 0.0).ToString("0.00", C), left + j, bottom + m - 1 - i);
                            text.LabelFontSize = 10;
                            text.LabelAlignment = Alignment.MiddleCenter;
                            text.LabelFontColor = Math.Abs(v) > 0.55 * max ? Colors.White : Colors.Black;
                        }
            }
        }
        var bar = plot.Add.ColorBar(first!);
        bar.Label = "entry";
        var ticks = Enumerable.Range(0, 3).SelectMany(p => Enumerable.Range(0, m).Select(j => (p * (m + Gap) + j, $"z{j + 1}"))).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        var rows = Enumerable.Range(0, k).SelectMany(a => Enumerable.Range(0, m).Select(i => ((k - 1 - a) * (m + Gap) + m - 1 - i, $"z{i + 1}"))).ToArray();
        plot.Axes.Left.SetTicks(rows.Select(t => t.Item1).ToArray(), rows.Select(t => t.Item2).ToArray());
        plot.Axes.SetLimits(-0.6, 3 * (m + Gap) - Gap - 0.4, -0.6, k * (m + Gap) - Gap + 0.4);
        var width = Math.Clamp(200 + 3 * 60 * (m + 1), 620, 1400);
        var height = Math.Clamp(160 + k * 60 * (m + 1), 420, 1400);
        return new ReportFigure(GeneratorMatrices, "Each generator L (one row of panels per generator) with its symmetric part (L + Lᵀ)/2 and antisymmetric part (L − Lᵀ)/2 (a rotation is purely antisymmetric)",
                               plot, ["entry"], width: width, height: height);
    }

    /// <summary>The eigenvalues of every L in the complex plane (a rotation gives ±iω on the imaginary axis).</summary>
    public static ReportFigure EigenvalueFigure(LatentLieGanReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = Figures.New("Eigenvalues of the generators", "Re λ", "Im λ");
        Color[] colors = [Figures.Blue, Figures.Orange, Figures.Green, Figures.Red, Figures.Purple, Figures.Gray];
        var labels = new List<string>();
        var reach = 0.0;
        for (var a = 0; a < r.Details.Count; a++)
        {
            var e = r.Details[a].Eigenvalues;
            var dots = plot.Add.Markers(e.Select(z => z.Real).ToArray(), e.Select(z => z.Imaginary).ToArray(), MarkerShape.FilledCircle, 9, colors[a % colors.Length]);
            dots.LegendText = string.Create(C, $"L{a + 1}");
            labels.Add(dots.LegendText);
            reach = Math.Max(reach, e.Select(z => Math.Max(Math.Abs(z.Real), Math.Abs(z.Imaginary))).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        }
        if (!(reach > 0)) reach = 1;
        plot.Add.HorizontalLine(0, 1, Figures.Gray, LinePattern.Dotted);
        plot.Add.VerticalLine(0, 1, Figures.Gray, LinePattern.Dotted);
        plot.Axes.SetLimits(-1.2 * reach, 1.2 * reach, -1.2 * reach, 1.2 * reach);
        plot.Axes.SquareUnits();
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(Eigenvalues, "Eigenvalues of each L in the complex plane (on the imaginary axis: a rotation; on the real axis: a boost or scaling)",
                               plot, labels, width: 640, height: 560);
    }

    /// <summary>Every loss term but the accuracy per epoch (log10).</summary>
    public static ReportFigure LossFigure(LatentLieGanReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = Figures.New("Training losses", "Epoch", "Loss term (log10)");
        var names = r.History.Count == 0 ? [] : r.History[0].Losses.Keys.Where(k => k != "accuracy").ToArray();
        var epochs = r.History.Select(e => (double)e.Epoch).ToArray();
        Color[] colors = [Figures.Blue, Figures.Orange, Figures.Green, Figures.Red, Figures.Purple, Figures.Gray];
        var labels = new List<string>();
        for (var t = 0; t < names.Length; t++)
        {
            var name = names[t];
            var values = r.History.Select(e => e.Losses.TryGetValue(name, out var v) && v > 0 && double.IsFinite(v) ? Math.Log10(v) : double.NaN).ToArray();
            if (!values.Any(double.IsFinite)) continue;
            var line = plot.Add.ScatterLine(epochs, values, colors[t % colors.Length]);
            line.LineWidth = name == "total" ? 2.5f : 1.5f;
            line.LegendText = name;
            labels.Add(name);
        }
        if (epochs.Length is > 0 and <= 20) Figures.IntegerTicks(plot.Axes.Bottom, (int)epochs.Min(), (int)epochs.Max());
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(Losses, "Mean loss terms per epoch, log10: reconstruction, adversarial (gan), cosine regulariser, discriminator, total", plot, labels, width: 860);
    }

    /// <summary>The discriminator's accuracy per epoch, with chance (0.5: it cannot tell g z from z) dashed.</summary>
    public static ReportFigure AccuracyFigure(LatentLieGanReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = Figures.New("Discriminator accuracy", "Epoch", "Accuracy on real and transformed codes");
        var epochs = r.History.Select(e => (double)e.Epoch).ToArray();
        var values = r.History.Select(e => e.Losses.TryGetValue("accuracy", out var v) && double.IsFinite(v) ? v : double.NaN).ToArray();
        var line = plot.Add.ScatterLine(epochs, values, Figures.Blue);
        line.LineWidth = 2;
        line.LegendText = "accuracy";
        var chance = plot.Add.HorizontalLine(0.5, 1.5f, Figures.Red, LinePattern.Dashed);
        chance.LegendText = "chance (0.5)";
        if (epochs.Length is > 0 and <= 20) Figures.IntegerTicks(plot.Axes.Bottom, (int)epochs.Min(), (int)epochs.Max());
        plot.Axes.SetLimits(epochs.DefaultIfEmpty(0).Min() - 0.5, epochs.DefaultIfEmpty(1).Max() + 0.5, 0, 1.05);
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(Accuracy, "Discriminator accuracy per epoch (near 0.5: the transformed codes look like the data, i.e. the group acts as a symmetry)",
                               plot, ["accuracy", "chance (0.5)"], width: 860);
    }

    /// <summary>The SINDy coefficients Ξ: one row per library term, one column per ż_j, zeros (pruned terms) blank.</summary>
    /// <exception cref="ArgumentException">The report has no SINDy model.</exception>
    public static ReportFigure SindyFigure(LatentLieGanReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sindy = r.Sindy ?? throw new ArgumentException("The report has no SINDy equations (Options.Sindy was null).", nameof(r));
        var xi = sindy.Coefficients;
        int terms = xi.GetLength(0), vars = xi.GetLength(1);
        var plot = Figures.New("SINDy coefficients of the latent dynamics", "Equation", "Library term");
        var max = xi.Cast<double>().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (!(max > 0)) max = 1;
        var cells = new double[terms, vars];
        for (var c = 0; c < terms; c++)
            for (var j = 0; j < vars; j++) cells[c, j] = xi[c, j] == 0 ? double.NaN : xi[c, j];
        var map = plot.Add.Heatmap(cells);
        map.Colormap = new ScottPlot.Colormaps.Balance();
        map.ManualRange = new ScottPlot.Range(-max, max);
        map.Rectangle = new CoordinateRect(-0.5, vars - 0.5, -0.5, terms - 0.5);
        var bar = plot.Add.ColorBar(map);
        bar.Label = "coefficient";
        if (terms * vars <= 200)
            for (var c = 0; c < terms; c++)
                for (var j = 0; j < vars; j++)
                {
                    if (xi[c, j] == 0) continue;
                    var text = plot.Add.Text(xi[c, j].ToString("G3", C), j, terms - 1 - c);
                    text.LabelFontSize = 11;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = Math.Abs(xi[c, j]) > 0.55 * max ? Colors.White : Colors.Black;
                }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, vars).Select(j => (double)j).ToArray(), Enumerable.Range(1, vars).Select(j => $"ż{j}").ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, terms).Select(c => (double)(terms - 1 - c)).ToArray(), sindy.Library.TermNames.ToArray());
        plot.Axes.SetLimits(-0.5, vars - 0.5, -0.5, terms - 0.5);
        var height = Math.Clamp(140 + 28 * terms, 420, 1400);
        return new ReportFigure(SindyCoefficients, "SINDy coefficients Ξ (ż = Θ(z) Ξ): one row per library term, one column per equation; pruned terms blank",
                               plot, ["coefficient"], width: 620, height: height);
    }

    /// <summary>The relative MSE of the SINDy rollout against the held-out trajectory per horizon, in latent and input space (log10).</summary>
    /// <exception cref="ArgumentException">The report has no rollout errors.</exception>
    public static ReportFigure RolloutFigure(LatentLieGanReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Rollout is not { Count: > 0 } rollout) throw new ArgumentException("The report has no rollout errors (Sindy.RolloutHorizons was not set).", nameof(r));
        var plot = Figures.New("Long-term rollout of the SINDy equations", "Horizon (steps of Δt)", "Relative MSE (log10)");
        var ordered = rollout.OrderBy(e => e.Horizon).ToArray();
        var h = ordered.Select(e => (double)e.Horizon).ToArray();
        static double Log(double v) => v > 0 && double.IsFinite(v) ? Math.Log10(v) : double.NaN;
        var latent = plot.Add.Scatter(h, ordered.Select(e => Log(e.LatentRelativeMse)).ToArray(), Figures.Blue);
        latent.LegendText = "latent space";
        var input = plot.Add.Scatter(h, ordered.Select(e => Log(e.InputRelativeMse)).ToArray(), Figures.Orange);
        input.LegendText = "input space";
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(Rollout, "Relative MSE of the SINDy rollout from the first held-out state, per horizon (paper Fig. 4), log10",
                               plot, ["latent space", "input space"], width: 820);
    }
}
