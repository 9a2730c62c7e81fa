namespace Symmetry.ML.Data;

/// <summary>
/// The kinds of values a text loader column can hold (ML.NET's <c>DataKind</c>, with ML.NET's numeric values;
/// only the kinds this layer supports are declared).
/// </summary>
public enum DataKind : byte
{
    /// <summary>32-bit signed integer.</summary>
    Int32 = 5,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>32-bit floating point.</summary>
    Single = 9,

    /// <summary>64-bit floating point.</summary>
    Double = 10,

    /// <summary>Text.</summary>
    String = 11,

    /// <summary>Boolean.</summary>
    Boolean = 12,
}

/// <summary>Conversions between <see cref="DataKind"/>, column types and .NET types.</summary>
public static class DataKindExtensions
{
    /// <summary>The primitive column type of <paramref name="kind"/>.</summary>
    public static PrimitiveDataViewType ToDataViewType(this DataKind kind) => kind switch
    {
        DataKind.Int32 => NumberDataViewType.Int32,
        DataKind.Int64 => NumberDataViewType.Int64,
        DataKind.Single => NumberDataViewType.Single,
        DataKind.Double => NumberDataViewType.Double,
        DataKind.String => TextDataViewType.Instance,
        DataKind.Boolean => BooleanDataViewType.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"DataKind {(int)kind} is not supported."),
    };

    /// <summary>The <see cref="DataKind"/> of a primitive column type; throws for other types.</summary>
    public static DataKind ToDataKind(this PrimitiveDataViewType type) => TryGetDataKind(type, out var kind)
        ? kind
        : throw new ArgumentOutOfRangeException(nameof(type), $"Type {type} has no DataKind.");

    /// <summary>Finds the <see cref="DataKind"/> of a primitive column type.</summary>
    public static bool TryGetDataKind(this PrimitiveDataViewType type, out DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(type);
        kind = type.RawType switch
        {
            var t when t == typeof(int) => DataKind.Int32,
            var t when t == typeof(long) => DataKind.Int64,
            var t when t == typeof(float) => DataKind.Single,
            var t when t == typeof(double) => DataKind.Double,
            var t when t == typeof(ReadOnlyMemory<char>) => DataKind.String,
            var t when t == typeof(bool) => DataKind.Boolean,
            _ => 0,
        };
        return kind != 0;
    }

    /// <summary>The primitive column type for a .NET type (<see cref="string"/> maps to text), or null.</summary>
    public static PrimitiveDataViewType? PrimitiveTypeOf(Type type) => type switch
    {
        _ when type == typeof(float) => NumberDataViewType.Single,
        _ when type == typeof(double) => NumberDataViewType.Double,
        _ when type == typeof(int) => NumberDataViewType.Int32,
        _ when type == typeof(long) => NumberDataViewType.Int64,
        _ when type == typeof(bool) => BooleanDataViewType.Instance,
        _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => TextDataViewType.Instance,
        _ => null,
    };
}
