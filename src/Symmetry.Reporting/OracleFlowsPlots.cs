using System.Globalization;
using Microsoft.ML.Data;
using System.Numerics;
using ScottPlot;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// The figures of an <see cref="OracleFlowsReport"/> (Roman, Forestano et al.): the generator matrices, the learned structure
/// constants, the orthogonality of the generators, the invariance residual of each, the training curves and (from a
/// transformer and data) the flow field of each generator in the plane of the first two coordinates.
/// </summary>
public static class OracleFlowsPlots
{
    /// <summary>Name of the generator-matrices figure.</summary>
    public const string GeneratorMatrices = "flows-generators";
    /// <summary>Name of the structure-constants figure.</summary>
    public const string StructureConstants = "flows-structure-constants";
    /// <summary>Name of the orthogonality heatmap.</summary>
    public const string Orthogonality = "flows-orthogonality";
    /// <summary>Name of the invariance-residual bars.</summary>
    public const string InvarianceResidual = "flows-invariance";
    /// <summary>Name of the training-curves figure.</summary>
    public const string TrainingCurves = "flows-training-curves";

    /// <summary>The report's figure names, in the order <see cref="Plots(OracleFlowsReport)"/> returns them.</summary>
    public static IReadOnlyList<string> FigureNames { get; } = [GeneratorMatrices, StructureConstants, Orthogonality, InvarianceResidual, TrainingCurves];

    /// <summary>Name of the flow-field figure of generator <paramref name="generator"/> (0-based): <c>flows-field-1</c>, ….</summary>
    public static string FlowFieldName(int generator) => string.Create(C, $"flows-field-{generator + 1}");

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The report's figures (no flow field: that needs the transformer, see <see cref="Plots(OracleFlowsTransformer, IDataView, int)"/>).</summary>
    public static IReadOnlyList<ReportFigure> Plots(this OracleFlowsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [GeneratorFigure(report), StructureFigure(report), OrthogonalityFigure(report), InvarianceFigure(report), TrainingFigure(report)];
    }

