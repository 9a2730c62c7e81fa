using System.Diagnostics;
using Symmetry.Datasets;
using Symmetry.Estimators;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Estimators.Tests;

[TestClass]
public sealed class RelevanceEndToEndTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void SquareHasTwoDegreesOfFreedom(int seed)
    {
        var ml = new MLContext(seed);
        var data = SymmetryDatasets.Square(ml, count: 10_000, seed: seed);
        var sw = Stopwatch.StartNew();
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Transforms.SymmetryDiscovery.LatentRelevance("Latent", "Features", latentDimension: 4, epochs: 30, seed: seed)).Fit(data);
        var report = model.LastTransformer.Report;
        TestContext.WriteLine($"fit {sw.Elapsed.TotalSeconds:F1}s: {report.Summary}");
        Assert.AreEqual(2, report.IntrinsicDimension, report.Summary);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void ElectronPositronToMuonsHasThreeDegreesOfFreedom(int seed)
    {
        var ml = new MLContext(seed);
        var data = SymmetryDatasets.ElectronPositronToMuons(ml, count: 10_000, seed: seed);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Transforms.SymmetryDiscovery.LatentRelevance("Latent", "Features", latentDimension: 6, epochs: 30, seed: seed));
        var sw = Stopwatch.StartNew();
        var model = pipeline.Fit(data);
        var report = model.LastTransformer.Report;
        TestContext.WriteLine($"fit {sw.Elapsed.TotalSeconds:F1}s: {report.Summary}");
        Assert.AreEqual(3, report.IntrinsicDimension, report.Summary);
    }

    // Paper 000 claims one dominant latent for the circle; a faithful VAE keeps two (the circle's embedding dimension:
    // no continuous one-to-one map takes it onto an interval). docs/reproduction.md discusses it; this pins the finding.
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void CircleKeepsTwoRelevantLatentsNotThePapersOne(int seed)
    {
        var ml = new MLContext(seed);
        var data = SymmetryDatasets.Circle(ml, count: 10_000, seed: seed);
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Transforms.SymmetryDiscovery.LatentRelevance("Latent", "Features", latentDimension: 4, epochs: 30, seed: seed)).Fit(data);
        var report = model.LastTransformer.Report;
        TestContext.WriteLine(report.Summary);
        Assert.AreEqual(2, report.IntrinsicDimension, report.Summary);
    }
}
