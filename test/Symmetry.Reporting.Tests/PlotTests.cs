using ScottPlot;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>Each LatentRelevance figure renders to SVG (valid XML with its axis labels and series) and PNG (right size, not flat).</summary>
[TestClass]
public sealed class PlotTests
{
    private static ReportFigure Figure(string name) => Fixture.Figures.Single(f => f.Name == name);

    [TestMethod]
    public void TheTransformerGivesEveryFigureInOrder()
    {
        CollectionAssert.AreEqual(RelevancePlots.FigureNames.ToArray(), Fixture.Figures.Select(f => f.Name).ToArray());
        // From the base type, without latent codes: every figure but the scatter.
        SymmetryReport report = Fixture.Report;
        CollectionAssert.AreEqual(RelevancePlots.FigureNames.Where(n => n != RelevancePlots.LatentScatter).ToArray(), report.Plots().Select(f => f.Name).ToArray());
        Assert.IsTrue(report.HasPlots());
        Assert.AreEqual(Fixture.Report.IntrinsicDimension, report.KeyResults.Single(k => k.Key == "intrinsicDimension").Value);
    }

    [TestMethod]
    [DataRow(RelevancePlots.RelevanceByRank, new[] { "Latent rank", "Relevance" })]
    [DataRow(RelevancePlots.DimensionHistogram, new[] { "Dimension", "Runs" })]
    [DataRow(RelevancePlots.Correlations, new[] { "Feature", "Latent rank", "Pearson r" })]
    [DataRow(RelevancePlots.LatentScatter, new[] { "Latent rank 1", "Latent rank 2" })]
    [DataRow(RelevancePlots.TrainingCurves, new[] { "Epoch", "Loss (mean per epoch)" })]
    [DataRow(RelevancePlots.BetaScan, new[] { "β (log scale)", "Relevant latents" })]
    public void EachFigureRendersToSvgWithItsAxisLabelsAndSeries(string name, string[] axisLabels)
    {
        var figure = Figure(name);
        var texts = Images.SvgTexts(figure.ToSvg());
        foreach (var label in axisLabels) CollectionAssert.Contains(texts, label, $"{name}: axis label '{label}' in [{string.Join(" | ", texts)}]");
        Assert.IsNotEmpty(figure.SeriesLabels);
        // Each series appears once in the legend (or, for the colour scales, once as the colour bar's label).
        foreach (var label in figure.SeriesLabels) Assert.AreEqual(1, texts.Count(t => t == label), $"{name}: series '{label}'");
    }

    [TestMethod]
    public void TheFiguresDrawOneSeriesPerQuantity()
    {
        var r = Fixture.Report;
        var latent = r.Relevance.Count;
        var d = r.FeatureNames.Count;
        // Relevance: every run's dots, mean ± std bars, the median line, the dimension cut.
        var relevance = Figure(RelevancePlots.RelevanceByRank);
        Assert.HasCount(4, relevance.SeriesLabels);
        Assert.HasCount(4, relevance.Plot.GetPlottables());
        var dots = relevance.Plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().First();
        Assert.AreEqual(r.Runs * latent, dots.Data.GetScatterPoints().Count, "one dot per run and rank");
        // Histogram: one bar per dimension 0 … L, heights the run counts.
        var bars = Figure(RelevancePlots.DimensionHistogram).Plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        CollectionAssert.AreEqual(r.DimensionHistogram.Select(n => (double)n).ToArray(), bars.Select(b => b.Value).ToArray());
        // Heatmap: the L × D correlations, each written in its cell.
        var heat = Figure(RelevancePlots.Correlations);
        var map = heat.Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        Assert.AreEqual(latent, map.Intensities.GetLength(0));
        Assert.AreEqual(d, map.Intensities.GetLength(1));
        var texts = Images.SvgTexts(heat.ToSvg());
        foreach (var row in r.Correlations)
            foreach (var v in row) CollectionAssert.Contains(texts, v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var f in r.FeatureNames) CollectionAssert.Contains(texts, f, "feature tick labels");
        // Training curves: the other runs' totals, then the kept run's three terms.
        var curves = Figure(RelevancePlots.TrainingCurves);
        Assert.HasCount(r.Runs - 1 + 3, curves.Plot.GetPlottables());
        CollectionAssert.AreEqual(new[] { "total, other runs", "total, kept run", "reconstruction, kept run", "KL, kept run" }, curves.SeriesLabels.ToArray());
        // Scatter: every sampled row drawn once, split into colour bands.
        var scatter = Figure(RelevancePlots.LatentScatter);
        var markers = scatter.Plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>().ToArray();
        Assert.AreEqual(200, markers.Sum(m => m.Data.GetScatterPoints().Count));
        Assert.IsGreaterThan(3, markers.Length, "several colour bands");
    }

    [TestMethod]
    public void TheScatterUsesTheTransformersLatentsInRankOrder()
    {
        var sample = LatentSample.FromTransform(Fixture.Model, Fixture.Data, maxRows: 50);
        Assert.AreEqual(50, sample.Count);
        // The report's correlations were computed on the kept run's latents in rank order over the training rows:
        // the sample's rank-1 latent must correlate with the features the same way (same rows, a subset).
        var all = LatentSample.FromTransform(Fixture.Model, Fixture.Data, maxRows: int.MaxValue);
        Assert.AreEqual(240, all.Count);
        for (var k = 0; k < Fixture.Report.Relevance.Count; k++)
            for (var f = 0; f < Fixture.Report.FeatureNames.Count; f++)
            {
                var r = Pearson(all.Latents.Select(z => z[k]).ToArray(), all.Features.Select(x => x[f]).ToArray());
                Assert.AreEqual(Fixture.Report.Correlations[k][f], r, 1e-3, $"rank {k}, feature {f} (float scoring vs the fit's statistics)");
            }
    }

