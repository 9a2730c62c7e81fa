namespace Symmetry.Datasets;

/// <summary>One generated column: a scalar <see cref="float"/> per row, or a fixed-size float vector per row.</summary>
public sealed class DatasetColumn
{
    private readonly float[] _values;

    /// <summary>Creates a column over row-major values (not copied; the generators hand over fresh arrays).</summary>
    /// <param name="name">Column name (e.g. "Features", "Label").</param>
    /// <param name="values">RowCount × <paramref name="vectorSize"/> values, row after row.</param>
    /// <param name="vectorSize">Values per row.</param>
    /// <param name="isVector">True for a vector column (even of size 1), false for a scalar column.</param>
    public DatasetColumn(string name, float[] values, int vectorSize, bool isVector)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(vectorSize, 1);
        if (values.Length % vectorSize != 0)
            throw new ArgumentException($"Column '{name}': {values.Length} values are not a multiple of the vector size {vectorSize}.", nameof(values));
        if (!isVector && vectorSize != 1)
            throw new ArgumentException($"Column '{name}': a scalar column has vector size 1.", nameof(vectorSize));
        Name = name;
        _values = values;
        VectorSize = vectorSize;
        IsVector = isVector;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Values per row (1 for a scalar column).</summary>
    public int VectorSize { get; }

    /// <summary>Whether the column is a vector column.</summary>
    public bool IsVector { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _values.Length / VectorSize;

    /// <summary>All values, row-major.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>The values of one row.</summary>
    /// <param name="row">Row index.</param>
    public ReadOnlySpan<float> Row(int row) => new(_values, row * VectorSize, VectorSize);

    internal float[] RawValues => _values;

    internal static DatasetColumn Scalar(string name, float[] values) => new(name, values, 1, false);

    internal static DatasetColumn Vector(string name, float[] values, int size) => new(name, values, size, true);
}
