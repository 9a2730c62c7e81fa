using Microsoft.ML.Symmetry;

// In ML.NET's own namespace, as its catalogs' extensions are: `using Microsoft.ML;` alone reaches
// ml.Transforms.SymmetryDiscovery.
namespace Microsoft.ML;

/// <summary>
/// Adds <c>SymmetryDiscovery</c> to ML.NET's transforms catalog, a checked way to load model files, and a public way to
/// cancel a context's fits.
/// </summary>
public static class SymmetryDiscoveryCatalogExtensions
{
    extension(TransformsCatalog catalog)
    {
        /// <summary>The symmetry-discovery estimators.</summary>
        public SymmetryDiscoveryCatalog SymmetryDiscovery => new(catalog);
    }

    extension(ModelOperationsCatalog catalog)
    {
        /// <summary>
        /// Loads a model file as <c>ml.Model.Load</c> does, after checking the whole file first (docs/security.md): the
        /// zip's entries (unique, relative names; sizes that agree with what they decompress to; at most 50 bytes
        /// expanded per byte of file), and the <c>Schema</c> entry's structure, so neither a zip bomb nor the corrupt
        /// schema that makes ML.NET's own reader spin (docs/security.md, "ML.NET's Schema reader") is reached. Use it for
        /// any model file you did not write yourself.
        /// </summary>
        /// <param name="filePath">The model zip.</param>
        /// <param name="inputSchema">The input schema the model was saved with.</param>
        /// <exception cref="InvalidDataException">The file is not a well-formed model zip; the message names the entry and the cause.</exception>
        /// <exception cref="FormatException">An entry of ours is corrupt; the message names it and the cause.</exception>
        public ITransformer LoadChecked(string filePath, out DataViewSchema inputSchema)
        {
            ArgumentException.ThrowIfNullOrEmpty(filePath);
            using var stream = File.OpenRead(filePath);
            ModelZipCheck.Check(stream, filePath);
            return ModelZipCheck.Unwrapped(() => catalog.Load(stream, out var schema) is var model ? (model, schema) : default, out inputSchema);
        }
    }

    /// <summary>
    /// Cancels every running and future <c>Fit</c> of this context (ML.NET's own <c>MLContext.CancelExecution</c>,
    /// which 6.0.0 keeps internal). A symmetry fit stops within one optimizer step with
    /// <see cref="OperationCanceledException"/>. To cancel one fit only, set the options' <c>CancellationToken</c>.
    /// </summary>
    public static void CancelExecution(this MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        Symmetry.MLNetInternals.CancelExecution(ml);
    }
}
