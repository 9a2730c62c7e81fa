using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>Bulk copies between TorchSharp tensors and spans (TorchSharp's element accessor copies one element at a time).</summary>
internal static class TensorSpans
{
    /// <summary>
    /// Copies every element of a contiguous CPU tensor of <typeparamref name="T"/>'s dtype into
    /// <paramref name="destination"/>, which must hold exactly <c>numel()</c> values.
    /// </summary>
    public static void CopyTo<T>(this Tensor source, Span<T> destination) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        var expected = DType<T>();
        if (source.dtype != expected)
            throw new ArgumentException($"The tensor has dtype {source.dtype}, but the destination holds {typeof(T).Name} ({expected}).", nameof(source));
        if (source.device_type != DeviceType.CPU || !source.is_contiguous())
            throw new ArgumentException("Copy from a contiguous CPU tensor (call .cpu().contiguous() first).", nameof(source));
        if (source.numel() != destination.Length)
            throw new ArgumentException($"The tensor has {source.numel()} elements, the destination {destination.Length}.", nameof(destination));
        if (destination.Length == 0) return;
        MemoryMarshal.Cast<byte, T>(source.bytes).CopyTo(destination);
    }

    /// <summary>A new tensor (a copy) of <paramref name="values"/> with the given shape, on <paramref name="device"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<double> values, ReadOnlySpan<long> shape, Device? device = null) => Copy(values, shape, device);

    /// <summary>A new tensor (a copy) of <paramref name="values"/> with the given shape, on <paramref name="device"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, ReadOnlySpan<long> shape, Device? device = null) => Copy(values, shape, device);

    // The values copied straight into a new CPU tensor's memory (a managed array in between would be garbage of the
    // tensor's size on every call: large batches pile up on the large-object heap), then moved to the device.
    private static Tensor Copy<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, Device? device) where T : unmanaged
    {
        long count = 1;
        foreach (var n in shape) count *= n;
        if (count != values.Length) throw new ArgumentException($"The shape [{string.Join(", ", shape.ToArray())}] holds {count} values; {values.Length} were given.", nameof(values));
        var host = empty(shape.ToArray(), DType<T>());
        if (values.Length > 0) values.CopyTo(MemoryMarshal.Cast<byte, T>(host.bytes));
        if (device is null || device.type == DeviceType.CPU) return host;
        using (host) return host.to(device);
    }

    private static ScalarType DType<T>() where T : unmanaged =>
        typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : throw new NotSupportedException($"No tensor dtype for {typeof(T).Name}.");
}
