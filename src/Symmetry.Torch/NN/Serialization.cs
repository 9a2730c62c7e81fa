using System.Buffers.Binary;
using System.Text;
using Symmetry.Torch.Native;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch;

/// <summary>
/// Reads and writes state dicts (name → tensor) for <see cref="nn.Module.save(Stream, IList{string}?)"/> and
/// <see cref="nn.Module.load(Stream, bool, IList{string}?, Dictionary{string, bool}?)"/>.
/// </summary>
/// <remarks>
/// <para>Binary format, version 1. All integers marked LEB128 are unsigned little-endian base-128 varints (7 bits per
/// byte, high bit = more follows), as TorchSharp's <c>Encode</c>. Multi-byte fixed-width values are little-endian.</para>
/// <code>
/// header  : 8 bytes   ASCII "SYMTORCH"                       (ours: identifies the stream)
///           LEB128    format version = 1                     (ours: readers reject newer versions)
/// body    : LEB128    entry count                            (from here to the checksum: TorchSharp's layout)
///           per entry, in state-dict order:
///             string  key: LEB128 byte length + UTF-8 bytes  (BinaryWriter.Write(string))
///             LEB128  dtype: libtorch's ScalarType code (Float32 = 6, Float64 = 7, Int64 = 4, Bool = 11, ...)
///             LEB128  rank
///             LEB128  each dimension, outermost first
///             bytes   numel × element size raw element bytes, row-major (C-contiguous), little-endian
/// trailer : 4 bytes   CRC-32 (IEEE 802.3, reflected, as zlib) of the body bytes   (ours: detects corruption)
/// </code>
/// <para>Tensors are saved from any device and loaded on the CPU, then copied into the module's tensors wherever they
/// are. Readers validate every field and the checksum, and report a non-matching, truncated or corrupt stream as
/// <see cref="InvalidDataException"/> rather than loading wrong values. Writers never close the stream, so a state
/// dict can be embedded in a larger stream (a model file's entry) and read back from the same position.</para>
/// </remarks>
internal static class StateDictSerializer
{
    internal static ReadOnlySpan<byte> Magic => "SYMTORCH"u8;
    internal const int Version = 1;
    private const int MaxRank = 64;
    private const int MaxKeyBytes = 1 << 20;

