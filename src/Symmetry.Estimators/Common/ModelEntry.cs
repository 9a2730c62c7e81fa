using System.Security.Cryptography;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Identity and envelope of one transformer's entry in an ML.NET model file. The envelope is ours, independent
/// of how ML.NET's repository is reached, and guards everything after ML.NET's entry header:
/// <code>
/// Binary format (envelope version 1), after ML.NET's header (model signature, versions, loader signature and
/// assembly name, written by MLNetInternals.Save):
///   bytes[4]  magic "SYMM"
///   uint16    envelope version (1)
///   string    loader signature again (BinaryWriter string: 7-bit length prefix + UTF-8)
///   int64     body length N (0 &lt; N ≤ Array.MaxLength, just under 2 GiB; checked on save and on load)
///   bytes[N]  body — the transformer's own format, documented beside it
///   bytes[32] SHA-256 of the body
/// </code>
/// A truncated, tampered or foreign entry fails with <see cref="FormatException"/> before any of its body is
/// interpreted, and a body can only build the networks its own reader knows: loading never runs code.
/// </summary>
/// <param name="ModelSignature">ML.NET's 8-character model signature.</param>
/// <param name="LoaderSignature">The loader signature registered in MLNetInternals (≤ 24 characters).</param>
/// <param name="Version">The body format version this code writes (ML.NET's verWrittenCur and verReadableCur).</param>
/// <param name="OldestReadable">The oldest body version this code reads (ML.NET's verWeCanReadBack).</param>
internal sealed record ModelEntry(string ModelSignature, string LoaderSignature, uint Version, uint OldestReadable)
{
    private static ReadOnlySpan<byte> Magic => "SYMM"u8;
    private const ushort EnvelopeVersion = 1;
    private static long MaxBody => Array.MaxLength;

    /// <summary>Writes the envelope around the body that <paramref name="body"/> writes.</summary>
    public void Write(BinaryWriter writer, Action<BinaryWriter> body)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) body(w);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        writer.Write(Magic);
        writer.Write(EnvelopeVersion);
        writer.Write(LoaderSignature);
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
        writer.Write(SHA256.HashData(bytes));
    }

    /// <summary>Checks the envelope and hands the verified body to <paramref name="body"/>.</summary>
    public T Read<T>(BinaryReader reader, Func<BinaryReader, T> body)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(body);
        byte[] bytes;
        try
        {
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic)) throw Corrupt("it does not start with the Symmetry entry marker");
            var version = reader.ReadUInt16();
            if (version != EnvelopeVersion) throw Corrupt($"its envelope version {version} is not {EnvelopeVersion}");
            var signature = reader.ReadString();
            if (signature != LoaderSignature) throw Corrupt($"it is a '{signature}' entry");
            var length = reader.ReadInt64();
            if (length <= 0 || length > MaxBody) throw Corrupt($"its body length {length} is out of range");
            // Checked against the bytes present before anything is allocated: a short file cannot ask for gigabytes.
            if (reader.BaseStream.CanSeek && length > reader.BaseStream.Length - reader.BaseStream.Position)
                throw Corrupt($"it is truncated: it declares a body of {length} bytes but holds {Math.Max(0, reader.BaseStream.Length - reader.BaseStream.Position)}");
            bytes = reader.ReadBytes((int)length);
            if (bytes.Length != length) throw Corrupt($"it is truncated ({bytes.Length} of {length} body bytes)");
            var hash = reader.ReadBytes(32);
            if (hash.Length != 32) throw Corrupt("it is truncated (no checksum)");
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash)) throw Corrupt("its checksum does not match its contents (the file was altered)");
        }
        catch (EndOfStreamException)
        {
            throw Corrupt("it is truncated");
        }
        catch (IOException e)
        {
            throw Corrupt($"it could not be read ({e.Message})");
        }
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false));
        try
        {
            var result = body(r);
            if (r.BaseStream.Position != r.BaseStream.Length) throw Corrupt($"{r.BaseStream.Length - r.BaseStream.Position} bytes follow its body");
            return result;
        }
        catch (EndOfStreamException)
        {
            throw Corrupt("its body ends early");
        }
    }

    /// <summary>A <see cref="FormatException"/> naming this entry and <paramref name="why"/>.</summary>
    public FormatException Corrupt(string why) => new($"Corrupt {LoaderSignature} model entry: {why}.");
}
