using System.Runtime.InteropServices;

namespace Symmetry.Torch.Native;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it frees the handle (not necessarily the storage).</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    /// <summary>Passed where an optional tensor is absent (the native side sees nullptr).</summary>
    public static readonly TensorHandle Null = new(IntPtr.Zero);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.sym_tensor_dispose(handle);
        Interlocked.Decrement(ref torch.Tensor.liveCount);
        return true;
    }
}

/// <summary>Owns one native <c>at::Generator*</c>.</summary>
internal sealed class GeneratorHandle : SafeHandle
{
    public GeneratorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    /// <summary>Passed where no generator is given (the native side uses the default one).</summary>
    public static readonly GeneratorHandle Null = new(IntPtr.Zero);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.sym_generator_dispose(handle);
        return true;
    }
}
