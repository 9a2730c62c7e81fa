namespace Microsoft.ML.Symmetry;

/// <summary>The checks every estimator's <c>Options.Validate</c> makes, with one wording: the exception names the option.</summary>
internal static class OptionChecks
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is positive and finite.</summary>
    public static void Positive(double value, string option)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(option, value, $"{option} must be a positive finite number.");
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is non-negative and finite.</summary>
    public static void NonNegative(double value, string option)
    {
        if (!(value >= 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(option, value, $"{option} must be a non-negative finite number.");
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> ≤ <paramref name="max"/>: the
    /// largest value the model file's reader accepts, so a model that saves always loads.
    /// </summary>
    public static void AtMost(long value, long max, string option)
    {
        if (value > max) throw new ArgumentOutOfRangeException(option, value, $"{option} must be at most {max} (the largest a model file holds).");
    }

    /// <summary>Throws unless <paramref name="widths"/> lists at most <paramref name="maxLayers"/> widths, each in 1 … <paramref name="maxWidth"/>.</summary>
    public static void Layers(IReadOnlyList<int>? widths, int maxLayers, int maxWidth, string option)
    {
        if (widths is null || widths.Any(h => h < 1 || h > maxWidth) || widths.Count > maxLayers)
            throw new ArgumentOutOfRangeException(option, widths is null ? "null" : $"[{string.Join(", ", widths)}]",
                $"{option} must list at most {maxLayers} widths, each from 1 to {maxWidth} (the largest a model file holds).");
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="value"/> is a non-empty column name.</summary>
    public static void ColumnName(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{option} must be a non-empty column name.", option);
    }
}
