using System.Runtime.InteropServices;
using System.Text;
using Symmetry.Torch.Native;

namespace Symmetry.Torch;

public static partial class torch
{
    /// <summary>
    /// A libtorch tensor. Each instance owns one native handle (released by <see cref="Dispose"/>, by its dispose
    /// scope, or by the finalizer); several instances may share storage, as views do in PyTorch.
    /// </summary>
    public partial class Tensor : IDisposable
    {
        internal static long liveCount;
        private static long peakCount;
        private readonly TensorHandle handle;

        internal Tensor(IntPtr ptr)
        {
            if (ptr == IntPtr.Zero) Throw.Last();
            handle = new TensorHandle(ptr);
            var n = Interlocked.Increment(ref liveCount);
            if (n > Volatile.Read(ref peakCount)) Volatile.Write(ref peakCount, n);
            DisposeScope.Current?.Add(this);
        }

        /// <summary>Tensors alive now (created and not yet disposed or finalized), across all threads.</summary>
        public static long TotalCount => Interlocked.Read(ref liveCount);

        /// <summary>The largest <see cref="TotalCount"/> seen since start or <see cref="ResetPeakCount"/>.</summary>
        public static long PeakCount => Volatile.Read(ref peakCount);

        /// <summary>Resets <see cref="PeakCount"/> to the current count.</summary>
        public static void ResetPeakCount() => Volatile.Write(ref peakCount, TotalCount);

        internal DisposeScope? OwningScope { get; set; }

        /// <summary>The native handle; throws <see cref="ObjectDisposedException"/> after disposal.</summary>
        internal TensorHandle Handle
        {
            get
            {
                if (handle.IsClosed) throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed (directly or by its dispose scope) and cannot be used.");
                return handle;
            }
        }

        /// <summary>True once disposed.</summary>
        public bool IsInvalid => handle.IsClosed;

        /// <summary>Releases the native handle now.</summary>
        public void Dispose()
        {
            OwningScope?.Remove(this);
            handle.Dispose();
        }

        /// <summary>Moves this tensor to the scope enclosing its owner (or out of all scopes) and returns it.</summary>
        public Tensor MoveToOuterDisposeScope()
        {
            var owner = OwningScope;
            if (owner is null) return this;
            owner.Remove(this);
            owner.Outer?.Add(this);
            return this;
        }

        /// <summary>Takes this tensor out of every dispose scope; the caller then owns it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningScope?.Remove(this);
            return this;
        }

        // ---- metadata ----

        /// <summary>Number of dimensions.</summary>
        public long ndim => Check(NativeMethods.sym_tensor_ndim(Handle));

        /// <summary>Number of dimensions.</summary>
        public long dim() => ndim;

        /// <summary>The shape.</summary>
        public long[] shape
        {
            get
            {
                var tmp = new long[8];
                var n = Check(NativeMethods.sym_tensor_shape(Handle, tmp, tmp.Length));
                if (n <= tmp.Length) return tmp.AsSpan(0, n).ToArray();
                var big = new long[n];
                NativeMethods.sym_tensor_shape(Handle, big, n);
                return big;
            }
        }

        /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
        public long size(int dim)
        {
            var s = shape;
            var d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Dimension out of range for a tensor of {s.Length} dimensions.");
            return s[d];
        }

        /// <summary>The shape (the same as <see cref="shape"/>).</summary>
        public long[] size() => shape;

        /// <summary>Number of dimensions.</summary>
        public long Dimensions => ndim;

        /// <summary>The strides, in elements.</summary>
        public long[] stride()
        {
            var tmp = new long[16];
            var n = Check(NativeMethods.sym_tensor_strides(Handle, tmp, tmp.Length));
            if (n <= tmp.Length) return tmp.AsSpan(0, n).ToArray();
            // More dimensions than the first buffer holds (libtorch allows up to 64): ask again with room for all.
            var big = new long[n];
            Check(NativeMethods.sym_tensor_strides(Handle, big, n));
            return big;
        }

        /// <summary>Number of elements.</summary>
        public long numel() => CheckLong(NativeMethods.sym_tensor_numel(Handle));

        /// <summary>Number of elements.</summary>
        public long NumberOfElements => numel();

        /// <summary>Element type.</summary>
        public ScalarType dtype => (ScalarType)CheckSByte(NativeMethods.sym_tensor_dtype(Handle));

        /// <summary>Device type.</summary>
        public DeviceType device_type => (DeviceType)Check(NativeMethods.sym_tensor_device_type(Handle));

        /// <summary>Device index (−1 for the CPU).</summary>
        public int device_index => Check(NativeMethods.sym_tensor_device_index(Handle));

        /// <summary>The device holding the data.</summary>
        public Device device => new(device_type, device_index);

        /// <summary>Whether gradients are recorded for this tensor. Setting it on a non-leaf throws.</summary>
        public bool requires_grad
        {
            get => Check(NativeMethods.sym_tensor_requires_grad(Handle)) != 0;
            set => requires_grad_(value).Dispose();
        }

