using System.Text;

namespace Symmetry.ML;

/// <summary>
/// The header that starts every component entry (<c>…/Model.bin</c>) of a model file.
///
/// Binary format (little-endian; strings are <see cref="BinaryWriter.Write(string)"/>: LEB128 byte length + UTF-8):
/// <code>
///   byte[8]  magic "SYMLMODL"
///   uint32   header format version (1)
///   string   model signature            (VersionInfo.ModelSignature)
///   uint32   verWrittenCur
///   uint32   verReadableCur
///   uint32   verWeCanReadBack
///   string   loader signature           (key in ModelLoaderRegistry)
///   string   loader assembly name       (loaded on demand when the signature is not registered)
///   int64    payload length in bytes
///   byte[]   payload                    (what the component wrote to ModelSaveContext.Writer)
/// </code>
/// </summary>
internal static class ModelEntryHeader
{
    public const string EntryFileName = "Model.bin";
    private static ReadOnlySpan<byte> Magic => "SYMLMODL"u8;
    private const uint HeaderVersion = 1;

    public static void Write(Stream stream, VersionInfo ver, ReadOnlySpan<byte> payload)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(HeaderVersion);
        w.Write(ver.ModelSignature);
        w.Write(ver.VerWrittenCur);
        w.Write(ver.VerReadableCur);
        w.Write(ver.VerWeCanReadBack);
        w.Write(ver.LoaderSignature);
        w.Write(ver.LoaderAssemblyName);
        w.Write((long)payload.Length);
        w.Write(payload);
    }

    /// <summary>Reads the header and returns the entry's version info and payload; throws <see cref="FormatException"/> naming the entry.</summary>
    public static (VersionInfo Version, byte[] Payload) Read(Stream stream, string entryName)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            Span<byte> magic = stackalloc byte[8];
            r.BaseStream.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic))
                throw new FormatException($"Model entry '{entryName}' is not a Symmetry.ML component entry (bad magic).");
            uint headerVersion = r.ReadUInt32();
            if (headerVersion != HeaderVersion)
                throw new FormatException($"Model entry '{entryName}' has header version {headerVersion}; this library reads version {HeaderVersion}.");
            string modelSig = r.ReadString();
            uint written = r.ReadUInt32(), readable = r.ReadUInt32(), readBack = r.ReadUInt32();
            string loaderSig = r.ReadString();
            string assembly = r.ReadString();
            long length = r.ReadInt64();
            if (length < 0 || length > int.MaxValue)
                throw new FormatException($"Model entry '{entryName}' declares an invalid payload length {length}.");
            // Read in chunks: a corrupt length must not allocate gigabytes before the entry turns out to be shorter.
            var buffer = new MemoryStream((int)Math.Min(length, 1 << 20));
            var chunk = new byte[(int)Math.Min(length, 1 << 16)];
            for (long left = length; left > 0;)
            {
                int n = r.Read(chunk, 0, (int)Math.Min(left, chunk.Length));
                if (n == 0)
                    break;
                buffer.Write(chunk, 0, n);
                left -= n;
            }
            var payload = buffer.ToArray();
            if (payload.Length != length)
                throw new FormatException($"Model entry '{entryName}' is truncated: expected {length} payload bytes, found {payload.Length}.");
            // Readable/read-back are stored as written; VersionInfo's ordering checks hold for any valid writer.
            return (new VersionInfo(modelSig, written, Math.Min(readable, written), Math.Min(readBack, written), assembly, loaderSig), payload);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException($"Model entry '{entryName}' is truncated.", e);
        }
    }
}
