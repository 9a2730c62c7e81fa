using System.Security.Cryptography;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>What <see cref="LibStdCxxVersionFix.Prepare"/> decided.</summary>
internal enum VersionFixStatus
{
    /// <summary>The system's libstdc++ defines every version the library needs: load the original, untouched.</summary>
    NotNeeded,
    /// <summary>A patched copy was written (or found, identical) in the cache folder: load that.</summary>
    Patched,
    /// <summary>A missing version is needed by a symbol the library really uses: no safe patch exists.</summary>
    CannotApply,
}

/// <summary>The outcome of <see cref="LibStdCxxVersionFix.Prepare"/>.</summary>
/// <param name="Status">What was decided.</param>
/// <param name="LibraryPath">The file to load: the original, or the patched copy.</param>
/// <param name="MissingVersions">The versions the system's libstdc++ lacks (empty when none).</param>
/// <param name="Reason">One sentence that names the cause, for messages.</param>
internal sealed record VersionFixResult(VersionFixStatus Status, string LibraryPath, IReadOnlyList<string> MissingVersions, string Reason);

/// <summary>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> is built with GCC 13 and asks libstdc++ for GLIBCXX_3.4.32, which
/// GCC 12's libstdc++ (Debian 12) lacks, so the loader refuses it. The only symbol tied to that version is
/// <c>std::ios_base_library_init()</c>, which GCC 13's &lt;iostream&gt; references (an <c>.globl</c>, no call) purely to
/// pull the version in; no relocation binds it, so the loader never looks it up. Marking the version weak
/// (VER_FLG_WEAK) in a copy makes glibc accept its absence, and changes nothing else.
/// <para>
/// The fix is applied only when the running libstdc++ lacks a needed version, only when every symbol of each
/// missing version is one of the known never-bound markers, never to the original file (which may be a hard link
/// into the NuGet cache), and idempotently: the copy's name is derived from the original's content hash.
/// </para>
/// </summary>
internal static class LibStdCxxVersionFix
{
    /// <summary>Symbols that exist only to require a libstdc++ version and are never bound by a relocation.</summary>
    public static IReadOnlySet<string> MarkerSymbols { get; } = new HashSet<string>(StringComparer.Ordinal) { "_ZSt21ios_base_library_initv" };

    private const string LibStdCxx = "libstdc++.so.6";

    /// <summary>
    /// Decides whether <paramref name="libraryPath"/> needs the fix against the libstdc++ at
    /// <paramref name="systemLibStdCxxPath"/>, and when it does writes the patched copy under
    /// <paramref name="cacheDirectory"/>.
    /// </summary>
    public static VersionFixResult Prepare(string libraryPath, string systemLibStdCxxPath, string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryPath);
        ArgumentException.ThrowIfNullOrEmpty(systemLibStdCxxPath);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        var original = File.ReadAllBytes(libraryPath);
        var image = ElfImage.Parse(original.ToArray());
        var defined = ElfImage.Load(systemLibStdCxxPath).Definitions;
        var missing = image.Needs.Where(n => n.File == LibStdCxx && !n.Weak && !defined.Contains(n.Version)).ToArray();
        var names = missing.Select(n => n.Version).ToArray();
        if (missing.Length == 0)
            return new VersionFixResult(VersionFixStatus.NotNeeded, libraryPath, [], $"{systemLibStdCxxPath} defines every version {Path.GetFileName(libraryPath)} needs.");

        foreach (var need in missing)
        {
            var used = image.SymbolsOfVersion(need.Index).Where(s => !s.Undefined || s.Relocated || !MarkerSymbols.Contains(s.Name)).Select(s => s.Name).ToArray();
            if (used.Length > 0)
                return new VersionFixResult(VersionFixStatus.CannotApply, libraryPath, names,
                    $"{Path.GetFileName(libraryPath)} needs {need.Version} from {LibStdCxx} for {string.Join(", ", used)}, which {systemLibStdCxxPath} does not define; " +
                    "install a libstdc++ from GCC 13 or newer.");
            image.MarkWeak(need);
        }

        var hash = Convert.ToHexString(SHA256.HashData(original), 0, 8).ToLowerInvariant();
        var folder = Path.Combine(cacheDirectory, hash);
        var target = NativeCacheFile.Ensure(folder, Path.GetFileName(libraryPath), image.Bytes);
        return new VersionFixResult(VersionFixStatus.Patched, target, names,
            $"{systemLibStdCxxPath} lacks {string.Join(", ", names)}; loaded a copy of {Path.GetFileName(libraryPath)} with {(names.Length == 1 ? "that version" : "those versions")} marked weak ({target}).");
    }
}
