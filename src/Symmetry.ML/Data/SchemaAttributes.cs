namespace Symmetry.ML.Data;

/// <summary>Names the column a field or property maps to (default: the member's name).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ColumnNameAttribute(string name) : Attribute
{
    /// <summary>The column name.</summary>
    public string Name { get; } = name;
}

/// <summary>Declares an array or <see cref="VBuffer{T}"/> member a vector of known dimensions (none: variable size).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class VectorTypeAttribute : Attribute
{
    /// <summary>A variable-size vector.</summary>
    public VectorTypeAttribute() => Dimensions = [];

    /// <summary>A vector of the given dimensions; its size is their product.</summary>
    public VectorTypeAttribute(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Any(d => d <= 0))
            throw new ArgumentOutOfRangeException(nameof(dimensions), "Vector dimensions must be positive.");
        Dimensions = dimensions;
    }

    /// <summary>The dimensions (empty for variable size).</summary>
    public int[] Dimensions { get; }

    /// <summary>The size (product of dimensions), 0 for variable size.</summary>
    public int Size => Dimensions.Length == 0 ? 0 : Dimensions.Aggregate(1, (a, b) => a * b);
}

/// <summary>Excludes a field or property from the schema.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class NoColumnAttribute : Attribute
{
}

/// <summary>Where a member's values are in a text file: one field, a range of fields (a vector), or a list of fields.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class LoadColumnAttribute : Attribute
{
    /// <summary>The value is in field <paramref name="fieldIndex"/> (0-based).</summary>
    public LoadColumnAttribute(int fieldIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fieldIndex);
        Sources = [new TextLoader.Range(fieldIndex)];
        IsScalar = true;
    }

    /// <summary>The values are in fields <paramref name="start"/> to <paramref name="end"/> inclusive (a vector).</summary>
    public LoadColumnAttribute(int start, int end)
    {
        Sources = [new TextLoader.Range(start, end)];
    }

    /// <summary>The values are in the listed fields (a vector).</summary>
    public LoadColumnAttribute(int[] columnIndexes)
    {
        ArgumentNullException.ThrowIfNull(columnIndexes);
        Sources = columnIndexes.Select(i => new TextLoader.Range(i)).ToArray();
    }

    internal TextLoader.Range[] Sources { get; }

    internal bool IsScalar { get; }
}
