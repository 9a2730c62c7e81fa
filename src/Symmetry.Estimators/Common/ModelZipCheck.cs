using System.IO.Compression;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Checks a whole ML.NET model zip before ML.NET reads it, so that a hostile file fails fast with
/// <see cref="InvalidDataException"/> instead of making ML.NET extract a bomb to disk or spin (docs/security.md):
/// <list type="bullet">
/// <item>the zip's central directory is readable and holds at most <see cref="MaxEntries"/> entries;</item>
/// <item>entry names are relative, use '/', never climb out ("..") and are unique;</item>
/// <item>every entry decompresses to exactly the size it declares, and the whole file to at most
/// <see cref="MaxExpansion"/> times its size (or <see cref="SmallModelAllowance"/>, whichever is larger) — counted while
/// decompressing in 64 KiB pieces, so checking a bomb costs no memory;</item>
/// <item>the <c>Schema</c> entry, when present, is a well-formed ML.NET binary data view header (<see cref="SchemaEntryCheck"/>).</item>
/// </list>
/// </summary>
internal static class ModelZipCheck
{
    /// <summary>Most entries a model zip may hold (a pipeline of hundreds of transforms has a few per transform).</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Most bytes a model may decompress to per byte of file (weights compress ≈ 1.1×, text ≈ 5–10×).</summary>
    public const long MaxExpansion = 50;

    /// <summary>What any model may decompress to, whatever its size (small files of text compress well).</summary>
    public const long SmallModelAllowance = 64L << 20;

    /// <summary>Checks the zip at <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file and the cause.</summary>
    public static void Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        Check(stream, path);
    }

    /// <summary>Checks a seekable zip stream (left at its start); <paramref name="name"/> names it in messages.</summary>
    public static void Check(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("The model stream must be seekable.", nameof(stream));
        var start = stream.Position;
        var budget = Math.Max(SmallModelAllowance, checked((stream.Length - start) * MaxExpansion));
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries) throw Bad(name, $"it holds {zip.Entries.Count} entries (at most {MaxEntries})");
            var names = new HashSet<string>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                CheckName(name, entry.FullName);
                if (!names.Add(entry.FullName)) throw Bad(name, $"the entry '{entry.FullName}' appears twice");
                if (entry.Length < 0 || entry.Length > budget - total)
                    throw Bad(name, $"the entry '{entry.FullName}' declares {entry.Length} bytes, more than the {budget} bytes a file of this size may expand to");
                var actual = Inflate(entry, Math.Min(budget - total, entry.Length), name);
                if (actual != entry.Length) throw Bad(name, $"the entry '{entry.FullName}' holds {actual} bytes but declares {entry.Length}");
                total += actual;
                if (entry.FullName == "Schema") SchemaEntryCheck.Check(entry, name);
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("Model file ", StringComparison.Ordinal))
        {
            throw Bad(name, $"it is not a readable zip ({e.Message})", e);
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw Bad(name, $"it could not be read ({e.Message})", e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    // Zip-slip and platform tricks: ML.NET extracts entries below a temporary folder by these names.
    private static void CheckName(string file, string entry)
    {
        if (entry.Length == 0 || entry.Length > 1024) throw Bad(file, $"an entry name has {entry.Length} characters");
        if (entry.Contains('\\') || entry.Contains('\0') || entry.Contains(':') || entry.StartsWith('/'))
            throw Bad(file, $"the entry name '{entry}' is not a relative '/'-separated path");
        if (entry.Split('/').Any(part => part is ".." or "."))
            throw Bad(file, $"the entry name '{entry}' climbs out of the model ('.' or '..')");
    }

    // Decompresses without keeping anything; stops one byte past the limit.
    private static long Inflate(ZipArchiveEntry entry, long limit, string file)
    {
        var buffer = new byte[64 << 10];
        long count = 0;
        using var data = entry.Open();
        int read;
        while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
        {
            count += read;
            if (count > limit) throw Bad(file, $"the entry '{entry.FullName}' expands past {limit} bytes (a zip bomb, or a size that lies)");
        }
        return count;
    }

    /// <summary>
    /// Runs ML.NET's loader and lets our readers' <see cref="FormatException"/> (or <see cref="InvalidDataException"/>)
    /// reach the caller as themselves: ML.NET calls our loaders by reflection, which wraps what they throw.
    /// </summary>
    public static ITransformer Unwrapped(Func<(ITransformer Model, DataViewSchema Schema)> load, out DataViewSchema schema)
    {
        try
        {
            (var model, schema) = load();
            return model;
        }
        catch (Exception e) when (Inner(e) is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }

    private static Exception? Inner(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is FormatException or InvalidDataException && !ReferenceEquals(x, e)) return x;
        return null;
    }

    internal static InvalidDataException Bad(string file, string why, Exception? inner = null) =>
        new($"Model file '{file}' is not a valid model: {why}.", inner);
}