        /// <summary>True when the tensor was not produced by a recorded operation.</summary>
        public bool is_leaf => Check(NativeMethods.sym_tensor_is_leaf(Handle)) != 0;

        /// <summary>Whether the elements are laid out row-major without gaps.</summary>
        public bool is_contiguous() => Check(NativeMethods.sym_tensor_is_contiguous(Handle)) != 0;

        /// <summary>True for floating dtypes.</summary>
        public bool is_floating_point() => torch.is_floating_point(dtype);

        /// <summary>A new handle to the same tensor (same storage, same autograd identity).</summary>
        public Tensor alias() => new(NativeMethods.sym_tensor_alias(Handle));

        // ---- data ----

        /// <summary>The single element as <typeparamref name="T"/> (the tensor must have one element).</summary>
        public T item<T>() where T : unmanaged
        {
            if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(bool) || typeof(T) == typeof(byte) || typeof(T) == typeof(short))
            {
                var l = NativeMethods.sym_tensor_item_long(Handle);
                Throw.IfPending();
                if (typeof(T) == typeof(bool)) return (T)(object)(l != 0);
                return (T)Convert.ChangeType(l, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
            }
            var d = NativeMethods.sym_tensor_item_double(Handle);
            Throw.IfPending();
            if (typeof(T) == typeof(double)) return (T)(object)d;
            if (typeof(T) == typeof(float)) return (T)(object)(float)d;
            throw new NotSupportedException($"item<{typeof(T).Name}> is not supported; use float, double, long, int, short, byte or bool.");
        }

        /// <summary>A copy of the elements, row-major. <typeparamref name="T"/> must match the dtype.</summary>
        public TensorAccessor<T> data<T>() where T : unmanaged => new(ToArray<T>(), shape);

        /// <summary>Copies the elements, row-major, into a new array. <typeparamref name="T"/> must match the dtype.</summary>
        public T[] ToArray<T>() where T : unmanaged
        {
            var expected = ToScalarType(typeof(T));
            var actual = dtype;
            if (expected != actual) throw new InvalidOperationException($"The tensor's dtype is {actual} but {typeof(T).Name} ({expected}) was requested; convert with to_type() first.");
            var result = new T[numel()];
            CopyTo(result.AsSpan());
            return result;
        }

        /// <summary>Copies the elements, row-major, into <paramref name="destination"/> (length = numel, dtype must match).</summary>
        public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
        {
            var expected = ToScalarType(typeof(T));
            if (expected != dtype) throw new InvalidOperationException($"The tensor's dtype is {dtype} but {typeof(T).Name} ({expected}) was requested.");
            fixed (T* p = destination)
            {
                Check(NativeMethods.sym_tensor_copy_to(Handle, (IntPtr)p, (long)destination.Length * sizeof(T)));
            }
        }

        /// <summary>Bytes per element.</summary>
        public long ElementSize => torch.ElementSize(dtype);

        // ---- conversion ----

        /// <summary>This tensor on <paramref name="device"/> (a new handle to the same data if already there).</summary>
        public Tensor to(Device device, bool copy = false) => new(NativeMethods.sym_tensor_to_device(Handle, (int)device.type, device.index, copy ? 1 : 0));

        /// <summary>This tensor on the given device.</summary>
        public Tensor to(DeviceType deviceType, int deviceIndex = -1, bool copy = false) => to(new Device(deviceType, deviceIndex), copy);

        /// <summary>This tensor converted to <paramref name="type"/>.</summary>
        public Tensor to(ScalarType type, bool copy = false) => new(NativeMethods.sym_tensor_to_dtype(Handle, (sbyte)type, copy ? 1 : 0));

        /// <summary>This tensor converted to <paramref name="type"/>.</summary>
        public Tensor to_type(ScalarType type, bool copy = false) => to(type, copy);

        /// <summary>This tensor on the CPU.</summary>
        public Tensor cpu() => to(CPU);

        /// <summary>This tensor on <paramref name="device"/> (a CUDA device), or on the current CUDA device when null.</summary>
        public Tensor cuda(Device? device = null)
        {
            if (device is not null && device.type != DeviceType.CUDA) throw new ArgumentException("Not a CUDA device.", nameof(device));
            return to(device ?? CUDA);
        }

        /// <summary>This tensor converted to <paramref name="type"/> on <paramref name="device"/>.</summary>
        public Tensor to(ScalarType type, Device device, bool copy = false)
        {
            ArgumentNullException.ThrowIfNull(device);
            using var converted = to(type, copy);
            return converted.to(device);
        }

        /// <summary>This tensor with the dtype and on the device of <paramref name="other"/>.</summary>
        public Tensor to(Tensor other) => to(NotNull(other).dtype, other.device);

        /// <summary>This tensor converted to the dtype of <paramref name="tensor"/>.</summary>
        public Tensor type_as(Tensor tensor) => to(NotNull(tensor).dtype);

        /// <summary>Converted to float32.</summary>
        public Tensor @float() => to(ScalarType.Float32);

        /// <summary>Converted to float64.</summary>
        public Tensor @double() => to(ScalarType.Float64);

        /// <summary>Converted to int64.</summary>
        public Tensor @long() => to(ScalarType.Int64);

