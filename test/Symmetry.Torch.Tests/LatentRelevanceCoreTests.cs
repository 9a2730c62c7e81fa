using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class LatentRelevanceCoreTests
{
    private static readonly LatentRelevanceTrainingOptions Small = new() { HiddenLayers = [8], Epochs = 2, BatchSize = 64, Runs = 3 };

    private static TrainingLoop Loop() => new(null, null, CancellationToken.None);

    [TestMethod]
    public void ResultIsTheTrainedRunsMeasuredOnTheData()
    {
        // The core is VaeTraining plus the measurement: the same seeds trained directly give the same relevance.
        using var data = TestData.Circle(300, 1.0, 4);
        var features = data.data<float>().ToArray();
        using var result = LatentRelevanceCore.Train(data, features, Small, 10, CPU, Loop());
        var direct = VaeTraining.Train(data, Small, [10, 11, 12], CPU, Loop());
        try
        {
            Assert.HasCount(3, result.Runs);
            CollectionAssert.AreEqual(new[] { 10, 11, 12 }, result.Runs.Select(r => r.Seed).ToArray());
            var best = Enumerable.Range(0, 3).MinBy(r => direct[r].FinalLoss);
            Assert.AreEqual(best, result.BestRun);
            for (var r = 0; r < 3; r++)
            {
                var (mu, sigma) = direct[r].Model.EncodeAll(data, LatentRelevanceDefaults.EncodeBatchSize);
                CollectionAssert.AreEqual(RelevanceMath.Relevance(mu, sigma, 300, 2), result.Runs[r].Relevance);
                Assert.AreEqual(direct[r].FinalLoss, result.Runs[r].FinalLoss);
                var run = result.Runs[r];
                CollectionAssert.AreEqual(run.Order.Select(j => run.Relevance[j]).ToArray(), run.SortedRelevance);
            }
            Assert.AreEqual(RelevanceProfile.Of(result.Runs.Select(r => r.SortedRelevance).ToArray(), null, LatentRelevanceDefaults.MinimumDropRatio).IntrinsicDimension,
                            result.Profile.IntrinsicDimension);
            Assert.HasCount(2, result.Correlations);
            Assert.HasCount(2, result.LinearR2);
        }
        finally
        {
            foreach (var run in direct) run.Model.Dispose();
        }
    }

    [TestMethod]
    public void TakeModelHandsOwnershipOn()
    {
        using var data = TestData.Circle(100, 1.0, 5);
        var result = LatentRelevanceCore.Train(data, data.data<float>().ToArray(), Small with { Runs = 1, BatchSize = 32 }, 1, CPU, Loop());
        var model = result.TakeModel();
        result.Dispose();
        Assert.ThrowsExactly<InvalidOperationException>(() => result.Model);
        Assert.IsFalse(model.training);
        using var x = zeros(4, 2);
        using var y = model.forward(x); // still alive: the result did not dispose it
        model.Dispose();
    }

    [TestMethod]
    public void FeaturesMustMatchTheData()
    {
        using var data = TestData.Circle(50, 1.0, 6);
        var e = Assert.ThrowsExactly<ArgumentException>(() => LatentRelevanceCore.Train(data, new float[3], Small, 1, CPU, Loop()));
        StringAssert.Contains(e.Message, "features");
    }
}
