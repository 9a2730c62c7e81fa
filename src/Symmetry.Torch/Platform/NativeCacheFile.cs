namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>Files the platform fixes write for the loader: written once per content, never half-written.</summary>
internal static class NativeCacheFile
{
    /// <summary>
    /// Makes <paramref name="folder"/>/<paramref name="name"/> hold exactly <paramref name="bytes"/> and returns its
    /// path. An identical file is left as it is; otherwise the bytes are written beside it and renamed into place, so
    /// concurrent processes never load a half-written file.
    /// </summary>
    public static string Ensure(string folder, string name, byte[] bytes)
    {
        var target = Path.Combine(folder, name);
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes)) return target;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true);
        return target;
    }
}
