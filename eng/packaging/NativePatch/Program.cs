using Microsoft.ML.Symmetry.Torch.Platform;

// Usage: Microsoft.ML.Symmetry.NativePatch <auto|always> <libLibTorchSharp.so>...
// auto: judge against this machine's libstdc++ (the application runs where it is built);
// always: the target machine is unknown, mark every version that guards only marker symbols.
// A file that cannot be patched, or an error, is reported as an MSBuild canonical warning line (Exec raises it) with a
// non-zero exit code; the build goes on and the run-time error names the cause.
if (args.Length < 1 || args[0] is not ("auto" or "always"))
{
    Console.Error.WriteLine("usage: Microsoft.ML.Symmetry.NativePatch <auto|always> <libLibTorchSharp.so>...");
    return 2;
}
try
{
    var always = args[0] == "always";
    var system = always ? "the target system's libstdc++" : LoadedLibStdCxx.Path();
    var defined = always ? null : ElfImage.Load(system).Definitions;
    var exit = 0;
    foreach (var file in args.Skip(1).Where(File.Exists))
    {
        var image = ElfImage.Load(file);
        var result = LibStdCxxVersionFix.Decide(image, Path.GetFileName(file), defined, system);
        // A new file renamed over the old one: the output's copy is often a hard link into the NuGet cache.
        if (result.Status == VersionFixStatus.Patched)
        {
            var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file);
            var written = NativeCacheFile.Ensure(Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileName(file), image.Bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(written, mode);
        }
        if (result.Status == VersionFixStatus.CannotApply)
        {
            Console.WriteLine($"{file} : warning SYMNATIVE002: Microsoft.ML.Symmetry cannot make TorchSharp load with {system}: {result.Reason}");
            exit = 3;
        }
        else Console.WriteLine($"Microsoft.ML.Symmetry: {file}: {result.Status}: {result.Reason}");
    }
    return exit;
}
catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
{
    Console.WriteLine($"Microsoft.ML.Symmetry : warning SYMNATIVE003: could not patch TorchSharp's native library: {e.Message}");
    return 2;
}
