namespace Symmetry.ML;

/// <summary>The type of a column's values. Instances are compared with <see cref="Equals(DataViewType?)"/>.</summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    /// <summary>Creates a type whose values have the .NET type <paramref name="rawType"/>.</summary>
    protected DataViewType(Type rawType)
    {
        ArgumentNullException.ThrowIfNull(rawType);
        RawType = rawType;
    }

    /// <summary>The .NET type that getters of this column return (for example <see cref="float"/>, <c>VBuffer&lt;float&gt;</c>).</summary>
    public Type RawType { get; }

    /// <summary>Whether two types describe the same values.</summary>
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();
}

/// <summary>A type whose values are not vectors.</summary>
public abstract class PrimitiveDataViewType : DataViewType
{
    /// <summary>Creates a primitive type over <paramref name="rawType"/>.</summary>
    protected PrimitiveDataViewType(Type rawType) : base(rawType)
    {
    }

    /// <summary>Primitive types are singletons, so equality is identity.</summary>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();
}

/// <summary>A type made of other types, such as a vector.</summary>
public abstract class StructuredDataViewType : DataViewType
{
    /// <summary>Creates a structured type over <paramref name="rawType"/>.</summary>
    protected StructuredDataViewType(Type rawType) : base(rawType)
    {
    }
}
