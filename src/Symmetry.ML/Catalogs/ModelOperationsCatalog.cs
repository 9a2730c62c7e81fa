using System.IO.Compression;
using System.Text;
using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// Saving and loading models, <see cref="MLContext.Model"/>.
///
/// File format: a zip archive with
/// <list type="bullet">
/// <item><c>Manifest.json</c> — format name "Symmetry.ML.Model", format version, root folder, and one record per
/// component entry (signature, loader, versions); see <see cref="ModelManifest"/>.</item>
/// <item><c>Schema/Schema.bin</c> — the input schema (<see cref="SchemaSerializer"/>).</item>
/// <item><c>Model/Model.bin</c> — the root transformer's versioned entry (<see cref="ModelEntryHeader"/>); a chain
/// stores each transformer as a nested folder <c>Model/Transform_000/Model.bin</c>, …, plus any side streams the
/// components write next to their entry.</item>
/// </list>
/// </summary>
public sealed class ModelOperationsCatalog : IInternalCatalog
{
    private const string RootDir = "Model/";
    private const string SchemaEntry = "Schema/Schema.bin";

    internal ModelOperationsCatalog(IHostEnvironment env) => Environment = env;

    internal IHostEnvironment Environment { get; }

    IHostEnvironment IInternalCatalog.Environment => Environment;

    /// <summary>
    /// Saves <paramref name="model"/> and the schema of the data it expects to <paramref name="filePath"/>.
    /// As in ML.NET, an existing file is overwritten; the file is written to a temporary name first and moved into
    /// place, so a failed save leaves an existing file untouched.
    /// </summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        string full = Path.GetFullPath(filePath);
        if (Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Cannot save the model to '{full}': the folder '{dir}' does not exist.");
        string temp = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                Save(model, inputSchema, fs);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Saves <paramref name="model"/> and <paramref name="inputSchema"/> to <paramref name="stream"/> (left open).</summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        var manifest = new ModelManifest();
        if (inputSchema is not null)
        {
            var e = zip.CreateEntry(SchemaEntry, CompressionLevel.Fastest);
            using var s = e.Open();
            s.Write(SchemaSerializer.ToBytes(inputSchema));
        }
        ModelSaveContext.SaveComponent(zip, RootDir, model, manifest);
        manifest.Write(zip, RootDir, inputSchema is null ? "" : SchemaEntry);
    }

    /// <summary>Loads a model saved by <see cref="Save(ITransformer, DataViewSchema, string)"/>; throws <see cref="FormatException"/> for other files.</summary>
    public ITransformer Load(string filePath, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var fs = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(fs, out inputSchema, $"'{filePath}'");
    }

    /// <summary>Loads a model from <paramref name="stream"/> (left open).</summary>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema) => Load(stream, out inputSchema, "The stream");

    private ITransformer Load(Stream stream, out DataViewSchema inputSchema, string description)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"{description} is not a Symmetry.ML model: it is not a zip archive ({e.Message}).", e);
        }
        using (zip)
        {
            var (root, schemaEntry) = ModelManifest.Read(zip, description);
            inputSchema = new DataViewSchema.Builder().ToSchema();
            if (!string.IsNullOrEmpty(schemaEntry))
            {
                var e = zip.GetEntry(schemaEntry) ?? throw new FormatException($"{description} has no entry '{schemaEntry}'.");
                using var s = e.Open();
                using var r = new BinaryReader(s, Encoding.UTF8);
                try
                {
                    inputSchema = SchemaSerializer.Read(r);
                }
                catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentException or DecoderFallbackException)
                {
                    throw new FormatException($"{description} has an invalid input schema in entry '{schemaEntry}': {ex.Message}", ex);
                }
            }
            return ModelLoadContext.LoadComponent<ITransformer>(zip, root, Environment);
        }
    }
}
