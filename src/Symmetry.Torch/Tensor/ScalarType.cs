namespace Symmetry.Torch;

public static partial class torch
{
    /// <summary>Element types, with libtorch's integer codes so they cross the boundary unchanged.</summary>
    public enum ScalarType : sbyte
    {
        /// <summary>8-bit unsigned integer.</summary>
        Byte = 0,
        /// <summary>8-bit signed integer.</summary>
        Int8 = 1,
        /// <summary>16-bit signed integer.</summary>
        Int16 = 2,
        /// <summary>32-bit signed integer.</summary>
        Int32 = 3,
        /// <summary>64-bit signed integer (indices, labels).</summary>
        Int64 = 4,
        /// <summary>IEEE half precision.</summary>
        Float16 = 5,
        /// <summary>IEEE single precision, the default dtype.</summary>
        Float32 = 6,
        /// <summary>IEEE double precision.</summary>
        Float64 = 7,
        /// <summary>Complex of two float32 (FFT outputs, eigenvalues).</summary>
        ComplexFloat32 = 9,
        /// <summary>Complex of two float64.</summary>
        ComplexFloat64 = 10,
        /// <summary>Boolean (masks, comparisons).</summary>
        Bool = 11,
        /// <summary>bfloat16.</summary>
        BFloat16 = 15,
    }

    /// <summary>float32.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>float64.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>int32.</summary>
    public const ScalarType int32 = ScalarType.Int32;
    /// <summary>int64.</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>bool.</summary>
    public const ScalarType @bool = ScalarType.Bool;
    /// <summary>complex64 (two float32).</summary>
    public const ScalarType complex64 = ScalarType.ComplexFloat32;
    /// <summary>complex128 (two float64).</summary>
    public const ScalarType complex128 = ScalarType.ComplexFloat64;

    /// <summary>The dtype factories use when none is given (float32, as PyTorch).</summary>
    public static ScalarType get_default_dtype() => ScalarType.Float32;

    internal static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "Unknown dtype."),
    };

    internal static ScalarType ToScalarType(Type t) =>
        t == typeof(float) ? ScalarType.Float32 :
        t == typeof(double) ? ScalarType.Float64 :
        t == typeof(long) ? ScalarType.Int64 :
        t == typeof(int) ? ScalarType.Int32 :
        t == typeof(bool) ? ScalarType.Bool :
        t == typeof(byte) ? ScalarType.Byte :
        t == typeof(short) ? ScalarType.Int16 :
        t == typeof(sbyte) ? ScalarType.Int8 :
        throw new NotSupportedException($"No tensor element type corresponds to {t.Name}; use float, double, long, int, bool, byte, short or sbyte.");

    /// <summary>True for float16/32/64 and bfloat16.</summary>
    public static bool is_floating_point(ScalarType t) =>
        t is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;
}
