using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// What the relevance count is (issue 20, item 1): the number of directions whose spread is well above the posterior
/// noise that β sets. Pinned qualitatively: a noisy plane gives its dimension over a range of β, and the count does
/// not grow with β.
/// </summary>
[TestClass]
public sealed class BetaScanTests
{
    private static TrainingLoop Loop() => new(null, null, CancellationToken.None);

    [TestMethod]
    public void NoisyPlaneGivesItsDimensionOverARangeOfBetaAndTheCountNeverGrowsWithBeta()
    {
        using var data = RelevanceCases.Case("plane5", 1000, seed: 3);
        // Small network, few epochs: the plane's two directions are found in seconds.
        var options = new LatentRelevanceTrainingOptions { HiddenLayers = [64, 64], Epochs = 30, BatchSize = 64, Runs = 3 };
        double[] betas = [0.03, 0.1, 0.3, 0.5, 1, 3, 30];
        var scan = BetaScan.Run(data, options, betas, 7, CPU, Loop());
        var counts = scan.Select(p => p.IntrinsicDimension).ToArray();
        var text = string.Join(", ", scan.Select(p => $"β {p.Beta}: {p.IntrinsicDimension}"));
        CollectionAssert.AreEqual(betas, scan.Select(p => p.Beta).ToArray());
        // The plane's dimension over the middle of the range (0.1 … 1): the count is stable there.
        Assert.IsTrue(scan.Where(p => p.Beta is >= 0.1 and <= 1).All(p => p.IntrinsicDimension == 2), text);
        // Non-increasing in β: a larger β means a larger posterior noise, so fewer directions stand above it.
        for (var k = 1; k < counts.Length; k++) Assert.IsLessThanOrEqualTo(counts[k - 1], counts[k], text);
        // At a very large β the KL term wins and the posterior collapses: fewer than 2.
        Assert.IsLessThan(2, counts[^1], text);
    }
}
