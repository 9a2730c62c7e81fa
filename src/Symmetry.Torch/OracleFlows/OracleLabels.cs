namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Labels to learn the oracle from, one per input row: class indices (a classifier), one value per row (a scalar
/// regressor) or a vector per row (a multi-output regressor).
/// </summary>
internal sealed record OracleLabels
{
    private OracleLabels(bool classifier, double[]? scalars, float[]? vectors, int vectorSize, string description)
    {
        Classifier = classifier;
        Scalars = scalars;
        Vectors = vectors;
        VectorSize = vectorSize;
        Description = description;
    }

    /// <summary>One class per row (any distinct values; they are ranked into 0 … classes − 1).</summary>
    public static OracleLabels OfClasses(double[] values, string description) => new(true, values ?? throw new ArgumentNullException(nameof(values)), null, 0, description);

    /// <summary>One regression target per row.</summary>
    public static OracleLabels OfValues(double[] values, string description) => new(false, values ?? throw new ArgumentNullException(nameof(values)), null, 0, description);

    /// <summary>A regression target vector of <paramref name="size"/> values per row, row after row.</summary>
    public static OracleLabels OfVectors(float[] values, int size, string description) => new(false, null, values ?? throw new ArgumentNullException(nameof(values)), size, description);

    /// <summary>Whether a classifier is learned (cross-entropy), else a regressor (squared error).</summary>
    public bool Classifier { get; }

    /// <summary>One value per row (classes or targets); null for vector targets.</summary>
    public double[]? Scalars { get; }

    /// <summary>Rows × <see cref="VectorSize"/> targets; null for scalar labels.</summary>
    public float[]? Vectors { get; }

    /// <summary>Values per row of <see cref="Vectors"/>.</summary>
    public int VectorSize { get; }

    /// <summary>How error messages name the labels, e.g. "Label column 'Shell'".</summary>
    public string Description { get; }
}
