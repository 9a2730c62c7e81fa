using System.Runtime.InteropServices;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>The libstdc++ a process runs with: what the loader will check TorchSharp's library against.</summary>
internal static class LoadedLibStdCxx
{
    /// <summary>Its path, from /proc/self/maps; it is loaded first if it is not yet.</summary>
    public static string Path()
    {
        static string? Mapped() => File.ReadLines("/proc/self/maps")
            .Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : null)
            .FirstOrDefault(p => p is not null && System.IO.Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        var path = Mapped();
        if (path is null)
        {
            NativeLibrary.Load("libstdc++.so.6");
            path = Mapped();
        }
        return path ?? throw new FileNotFoundException("libstdc++.so.6 is not loaded and could not be loaded.");
    }
}
