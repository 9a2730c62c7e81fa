namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// What the runs' sorted relevance profiles say together: per rank the median (the profile the intrinsic dimension is
/// read from, robust to the odd run that collapses or splits a latent), mean and standard deviation over runs, and
/// the dimension each run's own profile gives.
/// </summary>
/// <param name="Median">Median over runs of each rank's relevance, made non-increasing.</param>
/// <param name="Mean">Mean over runs of each rank's relevance, made non-increasing.</param>
/// <param name="Std">Bessel-corrected standard deviation over runs of each rank's relevance (0 for one run).</param>
/// <param name="IntrinsicDimension"><see cref="RelevanceMath.IntrinsicDimension"/> of <paramref name="Median"/>.</param>
/// <param name="PerRunDimension">The same rule applied to each run's profile.</param>
/// <param name="DimensionHistogram">[d] = how many runs give dimension d, for d = 0 … L.</param>
/// <param name="RelevanceThreshold">The absolute threshold of the dimension rule, or null for the largest-gap rule.</param>
/// <param name="MinimumDropRatio">The gap ratio of the largest-gap rule.</param>
internal sealed record RelevanceProfile(double[] Median, double[] Mean, double[] Std, int IntrinsicDimension,
                                        int[] PerRunDimension, int[] DimensionHistogram,
                                        double? RelevanceThreshold, double MinimumDropRatio)
{
    /// <summary>
    /// Aggregates runs' profiles (each sorted in decreasing order, all of one length L) and applies the dimension rule
    /// (<paramref name="threshold"/> or the largest gap of at least <paramref name="minimumDropRatio"/>).
    /// </summary>
    public static RelevanceProfile Of(IReadOnlyList<double[]> perRun, double? threshold, double minimumDropRatio)
    {
        ArgumentNullException.ThrowIfNull(perRun);
        if (perRun.Count == 0) throw new ArgumentException("At least one run's profile is needed.", nameof(perRun));
        var latent = perRun[0].Length;
        var median = new double[latent];
        var mean = new double[latent];
        var std = new double[latent];
        for (var k = 0; k < latent; k++)
        {
            var values = perRun.Select(p => p[k]).Order().ToArray();
            var n = values.Length;
            median[k] = n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
            mean[k] = values.Average();
            std[k] = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean[k]) * (v - mean[k])) / (n - 1)) : 0;
        }
        // Medians and means of sorted profiles are sorted too, up to rounding; enforce it for the dimension rule.
        for (var k = 1; k < latent; k++) { median[k] = Math.Min(median[k], median[k - 1]); mean[k] = Math.Min(mean[k], mean[k - 1]); }
        var dimension = RelevanceMath.IntrinsicDimension(median, threshold, minimumDropRatio);
        var perRunDimension = perRun.Select(p => RelevanceMath.IntrinsicDimension(p, threshold, minimumDropRatio)).ToArray();
        var histogram = Enumerable.Range(0, latent + 1).Select(d => perRunDimension.Count(v => v == d)).ToArray();
        return new RelevanceProfile(median, mean, std, dimension, perRunDimension, histogram, threshold, minimumDropRatio);
    }
}
