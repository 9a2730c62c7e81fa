using System.Runtime.InteropServices;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>
/// The glibc functions the platform fixes call (public C library API). glibc ≥ 2.34 has dlopen in libc itself;
/// older ones in libdl (<see cref="LibDl"/>).
/// </summary>
internal static partial class LibC
{
    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr dlopen(string file, int mode);

    [LibraryImport("libc.so.6")]
    internal static partial IntPtr dlerror();

    [LibraryImport("libc.so.6")]
    internal static partial int mallopt(int param, int value);

    [LibraryImport("libc.so.6")]
    internal static partial int malloc_trim(nuint pad);

    [LibraryImport("libc.so.6")]
    internal static partial IntPtr gnu_get_libc_version();
}

/// <summary>dlopen for glibc before 2.34.</summary>
internal static partial class LibDl
{
    [LibraryImport("libdl.so.2", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr dlopen(string file, int mode);

    [LibraryImport("libdl.so.2")]
    internal static partial IntPtr dlerror();
}
