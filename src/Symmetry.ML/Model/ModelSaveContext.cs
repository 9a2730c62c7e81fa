using System.IO.Compression;
using System.Text;

namespace Symmetry.ML;

/// <summary>
/// Where a component writes itself when a model is saved: a versioned binary entry (<see cref="Writer"/>, after
/// <see cref="SetVersionInfo"/>), optional named side streams, and nested components. Public here; ML.NET keeps
/// these members internal.
/// </summary>
public sealed class ModelSaveContext
{
    private readonly ZipArchive _archive;
    private readonly ModelManifest _manifest;
    private readonly MemoryStream _payload = new();
    private VersionInfo? _version;
    private bool _done;

    internal ModelSaveContext(ZipArchive archive, string directory, ModelManifest manifest)
    {
        _archive = archive;
        Directory = directory;
        _manifest = manifest;
        Writer = new BinaryWriter(_payload, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>The component's folder inside the model file (for example <c>Model/Transform_001/</c>).</summary>
    public string Directory { get; }

    /// <summary>The writer of the component's payload, documented by the component in a "Binary format" comment.</summary>
    public BinaryWriter Writer { get; }

    /// <summary>Checks that nothing has been written yet (call first in <c>Save</c>).</summary>
    public void CheckAtModel()
    {
        if (_done || _version is not null || _payload.Length != 0)
            throw new InvalidOperationException($"ModelSaveContext for '{Directory}' is not at the start of a model.");
    }

    /// <summary>Records the component's identity and version; required exactly once before the payload is finished.</summary>
    public void SetVersionInfo(VersionInfo ver)
    {
        if (_version is not null)
            throw new InvalidOperationException($"SetVersionInfo was already called for '{Directory}'.");
        _version = ver;
    }

    /// <summary>Writes a non-empty string.</summary>
    public void SaveNonEmptyString(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Writer.Write(value);
    }

    /// <summary>Writes a string that may be null.</summary>
    public void SaveStringOrNull(string? value)
    {
        Writer.Write(value is not null);
        if (value is not null)
            Writer.Write(value);
    }

    /// <summary>Writes a side stream <paramref name="name"/> in this component's folder (for example tensors).</summary>
    public void SaveBinaryStream(string name, Action<BinaryWriter> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(action);
        var entry = _archive.CreateEntry(Directory + name, CompressionLevel.Fastest);
        using var s = entry.Open();
        using var w = new BinaryWriter(s, Encoding.UTF8);
        action(w);
    }

    /// <summary>Writes a UTF-8 text side stream <paramref name="name"/> in this component's folder.</summary>
    public void SaveTextStream(string name, Action<TextWriter> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(action);
        var entry = _archive.CreateEntry(Directory + name, CompressionLevel.Fastest);
        using var s = entry.Open();
        using var w = new StreamWriter(s, new UTF8Encoding(false));
        action(w);
    }

    /// <summary>Saves a nested component in sub-folder <paramref name="name"/> (for example a chain's transformers).</summary>
    public void SaveModel(ICanSaveModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(name);
        SaveComponent(_archive, Directory + name + "/", model, _manifest);
    }

    /// <summary>Saves <paramref name="model"/> as the component in <paramref name="directory"/> and records it in the manifest.</summary>
    internal static void SaveComponent(ZipArchive archive, string directory, ICanSaveModel model, ModelManifest manifest)
    {
        var ctx = new ModelSaveContext(archive, directory, manifest);
        model.Save(ctx);
        ctx.Done(model);
    }

    private void Done(ICanSaveModel model)
    {
        if (_version is not VersionInfo ver)
            throw new InvalidOperationException($"{model.GetType().Name}.Save did not call SetVersionInfo.");
        Writer.Flush();
        string entryName = Directory + ModelEntryHeader.EntryFileName;
        var entry = _archive.CreateEntry(entryName, CompressionLevel.Fastest);
        using (var s = entry.Open())
            ModelEntryHeader.Write(s, ver, _payload.GetBuffer().AsSpan(0, (int)_payload.Length));
        _manifest.Add(entryName, ver);
        _done = true;
    }
}
