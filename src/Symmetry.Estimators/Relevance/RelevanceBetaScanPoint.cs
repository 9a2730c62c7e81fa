namespace Microsoft.ML.Symmetry;

/// <summary>
/// One β of a LatentRelevance β scan (<see cref="LatentRelevanceEstimator.Options.BetaScan"/>): the relevance count of
/// a refit that differs from the main fit only in β (same seeds, runs and every other option).
/// </summary>
public sealed class RelevanceBetaScanPoint
{
    internal RelevanceBetaScanPoint(double beta, double[][] perRunRelevance, double? threshold, double minimumDropRatio)
    {
        var profile = RelevanceProfile.Of(perRunRelevance, threshold, minimumDropRatio);
        Beta = beta;
        PerRunRelevance = perRunRelevance;
        IntrinsicDimension = profile.IntrinsicDimension;
        PerRunDimension = profile.PerRunDimension;
        MedianRelevance = profile.Median;
    }

    /// <summary>The KL weight β of this refit.</summary>
    public double Beta { get; }

    /// <summary>The relevance count of the median profile (the same rule as <see cref="RelevanceReport.IntrinsicDimension"/>).</summary>
    public int IntrinsicDimension { get; }

    /// <summary>The count each run's own profile gives, in seed order.</summary>
    public IReadOnlyList<int> PerRunDimension { get; }

    /// <summary>Median over runs of each rank's relevance (length L, non-increasing).</summary>
    public IReadOnlyList<double> MedianRelevance { get; }

    /// <summary>Each run's sorted relevance profile (runs × L), what the count and the median are computed from.</summary>
    public IReadOnlyList<double[]> PerRunRelevance { get; }
}

/// <summary>
/// Where a β scan's relevance count is stable: the longest run of neighbouring scanned β values (in increasing order)
/// that give the same count ≥ 1 (see <see cref="RelevanceReport.StableBetaRange"/>).
/// </summary>
/// <param name="LowBeta">The smallest β of the range.</param>
/// <param name="HighBeta">The largest β of the range.</param>
/// <param name="IntrinsicDimension">The count every β of the range gives.</param>
/// <param name="Values">How many scanned β values the range holds (≥ 2).</param>
public sealed record RelevanceStableRange(double LowBeta, double HighBeta, int IntrinsicDimension, int Values);
