using Symmetry.ML.Transforms;

namespace Symmetry.ML;

/// <summary>Column copying, concatenation and selection on <see cref="TransformsCatalog"/>.</summary>
public static class TransformExtensionsCatalog
{
    /// <summary>Copies <paramref name="inputColumnName"/> to <paramref name="outputColumnName"/>.</summary>
    public static ColumnCopyingEstimator CopyColumns(this TransformsCatalog catalog, string outputColumnName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        return new ColumnCopyingEstimator(catalog.GetEnvironment(), (outputColumnName, inputColumnName));
    }

    /// <summary>Copies several columns.</summary>
    public static ColumnCopyingEstimator CopyColumns(this TransformsCatalog catalog, InputOutputColumnPair[] columns)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new ColumnCopyingEstimator(catalog.GetEnvironment(), columns.Select(c => (c.OutputColumnName, c.InputColumnName)).ToArray());
    }

    /// <summary>Concatenates <paramref name="inputColumnNames"/> (scalars and vectors of one item type) into vector <paramref name="outputColumnName"/>.</summary>
    public static ColumnConcatenatingEstimator Concatenate(this TransformsCatalog catalog, string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ColumnConcatenatingEstimator(catalog.GetEnvironment(), outputColumnName, inputColumnNames);
    }

    /// <summary>Drops the named columns (names that are absent are ignored).</summary>
    public static ColumnSelectingEstimator DropColumns(this TransformsCatalog catalog, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columnNames);
        return new ColumnSelectingEstimator(catalog.GetEnvironment(), null, columnNames);
    }

    /// <summary>Keeps only the named columns, in the order given.</summary>
    public static ColumnSelectingEstimator SelectColumns(this TransformsCatalog catalog, params string[] columnNames) =>
        SelectColumns(catalog, columnNames, false);

    /// <summary>Keeps only the named columns; with <paramref name="keepHidden"/>, also their hidden namesakes.</summary>
    public static ColumnSelectingEstimator SelectColumns(this TransformsCatalog catalog, string[] columnNames, bool keepHidden)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columnNames);
        return new ColumnSelectingEstimator(catalog.GetEnvironment(), columnNames, null, keepHidden);
    }
}

/// <summary>Normalizers on <see cref="TransformsCatalog"/>.</summary>
public static class NormalizationCatalog
{
    /// <summary>
    /// Normalizes to zero mean and unit variance (with <paramref name="fixZero"/>: unit root-mean-square, zero kept),
    /// or, with <paramref name="useCdf"/>, maps each slot to <c>Φ((x − μ)/σ)</c> in [0, 1], the CDF of the normal
    /// distribution with the slot's mean and population standard deviation (fixZero is then ignored, as in ML.NET;
    /// a slot with σ = 0, and NaN or ±∞ inputs, map to 0).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The output column; it has the input's type.</param>
    /// <param name="inputColumnName">The input column (Single or Double scalar or known-size vector); <paramref name="outputColumnName"/> when null.</param>
    /// <param name="maximumExampleCount">The most rows read to compute the statistics.</param>
    /// <param name="fixZero">Whether zero maps to zero (no effect with <paramref name="useCdf"/>).</param>
    /// <param name="useCdf">Whether to output the normal CDF of the value instead of the standardized value.</param>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = NormalizingEstimator.Defaults.MaximumExampleCount,
        bool fixZero = NormalizingEstimator.Defaults.EnsureZeroUntouched, bool useCdf = NormalizingEstimator.Defaults.MeanVarCdf)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(catalog.GetEnvironment(),
            new NormalizingEstimator.ColumnOptions(outputColumnName, inputColumnName, NormalizingEstimator.NormalizationMode.MeanVariance, maximumExampleCount, fixZero, useCdf));
    }

    /// <summary>Mean–variance normalization (or, with <paramref name="useCdf"/>, normal-CDF normalization) of several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input columns.</param>
    /// <param name="maximumExampleCount">The most rows read to compute the statistics.</param>
    /// <param name="fixZero">Whether zero maps to zero (no effect with <paramref name="useCdf"/>).</param>
    /// <param name="useCdf">Whether to output the normal CDF of the value instead of the standardized value.</param>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = NormalizingEstimator.Defaults.MaximumExampleCount,
        bool fixZero = NormalizingEstimator.Defaults.EnsureZeroUntouched, bool useCdf = NormalizingEstimator.Defaults.MeanVarCdf)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new NormalizingEstimator(catalog.GetEnvironment(), columns.Select(c =>
            new NormalizingEstimator.ColumnOptions(c.OutputColumnName, c.InputColumnName, NormalizingEstimator.NormalizationMode.MeanVariance, maximumExampleCount, fixZero, useCdf)).ToArray());
    }

    /// <summary>Normalizes to [0, 1] (with <paramref name="fixZero"/>: to [−1, 1], zero kept).</summary>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = NormalizingEstimator.Defaults.MaximumExampleCount, bool fixZero = NormalizingEstimator.Defaults.EnsureZeroUntouched)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizingEstimator(catalog.GetEnvironment(),
            new NormalizingEstimator.ColumnOptions(outputColumnName, inputColumnName, NormalizingEstimator.NormalizationMode.MinMax, maximumExampleCount, fixZero));
    }

    /// <summary>Min–max normalization of several columns.</summary>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = NormalizingEstimator.Defaults.MaximumExampleCount, bool fixZero = NormalizingEstimator.Defaults.EnsureZeroUntouched)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new NormalizingEstimator(catalog.GetEnvironment(), columns.Select(c =>
            new NormalizingEstimator.ColumnOptions(c.OutputColumnName, c.InputColumnName, NormalizingEstimator.NormalizationMode.MinMax, maximumExampleCount, fixZero)).ToArray());
    }
}
