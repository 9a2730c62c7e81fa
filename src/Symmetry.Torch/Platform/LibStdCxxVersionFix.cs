using System.Security.Cryptography;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>What <see cref="LibStdCxxVersionFix"/> decided.</summary>
internal enum VersionFixStatus
{
    /// <summary>The system's libstdc++ defines every version the library needs: load the original, untouched.</summary>
    NotNeeded,
    /// <summary>A patched copy was written (or found, identical): load that.</summary>
    Patched,
    /// <summary>A missing version is needed by a symbol the library really uses: no safe patch exists.</summary>
    CannotApply,
    /// <summary>The library already needs the versions the system lacks only weakly (patched when the application was built): load it.</summary>
    PatchedAtBuild,
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
/// into the NuGet cache), and idempotently: the copy's name is derived from the original's content hash. The same
/// decision runs at build time (eng/packaging/NativePatch, on the application's output folder) and at run time.
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
        var decision = Decide(image, Path.GetFileName(libraryPath), ElfImage.Load(systemLibStdCxxPath).Definitions, systemLibStdCxxPath);
        if (decision.Status != VersionFixStatus.Patched) return decision with { LibraryPath = libraryPath };

        var hash = Convert.ToHexString(SHA256.HashData(original), 0, 8).ToLowerInvariant();
        var target = NativeCacheFile.Ensure(Path.Combine(cacheDirectory, hash), Path.GetFileName(libraryPath), image.Bytes);
        return decision with { LibraryPath = target, Reason = $"{decision.Reason} Loaded that copy ({target})." };
    }

    /// <summary>
    /// Marks weak, in <paramref name="image"/>'s bytes, each libstdc++ version it needs that
    /// <paramref name="defined"/> lacks, where that is safe. <paramref name="defined"/> null means the target system is
    /// unknown (a build for another machine): then every version that guards only marker symbols is marked, which
    /// changes nothing where the version exists. The result's <see cref="VersionFixResult.LibraryPath"/> is empty.
    /// </summary>
    public static VersionFixResult Decide(ElfImage image, string fileName, IReadOnlySet<string>? defined, string systemName)
    {
        ArgumentNullException.ThrowIfNull(image);
        var needs = image.Needs.Where(n => n.File == LibStdCxx).ToArray();
        var missing = defined is null
            ? needs.Where(n => !n.Weak && OnlyMarkers(image, n)).ToArray()
            : needs.Where(n => !n.Weak && !defined.Contains(n.Version)).ToArray();
        var names = missing.Select(n => n.Version).ToArray();
        if (missing.Length == 0)
        {
            var weak = defined is null ? [] : needs.Where(n => n.Weak && !defined.Contains(n.Version)).Select(n => n.Version).ToArray();
            return weak.Length == 0
                ? new VersionFixResult(VersionFixStatus.NotNeeded, "", [], $"{systemName} defines every version {fileName} needs.")
                : new VersionFixResult(VersionFixStatus.PatchedAtBuild, "", weak,
                    $"{systemName} lacks {string.Join(", ", weak)}, which {fileName} already needs only weakly (marked when the application was built).");
        }

        foreach (var need in missing)
        {
            var used = image.SymbolsOfVersion(need.Index).Where(s => !IsMarker(s)).Select(s => s.Name).ToArray();
            if (used.Length > 0)
                return new VersionFixResult(VersionFixStatus.CannotApply, "", names,
                    $"{fileName} needs {need.Version} from {LibStdCxx} for {string.Join(", ", used)}, which {systemName} does not define; " +
                    "install a libstdc++ from GCC 13 or newer.");
        }
        foreach (var need in missing) image.MarkWeak(need);
        var lacks = defined is null ? "The target system may lack" : $"{systemName} lacks";
        return new VersionFixResult(VersionFixStatus.Patched, "", names,
            $"{lacks} {string.Join(", ", names)}; {(names.Length == 1 ? "that version is" : "those versions are")} marked weak in a copy of {fileName}.");
    }

    private static bool IsMarker((string Name, bool Undefined, bool Relocated) symbol) =>
        symbol.Undefined && !symbol.Relocated && MarkerSymbols.Contains(symbol.Name);

    private static bool OnlyMarkers(ElfImage image, ElfVersionNeed need) =>
        image.SymbolsOfVersion(need.Index) is { Count: > 0 } symbols && symbols.All(IsMarker);
}
