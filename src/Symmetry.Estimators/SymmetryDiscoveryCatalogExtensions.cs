using Microsoft.ML.Symmetry;

// In ML.NET's own namespace, as its catalogs' extensions are: `using Microsoft.ML;` alone reaches
// ml.Transforms.SymmetryDiscovery.
namespace Microsoft.ML;

/// <summary>Adds <c>SymmetryDiscovery</c> to ML.NET's transforms catalog, and a public way to cancel a context's fits.</summary>
public static class SymmetryDiscoveryCatalogExtensions
{
    extension(TransformsCatalog catalog)
    {
        /// <summary>The symmetry-discovery estimators.</summary>
        public SymmetryDiscoveryCatalog SymmetryDiscovery => new(catalog);
    }

    /// <summary>
    /// Cancels every running and future <c>Fit</c> of this context (ML.NET's own <c>MLContext.CancelExecution</c>,
    /// which 5.0.1 keeps internal). A symmetry fit stops within one optimizer step with
    /// <see cref="OperationCanceledException"/>. To cancel one fit only, set the options' <c>CancellationToken</c>.
    /// </summary>
    public static void CancelExecution(this MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        Symmetry.MLNetInternals.CancelExecution(ml);
    }
}
