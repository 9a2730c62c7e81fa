namespace Microsoft.ML.Symmetry.Cli;

/// <summary>A file a command reads or writes, named by the option that gave it.</summary>
internal readonly record struct NamedPath(string Option, string Path);

/// <summary>
/// Checks a command's output paths before training (which can take minutes), so that nothing it finds afterwards
/// could have been found now: outputs distinct from each other and from every input (after following symbolic
/// links), no folder where a file goes, each folder present and writable, an existing file replaced only with
/// --force and only when it can be.
/// </summary>
internal static class OutputPaths
{
    // Linux compares names byte for byte; Windows and macOS file systems ignore case by default.
    private static readonly StringComparer Names = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Throws <see cref="UsageException"/> (exit 2) when two of <paramref name="outputs"/> are one file or one is an
    /// input (--force never destroys an input), and <see cref="IOException"/> (exit 1) for what the file system
    /// refuses. <paramref name="plots"/> is the --plots folder that will hold <paramref name="figures"/>.
    /// </summary>
    public static void Check(IReadOnlyList<NamedPath> outputs, NamedPath? plots, IReadOnlyList<NamedPath> figures, IReadOnlyList<NamedPath> inputs, bool force)
    {
        var files = outputs.Concat(figures).Select(o => (Output: o, Canonical: Canonical(o.Path))).ToArray();
        var readFrom = inputs.Select(i => (Input: i, Canonical: Canonical(i.Path))).ToArray();
        for (var i = 0; i < files.Length; i++)
        {
            var (output, canonical) = files[i];
            foreach (var (input, read) in readFrom)
                if (Names.Equals(canonical, read))
                    throw new UsageException($"{output.Option} '{output.Path}' is the {input.Option} file '{input.Path}'; write the output elsewhere (--force never overwrites an input).");
            for (var j = 0; j < i; j++)
                if (Names.Equals(canonical, files[j].Canonical))
                    throw new UsageException($"{files[j].Output.Option} '{files[j].Output.Path}' and {output.Option} '{output.Path}' are the same file; give each output its own.");
        }
        var probed = new HashSet<string>(Names);
        foreach (var o in outputs) CheckFolder(o, Path.GetDirectoryName(Path.GetFullPath(o.Path))!, probed);
        if (plots is { } p) CheckPlotsFolder(p, probed);
        foreach (var (output, canonical) in files) CheckFile(output, canonical, force);
    }

    /// <summary>
    /// <paramref name="path"/> as an absolute path with every symbolic link on it followed (of its folders and of the
    /// file itself), so two names of one file compare equal; parts that do not exist yet are kept as given.
    /// </summary>
    public static string Canonical(string path) => Canonical(Path.GetFullPath(path), 0);

    /// <summary>
    /// Whether an output goes to an existing device or process stream (<c>/dev/null</c>, <c>/dev/stdout</c>) rather
    /// than a file: written in place, never renamed over. .NET does not expose a file's type, hence the folders.
    /// </summary>
    public static bool IsDevice(string path, string canonical) =>
        !OperatingSystem.IsWindows() && File.Exists(path)
        && new[] { Path.GetFullPath(path), canonical }.Any(p => p.StartsWith("/dev/", StringComparison.Ordinal) || p.StartsWith("/proc/", StringComparison.Ordinal));

    private static string Canonical(string full, int links)
    {
        if (Path.GetDirectoryName(full) is not { } parent) return full;
        var resolved = Path.Combine(Canonical(parent, links), Path.GetFileName(full));
        var info = new FileInfo(resolved);
        if (info.LinkTarget is null) return resolved;
        // The OS gives up after 40 links too (ELOOP); a cycle would otherwise recurse forever.
        if (links >= 40) throw new IOException($"'{full}' goes through more than 40 symbolic links.");
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? resolved : Canonical(target.FullName, links + 1);
    }

    private static void CheckFolder(NamedPath output, string folder, HashSet<string> probed)
    {
        if (File.Exists(folder)) throw new IOException($"The folder of {output.Option} '{output.Path}' is a file: '{folder}'.");
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder of {output.Option} '{Path.GetFullPath(output.Path)}' does not exist; create '{folder}' first.");
        if (IsDevice(output.Path, Canonical(output.Path)) || !probed.Add(folder)) return;
        // Permissions alone do not tell (root ignores them; read-only mounts and immutable folders refuse root too):
        // creating and deleting a file is the one test that answers what the rename after training will meet.
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".symmetry-probe-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write,
                                             FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The folder of {output.Option} '{output.Path}' is not writable: {e.Message}", e);
        }
    }

    private static void CheckPlotsFolder(NamedPath plots, HashSet<string> probed)
    {
        var full = Path.GetFullPath(plots.Path);
        if (File.Exists(full)) throw new IOException($"--plots '{full}' is a file; give a folder.");
        // A missing folder is created after training, in the nearest folder that exists.
        var existing = full;
        while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { } up) existing = up;
        CheckFolder(plots, existing, probed);
    }

    private static void CheckFile(NamedPath output, string canonical, bool force)
    {
        if (Directory.Exists(canonical)) throw new IOException($"{output.Option} '{output.Path}' is a folder; give a file name.");
        if (!File.Exists(canonical) || IsDevice(output.Path, canonical)) return;
        if (!force) throw new IOException($"'{Path.GetFullPath(output.Path)}' exists; pass --force to overwrite it.");
        // Opening without truncating changes nothing, and fails for a read-only or immutable file.
        try
        {
            using var _ = new FileStream(canonical, FileMode.Open, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{output.Option} '{output.Path}' exists and cannot be overwritten: {e.Message}", e);
        }
    }
}
