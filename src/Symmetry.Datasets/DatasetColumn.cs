namespace Microsoft.ML.Symmetry;

/// <summary>One generated column: a scalar <see cref="float"/> per row, or a fixed-size float vector per row.</summary>
public sealed class DatasetColumn
{
    private readonly float[] _values;
    private readonly int[]? _rowMap;

    /// <summary>Creates a column over row-major values (not copied; the generators hand over fresh arrays).</summary>
    /// <param name="name">Column name (e.g. "Features", "Label").</param>
    /// <param name="values">RowCount × <paramref name="vectorSize"/> values, row after row.</param>
    /// <param name="vectorSize">Values per row.</param>
    /// <param name="isVector">True for a vector column (even of size 1), false for a scalar column.</param>
    public DatasetColumn(string name, float[] values, int vectorSize, bool isVector)
        : this(name, values, vectorSize, isVector, null)
    {
    }

    /// <summary>
    /// Creates a column whose row i is row <c>rowMap[i]</c> of <paramref name="values"/>, so that frame pairs and
    /// aliases share one array instead of copying it.
    /// </summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Stored rows × <paramref name="vectorSize"/> values (not copied).</param>
    /// <param name="vectorSize">Values per row.</param>
    /// <param name="isVector">True for a vector column.</param>
    /// <param name="rowMap">Stored row of each column row (not copied), or null for the identity.</param>
    public DatasetColumn(string name, float[] values, int vectorSize, bool isVector, int[]? rowMap)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(vectorSize, 1);
        if (values.Length % vectorSize != 0)
            throw new ArgumentException($"Column '{name}': {values.Length} values are not a multiple of the vector size {vectorSize}.", nameof(values));
        if (!isVector && vectorSize != 1)
            throw new ArgumentException($"Column '{name}': a scalar column has vector size 1.", nameof(vectorSize));
        if (rowMap is not null)
        {
            int stored = values.Length / vectorSize;
            foreach (int r in rowMap)
                if ((uint)r >= (uint)stored)
                    throw new ArgumentException($"Column '{name}': row map entry {r} is outside the {stored} stored rows.", nameof(rowMap));
        }
        Name = name;
        _values = values;
        _rowMap = rowMap;
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
    public int RowCount => _rowMap?.Length ?? _values.Length / VectorSize;

    /// <summary>All values, row-major (materialised as a new array when the column is a view of shared rows).</summary>
    public ReadOnlyMemory<float> Values
    {
        get
        {
            if (_rowMap is null) return _values;
            var copy = new float[RowCount * VectorSize];
            for (int i = 0; i < _rowMap.Length; i++) Row(i).CopyTo(copy.AsSpan(i * VectorSize));
            return copy;
        }
    }

    /// <summary>The values of one row.</summary>
    /// <param name="row">Row index.</param>
    public ReadOnlySpan<float> Row(int row) => new(_values, (_rowMap is null ? row : _rowMap[row]) * VectorSize, VectorSize);

    /// <summary>A column with the same data under another name (no copy).</summary>
    /// <param name="name">The new name.</param>
    public DatasetColumn Alias(string name) => new(name, _values, VectorSize, IsVector, _rowMap);

    internal static DatasetColumn Scalar(string name, float[] values) => new(name, values, 1, false);

    internal static DatasetColumn Vector(string name, float[] values, int size) => new(name, values, size, true);
}
