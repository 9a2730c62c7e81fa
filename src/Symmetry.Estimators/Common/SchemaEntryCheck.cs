// Structural validation of the "Schema" entry of an ML.NET model zip (an ML.NET binary data view, ".idv").
//
// Why: ML.NET (5.0.0 .. 6.0.x) reads the Schema entry with BinaryLoader. Codec definitions of vector columns
// contain an int32 dimension count that is read with Utils.ReadIntArray -> ReadBinaryDataIntoSpan, whose
// do { n = reader.Read(...); remaining -= n; } while (remaining > 0) loop never terminates once the stream is
// at its end (Read returns 0). So a single flipped bit in that count makes ml.Model.Load spin forever, and a
// large count makes it allocate up to 8 GiB first. Other counts (metadata vector index counts, row counts)
// drive allocations. This check parses the whole format with every length/offset/count bounded by the bytes
// actually present, so that ML.NET is only handed Schema entries it can parse in bounded time and memory.
//
// Only BCL + System.IO.Compression; no ML.NET dependency.

using System.IO.Compression;
using System.Text;

namespace Microsoft.ML.Symmetry
{
    internal static class SchemaEntryCheck
    {
        private const long MaxEntryBytes = 16L << 20;          // Schema entries are a few KB; reject > 16 MiB.
        private const long MaxMetadataDecompressed = 16L << 20; // Cap for an inflated metadata value block.
        private const int HeaderSize = 256;
        private const ulong Signature = 0x00425644004C4D43;     // "CML\0DVB\0"
        private const ulong TailSignature = 0x434D4C0044564200; // "\0BVD\0LMC"
        private const ulong ReaderFirstVersion = 0x0001000100010002;
        private const ulong MetadataVersion = 0x0001000100010004;
        private const ulong ReaderVersion = 0x0001000100010006;
        private const int MaxColumns = 1 << 20;
        private const int MaxMetadataKinds = 1 << 16;
        private const int MaxCodecNesting = 4;

        public static void Check(ZipArchiveEntry entry, string file)
        {
            if (entry == null)
                throw new ArgumentNullException(nameof(entry));
            string? why = null;
            byte[]? data = null;
            if (entry.Length > MaxEntryBytes)
                why = $"is too large ({entry.Length} bytes; at most {MaxEntryBytes} are allowed)";
            else
            {
                try
                {
                    data = ReadAll(entry);
                    if (data == null)
                        why = $"is too large (more than {MaxEntryBytes} bytes when decompressed)";
                }
                catch (InvalidDataException e)
                {
                    why = "cannot be decompressed (" + e.Message.TrimEnd('.') + ")";
                }
            }
            if (why == null)
            {
                try
                {
                    Validate(data!);
                }
                catch (Bad b)
                {
                    why = b.Message;
                }
            }
            if (why != null)
                throw new InvalidDataException($"Model file '{file}' is not a valid model: the Schema entry {why}.");
        }

        private static byte[]? ReadAll(ZipArchiveEntry entry)
        {
            using (var s = entry.Open())
            {
                var ms = new MemoryStream((int)Math.Max(0, Math.Min(entry.Length, MaxEntryBytes)));
                var buf = new byte[81920];
                int n;
                while ((n = s.Read(buf, 0, buf.Length)) > 0)
                {
                    if (ms.Length + n > MaxEntryBytes)
                        return null;
                    ms.Write(buf, 0, n);
                }
                return ms.ToArray();
            }
        }

        private sealed class Bad : Exception
        {
            public Bad(string why) : base(why) { }
        }

        /// <summary>A bounded little-endian reader over [pos, end) of a byte array.</summary>
        private sealed class Cur
        {
            public readonly byte[] D;
            public long Pos;
            public readonly long End;
            private readonly string _what;

            public Cur(byte[] d, long pos, long end, string what)
            {
                D = d;
                Pos = pos;
                End = end;
                _what = what;
            }

            public long Left => End - Pos;

            public void Need(long n, string field)
            {
                if (n < 0 || n > Left)
                    throw new Bad($"is truncated or corrupt: {field} in {_what} at offset {Pos} needs {n} bytes but only {Left} remain");
            }

