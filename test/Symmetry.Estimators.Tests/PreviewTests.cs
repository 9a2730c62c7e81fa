using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// <c>estimator.Preview(data)</c> with ML.NET's defaults fits on the first 100 rows, fewer than the default batch of
/// LatentRelevance (128), LieDetector (256) and OracleFlows' autoencoder and oracle (128): each trains in one batch of
/// the rows, says so on the context's log, and the preview shows the appended column.
/// </summary>
[TestClass]
public sealed class PreviewTests
{
    [TestMethod]
    public void LatentRelevancePreviewsWithTheDefaults()
    {
        var (ml, log) = Logged();
        var preview = ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1, runs: 1, seed: 1).Preview(TestData.CircleView(300, seed: 1));
        Check(preview, "Latent");
        CollectionAssert.Contains(log, "LatentRelevance: BatchSize 128 is more than the 100 rows; training in batches of 100.");
    }

    [TestMethod]
    public void LieDetectorPreviewsWithTheDefaults()
    {
        var (ml, log) = Logged();
        var estimator = ml.Transforms.SymmetryDiscovery.LieDetector(new LieDetectorEstimator.Options { LatentSide = 3, Epochs = 1, Seed = 1 });
        Check(estimator.Preview(LieDetectorTests.Shifts(150, 1)), "T");
        CollectionAssert.Contains(log, "LieDetector: BatchSize 256 is more than the 100 rows; training in batches of 100.");
    }

    [TestMethod]
    public void OracleFlowsPreviewsWithTheDefaults()
    {
        var (ml, log) = Logged();
        var estimator = ml.Transforms.SymmetryDiscovery.OracleFlows(new OracleFlowsEstimator.Options
        {
            LabelColumnName = "Label", LatentDimension = 1, AutoencoderHiddenLayers = [4], AutoencoderEpochs = 1, OracleHiddenLayers = [4], OracleEpochs = 1,
            Generators = 1, Epochs = 1, Seed = 1,
        });
        var rng = new Random(1);
        var x = Enumerable.Range(0, 150 * 2).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var data = new ArrayView(150).Vector("Features", 2, x).Scalar("Label", NumberDataViewType.Single, Enumerable.Range(0, 150).Select(r => x[2 * r] * x[2 * r] + x[2 * r + 1] * x[2 * r + 1]).ToArray());
        Check(estimator.Preview(data), "Flow");
        CollectionAssert.Contains(log, "OracleFlows: OracleBatchSize 128 is more than the 100 rows; training in batches of 100.");
        CollectionAssert.Contains(log, "OracleFlows: AutoencoderBatchSize 128 is more than the 100 rows; training in batches of 100.");
    }

    [TestMethod]
    public void LatentLieGanPreviewsWithTheDefaults()
    {
        // Its default batch (64) fits in 100 rows: nothing to clamp, nothing said.
        var (ml, log) = Logged();
        var estimator = ml.Transforms.SymmetryDiscovery.LatentLieGan(new LatentLieGanEstimator.Options { HiddenLayers = [8], DiscriminatorHiddenLayers = [8], Epochs = 1, Seed = 1 });
        Check(estimator.Preview(LatentLieGanTests.Ring(150, 1)), "Latent");
        Assert.IsFalse(log.Any(l => l.Contains("training in batches of")), string.Join("\n", log));
    }

    private static (MLContext Ml, List<string> Log) Logged()
    {
        var ml = new MLContext(1);
        var log = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info) lock (log) log.Add(e.RawMessage); };
        return (ml, log);
    }

    // ML.NET's preview shows 100 rows, each with the appended column.
    private static void Check(DataDebuggerPreview preview, string column)
    {
        Assert.HasCount(100, preview.RowView);
        Assert.IsTrue(preview.ColumnView.Any(c => c.Column.Name == column), $"the preview has {column}");
    }
}
