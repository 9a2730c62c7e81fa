using System.Buffers.Binary;
using System.IO.Compression;
using Symmetry.Datasets;
using Symmetry.Estimators.Relevance;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Estimators.Tests;

/// <summary>Regression tests for bad input found in review of the LatentRelevance estimator and transformer.</summary>
[TestClass]
public sealed class RelevanceRobustnessTests
{
    [TestMethod]
    public void HugeRunCountIsNotPreallocated()
    {
        var ml = new MLContext(1);
        var data = SymmetryDatasets.Circle(ml, count: 256, seed: 1);
        var runs = 0;
        var options = new LatentRelevanceEstimator.Options
        {
            Epochs = 1, BatchSize = 128, HiddenLayers = [4], Runs = int.MaxValue, Seed = 1,
            Progress = new Reporter(_ => { if (++runs == 2) ml.CancelExecution(); }),
        };
        // A list with capacity Runs was allocated up front: OutOfMemoryException before any training.
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(data));
        Assert.AreEqual(2, runs, e.Message);
    }

    [TestMethod]
    public void BatchLargerThanTheDataNamesTheBatchSizeOption()
    {
        var ml = new MLContext(1);
        var data = SymmetryDatasets.Circle(ml, count: 50, seed: 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(new LatentRelevanceEstimator.Options { BatchSize = 1000, Epochs = 1 }).Fit(data));
        // The message used to stop at "(one batch).", leaving the user to guess which setting to change.
        Assert.AreEqual("The data has 50 rows; training needs at least 1000 (one batch). Lower the BatchSize option or supply more rows. (Parameter 'data')", e.Message);
    }

    // Saves a small fitted model, lets `patch` rewrite the transformer's hidden layer widths, and loads it again.
    private static Exception LoadWithHiddenWidths(params int[] widths)
    {
        var ml = new MLContext(3);
        var data = SymmetryDatasets.Circle(ml, count: 200, seed: 3);
        using var model = ml.Transforms.SymmetryDiscovery.LatentRelevance(new LatentRelevanceEstimator.Options
        {
            LatentDimension = 3, HiddenLayers = [17, 19], Epochs = 1, BatchSize = 100, Seed = 3,
        }).Fit(data);
        var saved = new MemoryStream();
        ml.Model.Save(model, data.Schema, saved);
        var bytes = saved.ToArray();
        var patched = new MemoryStream();
        patched.Write(bytes);
        using (var zip = new ZipArchive(patched, ZipArchiveMode.Update, leaveOpen: true))
        {
            var found = false;
            foreach (var entry in zip.Entries.ToList())
            {
                byte[] content;
                using (var s = entry.Open()) { var m = new MemoryStream(); s.CopyTo(m); content = m.ToArray(); }
                // input size 2, latent 3, 2 hidden layers: 17, 19 (little-endian int32s, as BinaryWriter writes them).
                var pattern = new byte[20];
                int[] ints = [2, 3, 2, 17, 19];
                for (var i = 0; i < ints.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(pattern.AsSpan(4 * i), ints[i]);
                var at = content.AsSpan().IndexOf(pattern);
                if (at < 0) continue;
                BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(at + 12), widths[0]);
                BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(at + 16), widths[1]);
                var name = entry.FullName;
                entry.Delete();
                using var w = zip.CreateEntry(name).Open();
                w.Write(content);
                found = true;
                break;
            }
            Assert.IsTrue(found, "the transformer's entry holds the sizes as written by SaveModel");
        }
        patched.Position = 0;
        return Assert.Throws<Exception>(() => ml.Model.Load(patched, out _));
    }

    [TestMethod]
    public void ModelWithANegativeHiddenWidthIsAFormatError()
    {
        // Was ArgumentOutOfRangeException from nn.Linear ("in_features must be ≥ 0"), which says nothing about the file.
        var e = LoadWithHiddenWidths(17, -3);
        Assert.IsInstanceOfType<FormatException>(e);
        Assert.AreEqual("Corrupt LatentRelevance model: hidden layer widths [17, -3] must all be ≥ 1.", e.Message);
    }

    [TestMethod]
    public void ModelClaimingAHugeNetworkIsRejectedBeforeAllocatingIt()
    {
        // Was: a 2 → 60000 → 60000 network (3.6e9 weights, 14 GB) allocated and initialised before the weights were read.
        var e = LoadWithHiddenWidths(60_000, 60_000);
        Assert.IsInstanceOfType<FormatException>(e);
        StringAssert.StartsWith(e.Message, "Corrupt LatentRelevance model: a network of input size 2, hidden layers [60000, 60000] and latent 3 needs more weights than the ");
    }

    private sealed class Reporter(Action<Common.TrainingProgress> action) : IProgress<Common.TrainingProgress>
    {
        public void Report(Common.TrainingProgress value) => action(value);
    }
}
