using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>
/// Each OracleFlows figure renders to SVG (valid XML with its axis labels and series) and PNG (right size, not flat),
/// from one tiny seeded fit: three linear generators keeping ‖x‖² on 200 points of R³, 300 full-batch epochs.
/// </summary>
[TestClass]
public sealed class OracleFlowsPlotsTests
{
    private sealed class Row
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
    }

    private static readonly Lazy<(IDataView Data, OracleFlowsTransformer Model, IReadOnlyList<ReportFigure> Figures)> Fit = new(() =>
    {
        var rng = new Random(11);
        var rows = Enumerable.Range(0, 200).Select(_ => new Row { Features = [(float)(rng.NextDouble() * 4 - 2), (float)(rng.NextDouble() * 4 - 2), (float)(rng.NextDouble() * 4 - 2)] }).ToArray();
        var ml = new MLContext(seed: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new OracleFlowsEstimator.Options
        {
            InputColumnName = "Features", Oracle = x => x.pow(2).sum(1), Generators = 3, Epochs = 300, LearningRate = 0.01, Seed = 0,
        };
        var model = ml.Transforms.SymmetryDiscovery.OracleFlows(options).Fit(data);
        return (data, model, model.Plots(data, maxRows: 150));
    });

    private static OracleFlowsReport Report => Fit.Value.Model.Report;

    private static ReportFigure Figure(string name) => Fit.Value.Figures.Single(f => f.Name == name);

    [ClassCleanup]
    public static void Dispose()
    {
        if (Fit.IsValueCreated) Fit.Value.Model.Dispose();
    }

    [TestMethod]
    public void TheTransformerGivesEveryFigureInOrder()
    {
        var expected = OracleFlowsPlots.FigureNames.Concat(Enumerable.Range(0, 3).Select(OracleFlowsPlots.FlowFieldName)).ToArray();
        CollectionAssert.AreEqual(expected, Fit.Value.Figures.Select(f => f.Name).ToArray());
        SymmetryReport report = Report;
        Assert.IsTrue(report.HasPlots());
        CollectionAssert.AreEqual(OracleFlowsPlots.FigureNames.ToArray(), report.Plots().Select(f => f.Name).ToArray());
        Assert.AreEqual(3, report.KeyResults.Single(k => k.Key == "generators").Value);
        Assert.AreEqual(Report.Algebra.Name, report.KeyResults.Single(k => k.Key == "algebra").Value);
    }

    [TestMethod]
    [DataRow(OracleFlowsPlots.GeneratorMatrices, new[] { "Column (panel per generator)", "Row", "entry", "W1", "x0" })]
    [DataRow(OracleFlowsPlots.StructureConstants, new[] { "γ", "Pair (α, β)", "a[α,β,γ]", "(1,2)", "g3" })]
    [DataRow(OracleFlowsPlots.Orthogonality, new[] { "Generator", "cosine", "g1" })]
    [DataRow(OracleFlowsPlots.InvarianceResidual, new[] { "Generator", "Relative invariance residual (log scale)" })]
    [DataRow(OracleFlowsPlots.TrainingCurves, new[] { "Epoch", "Loss term (log10)", "total" })]
    [DataRow("flows-field-1", new[] { "x0", "x1" })]
    public void EachFigureRendersToSvgAndPng(string name, string[] texts)
    {
        var figure = Figure(name);
        var svg = Images.SvgTexts(figure.ToSvg());
        foreach (var t in texts) Assert.IsTrue(svg.Any(s => s.StartsWith(t, StringComparison.Ordinal)), $"{name}: '{t}' in [{string.Join(" | ", svg)}]");
        Assert.IsNotEmpty(figure.SeriesLabels);
        foreach (var label in figure.SeriesLabels) Assert.AreEqual(1, svg.Count(t => t == label), $"{name}: series '{label}' in [{string.Join(" | ", svg)}]");
        var (colours, nonBackground) = Images.CheckPng(figure.ToPng(), figure.Width, figure.Height);
        Assert.IsGreaterThan(8, colours, $"{name}: not one flat colour");
        Assert.IsGreaterThan(0.02, nonBackground, $"{name}: something is drawn");
    }

    [TestMethod]
    public void TheFiguresDrawOneSeriesPerQuantity()
    {
        var r = Report;
        // One heatmap panel per generator, each d × d; N_g(N_g − 1)/2 × N_g structure constants; N_g × N_g cosines.
        var maps = Figure(OracleFlowsPlots.GeneratorMatrices).Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().ToArray();
        Assert.HasCount(3, maps);
        Assert.IsTrue(maps.All(m => m.Intensities.GetLength(0) == 3 && m.Intensities.GetLength(1) == 3));
        Assert.AreEqual(r.Generators[1][0, 2], maps[1].Intensities[0, 2]);
        var structure = Figure(OracleFlowsPlots.StructureConstants).Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        Assert.AreEqual(3, structure.Intensities.GetLength(0));
        Assert.AreEqual(r.StructureConstants[1, 2, 0], structure.Intensities[2, 0]);
        var cosines = Figure(OracleFlowsPlots.Orthogonality).Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        Assert.AreEqual(3, cosines.Intensities.GetLength(1));
        // Bars: log10 of each relative residual.
        var bars = Figure(OracleFlowsPlots.InvarianceResidual).Plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        Assert.HasCount(3, bars);
        for (var a = 0; a < 3; a++) Assert.AreEqual(Math.Log10(Math.Max(r.RelativeInvariance[a], 1e-12)), bars[a].Value, 1e-12);
        // Training curves: one line per loss term.
        var terms = r.TrainingCurve[0].Losses.Keys.ToArray();
        Assert.HasCount(Figure(OracleFlowsPlots.TrainingCurves).SeriesLabels.Count, Figure(OracleFlowsPlots.TrainingCurves).Plot.GetPlottables());
        CollectionAssert.IsSubsetOf(Figure(OracleFlowsPlots.TrainingCurves).SeriesLabels.ToArray(), terms);
        // Flow field: data, a 15 × 15 grid of arrows, 6 streamlines.
        var flow = Figure(OracleFlowsPlots.FlowFieldName(0)).Plot.GetPlottables().ToArray();
        Assert.AreEqual(150, flow.OfType<ScottPlot.Plottables.Markers>().Single().Data.GetScatterPoints().Count);
        Assert.HasCount(6, flow.OfType<ScottPlot.Plottables.Scatter>());
        Assert.HasCount(3, Figure(OracleFlowsPlots.FlowFieldName(0)).SeriesLabels);
    }

    [TestMethod]
    public void StreamlinesFollowTheLinearFlow()
    {
        // For a linear generator the grid arrows are W x (up to the arrow scale) and the RK4 path matches exp(t W) x to O(h⁴).
        var model = Fit.Value.Model;
        var w = Report.Generators[0];
        var start = new double[,] { { 1, 0.5, -0.25 } };
        var path = model.Integrate(start, 0, 10, 0.01);
        // dx/dt = W x: compare the first step's difference quotient with W x.
        for (var i = 0; i < 3; i++)
        {
            var wx = Enumerable.Range(0, 3).Sum(j => w[i, j] * start[0, j]);
            Assert.AreEqual(wx, (path[1, 0, i] - path[0, 0, i]) / 0.01, 0.05 * (1 + Math.Abs(wx)));
        }
        var points = OracleFlowsPlots.FlowPoints(model, Fit.Value.Data, maxRows: 10);
        Assert.AreEqual(10, points.GetLength(0));
        Assert.AreEqual(3, points.GetLength(1));
    }

    [TestMethod]
    public void SavePlotsWritesEveryFigure()
    {
        var dir = Fixture.NewFolder();
        try
        {
            var written = Fit.Value.Figures.SavePlots(dir, PlotFormats.Svg);
            Assert.HasCount(8, written);
            Assert.IsTrue(written.All(File.Exists));
            Assert.ThrowsExactly<IOException>(() => Report.SavePlots(dir, PlotFormats.Svg));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
    [TestMethod]
    public void TheHtmlPageAndJsonCarryTheFlowsFiguresAndKeyResults()
    {
        var page = HtmlReport.Render(Report, new RunDescription { Dataset = "uniform cube" }, Fit.Value.Figures);
        Assert.AreEqual(Fit.Value.Figures.Count, System.Text.RegularExpressions.Regex.Count(page, "<svg"), "every figure inline");
        StringAssert.Contains(page, "Lie algebra");
        Assert.DoesNotContain("<script", page);
        using var doc = System.Text.Json.JsonDocument.Parse(ReportJson.Render(Report));
        var keys = doc.RootElement.GetProperty("keyResults");
        Assert.AreEqual(Report.Algebra.Name, keys.GetProperty("algebra").GetString());
        Assert.AreEqual(Report.IsSymmetry.Count(s => s), keys.GetProperty("symmetries").GetInt32());
    }
}
