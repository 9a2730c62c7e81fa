using Symmetry.Estimators.Common;
using Symmetry.Estimators.Relevance;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Estimators.Tests;

[TestClass]
public sealed class RelevanceBadInputTests
{
    private static IDataView Vectors(float[] values, int size, string name = "Features")
    {
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn(name, size, values);
        return b.GetDataView();
    }

    private static float[] Grid(int rows, int size) => Enumerable.Range(0, rows * size).Select(i => (float)Math.Sin(i)).ToArray();

    [TestMethod]
    public void MissingColumnThrowsMlNetMessage()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance("Latent", "Nope", epochs: 1).Fit(Vectors(Grid(200, 2), 2)));
        StringAssert.StartsWith(e.Message, "Could not find input column 'Nope'");
    }

    [TestMethod]
    public void ScalarColumnThrowsSchemaMismatch()
    {
        var ml = new MLContext(1);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("Features", Enumerable.Range(0, 200).Select(i => (float)i).ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(b.GetDataView()));
        StringAssert.StartsWith(e.Message, "Schema mismatch for input column 'Features': expected Vector<Single>, got Single");
    }

    [TestMethod]
    public void DoubleVectorColumnThrowsSchemaMismatch()
    {
        var ml = new MLContext(1);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("Features", NumberDataViewType.Double, Enumerable.Range(0, 200).Select(i => new double[] { i, -i }).ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(b.GetDataView()));
        StringAssert.StartsWith(e.Message, "Schema mismatch for input column 'Features': expected Vector<Single>, got Vector<Double");
    }

    [TestMethod]
    public void NaNInFeaturesNamesColumnRowAndSlot()
    {
        var ml = new MLContext(1);
        var values = Grid(200, 3);
        values[57 * 3 + 2] = float.NaN;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(Vectors(values, 3)));
        Assert.AreEqual("Column 'Features' holds NaN at row 57, slot 2: the features must be finite numbers (remove or impute NaN/∞ first).", e.Message);
    }

    [TestMethod]
    public void BadOptionValuesThrowAtConstruction()
    {
        var ml = new MLContext(1);
        var latent = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(latentDimension: 0));
        StringAssert.Contains(latent.Message, "latentDimension must be at least 1.");
        var epochs = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 0));
        StringAssert.Contains(epochs.Message, "epochs must be at least 1.");
        var beta = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(beta: double.NaN));
        StringAssert.Contains(beta.Message, "beta must be a finite number ≥ 0.");
    }

    [TestMethod]
    public void FewerRowsThanOneBatchThrows()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(Vectors(Grid(100, 2), 2)));
        StringAssert.StartsWith(e.Message, "The data has 100 rows; training needs at least 128 (one batch).");
    }

    [TestMethod]
    public void EmptyDataThrows()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(Vectors([], 2)));
        StringAssert.StartsWith(e.Message, "The data has no rows");
    }

    [TestMethod]
    public void WrongVectorSizeAtScoringThrows()
    {
        var ml = new MLContext(1);
        using var model = ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1, seed: 1).Fit(Vectors(Grid(256, 2), 2));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(Vectors(Grid(10, 3), 3)));
        StringAssert.StartsWith(e.Message, "Schema mismatch for input column 'Features': expected Vector<Single, 2>");
    }

    [TestMethod]
    public void CancelExecutionStopsWithinOneBatch()
    {
        var ml = new MLContext(1);
        var progressSeen = 0;
        var options = new LatentRelevanceEstimator.Options { Epochs = 1000, Seed = 3 };
        options.Progress = new SyncProgress(p =>
        {
            progressSeen = p.Epoch;
            if (p.Epoch == 2) ml.CancelExecution();
        });
        var estimator = ml.Transforms.SymmetryDiscovery.LatentRelevance(options);
        Assert.ThrowsExactly<OperationCanceledException>(() => estimator.Fit(Vectors(Grid(512, 2), 2)));
        Assert.AreEqual(2, progressSeen, "the fit must stop in the epoch after cancellation, before finishing it");
    }

    [TestMethod]
    public void GpuRequestWithoutCudaAndNoFallbackThrows()
    {
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false };
        if (Symmetry.Torch.torch.cuda.is_available()) return; // only meaningful on a CPU-only build
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(Vectors(Grid(256, 2), 2)));
        StringAssert.Contains(e.Message, "CUDA is not available");
    }

    /// <summary>IProgress that runs synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
