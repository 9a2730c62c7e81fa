using System.IO.Compression;
using System.Text.Json;

namespace Symmetry.ML;

/// <summary>
/// <c>Manifest.json</c> of a model file: which format it is and which versioned component entries it holds.
/// <code>
/// { "format": "Symmetry.ML.Model", "formatVersion": 1, "root": "Model/", "inputSchema": "Schema/Schema.bin",
///   "entries": [ { "entry": "Model/Transform_000/Model.bin", "modelSignature": "…", "loaderSignature": "…",
///                  "loaderAssembly": "…", "versionWritten": 65537, "versionReadable": 65537 }, … ] }
/// </code>
/// Loading reads the manifest first and refuses other formats and newer format versions before touching entries.
/// </summary>
internal sealed class ModelManifest
{
    public const string EntryName = "Manifest.json";
    public const string FormatName = "Symmetry.ML.Model";
    public const int FormatVersion = 1;

    private readonly List<(string Entry, VersionInfo Version)> _entries = [];

    public void Add(string entry, VersionInfo version) => _entries.Add((entry, version));

    public void Write(ZipArchive archive, string root, string schemaEntry)
    {
        var entry = archive.CreateEntry(EntryName, CompressionLevel.Fastest);
        using var s = entry.Open();
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("formatVersion", FormatVersion);
        w.WriteString("createdBy", "Symmetry.ML " + typeof(ModelManifest).Assembly.GetName().Version);
        w.WriteString("root", root);
        w.WriteString("inputSchema", schemaEntry);
        w.WriteStartArray("entries");
        foreach (var (name, v) in _entries)
        {
            w.WriteStartObject();
            w.WriteString("entry", name);
            w.WriteString("modelSignature", v.ModelSignature);
            w.WriteString("loaderSignature", v.LoaderSignature);
            w.WriteString("loaderAssembly", v.LoaderAssemblyName);
            w.WriteNumber("versionWritten", v.VerWrittenCur);
            w.WriteNumber("versionReadable", v.VerReadableCur);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Validates the manifest and returns the root folder and schema entry names.</summary>
    public static (string Root, string SchemaEntry) Read(ZipArchive archive, string description)
    {
        var entry = archive.GetEntry(EntryName)
            ?? throw new FormatException($"{description} is not a Symmetry.ML model: it has no {EntryName}.");
        try
        {
            using var s = entry.Open();
            using var doc = JsonDocument.Parse(s);
            var root = doc.RootElement;
            string? format = root.TryGetProperty("format", out var f) ? f.GetString() : null;
            if (format != FormatName)
                throw new FormatException($"{description} is not a Symmetry.ML model: its manifest names format '{format}'.");
            int version = root.GetProperty("formatVersion").GetInt32();
            if (version > FormatVersion || version < 1)
                throw new FormatException(
                    $"{description} uses model format version {version}; this library reads version {FormatVersion}.");
            return (root.GetProperty("root").GetString()!, root.GetProperty("inputSchema").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{description} has an invalid {EntryName}: {e.Message}", e);
        }
    }
}