    internal static void Write(Stream stream, IReadOnlyCollection<KeyValuePair<string, Tensor>> entries)
    {
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        stream.Write(Magic);
        WriteLeb(stream, Version);
        var crc = new CrcStream(stream);
        WriteLeb(crc, (ulong)entries.Count);
        foreach (var (key, tensor) in entries)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            WriteLeb(crc, (ulong)keyBytes.Length);
            crc.Write(keyBytes);
            WriteLeb(crc, (ulong)(byte)tensor.dtype);
            var shape = tensor.shape;
            WriteLeb(crc, (ulong)shape.Length);
            foreach (var d in shape) WriteLeb(crc, (ulong)d);
            crc.Write(RawBytes(tensor));
        }
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, crc.Crc);
        stream.Write(tail);
    }

    internal static Dictionary<string, Tensor> Read(Stream stream)
    {
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        Span<byte> magic = stackalloc byte[8];
        var got = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (got < magic.Length || !magic.SequenceEqual(Magic))
            throw new InvalidDataException("Not a Symmetry.Torch state dict: the stream does not start with the \"SYMTORCH\" header (was it written by Module.save?).");
        var version = ReadLeb(stream, "format version");
        if (version != Version)
            throw new InvalidDataException($"Unsupported state dict format version {version}; this build reads version {Version}.");
        var crc = new CrcStream(stream);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var count = ReadLeb(crc, "entry count");
            for (ulong i = 0; i < count; i++)
            {
                var key = ReadKey(crc, i);
                var code = ReadLeb(crc, $"dtype of '{key}'");
                if (code > 127 || !Enum.IsDefined((ScalarType)(sbyte)code))
                    throw new InvalidDataException($"Corrupt state dict: entry '{key}' has unknown dtype code {code}.");
                var dtype = (ScalarType)(sbyte)code;
                var rank = ReadLeb(crc, $"rank of '{key}'");
                if (rank > MaxRank) throw new InvalidDataException($"Corrupt state dict: entry '{key}' claims rank {rank}.");
                var shape = new long[rank];
                long numel = 1;
                for (var d = 0; d < shape.Length; d++)
                {
                    var size = ReadLeb(crc, $"shape of '{key}'");
                    if (size > long.MaxValue) throw new InvalidDataException($"Corrupt state dict: entry '{key}' has dimension {size}.");
                    shape[d] = (long)size;
                    try { numel = checked(numel * shape[d]); }
                    catch (OverflowException) { throw new InvalidDataException($"Corrupt state dict: entry '{key}' has an impossible shape."); }
                }
                long nbytes;
                try { nbytes = checked(numel * ElementSize(dtype)); }
                catch (OverflowException) { throw new InvalidDataException($"Corrupt state dict: entry '{key}' has an impossible size."); }
                if (nbytes > Array.MaxLength || (stream.CanSeek && nbytes > stream.Length - stream.Position))
                    throw new InvalidDataException($"Truncated or corrupt state dict: entry '{key}' needs {nbytes} bytes of data, more than the stream holds.");
                var data = new byte[nbytes];
                ReadExactly(crc, data, $"data of '{key}'");
                if (!result.TryAdd(key, FromRaw(data, shape, dtype)))
                    throw new InvalidDataException($"Corrupt state dict: key '{key}' appears twice.");
            }
            var expected = crc.Crc;
            Span<byte> tail = stackalloc byte[4];
            ReadExactly(stream, tail, "checksum");
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail) != expected)
                throw new InvalidDataException("Corrupt state dict: the checksum does not match the contents.");
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    private static string ReadKey(Stream s, ulong index)
    {
        var n = ReadLeb(s, $"key length of entry {index}");
        if (n > MaxKeyBytes) throw new InvalidDataException($"Corrupt state dict: entry {index} claims a {n}-byte key.");
        var bytes = new byte[n];
        ReadExactly(s, bytes, $"key of entry {index}");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"Corrupt state dict: the key of entry {index} is not valid UTF-8.");
        }
    }

    private static unsafe byte[] RawBytes(Tensor t)
    {
        var bytes = new byte[checked(t.numel() * ElementSize(t.dtype))];
        fixed (byte* p = bytes)
        {
            // The native copy detaches, moves to the CPU and makes the data contiguous first.
            Tensor.Check(NativeMethods.sym_tensor_copy_to(t.Handle, (IntPtr)p, bytes.LongLength));
        }
        return bytes;
    }

    private static unsafe Tensor FromRaw(byte[] data, long[] shape, ScalarType dtype)
    {
        fixed (byte* p = data)
        {
            return new Tensor(NativeMethods.sym_tensor_from_data((IntPtr)p, shape, shape.Length, (sbyte)dtype, (int)DeviceType.CPU, -1, 0));
        }
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string what)
    {
        try
        {
            s.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"Truncated state dict: the stream ended while reading the {what}.");
        }
    }

    internal static void WriteLeb(Stream s, ulong value)
    {
        Span<byte> buf = stackalloc byte[10];
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            buf[n++] = b;
        } while (value != 0);
        s.Write(buf[..n]);
    }

    private static ulong ReadLeb(Stream s, string what)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = s.ReadByte();
            if (b < 0) throw new InvalidDataException($"Truncated state dict: the stream ended while reading the {what}.");
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException($"Corrupt state dict: the {what} is not a valid LEB128 integer.");
    }

    /// <summary>A pass-through stream that keeps a running CRC-32 of the bytes written or read through it.</summary>
    private sealed class CrcStream(Stream inner) : Stream
    {
        private static readonly uint[] Table = BuildTable();
        private uint state = 0xFFFFFFFFu;

        public uint Crc => ~state;

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                var c = i;
                for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[i] = c;
            }
            return table;
        }

        private void Update(ReadOnlySpan<byte> data)
        {
            var c = state;
            foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            state = c;
        }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Update(buffer[..n]);
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Update(buffer);
            inner.Write(buffer);
        }
    }
}
