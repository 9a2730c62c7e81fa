using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>
/// Each LatentLieGan figure renders to SVG (valid XML with its axis labels and series) and PNG (right size, not flat),
/// from one tiny seeded fit: a circle trajectory embedded in R³ as consecutive pairs, 2 generators, SINDy of order 1
/// and a rollout at horizons 1 and 3 (6 epochs, well under a second).
/// </summary>
[TestClass]
public sealed class LatentLieGanPlotsTests
{
    private sealed class Row
    {
        [VectorType(6)] public float[] Features { get; set; } = [];
    }

    private static float[] Frame(int i) => [(float)Math.Cos(0.1 * i), (float)Math.Sin(0.1 * i), (float)(0.5 * Math.Cos(0.1 * i) * Math.Sin(0.1 * i))];

    private static readonly Lazy<(LatentLieGanTransformer Model, IReadOnlyList<ReportFigure> Figures)> Fit = new(() =>
    {
        var rows = Enumerable.Range(0, 160).Select(i => new Row { Features = [.. Frame(i), .. Frame(i + 1)] }).ToArray();
        var ml = new MLContext(seed: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new LatentLieGanEstimator.Options
        {
            TimeSteps = 2, Generators = 2, HiddenLayers = [16, 16], DiscriminatorHiddenLayers = [16, 16], Epochs = 6, Seed = 0,
            Sindy = new LatentLieGanEstimator.SindyOptions { PolynomialOrder = 1, TimeStep = 0.1, RolloutHorizons = [1, 3] },
        };
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
        return (model, model.Report.Plots());
    });

    private static LatentLieGanReport Report => Fit.Value.Model.Report;

    private static ReportFigure Figure(string name) => Fit.Value.Figures.Single(f => f.Name == name);

    [ClassCleanup]
    public static void Dispose()
    {
        if (Fit.IsValueCreated) Fit.Value.Model.Dispose();
    }

    [TestMethod]
    public void TheReportGivesEveryFigureInOrderAndItsKeyResults()
    {
        CollectionAssert.AreEqual(LatentLieGanPlots.FigureNames.ToArray(), Fit.Value.Figures.Select(f => f.Name).ToArray());
        SymmetryReport report = Report;
        Assert.IsTrue(report.HasPlots());
        Assert.HasCount(6, report.Plots());
        var keys = report.KeyResults.ToDictionary(k => k.Key, k => k.Value);
        Assert.AreEqual(2, keys["generators"]);
        Assert.AreEqual(2, keys["latentDimension"]);
        Assert.AreEqual(Report.Details[0].ClosestCanonical, keys["closestGenerator"]);
        Assert.AreEqual(Math.Round(Report.Details[0].SymmetricRatio, 4), keys["symmetricRatio"]);
        Assert.AreEqual(Report.Algebra!.Name, keys["algebra"]);
        Assert.AreEqual(string.Join("; ", Report.Equations!), keys["equations"]);
        Assert.AreEqual(3, keys["rolloutHorizon"]);
        Assert.AreEqual(Report.Rollout!.Single(r => r.Horizon == 3).InputRelativeMse, keys["rolloutInputRelativeMse"]);
    }

    [TestMethod]
    [DataRow(LatentLieGanPlots.GeneratorMatrices, new[] { "Latent generators L and their split", "Column (panels: L, symmetric, antisymmetric)", "entry", "L1", "sym 2", "anti 1", "z2" })]
    [DataRow(LatentLieGanPlots.Eigenvalues, new[] { "Eigenvalues of the generators", "Re λ", "Im λ", "L1", "L2" })]
    [DataRow(LatentLieGanPlots.Losses, new[] { "Training losses", "Epoch", "Loss term (log10)", "reconstruction", "total" })]
    [DataRow(LatentLieGanPlots.Accuracy, new[] { "Discriminator accuracy", "accuracy", "chance (0.5)" })]
    [DataRow(LatentLieGanPlots.SindyCoefficients, new[] { "SINDy coefficients of the latent dynamics", "Library term", "ż1", "ż2", "z1", "coefficient" })]
    [DataRow(LatentLieGanPlots.Rollout, new[] { "Long-term rollout of the SINDy equations", "Horizon (steps of Δt)", "latent space", "input space" })]
    public void EachFigureRendersToSvgAndPng(string name, string[] texts)
    {
        var figure = Figure(name);
        var svg = Images.SvgTexts(figure.ToSvg());
        foreach (var t in texts) Assert.IsTrue(svg.Any(s => s.StartsWith(t, StringComparison.Ordinal)), $"{name}: '{t}' in [{string.Join(" | ", svg)}]");
        Assert.IsNotEmpty(figure.SeriesLabels);
        foreach (var label in figure.SeriesLabels) Assert.IsTrue(svg.Contains(label), $"{name}: series '{label}' in [{string.Join(" | ", svg)}]");
        var (colours, nonBackground) = Images.CheckPng(figure.ToPng(), figure.Width, figure.Height);
        Assert.IsGreaterThan(8, colours, $"{name}: not one flat colour");
        Assert.IsGreaterThan(0.02, nonBackground, $"{name}: something is drawn");
    }

    [TestMethod]
    public void TheFiguresDrawTheReportsNumbers()
    {
        var r = Report;
        // Three m × m panels per generator: L, (L + Lᵀ)/2, (L − Lᵀ)/2, in that order.
        var maps = Figure(LatentLieGanPlots.GeneratorMatrices).Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().ToArray();
        Assert.HasCount(6, maps);
        var l = r.Generators[1];
        Assert.AreEqual(l[0, 1], maps[3].Intensities[0, 1]);
        Assert.AreEqual((l[0, 1] + l[1, 0]) / 2, maps[4].Intensities[0, 1], 1e-15);     // the split computed independently here
        Assert.AreEqual((l[0, 1] - l[1, 0]) / 2, maps[5].Intensities[0, 1], 1e-15);
        // Eigenvalues: one marker series per generator at (Re λ, Im λ); their sum is the trace and their product the determinant.
        var markers = Figure(LatentLieGanPlots.Eigenvalues).Plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>().ToArray();
        Assert.HasCount(2, markers);
        for (var a = 0; a < 2; a++)
        {
            var points = markers[a].Data.GetScatterPoints();
            var g = r.Generators[a];
            Assert.AreEqual(g[0, 0] + g[1, 1], points.Sum(p => p.X), 1e-9 * (1 + Math.Abs(g[0, 0]) + Math.Abs(g[1, 1])));   // eigvals in float64
            Assert.AreEqual(0, points.Sum(p => p.Y), 1e-9);                                                                   // a real matrix: conjugate pairs
        }
        // Accuracy: the history's values, epoch by epoch.
        var accuracy = Figure(LatentLieGanPlots.Accuracy).Plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        CollectionAssert.AreEqual(r.History.Select(h => h.Losses["accuracy"]).ToArray(), accuracy.Select(p => p.Y).ToArray());
        // Losses: one line per term but accuracy.
        CollectionAssert.DoesNotContain(Figure(LatentLieGanPlots.Losses).SeriesLabels.ToArray(), "accuracy");
        // SINDy: terms × equations, pruned entries NaN (blank).
        var xi = Figure(LatentLieGanPlots.SindyCoefficients).Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single().Intensities;
        Assert.AreEqual(r.Sindy!.Library.Count, xi.GetLength(0));
        for (var c = 0; c < xi.GetLength(0); c++)
            for (var j = 0; j < 2; j++)
                if (r.Sindy.Coefficients[c, j] == 0) Assert.IsTrue(double.IsNaN(xi[c, j]));
                else Assert.AreEqual(r.Sindy.Coefficients[c, j], xi[c, j]);
        // Rollout: log10 of each error at its horizon.
        var lines = Figure(LatentLieGanPlots.Rollout).Plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.HasCount(2, lines);
        var latent = lines[0].Data.GetScatterPoints();
        CollectionAssert.AreEqual(new[] { 1.0, 3.0 }, latent.Select(p => p.X).ToArray());
        Assert.AreEqual(Math.Log10(r.Rollout![1].LatentRelativeMse), latent[1].Y, 1e-12);
    }

    [TestMethod]
    public void WithoutSindyThereAreFourFigures()
    {
        var ml = new MLContext(seed: 3);
        var rows = Enumerable.Range(0, 64).Select(i => new Row { Features = [.. Frame(i), .. Frame(i + 1)] }).ToArray();
        var options = new LatentLieGanEstimator.Options { TimeSteps = 2, HiddenLayers = [8], DiscriminatorHiddenLayers = [8], Epochs = 2, Seed = 0 };
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(ml.Data.LoadFromEnumerable(rows));
        CollectionAssert.AreEqual(LatentLieGanPlots.FigureNames.Take(4).ToArray(), model.Report.Plots().Select(f => f.Name).ToArray());
        Assert.IsFalse(model.Report.KeyResults.Any(k => k.Key is "equations" or "algebra" or "rolloutHorizon"));
        Assert.ThrowsExactly<ArgumentException>(() => LatentLieGanPlots.SindyFigure(model.Report));
    }

    [TestMethod]
    public void SavePlotsHtmlAndJsonCarryTheFiguresAndTables()
    {
        var dir = Fixture.NewFolder();
        try
        {
            var written = Fit.Value.Figures.SavePlots(dir);
            Assert.HasCount(12, written);
            var png = File.ReadAllBytes(Path.Combine(dir, LatentLieGanPlots.Eigenvalues + ".png"));
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            Assert.ThrowsExactly<IOException>(() => Report.SavePlots(dir, PlotFormats.Svg));
        }
        finally { Directory.Delete(dir, recursive: true); }
        var page = HtmlReport.Render(Report, new RunDescription { Dataset = "circle pairs" }, Fit.Value.Figures);
        Assert.AreEqual(6, System.Text.RegularExpressions.Regex.Count(page, "<svg"), "every figure inline");
        StringAssert.Contains(page, "Closest canonical generator of L1");
        StringAssert.Contains(page, "Rollout errors");
        using var doc = System.Text.Json.JsonDocument.Parse(ReportJson.Render(Report));
        Assert.AreEqual("LatentLieGan", doc.RootElement.GetProperty("method").GetString());
        var keys = doc.RootElement.GetProperty("keyResults");
        Assert.AreEqual(2, keys.GetProperty("generators").GetInt32());
        Assert.AreEqual(string.Join("; ", Report.Equations!), keys.GetProperty("equations").GetString());
        var titles = doc.RootElement.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("title").GetString()).ToArray();
        CollectionAssert.AreEqual(new[] { "Generators", "Training", "SINDy coefficients", "Rollout errors" }, titles);
    }
}
