using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// What one shard of a protocol produced (<c>FitPartial</c> with a <see cref="SymmetryShard"/>): the shard's model,
/// whose report covers the shard's items only, and the <see cref="Fingerprint"/> that says which protocol it belongs
/// to. <see cref="Merge"/> puts the shards of one protocol together into the transformer a single fit would have
/// made. The file <see cref="Save"/> writes is data: reading it checks its size, checksum and version, then reads the
/// model as <c>ml.Model.LoadChecked</c> does; it never runs code from the file.
/// <para>Like the transformers it holds, it is not <see cref="IDisposable"/>: call <see cref="Dispose"/> to free the model now.</para>
/// </summary>
public sealed class SymmetryPartialResult
{
    private static readonly byte[] Magic = "SYMSHARD"u8.ToArray();
    private const int FormatVersion = 1;
    private const int HashBytes = 32;

    /// <summary>The largest partial-result file read (a byte array's limit).</summary>
    public const long MaxFileBytes = int.MaxValue - 64;

    private static readonly IReadOnlyList<string> Methods = ["LatentRelevance", "OracleFlows", "LieDetector", "LatentLieGan"];

    internal SymmetryPartialResult(string method, SymmetryShard shard, int items, string fingerprint, string version,
                                   SymmetryTransformerBase model, DataViewSchema inputSchema)
    {
        Method = method;
        Shard = shard;
        Items = items;
        Fingerprint = fingerprint;
        PackageVersion = version;
        Model = model;
        InputSchema = inputSchema;
    }

    /// <summary>The method that made it ("LatentRelevance", "OracleFlows", "LieDetector", "LatentLieGan").</summary>
    public string Method { get; }

    /// <summary>Which shard of how many.</summary>
    public SymmetryShard Shard { get; }

    /// <summary>The protocol's work items in all shards (LatentRelevance, LieDetector, LatentLieGan: seeded runs; OracleFlows: the N_g values of the scan).</summary>
    public int Items { get; }

    /// <summary>The items [Start, Start + Length) this shard trained.</summary>
    public (int Start, int Length) Block => Shard.Block(Items);

    /// <summary>SHA-256 (hex) of the method, its options except the shard, the package version and the training data.</summary>
    public string Fingerprint { get; }

    /// <summary>The package version that wrote it.</summary>
    public string PackageVersion { get; }

    /// <summary>The shard's model (its best item's); its report covers this shard's items only.</summary>
    public SymmetryTransformerBase Model { get; }