    /// <summary>The report's figures, then one flow field per generator, drawn at the first <paramref name="maxRows"/> rows of <paramref name="data"/>.</summary>
    public static IReadOnlyList<ReportFigure> Plots(this OracleFlowsTransformer transformer, IDataView data, int maxRows = 2000)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        var figures = transformer.Report.Plots().ToList();
        if (transformer.Dimension >= 2)
        {
            var points = FlowPoints(transformer, data, maxRows);
            if (points.GetLength(0) > 0)
                for (var g = 0; g < transformer.GeneratorCount; g++) figures.Add(FlowFieldFigure(transformer, points, g));
        }
        return figures;
    }

    /// <summary>
    /// The points the flows act on: the transformer's input column of the first <paramref name="maxRows"/> rows,
    /// encoded to the latent space when the transformer has an autoencoder (rows × <see cref="OracleFlowsTransformer.Dimension"/>).
    /// </summary>
    public static double[,] FlowPoints(OracleFlowsTransformer transformer, IDataView data, int maxRows = 2000)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var column = data.Schema.GetColumnOrNull(transformer.InputColumnName)
            ?? throw new ArgumentException($"The data has no column '{transformer.InputColumnName}' (the transformer's input).", nameof(data));
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n.RawType != typeof(float))
            throw new ArgumentException($"Column '{column.Name}' is {column.Type}; expected a vector of Single.", nameof(data));
        var rows = new List<float[]>();
        using (var cursor = data.GetRowCursor([column]))
        {
            var get = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> x = default;
            while (rows.Count < maxRows && cursor.MoveNext())
            {
                get(ref x);
                rows.Add(x.DenseValues().ToArray());
            }
        }
        var width = rows.Count == 0 ? 0 : rows[0].Length;
        var points = new double[rows.Count, width];
        for (var i = 0; i < rows.Count; i++)
            for (var j = 0; j < width; j++) points[i, j] = rows[i][j];
        return transformer.HasAutoencoder && rows.Count > 0 ? transformer.Encode(points) : points;
    }

    /// <summary>Every generator matrix W_α (for neural fields the Jacobian at the data mean), one panel each, side by side on one diverging colour scale.</summary>
    public static ReportFigure GeneratorFigure(OracleFlowsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = r.GeneratorCount;
        var d = r.Dimension;
        const double Gap = 1;
        var what = r.Kind == GeneratorKind.Linear ? "Generator matrices W_α" : "Jacobians of the generator fields at the data mean";
        var plot = Figures.New(what, "Column (panel per generator)", "Row");
        var max = r.Generators.SelectMany(g => g.Cast<double>()).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (!(max > 0)) max = 1;
        ScottPlot.Plottables.Heatmap? first = null;
        var xTicks = new List<(double, string)>();
        for (var a = 0; a < n; a++)
        {
            var left = a * (d + Gap);
            var map = plot.Add.Heatmap(Finite(r.Generators[a]));
            map.Colormap = new ScottPlot.Colormaps.Balance();
            map.ManualRange = new ScottPlot.Range(-max, max);
            map.Rectangle = new CoordinateRect(left - 0.5, left + d - 0.5, -0.5, d - 0.5);
            first ??= map;
            for (var j = 0; j < d; j++) xTicks.Add((left + j, r.FeatureNames[j]));
            var label = plot.Add.Text(string.Create(C, $"W{a + 1}{(r.IsSymmetry[a] ? "" : " (no symmetry)")}"), left + (d - 1) / 2.0, d - 0.4);
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.LowerCenter;
            if (n * d * d <= 150)
                for (var i = 0; i < d; i++)
                    for (var j = 0; j < d; j++)
                    {
                        var v = r.Generators[a][i, j];
                        var text = plot.Add.Text(Cell(v), left + j, d - 1 - i);
                        text.LabelFontSize = 10;
                        text.LabelAlignment = Alignment.MiddleCenter;
                        text.LabelFontColor = Math.Abs(v) > 0.55 * max ? Colors.White : Colors.Black;
                    }
        }
        var bar = plot.Add.ColorBar(first!);
        bar.Label = "entry";
        plot.Axes.Bottom.SetTicks(xTicks.Select(t => t.Item1).ToArray(), xTicks.Select(t => t.Item2).ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, d).Select(i => (double)(d - 1 - i)).ToArray(), r.FeatureNames.ToArray());
        plot.Axes.SetLimits(-0.6, n * (d + Gap) - Gap - 0.4, -0.6, d + 0.4);
        var width = Math.Clamp(160 + 60 * n * (d + 1), 560, 1400);
        return new ReportFigure(GeneratorMatrices, $"{what}, one panel per generator (rows and columns are the coordinates)", plot, ["entry"], width: width);
    }

    /// <summary>The structure constants a[α, β, γ] flattened: one row per pair α &lt; β, one column per γ, the value in each cell.</summary>
    public static ReportFigure StructureFigure(OracleFlowsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = r.GeneratorCount;
        var pairs = new List<(int A, int B)>();
        for (var a = 0; a < n; a++) for (var b = a + 1; b < n; b++) pairs.Add((a, b));
        var plot = Figures.New("Structure constants [g_α, g_β] = a[α,β,γ] g_γ", "γ", "Pair (α, β)");
        if (pairs.Count == 0)
        {
            var note = plot.Add.Text("one generator: no brackets", 0, 0);
            note.LabelAlignment = Alignment.MiddleCenter;
            note.LabelFontSize = 14;
            plot.Axes.SetLimits(-1, 1, -1, 1);
            return new ReportFigure(StructureConstants, "Learned structure constants (none with one generator)", plot, ["one generator: no brackets"]);
        }
        var cells = new double[pairs.Count, n];
        for (var p = 0; p < pairs.Count; p++)
            for (var g = 0; g < n; g++) cells[p, g] = r.StructureConstants[pairs[p].A, pairs[p].B, g];
        var max = cells.Cast<double>().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (!(max > 0)) max = 1;
        var map = plot.Add.Heatmap(Finite(cells));
        map.Colormap = new ScottPlot.Colormaps.Balance();
        map.ManualRange = new ScottPlot.Range(-max, max);
        map.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, pairs.Count - 0.5);
        var bar = plot.Add.ColorBar(map);
        bar.Label = "a[α,β,γ]";
        if (pairs.Count * n <= 150) CellValues(plot, cells, max);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, n).Select(g => (double)g).ToArray(), Enumerable.Range(1, n).Select(g => $"g{g}").ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, pairs.Count).Select(p => (double)(pairs.Count - 1 - p)).ToArray(),
                                pairs.Select(p => $"({p.A + 1},{p.B + 1})").ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, pairs.Count - 0.5);
        return new ReportFigure(StructureConstants, "Learned structure constants: one row per pair α < β, one column per γ", plot, ["a[α,β,γ]"]);
    }

    /// <summary>The cosine between every two generators (N_g × N_g), values in the cells, scale fixed at −1 … 1.</summary>
    public static ReportFigure OrthogonalityFigure(OracleFlowsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = r.GeneratorCount;
        var plot = Figures.New("Orthogonality of the generators", "Generator", "Generator");
        var cells = Finite(r.Orthogonality);
        var map = plot.Add.Heatmap(cells);
        map.Colormap = new ScottPlot.Colormaps.Balance();
        map.ManualRange = new ScottPlot.Range(-1, 1);
        map.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        var bar = plot.Add.ColorBar(map);
        bar.Label = "cosine";
        if (n * n <= 144) CellValues(plot, cells, 1);
        var names = Enumerable.Range(1, n).Select(g => $"g{g}").ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, n).Select(g => (double)g).ToArray(), names);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(g => (double)(n - 1 - g)).ToArray(), names);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return new ReportFigure(Orthogonality, "Cosine between every two generators (0 off the diagonal: orthogonal)", plot, ["cosine"]);
    }

    /// <summary>The relative invariance residual of each generator (bars, log scale), symmetries in blue, and the tolerance (dashed).</summary>
    public static ReportFigure InvarianceFigure(OracleFlowsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = r.GeneratorCount;
        var plot = Figures.New("Invariance residual of each generator", "Generator", "Relative invariance residual (log scale)");
        const double Floor = 1e-12;
        var logs = r.RelativeInvariance.Select(v => Math.Log10(double.IsFinite(v) && v > Floor ? v : Floor)).ToArray();
        var tolerance = Math.Log10(r.InvarianceTolerance);
        var low = Math.Floor(Math.Min(logs.Min(), tolerance)) - 0.5;
        var high = Math.Ceiling(Math.Max(logs.Max(), tolerance)) + 0.5;
        plot.Add.Bars(logs.Select((v, a) => new Bar
        {
            Position = a + 1, Value = v, ValueBase = low, Size = 0.7, LineWidth = 0,
            FillColor = r.IsSymmetry[a] ? Figures.Blue : Figures.Gray,
        }).ToList());
        var cut = plot.Add.HorizontalLine(tolerance, 1.5f, Figures.Red, LinePattern.Dashed);
        string[] labels = ["keeps the oracle", "does not", string.Create(C, $"tolerance {r.InvarianceTolerance:G3}")];
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels[0], FillColor = Figures.Blue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels[1], FillColor = Figures.Gray });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels[2], LineColor = Figures.Red, LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        var decades = Enumerable.Range((int)Math.Ceiling(low), (int)Math.Floor(high) - (int)Math.Ceiling(low) + 1).ToArray();
        var step = Math.Max(1, (int)Math.Ceiling(decades.Length / 10.0));
        var shown = decades.Where((_, i) => i % step == 0).ToArray();
        plot.Axes.Left.SetTicks(shown.Select(k => (double)k).ToArray(), shown.Select(k => k == 0 ? "1" : $"1e{k}").ToArray());
        Figures.IntegerTicks(plot.Axes.Bottom, 1, n);
        plot.Axes.SetLimits(0.4, n + 0.6, low, high);
        plot.ShowLegend(Alignment.UpperRight);
        return new ReportFigure(InvarianceResidual, "Relative invariance residual per generator on held-out rows (0 for an exact symmetry, ~1/d for a random direction)", plot, labels);
    }

    /// <summary>Every loss term per epoch of the kept training (log scale).</summary>
    public static ReportFigure TrainingFigure(OracleFlowsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Figures.TrainingCurves(TrainingCurves, r.TrainingCurve, "Loss terms per epoch of the kept training, log10");
    }

    /// <summary>
    /// The flow of generator <paramref name="generator"/> in the plane of the first two coordinates (of the latent
    /// space with an autoencoder): arrows of g_α at grid points spanning <paramref name="points"/> (the other
    /// coordinates at their mean), a few RK4 streamlines from <see cref="OracleFlowsTransformer.Integrate"/> and the points.
    /// </summary>
    public static ReportFigure FlowFieldFigure(OracleFlowsTransformer transformer, double[,] points, int generator, int grid = 15, int streamlines = 6)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(points);
        var d = transformer.Dimension;
        if (d < 2) throw new ArgumentException("A flow field needs at least two coordinates.", nameof(transformer));
        if (points.GetLength(1) != d || points.GetLength(0) == 0) throw new ArgumentException($"The points must be rows × {d} with at least one row.", nameof(points));
        ArgumentOutOfRangeException.ThrowIfLessThan(grid, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(streamlines);
        var rows = points.GetLength(0);
        var mean = Enumerable.Range(0, d).Select(j => Enumerable.Range(0, rows).Average(i => points[i, j])).ToArray();
        var (x0, x1) = Span(points, 0);
        var (y0, y1) = Span(points, 1);

        // g at the grid from one tiny RK4 step (works for linear and neural fields alike).
        var at = new double[grid * grid, d];
        for (var i = 0; i < grid; i++)
            for (var j = 0; j < grid; j++)
            {
                var k = i * grid + j;
                for (var c = 0; c < d; c++) at[k, c] = mean[c];
                at[k, 0] = x0 + (x1 - x0) * j / (grid - 1);
                at[k, 1] = y0 + (y1 - y0) * i / (grid - 1);
            }
        const double H = 1e-3;
        var step = transformer.Integrate(at, generator, 1, H);
        var vectors = new List<RootedCoordinateVector>();
        var longest = 0.0;
        var raw = new (double X, double Y, double U, double V)[grid * grid];
        for (var k = 0; k < grid * grid; k++)
        {
            var u = (step[1, k, 0] - step[0, k, 0]) / H;
            var v = (step[1, k, 1] - step[0, k, 1]) / H;
            raw[k] = (at[k, 0], at[k, 1], double.IsFinite(u) ? u : 0, double.IsFinite(v) ? v : 0);
            longest = Math.Max(longest, Math.Sqrt(raw[k].U * raw[k].U + raw[k].V * raw[k].V));
        }
        var cell = Math.Min(x1 - x0, y1 - y0) / (grid - 1);
        var scale = longest > 0 ? 0.9 * cell / longest : 0;
        foreach (var (x, y, u, v) in raw)
            vectors.Add(new RootedCoordinateVector(new Coordinates(x, y), new Vector2((float)(u * scale), (float)(v * scale))));

        var names = transformer.Report.FeatureNames;
        var xName = names.Count > 0 ? names[0] : "x0";
        var yName = names.Count > 1 ? names[1] : "x1";
        var sym = transformer.Report.IsSymmetry[generator] ? "" : " (no symmetry)";
        var plot = Figures.New(string.Create(C, $"Flow of generator {generator + 1}{sym}"), xName, yName);
        var labels = new List<string>();

        var sampleRows = Enumerable.Range(0, Math.Min(rows, 500)).ToArray();
        var dots = plot.Add.Markers(sampleRows.Select(i => points[i, 0]).ToArray(), sampleRows.Select(i => points[i, 1]).ToArray(),
                                    MarkerShape.FilledCircle, 3, Figures.Gray.WithAlpha(0.35));
        dots.LegendText = string.Create(C, $"data ({sampleRows.Length} rows)");
        labels.Add(dots.LegendText);

        var field = plot.Add.VectorField(vectors);
        field.Colormap = null;
        field.ArrowStyle.LineStyle.Color = Figures.Blue;
        field.LegendText = string.Create(C, $"g{generator + 1} (projected, other coordinates at their mean)");
        labels.Add(field.LegendText);

        if (streamlines > 0)
        {
            // Starts spread over the data, followed both ways along the flow.
            var starts = new double[streamlines, d];
            for (var s = 0; s < streamlines; s++)
            {
                var row = (int)((long)s * rows / streamlines);
                for (var c = 0; c < d; c++) starts[s, c] = mean[c];
                starts[s, 0] = points[row, 0];
                starts[s, 1] = points[row, 1];
            }
            const int Steps = 120;
            var reach = longest > 0 ? 2.0 * Math.Max(x1 - x0, y1 - y0) / longest : 1;
            var h = reach / Steps;
            var forward = transformer.Integrate(starts, generator, Steps, h);
            var backward = transformer.Integrate(starts, generator, Steps, -h);
            var first = true;
            for (var s = 0; s < streamlines; s++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (var t = Steps; t >= 1; t--) { xs.Add(backward[t, s, 0]); ys.Add(backward[t, s, 1]); }
                for (var t = 0; t <= Steps; t++) { xs.Add(forward[t, s, 0]); ys.Add(forward[t, s, 1]); }
                var keep = xs.Select((x, i) => double.IsFinite(x) && double.IsFinite(ys[i])).ToArray();
                var line = plot.Add.ScatterLine(xs.Where((_, i) => keep[i]).ToArray(), ys.Where((_, i) => keep[i]).ToArray(), Figures.Orange);
                line.LineWidth = 1.5f;
                if (first) { line.LegendText = string.Create(C, $"RK4 streamlines ({streamlines})"); labels.Add(line.LegendText); first = false; }
            }
        }
        var padX = 0.08 * (x1 - x0);
        var padY = 0.08 * (y1 - y0);
        plot.Axes.SetLimits(x0 - padX, x1 + padX, y0 - padY, y1 + padY);
        plot.ShowLegend(Edge.Right);
        var space = transformer.HasAutoencoder ? "latent coordinates 1 and 2" : $"coordinates {xName} and {yName}";
        return new ReportFigure(FlowFieldName(generator), $"Flow of generator {generator + 1} in the plane of the {space}: field arrows, RK4 streamlines and the data",
                                plot, labels, width: 900, height: 600);
    }

    private static (double Low, double High) Span(double[,] points, int column)
    {
        var values = Enumerable.Range(0, points.GetLength(0)).Select(i => points[i, column]).Where(double.IsFinite).ToArray();
        if (values.Length == 0) return (-1, 1);
        var (low, high) = (values.Min(), values.Max());
        if (!(high > low)) { low -= 1; high += 1; }
        return (low, high);
    }

    private static double[,] Finite(double[,] m)
    {
        var copy = (double[,])m.Clone();
        for (var i = 0; i < copy.GetLength(0); i++)
            for (var j = 0; j < copy.GetLength(1); j++)
                if (!double.IsFinite(copy[i, j])) copy[i, j] = double.NaN;
        return copy;
    }

    // Two decimals, without "-0.00" for a tiny negative.
    private static string Cell(double v) => (Math.Round(v, 2) + 0.0).ToString("0.00", C);

    private static void CellValues(Plot plot, double[,] cells, double max)
    {
        var rows = cells.GetLength(0);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cells.GetLength(1); j++)
            {
                var v = cells[i, j];
                var text = plot.Add.Text(double.IsNaN(v) ? "–" : Cell(v), j, rows - 1 - i);
                text.LabelFontSize = 12;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = Math.Abs(v) > 0.55 * max ? Colors.White : Colors.Black;
            }
    }
}
