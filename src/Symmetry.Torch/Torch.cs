using System.Runtime.InteropServices;
using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

/// <summary>
/// The entry point, shaped as TorchSharp's <c>torch</c>: factories, maths, autograd, <c>nn</c>, <c>optim</c>,
/// <c>linalg</c>, <c>fft</c> and <c>cuda</c>. Use with <c>using static Symmetry.Torch.torch;</c>.
/// </summary>
public static partial class torch
{
    /// <summary>The libtorch version the shim was built against, e.g. "1.13.1".</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(sym_torch_version()) ?? "unknown";

    /// <summary>
    /// Sets the number of threads libtorch uses for intra-op parallelism, and OpenBLAS's own pool to the same size
    /// when libtorch runs on OpenBLAS (PyTorch leaves that pool alone, which oversubscribes small machines).
    /// </summary>
    public static void set_num_threads(int num)
    {
        if (num < 1) throw new ArgumentOutOfRangeException(nameof(num), num, "The thread count must be at least 1.");
        sym_torch_set_num_threads(num);
        Throw.IfPending();
    }

    /// <summary>The number of intra-op threads.</summary>
    public static int get_num_threads() => Tensor.Check(sym_torch_get_num_threads());

    /// <summary>torch.cuda.</summary>
    public static class cuda
    {
        /// <summary>True when the shim was built against a CUDA libtorch and a GPU is visible.</summary>
        public static bool is_available() => sym_cuda_is_available() != 0;

        /// <summary>The number of visible GPUs (0 for a CPU-only build).</summary>
        public static int device_count() => sym_cuda_device_count();

        /// <summary>Waits for all work on the GPU to finish.</summary>
        public static void synchronize(int device = 0)
        {
            sym_cuda_synchronize(device);
            Throw.IfPending();
        }
    }
}