        /// <summary>Converted to bool.</summary>
        public Tensor @bool() => to(ScalarType.Bool);

        /// <summary>A copy with its own storage, recorded by autograd.</summary>
        public Tensor clone() => new(NativeMethods.sym_tensor_clone(Handle));

        /// <summary>The same data without autograd history.</summary>
        public Tensor detach() => new(NativeMethods.sym_tensor_detach(Handle));

        /// <summary>The same values laid out contiguously (this data when already so).</summary>
        public Tensor contiguous() => new(NativeMethods.sym_tensor_contiguous(Handle));

        /// <summary>Copies <paramref name="src"/> into this tensor in place (broadcasting, converting dtype/device).</summary>
        public Tensor copy_(Tensor src) => new(NativeMethods.sym_tensor_copy_(Handle, Arg(src)));

        /// <summary>Shape, dtype and device, and the values when there are at most 64 of them.</summary>
        public override string ToString()
        {
            if (IsInvalid) return "Tensor (disposed)";
            var sb = new StringBuilder();
            sb.Append('[').Append(string.Join("x", shape)).Append("], type = ").Append(dtype).Append(", device = ").Append(device);
            if (numel() <= 64 && (dtype is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64 or ScalarType.Int32 or ScalarType.Bool))
            {
                using var c = to(ScalarType.Float64, copy: false);
                sb.Append(", values = [").Append(string.Join(", ", c.ToArray<double>().Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))).Append(']');
            }
            return sb.ToString();
        }

        internal static int Check(int result)
        {
            if (result < 0) Throw.IfPending();
            return result;
        }

        private static long CheckLong(long result)
        {
            if (result < 0) Throw.IfPending();
            return result;
        }

        private static sbyte CheckSByte(sbyte result)
        {
            if (result < 0) Throw.IfPending();
            return result;
        }
    }

    /// <summary>The handle of a tensor argument; a null argument throws <see cref="ArgumentNullException"/> naming it.</summary>
    internal static Native.TensorHandle Arg(Tensor? tensor, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(tensor))] string? name = null) =>
        (tensor ?? throw new ArgumentNullException(name)).Handle;

    /// <summary>A tensor argument, checked for null (<see cref="ArgumentNullException"/> naming it).</summary>
    internal static Tensor NotNull(Tensor? tensor, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(tensor))] string? name = null) =>
        tensor ?? throw new ArgumentNullException(name);

    /// <summary>A row-major copy of a tensor's elements with its shape.</summary>
    public sealed class TensorAccessor<T> where T : unmanaged
    {
        private readonly T[] values;

        internal TensorAccessor(T[] values, long[] shape) { this.values = values; this.shape = shape; }

        /// <summary>The shape of the source tensor.</summary>
        public long[] shape { get; }

        /// <summary>Number of elements.</summary>
        public long Count => values.LongLength;

        /// <summary>Element at a flat row-major index.</summary>
        public T this[long index] => values[index];

        /// <summary>Element at the given indices.</summary>
        public T this[params long[] indices]
        {
            get
            {
                if (indices.Length != shape.Length) throw new ArgumentException($"Expected {shape.Length} indices, got {indices.Length}.", nameof(indices));
                long flat = 0;
                for (var i = 0; i < indices.Length; i++)
                {
                    if (indices[i] < 0 || indices[i] >= shape[i]) throw new IndexOutOfRangeException($"Index {indices[i]} is out of range for dimension {i} of size {shape[i]}.");
                    flat = flat * shape[i] + indices[i];
                }
                return values[flat];
            }
        }

        /// <summary>The elements as an array (the accessor's own copy).</summary>
        public T[] ToArray() => (T[])values.Clone();
    }
}

/// <summary>The C# side of the shim's one error channel.</summary>
internal static class Throw
{
    [ThreadStatic] private static byte[]? buffer;

    /// <summary>Throws the pending native error; a null result without one means "undefined", reported as such.</summary>
    internal static void Last()
    {
        IfPending();
        throw new TorchException("libtorch returned no tensor and reported no error.");
    }

    internal static void IfPending()
    {
        if (NativeMethods.sym_error_pending() == 0) return;
        buffer ??= new byte[16384];
        var n = NativeMethods.sym_error_last(buffer, buffer.Length);
        if (n < 0) return;
        // Longer messages (rare: libtorch backtraces) are cut to the buffer; the useful part comes first.
        var message = Encoding.UTF8.GetString(buffer, 0, Math.Min(n, buffer.Length - 1));
        throw new TorchException(Clean(message));
    }

    // libtorch appends a C++ backtrace ("Exception raised from ...") that means nothing to a .NET user.
    private static string Clean(string message)
    {
        var i = message.IndexOf("\nException raised from", StringComparison.Ordinal);
        message = (i >= 0 ? message[..i] : message).Trim();
        if (message.Contains("support for cuda", StringComparison.OrdinalIgnoreCase))
            message += " (this Symmetry.Torch shim was built against a CPU-only libtorch; rebuild it against a CUDA libtorch with eng/build-native.sh --torch-prefix DIR)";
        return message;
    }
}
