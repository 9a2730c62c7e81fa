using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>What <see cref="MklCpuDispatch"/> decided in this process.</summary>
internal enum MklDispatchStatus
{
    /// <summary>The stub was loaded into the global symbol scope before libtorch: MKL dispatches by CPU features.</summary>
    Applied,
    /// <summary>Not an AMD x86-64 Linux process: MKL's own dispatch already picks the best kernels.</summary>
    NotNeeded,
    /// <summary>Turned off by <see cref="MklCpuDispatch.EnvironmentVariable"/>.</summary>
    Disabled,
    /// <summary>Writing or loading the stub failed; MKL runs as shipped (correct, slower on AMD).</summary>
    Failed,
}

/// <summary>The outcome of <see cref="MklCpuDispatch"/>: the status and one sentence naming why.</summary>
internal sealed record MklDispatchResult(MklDispatchStatus Status, string Reason);

/// <summary>
/// libtorch 2.10's CPU build links Intel MKL statically into <c>libtorch_cpu.so</c>, and every float32 matrix
/// product (<c>addmm</c>, <c>matmul</c>, the backward of <c>linear</c>) is MKL's <c>sgemm</c>. MKL picks its AVX-512
/// kernels only when its internal vendor check <c>mkl_serv_intel_cpu_true()</c> says "Intel"; on AMD CPUs it falls back
/// to its AVX2 kernels whatever the CPU supports. Measured on an AMD EPYC with AVX-512 at one thread: 100–105 GFLOP/s
/// for 256–512 × 512 × 512 products, against 216–230 GFLOP/s with the check answering 1 — the same speed OpenBLAS
/// reaches on that CPU. This file is the one place that touches an MKL internal, and it exists for that factor of two.
/// <para>
/// How: <c>libtorch_cpu.so</c> exports the function and calls it through its PLT (a <c>R_X86_64_JUMP_SLOT</c>
/// relocation), so a definition that comes earlier in the loader's lookup order wins. Before libtorch loads, this
/// writes a one-function stub (<see cref="StubSharedObject"/>: <c>mkl_serv_intel_cpu_true</c> returning 1) to the
/// native cache folder and <c>dlopen</c>s it with <c>RTLD_GLOBAL</c>; the global scope is searched before the
/// library's own definitions. MKL then dispatches on CPUID feature bits alone, as it does on Intel CPUs, so it only
/// runs instructions the CPU reports; nothing else in the process changes. Applied only on x86-64 Linux with an
/// AuthenticAMD CPU (elsewhere the check already says the truth that matters), never throws, and
/// <c>SYMMETRY_MKL_DISPATCH=off</c> (or 0, false) keeps MKL exactly as shipped. Results stay float32 products;
/// only the kernel, and so the rounding order, differs.
/// </para>
/// </summary>
internal static class MklCpuDispatch
{
    /// <summary>Set to <c>off</c>, <c>0</c> or <c>false</c> before the process first loads libtorch to keep MKL's own vendor check.</summary>
    public const string EnvironmentVariable = "SYMMETRY_MKL_DISPATCH";

    /// <summary>The MKL-internal function the stub defines.</summary>
    public const string VendorCheckSymbol = "mkl_serv_intel_cpu_true";

    private const string StubFile = "libsymmetry_mkl_dispatch.so";
    private const int RtldNow = 0x2, RtldGlobal = 0x100;
    private static readonly Lock Gate = new();
    private static MklDispatchResult? result;

    /// <summary>This process's decision, or null before <see cref="TorchRuntime.Install"/> ran.</summary>
    public static MklDispatchResult? Result { get { lock (Gate) return result; } }

    /// <summary>
    /// The decision for a process on <paramref name="linuxX64"/> with CPU vendor <paramref name="cpuVendor"/> (the
    /// CPUID leaf-0 string, null when unknown) and <paramref name="setting"/> (the environment variable's value).
    /// </summary>
    public static MklDispatchResult Decide(bool linuxX64, string? cpuVendor, string? setting)
    {
        var value = setting?.Trim();
        if (value is { Length: > 0 } && !value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            if (value is "0" || value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase))
                return new MklDispatchResult(MklDispatchStatus.Disabled, $"{EnvironmentVariable}={value}: MKL keeps its own vendor check.");
            return new MklDispatchResult(MklDispatchStatus.Failed, $"{EnvironmentVariable}={value} is not one of auto, off, 0, false; MKL keeps its own vendor check.");
        }
        if (!linuxX64) return new MklDispatchResult(MklDispatchStatus.NotNeeded, "Not an x86-64 Linux process: the libtorch there is not the MKL build this corrects.");
        if (cpuVendor != "AuthenticAMD")
            return new MklDispatchResult(MklDispatchStatus.NotNeeded, $"CPU vendor {cpuVendor ?? "unknown"}: MKL's own dispatch already selects kernels by CPU features.");
        return new MklDispatchResult(MklDispatchStatus.Applied, $"AuthenticAMD CPU: {VendorCheckSymbol} answers 1, so MKL selects kernels by CPU features (AVX-512 where present).");
    }

    /// <summary>The CPUID vendor string ("GenuineIntel", "AuthenticAMD", …), or null off x86.</summary>
    public static string? CpuVendor()
    {
        if (!X86Base.IsSupported) return null;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> parts = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(parts));
    }

    /// <summary>Decides and, where it applies, loads the stub (idempotent; called by <see cref="TorchRuntime.Install"/>). Never throws.</summary>
    internal static void Apply()
    {
        lock (Gate)
        {
            if (result is not null) return;
            try
            {
                var linuxX64 = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;
                var decision = Decide(linuxX64, CpuVendor(), Environment.GetEnvironmentVariable(EnvironmentVariable));
                result = decision.Status == MklDispatchStatus.Applied ? Load(decision) : decision;
            }
            catch (Exception e)
            {
                result = new MklDispatchResult(MklDispatchStatus.Failed, $"The MKL dispatch stub could not be loaded ({e.Message}); MKL runs as shipped.");
            }
        }
    }

    private static MklDispatchResult Load(MklDispatchResult decision)
    {
        var bytes = StubSharedObject.Build(StubFile, [(VendorCheckSymbol, 1)]);
        var folder = Path.Combine(TorchRuntime.CacheDirectory, "mkl-dispatch", Convert.ToHexString(SHA256.HashData(bytes), 0, 8).ToLowerInvariant());
        var path = NativeCacheFile.Ensure(folder, StubFile, bytes);
        var late = File.ReadLines("/proc/self/maps").Any(l => l.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
        if (OpenGlobal(path) is { } error)
            return new MklDispatchResult(MklDispatchStatus.Failed, $"dlopen({path}) failed: {error}; MKL runs as shipped.");
        return late
            ? decision with { Reason = decision.Reason + " libtorch_cpu.so was loaded before the stub: it takes effect only if MKL had not yet dispatched." }
            : decision;
    }

    // NativeLibrary.Load cannot ask for RTLD_GLOBAL.
    private static string? OpenGlobal(string path)
    {
        try
        {
            return LibC.dlopen(path, RtldNow | RtldGlobal) != IntPtr.Zero ? null : Marshal.PtrToStringUTF8(LibC.dlerror()) ?? "no reason given";
        }
        catch (EntryPointNotFoundException)
        {
            return LibDl.dlopen(path, RtldNow | RtldGlobal) != IntPtr.Zero ? null : Marshal.PtrToStringUTF8(LibDl.dlerror()) ?? "no reason given";
        }
    }
}