    /// <summary>The schema of the data the shard was trained on (what <c>ml.Model.Save</c> needs for the merged model).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>
    /// The caller's text kept with the result, not part of the fingerprint (the symmetry CLI keeps the shard's
    /// command line there, so that <c>symmetry merge</c> can load the same data); at most <see cref="MaxContextChars"/> characters.
    /// </summary>
    public string Context
    {
        get => context;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length > MaxContextChars) throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"The context holds at most {MaxContextChars} characters.");
            context = value;
        }
    }

    /// <summary>The longest <see cref="Context"/>.</summary>
    public const int MaxContextChars = 1 << 20;

    private string context = "";

    /// <summary>Frees the model's tensors now (see <see cref="SymmetryTransformerBase.Dispose"/>).</summary>
    public void Dispose() => Model.Dispose();

    /// <summary>Writes the partial result to <paramref name="path"/> (created or replaced).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var model = new MemoryStream();
        new MLContext().Model.Save(Model, InputSchema, model);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(Method);
            w.Write(Shard.Index);
            w.Write(Shard.Count);
            w.Write(Items);
            w.Write(Fingerprint);
            w.Write(PackageVersion);
            // The report's thread count is not part of a model file; the merged report states the shards' count.
            w.Write(ReportOf(Model).Threads?.Count ?? 0);
            w.Write(ReportOf(Model).Threads?.Automatic ?? false);
            w.Write(Context);
            w.Write(model.Length);
            w.Write(model.GetBuffer(), 0, (int)model.Length);
        }
        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(body.GetBuffer(), 0, (int)body.Length);
        file.Write(hash);
    }

    /// <summary>Reads a file <see cref="Save"/> wrote; the model goes to <paramref name="ml"/>'s device.</summary>
    /// <exception cref="FormatException">The file is not a partial result, is truncated, corrupt or of another format version; the message names the file and the cause.</exception>
    /// <exception cref="InvalidDataException">The model inside is not a well-formed model zip.</exception>
    public static SymmetryPartialResult Load(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes) throw Corrupt(path, $"it is {length} bytes, more than the {MaxFileBytes} a partial result may be");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + HashBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Corrupt(path, "it does not start with the partial-result signature SYMSHARD");
        // The checksum first: every later check then reads bytes as written, and a flipped bit is named as such.
        var stored = bytes.AsSpan(bytes.Length - HashBytes);
        if (!SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashBytes)).AsSpan().SequenceEqual(stored))
            throw Corrupt(path, "its SHA-256 checksum does not match its contents (truncated or altered)");
        using var body = new MemoryStream(bytes, 0, bytes.Length - HashBytes, writable: false);
        using var r = new BinaryReader(body, Encoding.UTF8);
        try
        {
            r.ReadBytes(Magic.Length);
            var version = r.ReadInt32();
            if (version != FormatVersion) throw Corrupt(path, $"its format version {version} is not supported (expected {FormatVersion})");
            var method = r.ReadString();
            if (!Methods.Contains(method)) throw Corrupt(path, $"its method '{method}' is not one of {string.Join(", ", Methods)}");
            var shard = new SymmetryShard(r.ReadInt32(), r.ReadInt32());
            var items = r.ReadInt32();
            if (shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count || items < shard.Count)
                throw Corrupt(path, $"shard {shard} of {items} items is out of range");
            var fingerprint = r.ReadString();
            if (fingerprint.Length != 64 || !fingerprint.All(char.IsAsciiHexDigitLower)) throw Corrupt(path, "its fingerprint is not a SHA-256 in hex");
            var packageVersion = r.ReadString();
            var threadCount = r.ReadInt32();
            var automatic = r.ReadBoolean();
            if (threadCount < 0 || threadCount > MaxThreads) throw Corrupt(path, $"its thread count {threadCount} is not between 0 (unknown) and {MaxThreads}");
            var context = r.ReadString();
            if (context.Length > MaxContextChars) throw Corrupt(path, $"its context holds {context.Length} characters (at most {MaxContextChars})");
            var modelLength = r.ReadInt64();
            if (modelLength <= 0 || modelLength != body.Length - body.Position)
                throw Corrupt(path, $"it declares a {modelLength}-byte model where {body.Length - body.Position} bytes follow");
            using var model = new MemoryStream(bytes, (int)body.Position, (int)modelLength, writable: false);
            ModelZipCheck.Check(model, path);
            var loaded = ModelZipCheck.Unwrapped(() => ml.Model.Load(model, out var schema) is var m ? (m, schema) : default, out var inputSchema);
            if (loaded is not SymmetryTransformerBase transformer || Expected(method) != transformer.GetType())
                throw Corrupt(path, $"its model is a {loaded.GetType().Name}, not a {Expected(method).Name}");
            if (threadCount > 0) ReportOf(transformer).Threads = new TrainingThreads(threadCount, automatic);
            var result = new SymmetryPartialResult(method, shard, items, fingerprint, packageVersion, transformer, inputSchema) { Context = context };
            var held = ShardItems(transformer);
            if (held != shard.Block(items).Length)
            {
                transformer.Dispose();
                throw Corrupt(path, $"its model holds {held} items where shard {shard} of {items} holds {shard.Block(items).Length}");
            }
            return result;
        }
        catch (EndOfStreamException e)
        {
            throw Corrupt(path, "it ends early", e);
        }
    }

    /// <summary>
    /// The transformer a single fit of the whole protocol would have made, from every shard of it (in any order): the
    /// report is rebuilt from all items with the same code and order as one fit, and the model is the best item's, so
    /// the merged result equals a single run's bit for bit (its fit time is the shards' total). The parts keep their
    /// own models; the caller owns the merged transformer.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Parts of different protocols (methods, shard counts, item counts or fingerprints), a shard given twice, or
    /// shards missing: the message names the indices to run again.
    /// </exception>
    public static SymmetryTransformerBase Merge(IEnumerable<SymmetryPartialResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var all = parts.ToArray();
        if (all.Length == 0) throw new ArgumentException("There is nothing to merge: no partial result was given.", nameof(parts));
        var first = all[0];
        foreach (var p in all)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parts));
            if (p.Method != first.Method || p.Shard.Count != first.Shard.Count || p.Items != first.Items || p.Fingerprint != first.Fingerprint)
                throw new InvalidOperationException(
                    $"Shard {p.Shard} ({p.Method}, {p.Items} items, fingerprint {p.Fingerprint[..12]}…) is not part of the same protocol as shard {first.Shard} " +
                    $"({first.Method}, {first.Items} items, fingerprint {first.Fingerprint[..12]}…): the options, the data or the package version differ.");
        }
        var duplicate = all.GroupBy(p => p.Shard.Index).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Shard {duplicate.Key}/{first.Shard.Count} is given {duplicate.Count()} times; give each shard once.");
        var missing = MissingShards(all.Select(p => p.Shard.Index), first.Shard.Count);
        if (missing.Length > 0)
            throw new InvalidOperationException(
                $"{missing.Length} of {first.Shard.Count} shards are missing: {string.Join(", ", missing.Select(i => i.ToString(CultureInfo.InvariantCulture)))}. " +
                $"Run them again ({string.Join(", ", missing.Select(i => $"--shard {i}/{first.Shard.Count}"))}) and merge once all are present.");
        var ordered = all.OrderBy(p => p.Shard.Index).ToArray();
        SymmetryTransformerBase merged = first.Method switch
        {
            "LatentRelevance" => LatentRelevanceTransformer.Merge(ordered.Select(p => (LatentRelevanceTransformer)p.Model).ToArray()),
            "OracleFlows" => OracleFlowsTransformer.Merge(ordered.Select(p => (OracleFlowsTransformer)p.Model).ToArray()),
            "LieDetector" => LieDetectorTransformer.Merge(ordered.Select(p => (LieDetectorTransformer)p.Model).ToArray()),
            "LatentLieGan" => LatentLieGanTransformer.Merge(ordered.Select(p => (LatentLieGanTransformer)p.Model).ToArray()),
            _ => throw new InvalidOperationException($"Partial results of {first.Method} cannot be merged."),
        };
        // The shards' thread count when they agree (a single run's report states one count); unknown when they differ.
        var threads = ordered.Select(p => ReportOf(p.Model).Threads).Distinct().ToArray();
        ReportOf(merged).Threads = threads.Length == 1 ? threads[0] : null;
        return merged;
    }

    // A thread count a partial result may record: libtorch's, bounded like the CLI's --threads.
    private const int MaxThreads = 4096;

    private static SymmetryReport ReportOf(SymmetryTransformerBase model) => model switch
    {
        LatentRelevanceTransformer t => t.Report,
        OracleFlowsTransformer t => t.Report,
        LieDetectorTransformer t => t.Report,
        LatentLieGanTransformer t => t.Report,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model.GetType().Name, "Not a transformer of a sharded method."),
    };

    /// <summary>The shard indices 0 … <paramref name="count"/> − 1 not among <paramref name="present"/>, in order.</summary>
    internal static int[] MissingShards(IEnumerable<int> present, int count)
    {
        var have = present.ToHashSet();
        return [.. Enumerable.Range(0, count).Where(i => !have.Contains(i))];
    }

    private static Type Expected(string method) => method switch
    {
        "LatentRelevance" => typeof(LatentRelevanceTransformer),
        "OracleFlows" => typeof(OracleFlowsTransformer),
        "LieDetector" => typeof(LieDetectorTransformer),
        "LatentLieGan" => typeof(LatentLieGanTransformer),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
    };

    private static int ShardItems(SymmetryTransformerBase model) => model switch
    {
        LatentRelevanceTransformer t => t.Report.Runs,
        OracleFlowsTransformer t => t.Report.Scan.Count,
        // A single run's report lists no runs (FitPartial of Runs = 1 without a shard).
        LieDetectorTransformer t => Math.Max(1, t.Report.SeedRuns.Count),
        LatentLieGanTransformer t => Math.Max(1, t.Report.SeedRuns.Count),
        _ => -1,
    };

    private static FormatException Corrupt(string path, string why, Exception? inner = null) =>
        new($"Partial result '{path}' cannot be read: {why}.", inner);
}
