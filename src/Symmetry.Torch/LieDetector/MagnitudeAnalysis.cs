namespace Microsoft.ML.Symmetry.Torch;

/// <summary>The statistics of the magnitudes t a LieDetector's t-network predicts on the evaluation pairs.</summary>
internal static class MagnitudeAnalysis
{
    /// <summary>Bins of the histogram of predicted t.</summary>
    public const int HistogramBins = 20;

    /// <summary>
    /// The histogram of <paramref name="t"/>: <see cref="HistogramBins"/> equal bins [Low, High) between its min and max
    /// (the last includes High); one bin when all values are equal; none for no values.
    /// </summary>
    public static (double Low, double High, int Count)[] Bin(double[] t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Length == 0) return [];
        double lo = t.Min(), hi = t.Max();
        if (!(hi > lo)) return [(lo, hi, t.Length)];
        var width = (hi - lo) / HistogramBins;
        var counts = new int[HistogramBins];
        foreach (var v in t) counts[Math.Min(HistogramBins - 1, (int)((v - lo) / width))]++;
        return counts.Select((c, i) => (lo + i * width, i == HistogramBins - 1 ? hi : lo + (i + 1) * width, c)).ToArray();
    }

    /// <summary>
    /// Spearman's rank correlation of <paramref name="predicted"/> with <paramref name="truth"/> and the W₁ distance of
    /// their standardised distributions (t's sign aligned to the truth's); both null without truth or with fewer than two pairs.
    /// </summary>
    public static (double? Spearman, double? Wasserstein1) AgainstTruth(double[] predicted, double[]? truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth is null || predicted.Length < 2) return (null, null);
        var spearman = Statistics.Spearman(predicted, truth);
        // The t-network's sign convention is free: compare shapes with t's sign aligned to the truth's.
        var aligned = spearman < 0 ? predicted.Select(v => -v).ToArray() : predicted;
        return (spearman, Statistics.StandardizedWasserstein1(aligned, truth));
    }
}
