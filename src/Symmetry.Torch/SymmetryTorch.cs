using Microsoft.ML.Symmetry.Torch.Platform;

namespace Microsoft.ML.Symmetry;

/// <summary>The libtorch runtime that every fit and transform uses.</summary>
public static class SymmetryTorch
{
    /// <summary>
    /// Loads libtorch through TorchSharp, applying this library's platform fixes where they are needed
    /// (docs/platforms.md). Fits and transforms call it themselves; call it first only when your own code calls
    /// TorchSharp (e.g. <c>torch.set_num_threads</c>) before any of them. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">libtorch cannot load; the message names the loader's cause.</exception>
    public static void EnsureAvailable() => TorchRuntime.EnsureAvailable();
}