            public byte U8(string f) { Need(1, f); return D[Pos++]; }
            public short I16(string f) { Need(2, f); var v = BitConverter.ToInt16(D, (int)Pos); Pos += 2; return v; }
            public int I32(string f) { Need(4, f); var v = BitConverter.ToInt32(D, (int)Pos); Pos += 4; return v; }
            public long I64(string f) { Need(8, f); var v = BitConverter.ToInt64(D, (int)Pos); Pos += 8; return v; }
            public ulong U64(string f) { Need(8, f); var v = BitConverter.ToUInt64(D, (int)Pos); Pos += 8; return v; }
            public void Skip(long n, string f) { Need(n, f); Pos += n; }

            // ML.NET's Utils.ReadLeb128Int: at most 10 bytes, 64-bit value.
            public ulong Leb128(string f)
            {
                ulong v = 0;
                for (int shift = 0; ; shift += 7)
                {
                    byte b = U8(f);
                    if (shift == 63 && b > 1)
                        throw new Bad($"has an overlong LEB128 integer ({f}) at offset {Pos - 1}");
                    v |= (ulong)(b & 0x7F) << shift;
                    if ((b & 0x80) == 0)
                        return v;
                }
            }

            // BinaryReader.ReadString: 7-bit encoded int32 byte length (at most 5 bytes) then UTF-8 bytes.
            public string Str(string f)
            {
                int len = 0;
                for (int shift = 0; ; shift += 7)
                {
                    if (shift == 35)
                        throw new Bad($"has a malformed string length ({f}) at offset {Pos}");
                    byte b = U8(f + " length");
                    if (shift == 28 && b > 0x07)
                        throw new Bad($"has a malformed string length ({f}) at offset {Pos - 1}");
                    len |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0)
                        break;
                }
                Need(len, f);
                string s = Encoding.UTF8.GetString(D, (int)Pos, len);
                Pos += len;
                return s;
            }
        }

        /// <summary>A parsed codec definition (enough to know the value layout).</summary>
        private sealed class Codec
        {
            public string Name = "";   // load name
            public int FixedSize;      // bytes per value for blittable types, else 0
            public Codec? Inner;       // VBuffer / Key item codec
            public long VectorSize;    // VBuffer: product of dims, 0 = variable size
            public override string ToString() => Inner == null ? Name : $"{Name}<{Inner}>";
        }