    [TestMethod]
    public void TheBetaScanFigureDrawsEachRunsCountAndTheMedianCountAtLog10Beta()
    {
        var r = Fixture.Report;
        Assert.HasCount(3, r.BetaScan);
        var figure = Figure(RelevancePlots.BetaScan);
        var scatters = figure.Plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        // The runs' dots, then the median profile's line.
        Assert.HasCount(2, scatters);
        var dots = scatters[0].Data.GetScatterPoints();
        Assert.AreEqual(r.Runs * r.BetaScan.Count, dots.Count, "one dot per run and β");
        CollectionAssert.AreEqual(r.BetaScan.SelectMany(p => p.PerRunDimension).Select(d => (double)d).ToArray(), dots.Select(p => p.Y).ToArray());
        var line = scatters[1].Data.GetScatterPoints();
        CollectionAssert.AreEqual(r.BetaScan.Select(p => Math.Log10(p.Beta)).ToArray(), line.Select(p => p.X).ToArray(), "x is log10 β");
        CollectionAssert.AreEqual(r.BetaScan.Select(p => (double)p.IntrinsicDimension).ToArray(), line.Select(p => p.Y).ToArray());
        // The tick labels are the scanned β values themselves.
        var texts = Images.SvgTexts(figure.ToSvg());
        foreach (var label in new[] { "0.03", "0.3", "3" }) CollectionAssert.Contains(texts, label);
        // Without a scan there is no such figure, and asking for it names the option.
        var e = Assert.ThrowsExactly<ArgumentException>(() => RelevancePlots.BetaScanFigure(NoScan.Value));
        StringAssert.StartsWith(e.Message, "The report has no β scan; set LatentRelevanceEstimator.Options.BetaScan (the CLI's --beta-scan).");
        Assert.IsFalse(NoScan.Value.Plots().Any(f => f.Name == RelevancePlots.BetaScan));
    }

    // The smallest fit without a scan (1 run, 1 epoch).
    private static readonly Lazy<RelevanceReport> NoScan = new(() =>
    {
        var model = Fixture.Ml.Transforms.SymmetryDiscovery.LatentRelevance(
            new LatentRelevanceEstimator.Options { HiddenLayers = [4], Epochs = 1, Runs = 1, BatchSize = 64 }).Fit(Fixture.Data);
        model.Dispose(); // the report outlives its model
        return model.Report;
    });

    [TestMethod]
    public void EachFigureRendersToAPngOfItsSizeThatIsNotFlat()
    {
        foreach (var figure in Fixture.Figures)
        {
            var (colours, nonBackground) = Images.CheckPng(figure.ToPng(), figure.Width, figure.Height);
            Assert.IsGreaterThan(20, colours, $"{figure.Name}: distinct colours");
            Assert.IsGreaterThan(0.02, nonBackground, $"{figure.Name}: drawn pixels");
        }
    }

    [TestMethod]
    public void SavePlotsWritesBothFormatsAndNeverOverwritesUnasked()
    {
        var dir = Path.Combine(Fixture.NewFolder(), "plots");
        try
        {
            var figures = Fixture.Report.Plots();
            var written = figures.SavePlots(dir);
            Assert.HasCount(figures.Count * 2, written);
            foreach (var f in figures)
            {
                Images.SvgTexts(File.ReadAllText(Path.Combine(dir, f.Name + ".svg")));
                Images.CheckPng(File.ReadAllBytes(Path.Combine(dir, f.Name + ".png")), f.Width, f.Height);
            }
            var mine = Path.Combine(dir, RelevancePlots.TrainingCurves + ".png");
            File.WriteAllText(mine, "the user's file");
            var e = Assert.ThrowsExactly<IOException>(() => Fixture.Report.SavePlots(dir, PlotFormats.Png));
            StringAssert.Contains(e.Message, "already exists");
            Assert.AreEqual("the user's file", File.ReadAllText(mine), "nothing was replaced");
            Fixture.Report.SavePlots(dir, PlotFormats.Png, overwrite: true);
            Images.CheckPng(File.ReadAllBytes(mine), 0, 0);
            Assert.ThrowsExactly<IOException>(() => Fixture.Report.SavePlots(mine));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [TestMethod]
    public void OtherReportsCanRegisterTheirFigures()
    {
        var report = new TinyReport();
        Assert.IsFalse(report.HasPlots());
        Assert.ThrowsExactly<NotSupportedException>(() => report.Plots());
        ReportPlots.Register<TinyReport>(_ =>
        {
            var plot = new Plot();
            plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 3, 1, 2 }).LegendText = "tiny";
            return [new ReportFigure("tiny", "Tiny", plot, ["tiny"])];
        });
        Assert.AreEqual("tiny", report.Plots().Single().Name);
        Assert.AreEqual(42, report.KeyResults.Single().Value);
    }

    private sealed class TinyReport : SymmetryReport
    {
        public override string Method => "Tiny";
        public override string Summary => "Nothing.";
        public override IReadOnlyList<KeyResult> KeyResults => [new KeyResult("answer", "Answer", 42)];
        public override Microsoft.Data.Analysis.DataFrame ToDataFrame() => new(new Microsoft.Data.Analysis.Int32DataFrameColumn("A", [1]));
        public override IReadOnlyList<(string Title, Microsoft.Data.Analysis.DataFrame Table)> Tables() => [("A", ToDataFrame())];
    }

    private static double Pearson(double[] a, double[] b)
    {
        var ma = a.Average();
        var mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }
}
