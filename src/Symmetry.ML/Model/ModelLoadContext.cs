using System.IO.Compression;
using System.Text;
using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// What a component's loader reads when a model is loaded: the entry's version header (check it with
/// <see cref="CheckAtModel(VersionInfo)"/>), the payload through <see cref="Reader"/>, side streams and nested
/// components. Public here; ML.NET keeps these members internal.
/// </summary>
public sealed class ModelLoadContext
{
    private readonly ZipArchive _archive;

    internal ModelLoadContext(ZipArchive archive, string directory, VersionInfo header, byte[] payload)
    {
        _archive = archive;
        Directory = directory;
        Header = header;
        Reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
    }

    /// <summary>The component's folder inside the model file.</summary>
    public string Directory { get; }

    /// <summary>The version information the writer recorded.</summary>
    public VersionInfo Header { get; }

    /// <summary>The signature of the loader that is reading this entry.</summary>
    public string LoaderSignature => Header.LoaderSignature;

    /// <summary>The format version the entry was written with, for branching on old formats.</summary>
    public uint VersionWritten => Header.VerWrittenCur;

    /// <summary>The reader of the payload.</summary>
    public BinaryReader Reader { get; }

    /// <summary>Checks that the reader is at the start of the payload.</summary>
    public void CheckAtModel()
    {
        if (Reader.BaseStream.Position != 0)
            throw new InvalidOperationException($"ModelLoadContext for '{Directory}' is not at the start of a model.");
    }

    /// <summary>
    /// Checks that the entry was written in format <paramref name="ver"/>'s signature and in a version this code can
    /// read; throws <see cref="FormatException"/> naming both versions otherwise.
    /// </summary>
    public void CheckAtModel(VersionInfo ver)
    {
        CheckAtModel();
        if (Header.ModelSignature != ver.ModelSignature)
            throw new FormatException(
                $"Model entry '{Directory}' has signature '{Header.ModelSignature}'; expected '{ver.ModelSignature}'.");
        if (Header.VerReadableCur > ver.VerWrittenCur)
            throw new FormatException(
                $"Model entry '{Directory}' ({ver.ModelSignature}) was written in version 0x{Header.VerWrittenCur:X8}, which needs a reader of version 0x{Header.VerReadableCur:X8} or later; this library reads up to 0x{ver.VerWrittenCur:X8}.");
        if (Header.VerWrittenCur < ver.VerWeCanReadBack)
            throw new FormatException(
                $"Model entry '{Directory}' ({ver.ModelSignature}) was written in version 0x{Header.VerWrittenCur:X8}, older than the oldest version this library reads (0x{ver.VerWeCanReadBack:X8}).");
    }

    /// <summary>Reads a non-empty string written by <see cref="ModelSaveContext.SaveNonEmptyString"/>.</summary>
    public string LoadNonEmptyString()
    {
        string s = Reader.ReadString();
        if (s.Length == 0)
            throw new FormatException($"Model entry '{Directory}' has an empty string where a non-empty one was expected.");
        return s;
    }

    /// <summary>Reads a string written by <see cref="ModelSaveContext.SaveStringOrNull"/>.</summary>
    public string? LoadStringOrNull() => Reader.ReadBoolean() ? Reader.ReadString() : null;

    /// <summary>Reads side stream <paramref name="name"/> when it exists; returns false when it does not.</summary>
    public bool TryLoadBinaryStream(string name, Action<BinaryReader> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var entry = _archive.GetEntry(Directory + name);
        if (entry is null)
            return false;
        using var s = entry.Open();
        using var r = new BinaryReader(s, Encoding.UTF8);
        action(r);
        return true;
    }

    /// <summary>Reads text side stream <paramref name="name"/> when it exists; returns false when it does not.</summary>
    public bool TryLoadTextStream(string name, Action<TextReader> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var entry = _archive.GetEntry(Directory + name);
        if (entry is null)
            return false;
        using var s = entry.Open();
        using var r = new StreamReader(s, Encoding.UTF8);
        action(r);
        return true;
    }

    /// <summary>Loads the nested component saved with <see cref="ModelSaveContext.SaveModel"/> under <paramref name="name"/>.</summary>
    public void LoadModel<TResult>(IHostEnvironment env, out TResult result, string name)
        where TResult : class
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        result = LoadComponent<TResult>(_archive, Directory + name + "/", env);
    }

    /// <summary>Loads the component in <paramref name="directory"/> through the loader registry.</summary>
    internal static TResult LoadComponent<TResult>(ZipArchive archive, string directory, IHostEnvironment env)
        where TResult : class
    {
        string entryName = directory + ModelEntryHeader.EntryFileName;
        var entry = archive.GetEntry(entryName)
            ?? throw new FormatException($"The model file has no entry '{entryName}'.");
        (VersionInfo header, byte[] payload) result;
        using (var s = entry.Open())
            result = ModelEntryHeader.Read(s, entryName);
        var ctx = new ModelLoadContext(archive, directory, result.header, result.payload);
        object obj = ModelLoaderRegistry.Create(env, ctx);
        return obj as TResult ?? throw new FormatException(
            $"Model entry '{entryName}' loaded a {obj.GetType().Name}, which is not a {typeof(TResult).Name}.");
    }
}
