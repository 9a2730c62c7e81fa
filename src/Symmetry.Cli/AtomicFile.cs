namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// Writes every file the CLI makes: into a temporary file beside the target, then renamed over it, so a run that
/// fails or is cancelled while writing leaves the old file as it was (or no file), never a truncated one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path in <paramref name="path"/>'s folder and, when it returns,
    /// moves that file over <paramref name="path"/>; when it throws, the temporary file is deleted and the exception
    /// goes on. A symbolic link is written through: its final target is replaced and the link kept.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        var target = OutputPaths.Canonical(path);
        // Device files (/dev/null, /dev/stdout) are not replaced by a rename: that would swap the device for a file.
        // They are opened as named: a pipe behind /dev/stdout has no path to follow a link to.
        if (OutputPaths.IsDevice(path, target))
        {
            write(path);
            return;
        }
        // Same folder, so the rename stays on one file system and is atomic.
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
