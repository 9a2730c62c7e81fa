namespace Symmetry.ML.Data;

/// <summary>The numeric column types. Use the singletons; there is one instance per raw type.</summary>
public sealed class NumberDataViewType : PrimitiveDataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType, string name) : base(rawType) => _name = name;

    /// <summary>32-bit floating point (<see cref="float"/>).</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float), "Single");

    /// <summary>64-bit floating point (<see cref="double"/>).</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double), "Double");

    /// <summary>32-bit signed integer (<see cref="int"/>).</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int), "Int32");

    /// <summary>64-bit signed integer (<see cref="long"/>).</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long), "Int64");

    /// <summary>The type's name as ML.NET prints it, for example <c>Single</c>.</summary>
    public override string ToString() => _name;
}

/// <summary>The Boolean column type.</summary>
public sealed class BooleanDataViewType : PrimitiveDataViewType
{
    private BooleanDataViewType() : base(typeof(bool))
    {
    }

    /// <summary>The single instance.</summary>
    public static BooleanDataViewType Instance { get; } = new();

    /// <summary>Returns <c>Boolean</c>.</summary>
    public override string ToString() => "Boolean";
}

/// <summary>The text column type; values are <see cref="ReadOnlyMemory{T}"/> of <see cref="char"/>, as in ML.NET.</summary>
public sealed class TextDataViewType : PrimitiveDataViewType
{
    private TextDataViewType() : base(typeof(ReadOnlyMemory<char>))
    {
    }

    /// <summary>The single instance.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <summary>Returns <c>String</c> (ML.NET's name for this type).</summary>
    public override string ToString() => "String";
}