        private static readonly Dictionary<string, int> SimpleCodecs = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            // UnsafeTypeCodec<T> (load name typeof(T).Name) and friends; value = bytes per value, 0 = special.
            { "SByte", 1 }, { "Byte", 1 }, { "Int16", 2 }, { "UInt16", 2 }, { "Int32", 4 }, { "UInt32", 4 },
            { "Int64", 8 }, { "UInt64", 8 }, { "Single", 4 }, { "Double", 8 }, { "TimeSpan", 8 },
            { "DataViewRowId", 16 }, { "DateTime", 8 }, { "DvDateTime", 8 }, { "DvTimeSpan", 8 },
            { "TextSpan", 0 }, { "Boolean", 0 }, { "DvBool", 0 }, { "DateTimeOffset", 0 }, { "DvDateTimeZone", 0 },
        };

        private static void Validate(byte[] d)
        {
            long len = d.Length;
            if (len < HeaderSize + 8)
                throw new Bad($"is too short ({len} bytes) to be an ML.NET binary data view");
            var h = new Cur(d, 0, HeaderSize, "the header");
            if (h.U64("signature") != Signature)
                throw new Bad("does not start with the ML.NET binary data view signature");
            ulong version = h.U64("version");
            ulong compat = h.U64("compatible version");
            if (compat < MetadataVersion || compat > ReaderVersion || version < compat || version < ReaderFirstVersion)
                throw new Bad($"has an unsupported format version (0x{version:X16}, compatible 0x{compat:X16})");
            long toc = h.I64("table of contents offset");
            long tail = h.I64("tail offset");
            long rows = h.I64("row count");
            int cols = h.I32("column count");
            for (long i = h.Pos; i < HeaderSize; i++)
                if (d[i] != 0)
                    throw new Bad($"has non-zero header padding at offset {i}");
            if (tail != len - 8)
                throw new Bad($"has tail offset {tail}, expected {len - 8}");
            if (BitConverter.ToUInt64(d, (int)tail) != TailSignature)
                throw new Bad("does not end with the ML.NET binary data view tail signature");
            if (cols <= 0 || cols > MaxColumns)
                throw new Bad($"has an invalid column count {cols}");
            if (toc < HeaderSize || toc > tail)
                throw new Bad($"has table of contents offset {toc} outside [{HeaderSize}, {tail}]");
            if (rows < 0)
                throw new Bad($"has a negative row count {rows}");

            // Column table of contents: exactly fills [toc, tail).
            var c = new Cur(d, toc, tail, "the table of contents");
            long commonRowsPerBlock = -1;
            for (int col = 0; col < cols; col++)
            {
                string at = $"column {col}";
                c.Str(at + " name");
                Codec codec = ReadCodec(c, at + " codec", 0);
                byte compression = c.U8(at + " compression");
                if (compression > 1)
                    throw new Bad($"has unknown compression kind {compression} for {at}");
                ulong rpb = c.Leb128(at + " rows per block");
                if (rpb > int.MaxValue || (rpb == 0 && rows != 0))
                    throw new Bad($"has invalid rows per block {rpb} for {at}");
                if (commonRowsPerBlock >= 0 && (long)rpb != commonRowsPerBlock)
                    throw new Bad($"has differing rows per block ({commonRowsPerBlock} and {rpb})");
                commonRowsPerBlock = (long)rpb;
                long lookup = c.I64(at + " lookup table offset");
                long mtoc = c.I64(at + " metadata table offset");
                CheckLookup(d, lookup, rows, (long)rpb, toc, at);
                if (mtoc != 0)
                    CheckMetadata(d, mtoc, toc, at);
            }
            if (c.Pos != tail)
                throw new Bad($"has {tail - c.Pos} unexpected bytes after the table of contents");
        }

        private static void CheckLookup(byte[] d, long lookup, long rows, long rpb, long toc, string at)
        {
            if (lookup < HeaderSize || lookup > toc)
                throw new Bad($"has lookup table offset {lookup} for {at} outside [{HeaderSize}, {toc}]");
            if (rows == 0)
                return;
            long blocks = (rows - 1) / rpb + 1;
            if (blocks > (toc - lookup) / 16)
                throw new Bad($"has row count {rows} inconsistent with the lookup table of {at}");
            var l = new Cur(d, lookup, toc, "the lookup table of " + at);
            for (long b = 0; b < blocks; b++)
            {
                long off = l.I64("block offset");
                int comp = l.I32("block length");
                int decomp = l.I32("block decompressed length");
                if (comp < 0 || decomp < 0 || off < HeaderSize || off > toc - comp)
                    throw new Bad($"has block {b} of {at} out of range");
            }
        }

        private static Codec ReadCodec(Cur c, string at, int depth)
        {
            if (depth > MaxCodecNesting)
                throw new Bad($"has too deeply nested codecs ({at})");
            string name = c.Str(at + " name");
            ulong plen = c.Leb128(at + " parameter length");
            if (plen > (ulong)c.Left)
                throw new Bad($"has {at} '{name}' parameter length {plen} beyond the available {c.Left} bytes");
            long end = c.Pos + (long)plen;
            var p = new Cur(c.D, c.Pos, end, $"the {at} '{name}' parameters");
            var codec = new Codec { Name = name };
            if (SimpleCodecs.TryGetValue(name, out int size))
            {
                codec.FixedSize = size;
            }
            else if (name == "VBuffer")
            {
                codec.Inner = ReadCodec(p, at + " item codec", depth + 1);
                if (codec.Inner.Inner != null && codec.Inner.Name == "VBuffer")
                    throw new Bad($"has a vector of vectors ({at})");
                int ndims = p.I32(at + " dimension count");
                if (ndims < 0 || (long)ndims * 4 != p.Left)
                    throw new Bad($"has {at} dimension count {ndims} inconsistent with its {p.Left} remaining parameter bytes");
                long total = 1;
                for (int i = 0; i < ndims; i++)
                {
                    int dim = p.I32(at + " dimension");
                    if (dim < 0)
                        throw new Bad($"has a negative vector dimension in {at}");
                    total = dim == 0 ? 0 : Math.Min(total * dim, long.MaxValue / int.MaxValue);
                }
                if (ndims == 0)
                    total = 0;
                if (total > int.MaxValue)
                    throw new Bad($"has a vector size overflowing int32 in {at}");
                codec.VectorSize = total;
            }
            else if (name == "Key2" || name == "Key")
            {
                codec.Inner = ReadCodec(p, at + " key item codec", depth + 1);
                ulong max;
                switch (codec.Inner.Name)
                {
                    case "Byte": max = byte.MaxValue; break;
                    case "UInt16": max = ushort.MaxValue; break;
                    case "UInt32": max = uint.MaxValue; break;
                    case "UInt64": max = ulong.MaxValue; break;
                    default: throw new Bad($"has key codec over non-key type '{codec.Inner.Name}' ({at})");
                }
                codec.FixedSize = codec.Inner.FixedSize;
                if (name == "Key2")
                {
                    ulong count = p.U64(at + " key count");
                    if (count == 0 || count > max)
                        throw new Bad($"has invalid key count {count} ({at})");
                }
                else
                {
                    byte contiguous = p.U8(at + " contiguous");
                    ulong min = p.U64(at + " key min");
                    int count = p.I32(at + " key count");
                    if (contiguous != 1 || min != 0 || count < 0 || (ulong)count > max)
                        throw new Bad($"has an invalid legacy key type ({at})");
                }
            }
            else
                throw new Bad($"has unknown codec '{name}' ({at})");
            if (p.Pos != end)
                throw new Bad($"has {end - p.Pos} unexpected parameter bytes in {at} '{name}'");
            c.Pos = end;
            return codec;
        }

        private static void CheckMetadata(byte[] d, long mtoc, long toc, string at)
        {
            if (mtoc < HeaderSize || mtoc >= toc)
                throw new Bad($"has metadata table offset {mtoc} for {at} outside [{HeaderSize}, {toc})");
            var m = new Cur(d, mtoc, toc, "the metadata table of " + at);
            ulong count = m.Leb128("metadata count");
            // Each entry takes at least 1+1 (kind) + 1+1+1 (codec) + 1 + 8 + 1 bytes.
            if (count == 0 || count > MaxMetadataKinds || count > (ulong)(m.Left / 15))
                throw new Bad($"has invalid metadata count {count} for {at}");
            var kinds = new HashSet<string>(StringComparer.Ordinal);
            for (ulong i = 0; i < count; i++)
            {
                string kat = $"metadata {i} of {at}";
                string kind = m.Str(kat + " kind");
                if (kind.Length == 0 || !kinds.Add(kind))
                    throw new Bad($"has an empty or duplicate metadata kind '{kind}' for {at}");
                Codec codec = ReadCodec(m, kat + " codec", 0);
                byte compression = m.U8(kat + " compression");
                if (compression > 1)
                    throw new Bad($"has unknown compression kind {compression} for {kat}");
                long off = m.I64(kat + " block offset");
                ulong size = m.Leb128(kat + " block size");
                if (off < HeaderSize || off > mtoc || size == 0 || size > (ulong)(mtoc - off))
                    throw new Bad($"has {kat} block [{off}, +{size}) outside [{HeaderSize}, {mtoc})");
                byte[] value = new byte[size];
                Array.Copy(d, off, value, 0, (long)size);
                if (compression == 1)
                    value = Inflate(value, kat);
                var v = new Cur(value, 0, value.Length, $"the {kat} ('{kind}') value");
                CheckValues(v, codec, 1, kat);
            }
        }

        private static byte[] Inflate(byte[] compressed, string at)
        {
            try
            {
                using (var z = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress))
                {
                    var ms = new MemoryStream();
                    var buf = new byte[8192];
                    int n;
                    while ((n = z.Read(buf, 0, buf.Length)) > 0)
                    {
                        if (ms.Length + n > MaxMetadataDecompressed)
                            throw new Bad($"has an oversized compressed block for {at}");
                        ms.Write(buf, 0, n);
                    }
                    return ms.ToArray();
                }
            }
            catch (InvalidDataException)
            {
                throw new Bad($"has a corrupt compressed block for {at}");
            }
        }

        /// <summary>Validates <paramref name="items"/> values encoded with <paramref name="codec"/> (ML.NET codec readers).</summary>
        private static void CheckValues(Cur v, Codec codec, long items, string at)
        {
            switch (codec.Name)
            {
                case "TextSpan":
                {
                    int entries = v.I32("text entry count");
                    if (entries != items)
                        throw new Bad($"has text entry count {entries}, expected {items}, in {at}");
                    v.Need(4L * entries, "text boundaries");
                    int prev = 0, last = 0;
                    for (int i = 0; i < entries; i++)
                    {
                        int b = v.I32("text boundary");
                        if (!(b >= (prev & 0x7FFFFFFF) || (b & 0x7FFFFFFF) == (prev & 0x7FFFFFFF)))
                            throw new Bad($"has decreasing text boundaries in {at}");
                        prev = last = b;
                    }
                    string text = v.Str("text");
                    if (text.Length != (last & 0x7FFFFFFF))
                        throw new Bad($"has text length inconsistent with its boundaries in {at}");
                    return;
                }
                case "Boolean":
                    v.Skip((items + 7) / 8, "boolean bits");
                    return;
                case "DvBool":
                    v.Skip((items + 15) / 16 * 4, "boolean bits");
                    return;
                case "DateTimeOffset":
                case "DvDateTimeZone":
                    v.Skip(items * 10, "date time offsets");
                    return;
                case "VBuffer":
                    CheckVBuffer(v, codec, items, at);
                    return;
                default:
                    if (codec.FixedSize <= 0)
                        throw new Bad($"has values of unexpected codec '{codec.Name}' in {at}");
                    v.Skip(items * codec.FixedSize, codec.Name + " values");
                    return;
            }
        }

        private static void CheckVBuffer(Cur v, Codec codec, long items, string at)
        {
            int numVectors = v.I32("vector count");
            if (numVectors != items)
                throw new Bad($"has vector count {numVectors}, expected {items}, in {at}");
            int size = v.I32("vector size");
            if (codec.VectorSize > 0 ? size != codec.VectorSize : size < 0)
                throw new Bad($"has vector size {size} inconsistent with its type in {at}");
            var lengths = new int[numVectors];
            if (size == 0)
            {
                v.Need(4L * numVectors, "vector lengths");
                for (int i = 0; i < numVectors; i++)
                    lengths[i] = v.I32("vector length");
            }
            var counts = new int[numVectors];
            v.Need(4L * numVectors, "vector counts");
            for (int i = 0; i < numVectors; i++)
                counts[i] = v.I32("vector count");
            int numIndices = v.I32("index count");
            if (numIndices < 0 || 4L * numIndices > v.Left)
                throw new Bad($"has index count {numIndices} beyond the value block in {at}");
            var indices = new int[numIndices];
            for (int i = 0; i < numIndices; i++)
                indices[i] = v.I32("index");
            long totalItems = 0, ii = 0;
            for (int i = 0; i < numVectors; i++)
            {
                int vlen = size > 0 ? size : lengths[i];
                int cnt = counts[i];
                if (vlen < 0)
                    throw new Bad($"has a negative vector length in {at}");
                if (cnt < 0)
                {
                    if (cnt != -1)
                        throw new Bad($"has an invalid dense marker in {at}");
                    totalItems += vlen;
                }
                else
                {
                    if (cnt >= vlen || ii + cnt > numIndices)
                        throw new Bad($"has an invalid sparse count in {at}");
                    int prev = -1;
                    for (long j = ii; j < ii + cnt; j++)
                    {
                        if (indices[j] <= prev)
                            throw new Bad($"has unsorted sparse indices in {at}");
                        prev = indices[j];
                    }
                    if (prev >= vlen)
                        throw new Bad($"has a sparse index out of range in {at}");
                    ii += cnt;
                    totalItems += cnt;
                }
            }
            // ML.NET allocates totalItems values before reading them: bound it by the bytes present.
            Codec inner = codec.Inner ?? throw new Bad($"has a vector codec without an item type in {at}");
            long minBytes = inner.Name == "TextSpan" ? 4 + 4 * totalItems
                : inner.Name == "Boolean" ? (totalItems + 7) / 8
                : inner.Name == "DvBool" ? (totalItems + 15) / 16 * 4
                : inner.Name == "DateTimeOffset" || inner.Name == "DvDateTimeZone" ? 10 * totalItems
                : inner.FixedSize * totalItems;
            if (totalItems > int.MaxValue || minBytes > v.Left)
                throw new Bad($"has {totalItems} vector values that do not fit the value block in {at}");
            CheckValues(v, inner, totalItems, at);
        }
    }
}
