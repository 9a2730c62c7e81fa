using Microsoft.ML;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// A wide input (more features than rows) costs one Pearson pass in the relevance report, not a least-squares
/// factorisation per latent: with no more rows than features + 1 any linear fit is exact, so R² is reported as NaN.
/// </summary>
[TestClass]
public sealed class WideInputTests
{
    [TestMethod]
    public void AWideInputReportsCorrelationsAndNoMeaninglessR2()
    {
        const int rows = 256, cols = 2000;
        var rng = new Random(7);
        var x = Enumerable.Range(0, rows * cols).Select(_ => (float)rng.NextDouble()).ToArray();
        var data = new ArrayView(rows).Vector("Features", cols, x);
        var model = new MLContext(1).Transforms.SymmetryDiscovery.LatentRelevance(new LatentRelevanceEstimator.Options
            { LatentDimension = 3, HiddenLayers = [16], Epochs = 1, Runs = 1, BatchSize = 64, Seed = 1 }).Fit(data);
        var report = model.Report;
        Assert.IsTrue(report.LinearR2.All(double.IsNaN), "R² of 2000 features on 256 rows is exact whatever the latent");
        Assert.HasCount(3, report.Correlations);
        Assert.IsTrue(report.Correlations.All(c => c.Length == cols && c.All(double.IsFinite)));
    }
}
