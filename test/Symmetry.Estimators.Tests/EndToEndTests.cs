using Microsoft.ML;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// Paper 000's experiments at its sizes: 10⁴ points, 30 epochs, 20 runs (the estimator's defaults: batched runs,
/// standardized inputs, β = 0.1, hidden 64-64), one data seed each.
/// </summary>
[TestClass]
public sealed class EndToEndTests
{
    public TestContext TestContext { get; set; } = null!;

    private RelevanceReport Fit(IDataView data, int latent, int seed)
    {
        var ml = new MLContext(seed);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var model = ml.Transforms.SymmetryDiscovery.LatentRelevance(new LatentRelevanceEstimator.Options { LatentDimension = latent, Seed = seed }).Fit(data);
        var report = model.Report;
        TestContext.WriteLine($"{report.Summary} (wall {wall.Elapsed.TotalSeconds:F0} s, CPU {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F0} s, {TorchSharp.torch.get_num_threads()} thread(s))");
        Assert.AreEqual(LatentRelevanceEstimator.Defaults.Runs, report.Runs);
        Assert.AreEqual(30, report.TrainingCurves[0].Length);
        return report;
    }

    [TestMethod]
    public void SquareHasTwoDegreesOfFreedom()
    {
        var report = Fit(SymmetryDatasets.Square(new MLContext(1), count: 10_000, seed: 1), latent: 4, seed: 1);
        Assert.AreEqual(2, report.IntrinsicDimension, report.Summary);
        Assert.IsGreaterThan(report.Runs / 2, report.DimensionHistogram[2], "most runs give 2 on their own: " + report.Summary);
    }

    [TestMethod]
    public void ElectronPositronToMuonsHasThreeRelevantLatents()
    {
        var report = Fit(SymmetryDatasets.ElectronPositronToMuons(new MLContext(2), count: 10_000, seed: 2), latent: 6, seed: 2);
        Assert.AreEqual(3, report.IntrinsicDimension, report.Summary);
    }

    // Paper 000 claims one dominant latent for the circle; a faithful VAE keeps two (the circle's embedding dimension:
    // no continuous one-to-one map takes it onto an interval). docs/reproduction.md discusses it; this pins the finding.
    [TestMethod]
    public void CircleKeepsTwoRelevantLatentsNotThePapersOne()
    {
        var report = Fit(SymmetryDatasets.Circle(new MLContext(3), count: 10_000, seed: 3), latent: 4, seed: 3);
        Assert.AreEqual(2, report.IntrinsicDimension, report.Summary);
    }
}
