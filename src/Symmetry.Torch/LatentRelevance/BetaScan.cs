using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>One β of a <see cref="BetaScan"/>: the dimension rule's count and the median relevance profile.</summary>
/// <param name="Beta">The KL weight β.</param>
/// <param name="IntrinsicDimension">The relevance count of the median profile (<see cref="RelevanceProfile.IntrinsicDimension"/>).</param>
/// <param name="PerRunDimension">The count of each run's own profile.</param>
/// <param name="MedianRelevance">The median sorted relevance profile over runs.</param>
/// <param name="PerRunRelevance">Each run's sorted relevance profile (what the others are computed from).</param>
internal sealed record BetaScanPoint(double Beta, int IntrinsicDimension, int[] PerRunDimension, double[] MedianRelevance, double[][] PerRunRelevance);

/// <summary>
/// The relevance count as a function of β. The count is the number of latent directions whose spread over the data
/// is well above the posterior noise σ that β sets (a resolution, not a topology: docs/reproduction.md), so a user
/// should read it where it is stable over a range of β.
/// </summary>
internal static class BetaScan
{
    /// <summary>
    /// Trains <see cref="LatentRelevanceCore.Train"/> once per β in <paramref name="betas"/> with every other option
    /// and the seeds unchanged (so only β differs between the points), and returns one point per β, in the given order.
    /// </summary>
    /// <param name="data">rows × D float32, as the VAE sees it.</param>
    /// <param name="options">Every training option but β.</param>
    /// <param name="betas">The β values, each finite and ≥ 0.</param>
    /// <param name="baseSeed">The first run's seed, as in <see cref="LatentRelevanceCore.Train"/>.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="loop">Progress and cancellation.</param>
    /// <param name="features">The same rows in the caller's units (only the discarded correlations use them); null copies <paramref name="data"/>.</param>
    /// <param name="onPoint">Called after each β (e.g. to log it).</param>
    public static BetaScanPoint[] Run(Tensor data, LatentRelevanceTrainingOptions options, IReadOnlyList<double> betas, int baseSeed,
                                      Device device, TrainingLoop loop, float[]? features = null, Action<BetaScanPoint>? onPoint = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Any(b => !(b >= 0) || double.IsInfinity(b))) throw new ArgumentException("Every β must be a finite number ≥ 0.", nameof(betas));
        if (features is null)
        {
            using var host = data.to(float32, CPU).contiguous();
            features = host.data<float>().ToArray();
        }
        var points = new BetaScanPoint[betas.Count];
        for (var k = 0; k < points.Length; k++)
        {
            using var result = LatentRelevanceCore.Train(data, features, options with { Beta = betas[k] }, baseSeed, device, loop);
            points[k] = new BetaScanPoint(betas[k], result.Profile.IntrinsicDimension, result.Profile.PerRunDimension, result.Profile.Median,
                                          result.Runs.Select(r => r.SortedRelevance).ToArray());
            onPoint?.Invoke(points[k]);
        }
        return points;
    }
}
