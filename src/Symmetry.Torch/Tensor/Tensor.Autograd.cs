using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// Back-propagates from this scalar (or, for a non-scalar, weighted by the single tensor in
        /// <paramref name="grad_tensors"/>) into the leaves' <see cref="grad"/>s. As in PyTorch, the graph is kept
        /// when <paramref name="retain_graph"/> or <paramref name="create_graph"/> is set.
        /// </summary>
        /// <param name="grad_tensors">Null, or one tensor shaped like this one: the gradient of the final output with respect to it.</param>
        /// <param name="create_graph">Record the backward pass, so the gradients are themselves differentiable.</param>
        /// <param name="retain_graph">Keep the graph so backward can run through it again.</param>
        public void backward(IList<Tensor>? grad_tensors = null, bool create_graph = false, bool retain_graph = false)
        {
            if (grad_tensors is not null && grad_tensors.Count != 1)
                throw new ArgumentException($"backward() on one tensor takes one gradient tensor; got {grad_tensors.Count}.", nameof(grad_tensors));
            var g = grad_tensors is null ? Native.TensorHandle.Null : Arg(grad_tensors[0], nameof(grad_tensors));
            var r = sym_autograd_backward(Handle, g, retain_graph || create_graph ? 1 : 0, create_graph ? 1 : 0);
            GC.KeepAlive(grad_tensors);
            Check(r);
        }

        /// <summary>The accumulated gradient of this leaf, or null when none has been computed. Each read returns a new handle.</summary>
        public Tensor? grad
        {
            get
            {
                var p = sym_autograd_grad_of(Handle);
                if (p == IntPtr.Zero) { Throw.IfPending(); return null; }
                return new Tensor(p);
            }
            set => Check(sym_autograd_set_grad(Handle, value?.Handle ?? Native.TensorHandle.Null));
        }

        /// <summary>Sets whether autograd records operations on this leaf; returns a handle to it.</summary>
        public Tensor requires_grad_(bool requires_grad = true) => new(sym_autograd_requires_grad_(Handle, requires_grad ? 1 : 0));

        /// <summary>Zeroes (or, with <paramref name="set_to_none"/>, drops) the accumulated gradient.</summary>
        public void zero_grad(bool set_to_none = true) => Check(sym_autograd_zero_grad(Handle, set_to_none ? 1 : 0));
    }

    /// <summary>Disables gradient recording until disposed (restores the previous mode).</summary>
    public static IDisposable no_grad() => new GradMode(false);

    /// <summary>Enables (or disables) gradient recording until disposed.</summary>
    public static IDisposable enable_grad(bool enabled = true) => new GradMode(enabled);

    /// <summary>Whether operations are currently recorded for autograd on this thread.</summary>
    public static bool is_grad_enabled() => sym_autograd_is_grad_enabled() != 0;

    private sealed class GradMode : IDisposable
    {
        private readonly bool previous;
        private bool disposed;

        public GradMode(bool enabled)
        {
            previous = sym_autograd_is_grad_enabled() != 0;
            sym_autograd_set_grad_enabled(enabled ? 1 : 0);
        }

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            sym_autograd_set_grad_enabled(previous ? 1 : 0);
        }
    }

    /// <summary>torch.autograd.</summary>
    public static class autograd
    {
        /// <summary>
        /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, weighted by
        /// <paramref name="grad_outputs"/> (vector–Jacobian products). With <paramref name="create_graph"/> the results
        /// are themselves differentiable (double backward). Unused inputs give null when <paramref name="allow_unused"/>.
        /// </summary>
        public static IList<Tensor?> grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
                                          bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(inputs);
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"grad_outputs has {grad_outputs.Count} tensors but outputs has {outputs.Count}.", nameof(grad_outputs));
            var outs = Handles(outputs);
            var ins = Handles(inputs);
            var gos = grad_outputs is null ? null : Handles(grad_outputs);
            var results = new IntPtr[inputs.Count];
            var r = sym_autograd_grad(outs, outs.Length, ins, ins.Length, gos, gos?.Length ?? 0,
                retain_graph is null ? -1 : retain_graph.Value ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, results);
            GC.KeepAlive(outputs); GC.KeepAlive(inputs); GC.KeepAlive(grad_outputs);
            Tensor.Check(r);
            return results.Select(p => p == IntPtr.Zero ? null : new Tensor(p)).ToList();
        }
    }

    /// <summary>The raw handles of a tensor list (keep the list alive across the native call); a null list or element throws.</summary>
    internal static IntPtr[] Handles(IList<Tensor> tensors, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(tensors))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tensors, name);
        var h = new IntPtr[tensors.Count];
        for (var i = 0; i < h.Length; i++)
        {
            var t = tensors[i] ?? throw new ArgumentException($"{name}[{i}] is null; every element must be a tensor.", name);
            h[i] = t.Handle.DangerousGetHandle();
        }
        return h;
    }
}
