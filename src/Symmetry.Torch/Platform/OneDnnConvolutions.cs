using System.Runtime.InteropServices;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>What <see cref="OneDnnConvolutions"/> did in this process.</summary>
internal enum OneDnnConvolutionsStatus
{
    /// <summary>libtorch's oneDNN (mkldnn) and NNPACK backends are off: convolutions run on its native kernels.</summary>
    Applied,
    /// <summary>Kept on by <see cref="OneDnnConvolutions.EnvironmentVariable"/>.</summary>
    Disabled,
    /// <summary>Not a Linux process: left as shipped (the switch is reached through Itanium-mangled exports).</summary>
    NotLinux,
    /// <summary>libtorch_cpu was not found among the loaded libraries, or lacks the exports: left as shipped.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="OneDnnConvolutions"/>: the status and one sentence naming why.</summary>
internal sealed record OneDnnConvolutionsResult(OneDnnConvolutionsStatus Status, string Reason);

/// <summary>
/// libtorch 2.10's CPU convolutions through oneDNN (the TorchSharp 0.107 bundle) return wrong float32 values for some
/// small shapes: a transposed convolution with one output channel (weights C × 1 × 4 × 4, stride 2, padding 1, on
/// 4 × 4 and 8 × 8 inputs with C = 1 or 3) was wrong on every call, by up to 1.4 on outputs of order 1, and NaN
/// where the allocator handed back freed NaN values; the backward of a small autoencoder's convolutions put NaN in a
/// gradient about once in a thousand fits (55 of 62,757 OracleFlows fits of a 6 × 5-pixel convolutional autoencoder
/// stopped with a NaN loss). Debian's PyTorch 1.13 is right on the same tensors, and so is libtorch 2.10 with its
/// oneDNN backend switched off: 0 of 18,469 fits failed and the transposed convolution equalled direct sums.
/// <para>
/// So, once libtorch is loaded, this switches that backend off as Python's <c>torch.backends.mkldnn.enabled = False</c>
/// does: <c>at::globalContext().setUserEnabledMkldnn(false)</c>, which TorchSharp does not expose, called through the
/// exports of <c>libtorch_cpu.so</c> (the one file that reaches this libtorch internal). Without oneDNN libtorch asks
/// NNPACK next, and where NNPACK does not support the CPU it writes "Could not initialize NNPACK! Reason: Unsupported
/// hardware." to stderr at every convolution; so NNPACK goes off too (<c>setUserEnabledNNPACK(false)</c>, Python's
/// <c>torch.backends.nnpack.set_flags(False)</c>). Float32 convolutions then run on libtorch's native kernels (im2col
/// and MKL's sgemm); float64 ones already did, since oneDNN has no float64 convolution. The flags are process-wide:
/// an application's own TorchSharp convolutions change path too, which also corrects them. Set
/// <c>SYMMETRY_MKLDNN=on</c> (or 1, true) before the first fit to keep libtorch's defaults (both backends). Only Linux
/// is handled: the exports are looked up by their Itanium C++ names.
/// </para>
/// </summary>
internal static class OneDnnConvolutions
{
    /// <summary>Set to <c>on</c>, <c>1</c> or <c>true</c> to keep libtorch's oneDNN backend.</summary>
    public const string EnvironmentVariable = "SYMMETRY_MKLDNN";

    private const string GlobalContext = "_ZN2at13globalContextEv";                      // at::globalContext()
    private const string SetEnabled = "_ZN2at7Context20setUserEnabledMkldnnEb";          // at::Context::setUserEnabledMkldnn(bool)
    private const string GetEnabled = "_ZNK2at7Context17userEnabledMkldnnEv";            // at::Context::userEnabledMkldnn() const
    private const string SetNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb";           // at::Context::setUserEnabledNNPACK(bool)
    private const string GetNnpack = "_ZNK2at7Context17userEnabledNNPACKEv";             // at::Context::userEnabledNNPACK() const

    private static readonly Lock Gate = new();
    private static OneDnnConvolutionsResult? result;
    // Kept once found (libtorch stays loaded for the life of the process); looked for again while not found.
    private static (IntPtr Context, IntPtr Set, IntPtr Get, IntPtr SetNnpack, IntPtr GetNnpack)? found;
    private static readonly Lock FoundGate = new();

