namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The relevance of VAE latents (Sanz, "Learning symmetries in datasets", eq. 4.3) and the rule that turns a
/// sorted relevance profile into an intrinsic-dimension estimate.
/// </summary>
internal static class RelevanceMath
{
    /// <summary>
    /// relevance_j = std over events of μ_j / mean over events of σ_j, for row-major μ and σ (rows×latents).
    /// The std is Bessel-corrected. A latent whose mean σ is 0 has infinite relevance only if its μ varies; a
    /// degenerate 0/0 is reported as 0.
    /// </summary>
    public static double[] Relevance(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, int rows, int latents)
    {
        if (mu.Length != sigma.Length) throw new ArgumentException($"μ has {mu.Length} values but σ has {sigma.Length}.", nameof(sigma));
        return Relevance(Statistics.ColumnStd(mu, rows, latents), Statistics.ColumnMeans(sigma, rows, latents));
    }

    /// <summary>
    /// <see cref="Relevance(ReadOnlySpan{double}, ReadOnlySpan{double}, int, int)"/> from float32 μ and the mean σ of
    /// each latent (<see cref="VaeEncoding.EncodeMeans"/>): the same numbers without a float64 copy of μ or any σ per row.
    /// </summary>
    public static double[] Relevance(ReadOnlySpan<float> mu, IReadOnlyList<double> meanSigma, int rows, int latents)
    {
        ArgumentNullException.ThrowIfNull(meanSigma);
        if (meanSigma.Count != latents) throw new ArgumentException($"meanSigma has {meanSigma.Count} values but there are {latents} latents.", nameof(meanSigma));
        return Relevance(Statistics.ColumnStd(mu, rows, latents), meanSigma);
    }

    private static double[] Relevance(double[] std, IReadOnlyList<double> meanSigma)
    {
        var latents = std.Length;
        var r = new double[latents];
        for (var j = 0; j < latents; j++)
            r[j] = meanSigma[j] > 0 ? std[j] / meanSigma[j] : std[j] > 0 ? double.PositiveInfinity : 0;
        return r;
    }

    /// <summary>The permutation that sorts relevances in decreasing order (ties keep the original order).</summary>
    public static int[] DescendingOrder(IReadOnlyList<double> relevance) =>
        Enumerable.Range(0, relevance.Count).OrderByDescending(j => relevance[j]).ThenBy(j => j).ToArray();

    /// <summary>
    /// The intrinsic dimension of a profile sorted in decreasing order.
    /// <list type="bullet">
    /// <item>With <paramref name="threshold"/>: the number of latents whose relevance is at least the threshold.</item>
    /// <item>Otherwise (default): the latents above the profile's largest drop ln r_k − ln r_{k+1}, provided the drop is
    /// at least ln <paramref name="minimumDropRatio"/>, that also have relevance above 1 (their mean moves more across
    /// the data than the posterior noise). A flatter profile has no gap: then every latent above 1 is counted, which
    /// is L for a profile that is uniformly relevant; a collapsed posterior (all below 1) gives 0 either way.</item>
    /// </list>
    /// </summary>
    public static int IntrinsicDimension(IReadOnlyList<double> sortedRelevance, double? threshold = null, double minimumDropRatio = 3.0)
    {
        ArgumentNullException.ThrowIfNull(sortedRelevance);
        if (sortedRelevance.Count == 0) throw new ArgumentException("The relevance profile is empty.", nameof(sortedRelevance));
        if (minimumDropRatio <= 1) throw new ArgumentOutOfRangeException(nameof(minimumDropRatio), minimumDropRatio, "The minimum drop ratio must be greater than 1.");
        for (var k = 1; k < sortedRelevance.Count; k++)
            if (sortedRelevance[k] > sortedRelevance[k - 1]) throw new ArgumentException("The relevance profile must be sorted in decreasing order.", nameof(sortedRelevance));
        if (threshold is { } t) return sortedRelevance.Count(r => r >= t);

        // Floor at a tiny positive value so a latent with zero relevance gives a large but finite drop.
        static double Log(double r) => Math.Log(Math.Max(r, 1e-12));
        var best = -1;
        var bestDrop = double.NegativeInfinity;
        for (var k = 0; k + 1 < sortedRelevance.Count; k++)
        {
            var drop = Log(sortedRelevance[k]) - Log(sortedRelevance[k + 1]);
            if (drop > bestDrop) { bestDrop = drop; best = k + 1; }
        }
        if (best > 0 && bestDrop >= Math.Log(minimumDropRatio)) return sortedRelevance.Take(best).Count(r => r > 1);
        return sortedRelevance.Count(r => r > 1);
    }
}
