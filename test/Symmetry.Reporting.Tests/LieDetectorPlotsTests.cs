using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>
/// Each LieDetector figure renders to SVG and PNG and draws the report's numbers, from one tiny seeded fit on 96 pairs
/// of 8 × 8 images (y = x shifted by one pixel column), 3 epochs, with the truth (translation x) supplied.
/// </summary>
[TestClass]
public sealed class LieDetectorPlotsTests
{
    private sealed class Pair
    {
        [VectorType(64)] public float[] Source { get; set; } = [];
        [VectorType(64)] public float[] Target { get; set; } = [];
        public float Magnitude { get; set; }
    }

    private static readonly Lazy<(LieDetectorTransformer Model, IReadOnlyList<ReportFigure> Figures)> Fit = new(() =>
    {
        var rng = new Random(4);
        var pairs = Enumerable.Range(0, 96).Select(_ =>
        {
            var x = Enumerable.Range(0, 64).Select(_ => (float)rng.NextDouble()).ToArray();
            var shift = rng.Next(-1, 2);
            var y = Enumerable.Range(0, 64).Select(k => x[k / 8 * 8 + ((k % 8 - shift) % 8 + 8) % 8]).ToArray();
            return new Pair { Source = x, Target = y, Magnitude = shift };
        }).ToArray();
        var ml = new MLContext(seed: 2);
        var options = new LieDetectorEstimator.Options
        {
            LatentSide = 3, Epochs = 3, BatchSize = 32, Seed = 1, TrueMagnitudeColumnName = "Magnitude", TrueCoefficients = [-1, 0, 0, 0, 0, 0],
        };
        var model = ml.Transforms.SymmetryDiscovery.LieDetector(options).Fit(ml.Data.LoadFromEnumerable(pairs));
        return (model, model.Report.Plots());
    });

    private static LieDetectorReport Report => Fit.Value.Model.Report;

    private static ReportFigure Figure(string name) => Fit.Value.Figures.Single(f => f.Name == name);

    [ClassCleanup]
    public static void Dispose()
    {
        if (Fit.IsValueCreated) Fit.Value.Model.Dispose();
    }

    [TestMethod]
    public void TheReportGivesEveryFigureInOrderAndItsKeyResults()
    {
        CollectionAssert.AreEqual(LieDetectorPlots.FigureNames.ToArray(), Fit.Value.Figures.Select(f => f.Name).ToArray());
        SymmetryReport report = Report;
        Assert.IsTrue(report.HasPlots());
        Assert.AreEqual(Report.ClosestGenerator.Name, report.KeyResults.Single(k => k.Key == "closestGenerator").Value);
        Assert.AreEqual(Math.Round(Report.Spearman!.Value, 4), report.KeyResults.Single(k => k.Key == "spearman").Value);
    }

    [TestMethod]
    [DataRow(LieDetectorPlots.Coefficients, new[] { "Term", "Normalised coefficient", "Lx", "yLy" })]
    [DataRow(LieDetectorPlots.Canonical, new[] { "Generator", "|cosine|", "rotation" })]
    [DataRow(LieDetectorPlots.Flow, new[] { "x (pixels from the centre)", "y (pixels from the centre, up)" })]
    [DataRow(LieDetectorPlots.Magnitudes, new[] { "t", "Pairs" })]
    [DataRow(LieDetectorPlots.TrainingCurves, new[] { "Epoch", "Loss term (log10)", "alpha" })]
    public void EachFigureRendersToSvgAndPng(string name, string[] texts)
    {
        var figure = Figure(name);
        var svg = Images.SvgTexts(figure.ToSvg());
        foreach (var t in texts) Assert.IsTrue(svg.Any(s => s.StartsWith(t, StringComparison.Ordinal)), $"{name}: '{t}' in [{string.Join(" | ", svg)}]");
        Assert.IsNotEmpty(figure.SeriesLabels);
        var (colours, nonBackground) = Images.CheckPng(figure.ToPng(), figure.Width, figure.Height);
        Assert.IsGreaterThan(8, colours, $"{name}: not one flat colour");
        Assert.IsGreaterThan(0.01, nonBackground, $"{name}: something is drawn");
    }

    [TestMethod]
    public void TheFiguresDrawTheReportsNumbers()
    {
        var r = Report;
        var coefficientBars = Figure(LieDetectorPlots.Coefficients).Plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        CollectionAssert.AreEqual(r.CoefficientVector.ToArray(), coefficientBars.Select(b => b.Value).ToArray());
        // The truth, normalised and sign-aligned: ∓1 at Lx, 0 elsewhere.
        var truth = Figure(LieDetectorPlots.Coefficients).Plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>().Single().Data.GetScatterPoints();
        Assert.AreEqual(r.TruthCosine < 0 ? 1.0 : -1.0, truth[0].Y);
        Assert.IsTrue(truth.Skip(1).All(p => p.Y == 0));
        var canonical = Figure(LieDetectorPlots.Canonical).Plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        CollectionAssert.AreEqual(r.CanonicalMatches.Select(m => m.Cosine).ToArray(), canonical.Select(b => b.Value).ToArray());
        var histogram = Figure(LieDetectorPlots.Magnitudes).Plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        Assert.AreEqual(r.EvaluationPairs, (int)histogram.Sum(b => b.Value));
        // One arrow field; at the image centre G's velocity is the drift alone: (a_Lx, a_Ly).
        Assert.HasCount(1, Figure(LieDetectorPlots.Flow).Plot.GetPlottables().OfType<ScottPlot.Plottables.VectorField>());
        var (u, v) = r.Velocity(0, 0);
        Assert.AreEqual(r.Coefficients["Lx"], u, 1e-12);
        Assert.AreEqual(r.Coefficients["Ly"], v, 1e-12);
    }

    [TestMethod]
    public void TheHtmlPageAndJsonCarryTheDetectorFiguresAndKeyResults()
    {
        var page = HtmlReport.Render(Report, new RunDescription { Dataset = "shifted noise" }, Fit.Value.Figures);
        Assert.AreEqual(Fit.Value.Figures.Count, System.Text.RegularExpressions.Regex.Count(page, "<svg"), "every figure inline");
        StringAssert.Contains(page, "Closest canonical generator");
        using var doc = System.Text.Json.JsonDocument.Parse(ReportJson.Render(Report));
        var keys = doc.RootElement.GetProperty("keyResults");
        Assert.AreEqual(Report.ClosestGenerator.Name, keys.GetProperty("closestGenerator").GetString());
        Assert.AreEqual(Report.EvaluationPairs, keys.GetProperty("evaluationPairs").GetInt32());
    }
}
