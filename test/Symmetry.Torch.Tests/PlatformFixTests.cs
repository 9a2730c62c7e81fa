using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class PlatformFixTests
{
    private string cache = "";

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateCache()
    {
        cache = Path.Combine(Path.GetTempPath(), $"symmetry-fix-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(cache);
    }

    [TestCleanup]
    public void DeleteCache()
    {
        if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
    }

    /// <summary>TorchSharp's own copy in the NuGet cache (never written by the fix), or Inconclusive.</summary>
    private static string Original()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(path)) Assert.Inconclusive($"{path} is not here (TorchSharp 0.107.0 not restored to this NuGet cache).");
        return path;
    }

    private static string SystemLibStdCxx()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The fix is for Linux.");
        return TorchRuntime.SystemLibStdCxx();
    }

    private static bool SystemHas(string version) => ElfImage.Load(SystemLibStdCxx()).Definitions.Contains(version);

    private static void RequireOldLibStdCxx()
    {
        if (SystemHas("GLIBCXX_3.4.32")) Assert.Inconclusive("This system's libstdc++ defines GLIBCXX_3.4.32: the fix is not needed here.");
    }

    /// <summary>A copy of the system libstdc++ with one version name replaced by another of the same length.</summary>
    private string LibStdCxxWith(string from, string to)
    {
        Assert.AreEqual(from.Length, to.Length);
        var bytes = File.ReadAllBytes(SystemLibStdCxx());
        var needle = Encoding.ASCII.GetBytes(from + "\0");
        var at = bytes.AsSpan().IndexOf(needle);
        if (at < 0) Assert.Inconclusive($"This system's libstdc++ has no {from}.");
        Assert.AreEqual(-1, bytes.AsSpan(at + 1).IndexOf(needle), $"{from} occurs once");
        Encoding.ASCII.GetBytes(to).CopyTo(bytes, at);
        var path = Path.Combine(cache, $"libstdc++-{to}.so.6");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    public void PrepareIsIdempotent()
    {
        RequireOldLibStdCxx();
        var original = Original();
        var first = LibStdCxxVersionFix.Prepare(original, SystemLibStdCxx(), cache);
        var bytes = File.ReadAllBytes(first.LibraryPath);
        var written = File.GetLastWriteTimeUtc(first.LibraryPath);
        var second = LibStdCxxVersionFix.Prepare(original, SystemLibStdCxx(), cache);
        Assert.AreEqual(VersionFixStatus.Patched, first.Status);
        Assert.AreEqual(first.Status, second.Status);
        Assert.AreEqual(first.LibraryPath, second.LibraryPath);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(second.LibraryPath));
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(second.LibraryPath), "an identical copy is not rewritten");
        Assert.IsTrue(first.LibraryPath.StartsWith(cache, StringComparison.Ordinal));
        Assert.HasCount(1, Directory.GetFiles(cache, "*", SearchOption.AllDirectories), "no temporary files are left");
    }

    [TestMethod]
    public void NothingIsDoneWhereTheSystemHasEveryVersion()
    {
        // TorchSharp's library needs GLIBCXX_3.4.30 as well as 3.4.32, so the stand-in for a newer libstdc++ renames a
        // version it does not need (3.4.28, same length) to 3.4.32 and keeps 3.4.30.
        var original = Original();
        var needs = ElfImage.Load(original).Needs.Where(n => n.File == "libstdc++.so.6").Select(n => n.Version).ToHashSet();
        Assert.Contains("GLIBCXX_3.4.30", needs);
        Assert.Contains("GLIBCXX_3.4.32", needs);
        Assert.DoesNotContain("GLIBCXX_3.4.28", needs);
        var newer = LibStdCxxWith("GLIBCXX_3.4.28", "GLIBCXX_3.4.32");
        Assert.IsTrue(ElfImage.Load(newer).Definitions.IsSupersetOf(needs.Where(v => v.StartsWith("GLIBCXX", StringComparison.Ordinal))));
        var result = LibStdCxxVersionFix.Prepare(original, newer, Path.Combine(cache, "out"));
        Assert.AreEqual(VersionFixStatus.NotNeeded, result.Status, result.Reason);
        Assert.AreEqual(original, result.LibraryPath);
        Assert.IsEmpty(result.MissingVersions);
        Assert.IsFalse(Directory.Exists(Path.Combine(cache, "out")), "nothing is written");
    }

    [TestMethod]
    public void ThePatchedCopyDiffersOnlyInTheFlagsOfTheMissingVersionAndTheOriginalIsUntouched()
    {
        RequireOldLibStdCxx();
        var original = Original();
        var hashBefore = SHA256.HashData(File.ReadAllBytes(original));
        var result = LibStdCxxVersionFix.Prepare(original, SystemLibStdCxx(), cache);
        Assert.AreEqual(VersionFixStatus.Patched, result.Status);
        CollectionAssert.AreEqual(new[] { "GLIBCXX_3.4.32" }, result.MissingVersions.ToArray());
        StringAssert.Contains(result.Reason, "GLIBCXX_3.4.32");
        var before = File.ReadAllBytes(original);
        CollectionAssert.AreEqual(hashBefore, SHA256.HashData(before), "the NuGet cache's file is unchanged");
        var after = File.ReadAllBytes(result.LibraryPath);
        Assert.HasCount(before.Length, after);
        var need = ElfImage.Parse(before).Needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.IsFalse(need.Weak);
        var differing = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.IsNotEmpty(differing);
        Assert.IsTrue(differing.All(i => i == need.FlagsOffset || i == need.FlagsOffset + 1), $"bytes differ at {string.Join(", ", differing)}; vna_flags is at {need.FlagsOffset}");
        var patched = ElfImage.Parse(after);
        Assert.IsTrue(patched.Needs.Single(n => n.Version == "GLIBCXX_3.4.32").Weak);
        Assert.IsTrue(patched.Needs.Where(n => n.Version != "GLIBCXX_3.4.32").All(n => !n.Weak));
    }

    [TestMethod]
    public void AMissingVersionThatARelocatedSymbolNeedsCannotBePatched()
    {
        // Renaming GLIBCXX_3.4.30 away leaves std::condition_variable::wait, which the library really calls, unversioned.
        var original = Original();
        var older = LibStdCxxWith("GLIBCXX_3.4.30", "GLIBCXX_3.4.3X");
        var result = LibStdCxxVersionFix.Prepare(original, older, Path.Combine(cache, "out"));
        Assert.AreEqual(VersionFixStatus.CannotApply, result.Status);
        Assert.AreEqual(original, result.LibraryPath);
        Assert.Contains("GLIBCXX_3.4.30", result.MissingVersions);
        StringAssert.Contains(result.Reason, "GLIBCXX_3.4.30");
        StringAssert.Contains(result.Reason, "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE");
        Assert.IsFalse(Directory.Exists(Path.Combine(cache, "out")), "nothing is written");
    }

    [TestMethod]
    public void LibtorchComputesAfterTheFix()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 0, -Math.PI / 2, Math.PI / 2, 0 }, [2, 2]);
        var e = linalg.matrix_exp(a).data<double>().ToArray();
        // exp of a rotation generator by π/2 is the quarter-turn rotation; float64 Padé/scaling error ~1e-15.
        double[] expected = [0, -1, 1, 0];
        for (var i = 0; i < 4; i++) Assert.AreEqual(expected[i], e[i], 1e-12);
    }

    [TestMethod]
    public void TheBuildStepPatchedThisOutputFolderAndTheRunTimeFixAgrees()
    {
        // Directory.Build.targets runs the package's build step on every output folder here, as it runs on a user's.
        RequireOldLibStdCxx();
        var fix = TorchRuntime.Fix;
        Assert.IsNotNull(fix, "TorchSharp loaded without asking the resolver");
        Assert.AreEqual(VersionFixStatus.PatchedAtBuild, fix.Status, fix.Reason);
        CollectionAssert.AreEqual(new[] { "GLIBCXX_3.4.32" }, fix.MissingVersions.ToArray());
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.AreEqual(output, fix.LibraryPath);
        Assert.IsTrue(ElfImage.Load(output).Needs.Single(n => n.Version == "GLIBCXX_3.4.32").Weak);
        Assert.IsFalse(ElfImage.Load(Original()).Needs.Single(n => n.Version == "GLIBCXX_3.4.32").Weak, "the NuGet cache's file is unchanged");
    }

    [TestMethod]
    public void ForAnUnknownTargetOnlyVersionsThatGuardMarkersAreMarkedWeak()
    {
        // SymmetryLibStdCxxFix=always: built for another machine, so no libstdc++ to compare with.
        var image = ElfImage.Load(Original());
        var result = LibStdCxxVersionFix.Decide(image, "libLibTorchSharp.so", defined: null, "the target system's libstdc++");
        Assert.AreEqual(VersionFixStatus.Patched, result.Status, result.Reason);
        CollectionAssert.AreEqual(new[] { "GLIBCXX_3.4.32" }, result.MissingVersions.ToArray());
        var patched = ElfImage.Parse(image.Bytes);
        Assert.IsTrue(patched.Needs.Single(n => n.Version == "GLIBCXX_3.4.32").Weak);
        Assert.IsTrue(patched.Needs.Where(n => n.Version != "GLIBCXX_3.4.32").All(n => !n.Weak));
        var again = LibStdCxxVersionFix.Decide(patched, "libLibTorchSharp.so", defined: null, "the target system's libstdc++");
        Assert.AreEqual(VersionFixStatus.NotNeeded, again.Status, "an already patched file is left alone");
    }

    [TestMethod]
    public void AFilePatchedAtBuildIsLoadedAsItIs()
    {
        RequireOldLibStdCxx();
        var patched = Path.Combine(cache, "libLibTorchSharp.so");
        var image = ElfImage.Load(Original());
        LibStdCxxVersionFix.Decide(image, "libLibTorchSharp.so", defined: null, "the target system's libstdc++");
        File.WriteAllBytes(patched, image.Bytes);
        var result = LibStdCxxVersionFix.Prepare(patched, SystemLibStdCxx(), Path.Combine(cache, "out"));
        Assert.AreEqual(VersionFixStatus.PatchedAtBuild, result.Status, result.Reason);
        Assert.AreEqual(patched, result.LibraryPath);
        Assert.IsFalse(Directory.Exists(Path.Combine(cache, "out")), "nothing is written");
    }
}
