namespace Symmetry.ML;

/// <summary>
/// The identity and version of a saved component. The writer records <see cref="VerWrittenCur"/> (the format it
/// wrote) and <see cref="VerReadableCur"/> (the oldest reader format that can read it); a reader accepts an entry
/// when the entry's <see cref="VerReadableCur"/> is at most the reader's <see cref="VerWrittenCur"/> and the entry's
/// <see cref="VerWrittenCur"/> is at least the reader's <see cref="VerWeCanReadBack"/>.
/// </summary>
public readonly struct VersionInfo
{
    /// <summary>Describes a component's saved format.</summary>
    /// <param name="modelSignature">A short tag for the payload format (ML.NET uses 8 characters, e.g. "CONCAT T").</param>
    /// <param name="verWrittenCur">The version this code writes.</param>
    /// <param name="verReadableCur">The oldest reader version that can read what this code writes.</param>
    /// <param name="verWeCanReadBack">The oldest written version this code can read.</param>
    /// <param name="loaderAssemblyName">The assembly that defines the loader (used to find it when it is not registered).</param>
    /// <param name="loaderSignature">The key of the loader in <see cref="ModelLoaderRegistry"/>.</param>
    /// <param name="loaderSignatureAlt">An older key that also loads this format, if any.</param>
    public VersionInfo(string modelSignature, uint verWrittenCur, uint verReadableCur, uint verWeCanReadBack,
        string loaderAssemblyName, string? loaderSignature = null, string? loaderSignatureAlt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelSignature);
        if (verReadableCur > verWrittenCur)
            throw new ArgumentOutOfRangeException(nameof(verReadableCur), "verReadableCur must not exceed verWrittenCur.");
        if (verWeCanReadBack > verWrittenCur)
            throw new ArgumentOutOfRangeException(nameof(verWeCanReadBack), "verWeCanReadBack must not exceed verWrittenCur.");
        ModelSignature = modelSignature;
        VerWrittenCur = verWrittenCur;
        VerReadableCur = verReadableCur;
        VerWeCanReadBack = verWeCanReadBack;
        LoaderAssemblyName = loaderAssemblyName ?? "";
        LoaderSignature = loaderSignature ?? modelSignature;
        LoaderSignatureAlt = loaderSignatureAlt;
    }

    /// <summary>The payload format tag.</summary>
    public string ModelSignature { get; }

    /// <summary>The version written.</summary>
    public uint VerWrittenCur { get; }

    /// <summary>The oldest reader version that can read it.</summary>
    public uint VerReadableCur { get; }

    /// <summary>The oldest version this code reads.</summary>
    public uint VerWeCanReadBack { get; }

    /// <summary>The loader's assembly name.</summary>
    public string LoaderAssemblyName { get; }

    /// <summary>The registry key of the loader.</summary>
    public string LoaderSignature { get; }

    /// <summary>An alternative registry key.</summary>
    public string? LoaderSignatureAlt { get; }
}
