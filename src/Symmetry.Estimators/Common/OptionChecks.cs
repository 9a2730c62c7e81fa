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

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="value"/> is a non-empty column name.</summary>
    public static void ColumnName(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{option} must be a non-empty column name.", option);
    }
}
