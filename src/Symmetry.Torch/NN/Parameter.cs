using Symmetry.Torch.Native;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules;

/// <summary>
/// A tensor that is a module's learnable state: a leaf that records gradients (unless created with
/// <c>requires_grad: false</c>). As TorchSharp's <c>Parameter</c> it derives from <see cref="Tensor"/>, so it is used
/// wherever a tensor is. It shares storage with the tensor it was made from, and it never belongs to a dispose
/// scope: it lives as long as its module (disposing the module disposes it).
/// </summary>
public class Parameter : Tensor
{
    /// <summary>
    /// Wraps <paramref name="data"/>'s values (shared storage, no autograd history) as a parameter. The caller still
    /// owns <paramref name="data"/> and may dispose it; the parameter keeps the storage alive.
    /// </summary>
    public Parameter(Tensor data, bool requires_grad = true) : base(DetachedAlias(data))
    {
        // A parameter outlives the scope it was created in (modules are long-lived); TorchSharp does the same.
        DetachFromDisposeScope();
        // The detached alias is a fresh leaf sharing data's storage, so requires_grad can always be set on it.
        if (requires_grad) requires_grad_(true).Dispose();
    }

    private static IntPtr DetachedAlias(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return NativeMethods.sym_tensor_detach(data.Handle);
    }
}
