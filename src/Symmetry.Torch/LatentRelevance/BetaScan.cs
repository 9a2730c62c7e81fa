using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>One β of a <see cref="BetaScan"/>: the dimension rule's count and the median relevance profile.</summary>
/// <param name="Beta">The KL weight β.</param>
/// <param name="IntrinsicDimension">The relevance count of the median profile (<see cref="RelevanceProfile.IntrinsicDimension"/>).</param>
/// <param name="PerRunDimension">The count of each run's own profile.</param>
/// <param name="MedianRelevance">The median sorted relevance profile over runs.</param>
internal sealed record BetaScanPoint(double Beta, int IntrinsicDimension, int[] PerRunDimension, double[] MedianRelevance);

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
    public static BetaScanPoint[] Run(Tensor data, LatentRelevanceTrainingOptions options, IReadOnlyList<double> betas, int baseSeed,
                                      Device device, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Any(b => !(b >= 0) || double.IsInfinity(b))) throw new ArgumentException("Every β must be a finite number ≥ 0.", nameof(betas));
        using var host = data.to(float32, CPU).contiguous();
        var features = host.data<float>().ToArray();
        return betas.Select(b =>
        {
            using var result = LatentRelevanceCore.Train(data, features, options with { Beta = b }, baseSeed, device, loop);
            return new BetaScanPoint(b, result.Profile.IntrinsicDimension, result.Profile.PerRunDimension, result.Profile.Median);
        }).ToArray();
    }
}
