using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    private static (sbyte, int, int, int) Opts(ScalarType? dtype, Device? device, bool requires_grad) =>
        ((sbyte)(dtype ?? get_default_dtype()), (int)(device?.type ?? DeviceType.CPU), device?.index ?? -1, requires_grad ? 1 : 0);

    private static unsafe Tensor FromData<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> dimensions, ScalarType? dtype, Device? device, bool requires_grad) where T : unmanaged
    {
        long n = 1;
        foreach (var d in dimensions)
        {
            if (d < 0) throw new ArgumentException($"Dimensions must be non-negative; got [{string.Join(", ", dimensions.ToArray())}].", nameof(dimensions));
            n *= d;
        }
        if (n != data.Length)
            throw new ArgumentException($"The data has {data.Length} elements but the shape [{string.Join(", ", dimensions.ToArray())}] needs {n}.", nameof(dimensions));
        var own = ToScalarType(typeof(T));
        var shape = dimensions.ToArray();
        Tensor t;
        fixed (T* p = data)
        {
            // requires_grad is set after any dtype conversion so the result is a leaf.
            t = new Tensor(sym_tensor_from_data((IntPtr)p, shape, shape.Length, (sbyte)own, (int)(device?.type ?? DeviceType.CPU), device?.index ?? -1, 0));
        }
        if (dtype is { } target && target != own)
        {
            var c = t.to(target);
            t.Dispose();
            t = c;
        }
        if (requires_grad) t.requires_grad_(true).Dispose();
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(float[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<float>(rawArray, dimensions, dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(double[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<double>(rawArray, dimensions, dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(long[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<long>(rawArray, dimensions, dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(int[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<int>(rawArray, dimensions, dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(bool[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<bool>(rawArray, dimensions, dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(ReadOnlySpan<float> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData(rawArray, dimensions, dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of <paramref name="rawArray"/> with shape <paramref name="dimensions"/>.</summary>
    public static Tensor tensor(ReadOnlySpan<double> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData(rawArray, dimensions, dtype, device, requires_grad);

    /// <summary>A 1-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<float>(rawArray, [rawArray.LongLength], dtype, device, requires_grad);
    /// <summary>A 1-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<double>(rawArray, [rawArray.LongLength], dtype, device, requires_grad);
    /// <summary>A 1-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(long[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<long>(rawArray, [rawArray.LongLength], dtype, device, requires_grad);
    /// <summary>A 1-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<int>(rawArray, [rawArray.LongLength], dtype, device, requires_grad);
    /// <summary>A 1-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<bool>(rawArray, [rawArray.LongLength], dtype, device, requires_grad);

    /// <summary>A 2-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromData(Span2D(rawArray), [rawArray.GetLongLength(0), rawArray.GetLongLength(1)], dtype, device, requires_grad);
    /// <summary>A 2-D tensor holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(double[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromData(Span2D(rawArray), [rawArray.GetLongLength(0), rawArray.GetLongLength(1)], dtype, device, requires_grad);

    // The elements of a 2-D array, row-major; an empty array (0×n or n×0) has no [0, 0] element to take a reference to.
    private static ReadOnlySpan<T> Span2D<T>(T[,] array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array, "rawArray");
        return array.Length == 0 ? [] : System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref array[0, 0], array.Length);
    }

    /// <summary>A 0-D tensor.</summary>
    public static Tensor tensor(float scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<float>([scalar], [], dtype, device, requires_grad);
    /// <summary>A 0-D tensor.</summary>
    public static Tensor tensor(double scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<double>([scalar], [], dtype, device, requires_grad);
    /// <summary>A 0-D tensor.</summary>
    public static Tensor tensor(long scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromData<long>([scalar], [], dtype, device, requires_grad);

    /// <summary>Zeros of the given shape.</summary>
    public static Tensor zeros(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (d, t, i, g) = Opts(dtype, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_tensor_zeros(s, s.Length, d, t, i, g));
    }
    /// <summary>Zeros of the given shape</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros((ReadOnlySpan<long>)(size ?? throw new ArgumentNullException(nameof(size))), dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (1-D).</summary>
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([size], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (2-D).</summary>
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([rows, columns], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (3-D).</summary>
    public static Tensor zeros(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([dim0, dim1, dim2], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (4-D).</summary>
    public static Tensor zeros(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (1-D).</summary>
    public static Tensor zeros(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([size], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (2-D).</summary>
    public static Tensor zeros(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([rows, columns], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (3-D).</summary>
    public static Tensor zeros(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([dim0, dim1, dim2], dtype, device, requires_grad);
    /// <summary>Zeros of the given shape (4-D).</summary>
    public static Tensor zeros(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    /// <summary>Ones of the given shape.</summary>
    public static Tensor ones(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (d, t, i, g) = Opts(dtype, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_tensor_ones(s, s.Length, d, t, i, g));
    }
    /// <summary>Ones of the given shape</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones((ReadOnlySpan<long>)(size ?? throw new ArgumentNullException(nameof(size))), dtype, device, requires_grad);
    /// <summary>Ones of the given shape (1-D).</summary>
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([size], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (2-D).</summary>
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([rows, columns], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (3-D).</summary>
    public static Tensor ones(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([dim0, dim1, dim2], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (4-D).</summary>
    public static Tensor ones(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (1-D).</summary>
    public static Tensor ones(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([size], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (2-D).</summary>
    public static Tensor ones(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([rows, columns], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (3-D).</summary>
    public static Tensor ones(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([dim0, dim1, dim2], dtype, device, requires_grad);
    /// <summary>Ones of the given shape (4-D).</summary>
    public static Tensor ones(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape.</summary>
    public static Tensor empty(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (d, t, i, g) = Opts(dtype, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_tensor_empty(s, s.Length, d, t, i, g));
    }
    /// <summary>Uninitialised memory of the given shape</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty((ReadOnlySpan<long>)(size ?? throw new ArgumentNullException(nameof(size))), dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (1-D).</summary>
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([size], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (2-D).</summary>
    public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([rows, columns], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (3-D).</summary>
    public static Tensor empty(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([dim0, dim1, dim2], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (4-D).</summary>
    public static Tensor empty(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (1-D).</summary>
    public static Tensor empty(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([size], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (2-D).</summary>
    public static Tensor empty(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([rows, columns], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (3-D).</summary>
    public static Tensor empty(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([dim0, dim1, dim2], dtype, device, requires_grad);
    /// <summary>Uninitialised memory of the given shape (4-D).</summary>
    public static Tensor empty(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty([dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    /// <summary>A tensor of the given shape filled with <paramref name="value"/> (dtype inferred from it when not given, as PyTorch).</summary>
    public static Tensor full(ReadOnlySpan<long> size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        dtype ??= value.Kind switch { 1 => ScalarType.Int64, 2 => ScalarType.Bool, _ => get_default_dtype() };
        var (d, t, i, g) = Opts(dtype, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_tensor_full(s, s.Length, value.D, value.L, value.Kind, d, t, i, g));
    }
    /// <summary>The n×m identity (m = n when omitted).</summary>
    public static Tensor eye(long n, long m = -1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "eye needs n ≥ 0.");
        if (m < -1) throw new ArgumentOutOfRangeException(nameof(m), m, "eye needs m ≥ 0 (or −1 for m = n).");
        var (d, t, i, g) = Opts(dtype, device, requires_grad);
        return new Tensor(sym_tensor_eye(n, m < 0 ? n : m, d, t, i, g));
    }
    /// <summary>start, start+step, … below stop (int64 when all bounds are integers and no dtype is given, as PyTorch).</summary>
    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        dtype ??= start.Kind == 1 && stop.Kind == 1 && step.Kind == 1 ? ScalarType.Int64 : get_default_dtype();
        var (d, t, i, g) = Opts(dtype, device, requires_grad);
        return new Tensor(sym_tensor_arange(start.ToDouble(), stop.ToDouble(), step.ToDouble(), d, t, i, g));
    }
    /// <summary>start, start+1, … below stop.</summary>
    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(start, stop, 1, dtype, device, requires_grad);
    /// <summary>0, 1, … below stop.</summary>
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(0, stop, 1, dtype, device, requires_grad);
    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (d, t, i, g) = Opts(dtype, device, requires_grad);
        return new Tensor(sym_tensor_linspace(start, end, steps, d, t, i, g));
    }
    /// <summary>Zeros shaped like <paramref name="input"/> (its dtype and device unless given).</summary>
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(new(sym_tensor_zeros_like(Arg(input))), dtype, device, requires_grad);
    /// <summary>Ones shaped like <paramref name="input"/> (its dtype and device unless given).</summary>
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(new(sym_tensor_ones_like(Arg(input))), dtype, device, requires_grad);
    /// <summary>Uninitialised memory shaped like <paramref name="input"/> (its dtype and device unless given).</summary>
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(new(sym_tensor_empty_like(Arg(input))), dtype, device, requires_grad);
    /// <summary><paramref name="value"/> everywhere, shaped like <paramref name="input"/> (its dtype and device unless given).</summary>
    public static Tensor full_like(Tensor input, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(new(sym_tensor_full_like(Arg(input), value.D, value.L, value.Kind)), dtype, device, requires_grad);

    // Converts a freshly made *_like result to the requested dtype/device and makes it a leaf that records gradients when asked.
    private static Tensor Like(Tensor t, ScalarType? dtype, Device? device, bool requires_grad)
    {
        if ((dtype is { } d && d != t.dtype) || (device is not null && !device.Equals(t.device)))
        {
            Tensor c;
            try { c = dtype is { } d2 ? (device is null ? t.to(d2) : t.to(d2, device)) : t.to(device!); }
            finally { t.Dispose(); }
            t = c;
        }
        if (requires_grad) t.requires_grad_(true).Dispose();
        return t;
    }

    /// <summary>Concatenates along an existing dimension.</summary>
    public static Tensor cat(IList<Tensor> tensors, long dim = 0)
    {
        var h = Handles(tensors);
        var r = sym_tensor_cat(h, h.Length, dim);
        GC.KeepAlive(tensors);
        return new Tensor(r);
    }
    /// <summary>Concatenates along an existing dimension.</summary>
    public static Tensor concatenate(IList<Tensor> tensors, long axis = 0) => cat(tensors, axis);
    /// <summary>Stacks along a new dimension.</summary>
    public static Tensor stack(IList<Tensor> tensors, long dim = 0)
    {
        var h = Handles(tensors);
        var r = sym_tensor_stack(h, h.Length, dim);
        GC.KeepAlive(tensors);
        return new Tensor(r);
    }
}
