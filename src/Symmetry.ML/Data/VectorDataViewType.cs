using System.Collections.Immutable;

namespace Symmetry.ML.Data;

/// <summary>
/// A vector of a primitive item type whose values are <see cref="VBuffer{T}"/>. <see cref="Size"/> is 0 when the length
/// varies from row to row.
/// </summary>
public sealed class VectorDataViewType : StructuredDataViewType
{
    /// <summary>A vector of <paramref name="itemType"/> of length <paramref name="size"/> (0 = variable).</summary>
    public VectorDataViewType(PrimitiveDataViewType itemType, int size = 0)
        : base(MakeRawType(itemType))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ItemType = itemType;
        Size = size;
        Dimensions = size == 0 ? [] : [size];
    }

    /// <summary>A vector of <paramref name="itemType"/> with the given dimensions (all positive); its size is their product.</summary>
    public VectorDataViewType(PrimitiveDataViewType itemType, params int[] dimensions)
        : base(MakeRawType(itemType))
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ItemType = itemType;
        long size = 1;
        foreach (int d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dimensions));
            size *= d;
        }
        if (dimensions.Length == 0 || dimensions.Contains(0))
            size = 0;
        if (size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(dimensions), "The product of the dimensions exceeds Int32.MaxValue.");
        Size = (int)size;
        Dimensions = [.. dimensions];
    }

    /// <summary>The type of each element.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>The number of elements, or 0 when it varies.</summary>
    public int Size { get; }

    /// <summary>Whether every row has the same length <see cref="Size"/>.</summary>
    public bool IsKnownSize => Size > 0;

    /// <summary>The dimensions whose product is <see cref="Size"/> (empty for a variable-size vector).</summary>
    public ImmutableArray<int> Dimensions { get; }

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) =>
        other is VectorDataViewType v && v.ItemType.Equals(ItemType) && v.Size == Size &&
        v.Dimensions.AsSpan().SequenceEqual(Dimensions.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ItemType, Size);

    /// <summary>ML.NET's rendering: <c>Vector&lt;Single, 8&gt;</c>, or <c>Vector&lt;Single&gt;</c> when the size varies.</summary>
    public override string ToString() =>
        IsKnownSize ? $"Vector<{ItemType}, {string.Join(", ", Dimensions)}>" : $"Vector<{ItemType}>";

    private static Type MakeRawType(PrimitiveDataViewType itemType)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        return typeof(VBuffer<>).MakeGenericType(itemType.RawType);
    }
}
