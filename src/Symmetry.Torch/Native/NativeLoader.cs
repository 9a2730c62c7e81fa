using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Symmetry.Torch.Native;

/// <summary>
/// Resolves the native shim: <c>SYMMETRY_TORCH_NATIVE</c> (a file or a folder) when set, and then nothing else;
/// otherwise the folder of this assembly, the application's folder, then the system search path. When every attempt fails, the exception lists each one with its
/// error and the install hint, instead of the runtime's bare "unable to load".
/// </summary>
internal static class NativeLoader
{
    internal const string LibraryName = "SymmetryTorchNative";
    private const string FileName = "libSymmetryTorchNative.so";

    // The resolver must be in place before the first P/Invoke, whichever type makes it; a module initializer is
    // the one hook that runs before any code of this assembly.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var trace = new StringBuilder();
        foreach (var candidate in Candidates())
        {
            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                trace.AppendLine($"  {candidate}: {e.Message}");
            }
        }
        throw new DllNotFoundException(
            $"Could not load the Symmetry.Torch native shim ({FileName}). Tried:{Environment.NewLine}{trace}" +
            "Run eng/install-deps.sh (installs libtorch-dev and libopenblas0-pthread), then rebuild; " +
            "or set SYMMETRY_TORCH_NATIVE to the shim built by eng/build-native.sh.");
    }

    private static IEnumerable<string> Candidates()
    {
        // An explicit choice is the only candidate: silently loading another shim (say the CPU one instead of the CUDA
        // build the user pointed at) would be worse than failing.
        var env = Environment.GetEnvironmentVariable("SYMMETRY_TORCH_NATIVE");
        if (!string.IsNullOrEmpty(env))
        {
            yield return Directory.Exists(env) ? Path.Combine(env, FileName) : env;
            yield break;
        }
        var here = Path.GetDirectoryName(typeof(NativeLoader).Assembly.Location);
        if (!string.IsNullOrEmpty(here)) yield return Path.Combine(here, FileName);
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        yield return FileName;
    }
}
