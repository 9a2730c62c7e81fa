using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>
/// Makes TorchSharp's native library load on any Linux whose libstdc++ lacks a version TorchSharp was built
/// against (Debian 12: see <see cref="LibStdCxxVersionFix"/>), with no step by the application: an import resolver
/// on TorchSharp's assembly, installed when this assembly loads, hands TorchSharp a patched copy only where the
/// original would be refused. Where nothing is missing, the resolver declines and TorchSharp loads as usual.
/// This is the fallback: the package's build step (eng/packaging/buildTransitive) already patches the output folder,
/// which is what works when TorchSharp is called before this assembly loads.
/// </summary>
internal static class TorchRuntime
{
    private const string NativeName = "LibTorchSharp";
    private const string NativeFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static bool installed;
    private static VersionFixResult? fix;
    private static Exception? fixError;
    private static IntPtr handle;

    /// <summary>The fix's decision in this process, or null before TorchSharp first asked for its native library.</summary>
    public static VersionFixResult? Fix { get { lock (Gate) return fix; } }

    /// <summary>
    /// The folder patched copies go to: <c>$SYMMETRY_NATIVE_CACHE</c>, else <c>$XDG_CACHE_HOME/symmetry/native</c>,
    /// else <c>~/.cache/symmetry/native</c>, else the temp folder.
    /// </summary>
    public static string CacheDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SYMMETRY_NATIVE_CACHE") is { Length: > 0 } own) return own;
            if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "symmetry", "native");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return home.Length > 0 ? Path.Combine(home, ".cache", "symmetry", "native") : Path.Combine(Path.GetTempPath(), "symmetry-native");
        }
    }

    // A library-level initializer is exactly what is wanted: the resolver must be in place before TorchSharp's first
    // native call, whoever makes it.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad() => Install();

    /// <summary>Installs the resolver and, on AMD CPUs, the MKL dispatch stub (<see cref="MklCpuDispatch"/>); idempotent, also done when this assembly loads. Never throws.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (installed || !OperatingSystem.IsLinux()) return;
            installed = true;
        }
        // Before anything can load libtorch: the stub must precede libtorch_cpu.so in the loader's lookup order.
        MklCpuDispatch.Apply();
        // TorchSharp first probes with NativeLibrary.TryLoad(name, assembly, …), which skips import resolvers but
        // raises this event when the normal load fails; its [DllImport]s then go through the resolver below.
        System.Runtime.Loader.AssemblyLoadContext.Default.ResolvingUnmanagedDll += (asm, name) =>
            asm == typeof(torch).Assembly ? Resolve(name, asm, null) : IntPtr.Zero;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone else owns TorchSharp's resolver; the event alone still serves every failed load.
        }
    }

    /// <summary>
    /// Loads libtorch through TorchSharp, applying the platform fix where needed. When it cannot load, the
    /// <see cref="InvalidOperationException"/> names the real cause (the loader's own message, e.g. the missing
    /// GLIBCXX version) rather than TorchSharp's generic "doesn't contain a reference to libtorch-cpu".
    /// </summary>
    public static void EnsureAvailable()
    {
        Install();
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
        {
            throw new InvalidOperationException(Diagnose(), e);
        }
        // Loaded: before any of our convolutions run, libtorch's oneDNN backend goes off (its small ones are wrong).
        OneDnnConvolutions.Apply();
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != NativeName) return IntPtr.Zero;
        lock (Gate)
        {
            if (handle != IntPtr.Zero || fix is not null || fixError is not null) return handle;
            try
            {
                var original = FindOriginal() ?? throw new FileNotFoundException($"{NativeFile} is not in any native search folder of this application.");
                fix = LibStdCxxVersionFix.Prepare(original, SystemLibStdCxx(), Path.Combine(CacheDirectory, $"torchsharp-{typeof(torch).Assembly.GetName().Version}"));
                if (fix.Status != VersionFixStatus.Patched) return IntPtr.Zero;
                // The copy lives outside the original folder: load its libtorch dependencies from there first, so the
                // copy's DT_NEEDED entries match them by soname.
                var folder = Path.GetDirectoryName(original)!;
                foreach (var dep in new[] { "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so" })
                {
                    var p = Path.Combine(folder, dep);
                    if (File.Exists(p)) NativeLibrary.Load(p);
                }
                handle = NativeLibrary.Load(fix.LibraryPath);
            }
            catch (Exception e)
            {
                fixError = e;
            }
            return handle;
        }
    }

    private static string Diagnose()
    {
        string loader;
        var original = FindOriginal();
        if (original is null) loader = $"{NativeFile} was not found in the application's native folders (is the TorchSharp-cpu package referenced?)";
        else
        {
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(original));
                loader = $"{original} loads when asked directly, so a dependency of TorchSharp is missing";
            }
            catch (DllNotFoundException e)
            {
                // .NET's message is advice on several lines; the loader's own reason (dlerror) is the last one.
                loader = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            }
        }
        lock (Gate)
        {
            var detail = fix is not null ? $" Platform fix: {fix.Reason}" : fixError is not null ? $" Platform fix failed: {fixError.Message}" : "";
            // No resolver call means TorchSharp gave up before this assembly loaded; only the build step can help then.
            if (fix is null && fixError is null && loader.Contains("GLIBCXX_", StringComparison.Ordinal))
                detail = " TorchSharp was initialised before Microsoft.ML.Symmetry could patch it at run time, and the application's " +
                    $"copy was not patched when it was built; rebuild or publish the application on this machine (or with -p:SymmetryLibStdCxxFix=always) so Microsoft.ML.Symmetry's build step patches {NativeFile}.";
            return $"TorchSharp's native library could not be loaded: {loader}.{detail}";
        }
    }

    private static string? FindOriginal()
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
            dirs.AddRange(list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var asmDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        foreach (var b in new[] { asmDir, AppContext.BaseDirectory })
            if (!string.IsNullOrEmpty(b)) { dirs.Add(b); dirs.Add(Path.Combine(b, "runtimes", "linux-x64", "native")); }
        return dirs.Select(d => Path.Combine(d, NativeFile)).FirstOrDefault(File.Exists);
    }

    /// <summary>The libstdc++ this process runs with (see <see cref="LoadedLibStdCxx"/>).</summary>
    internal static string SystemLibStdCxx() => LoadedLibStdCxx.Path();
}