    /// <summary>This process's outcome, or null before libtorch was loaded through <see cref="TorchRuntime.EnsureAvailable"/>.</summary>
    public static OneDnnConvolutionsResult? Result { get { lock (Gate) return result; } }

    /// <summary>Whether <paramref name="setting"/> (the environment variable's value) asks to keep oneDNN.</summary>
    public static bool KeepsOneDnn(string? setting) =>
        setting?.Trim() is { } v && (v is "1" || v.Equals("on", StringComparison.OrdinalIgnoreCase) || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether libtorch's oneDNN backend is on now (null where it cannot be read).</summary>
    public static bool? Enabled() => Exports() is { } e ? Read(e.Context, e.Get) : null;

    /// <summary>Whether libtorch's NNPACK backend is on now (null where it cannot be read).</summary>
    public static bool? NnpackEnabled() => Exports() is { } e ? Read(e.Context, e.GetNnpack) : null;

    // A const bool member of at::Context, called on at::globalContext().
    private static unsafe bool Read(IntPtr context, IntPtr getter) =>
        ((delegate* unmanaged<IntPtr, byte>)getter)(((delegate* unmanaged<IntPtr>)context)()) != 0;

    /// <summary>Switches oneDNN off unless asked not to (idempotent; called once libtorch is loaded). Never throws.</summary>
    internal static unsafe void Apply()
    {
        lock (Gate)
        {
            if (result is not null) return;
            try
            {
                if (KeepsOneDnn(Environment.GetEnvironmentVariable(EnvironmentVariable)))
                    result = new(OneDnnConvolutionsStatus.Disabled, $"{EnvironmentVariable}={Environment.GetEnvironmentVariable(EnvironmentVariable)}: libtorch's oneDNN convolutions are kept.");
                else if (!OperatingSystem.IsLinux())
                    result = new(OneDnnConvolutionsStatus.NotLinux, "Not Linux: libtorch's oneDNN convolutions are left as shipped.");
                else if (Exports() is not { } e)
                    result = new(OneDnnConvolutionsStatus.Failed, "libtorch_cpu.so or its at::Context exports were not found: oneDNN convolutions are left as shipped.");
                else
                {
                    var context = ((delegate* unmanaged<IntPtr>)e.Context)();
                    ((delegate* unmanaged<IntPtr, byte, void>)e.Set)(context, 0);
                    ((delegate* unmanaged<IntPtr, byte, void>)e.SetNnpack)(context, 0);
                    result = Enabled() == false && NnpackEnabled() == false
                        ? new(OneDnnConvolutionsStatus.Applied, "libtorch's oneDNN and NNPACK backends are off (oneDNN's small float32 convolutions are wrong in 2.10): convolutions run on the native kernels.")
                        : new(OneDnnConvolutionsStatus.Failed, "setUserEnabledMkldnn/NNPACK(false) did not take: convolutions are left as shipped.");
                }
            }
            catch (Exception ex)
            {
                result = new(OneDnnConvolutionsStatus.Failed, $"The oneDNN switch could not be reached ({ex.Message}): oneDNN convolutions are left as shipped.");
            }
        }
    }

    // The loaded libtorch_cpu.so (the one TorchSharp uses: a path from /proc/self/maps, so Load returns its handle).
    private static (IntPtr Context, IntPtr Set, IntPtr Get, IntPtr SetNnpack, IntPtr GetNnpack)? Exports()
    {
        lock (FoundGate) return found ??= FindExports();
    }

    private static (IntPtr Context, IntPtr Set, IntPtr Get, IntPtr SetNnpack, IntPtr GetNnpack)? FindExports()
    {
        if (!OperatingSystem.IsLinux()) return null;
        // A mapping's path is the rest of its line from the first '/' (it may hold spaces).
        var path = File.ReadLines("/proc/self/maps").Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : "")
                       .FirstOrDefault(p => p.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
        if (path is null || !NativeLibrary.TryLoad(path, out var library)) return null;
        return NativeLibrary.TryGetExport(library, GlobalContext, out var context) && NativeLibrary.TryGetExport(library, SetEnabled, out var set)
               && NativeLibrary.TryGetExport(library, GetEnabled, out var get) && NativeLibrary.TryGetExport(library, SetNnpack, out var setNnpack)
               && NativeLibrary.TryGetExport(library, GetNnpack, out var getNnpack)
            ? (context, set, get, setNnpack, getNnpack)
            : null;
    }
}
