using Microsoft.ML;
using Microsoft.ML.Runtime;
using Symmetry.Estimators.Common;
using Symmetry.Estimators.Relevance;

namespace Symmetry.Estimators;

/// <summary>
/// The symmetry-discovery estimators, reached as <c>mlContext.Transforms.SymmetryDiscovery</c>.
/// </summary>
public sealed class SymmetryDiscoveryCatalog
{
    private readonly IHostEnvironment env;

    internal SymmetryDiscoveryCatalog(TransformsCatalog parent) => env = MLNetInternals.Environment(parent);

    /// <summary>
    /// A VAE whose latent relevance (std over the data of μ_j / mean σ_j) reveals the data's degrees of freedom
    /// (Sanz, paper 000). Appends <paramref name="outputColumnName"/> (latent means, vector&lt;float&gt;[L], most
    /// relevant first) and <c>{outputColumnName}Sigma</c>.
    /// </summary>
    /// <param name="outputColumnName">Latent-mean output column.</param>
    /// <param name="inputColumnName">Known-size vector&lt;float&gt; input column; null means "Features".</param>
    /// <param name="latentDimension">Latent dimension L; null means the input size.</param>
    /// <param name="beta">KL weight β ≥ 0 (relative to inputs of unit variance; see <see cref="LatentRelevanceEstimator.Options.Beta"/>).</param>
    /// <param name="epochs">Epochs per run, ≥ 1.</param>
    /// <param name="runs">Independent runs aggregated into the report (the paper's protocol is 20).</param>
    /// <param name="seed">Seed of initialisation, shuffling and noise; null draws one from the context.</param>
    public LatentRelevanceEstimator LatentRelevance(string outputColumnName = LatentRelevanceEstimator.Defaults.OutputColumnName,
        string? inputColumnName = null, int? latentDimension = null, double beta = LatentRelevanceEstimator.Defaults.Beta,
        int epochs = LatentRelevanceEstimator.Defaults.Epochs, int runs = LatentRelevanceEstimator.Defaults.Runs, int? seed = null) =>
        new(env, new LatentRelevanceEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LatentDimension = latentDimension,
            Beta = beta,
            Epochs = epochs,
            Runs = runs,
            Seed = seed,
        });

    /// <summary>The LatentRelevance estimator with every option.</summary>
    public LatentRelevanceEstimator LatentRelevance(LatentRelevanceEstimator.Options options) => new(env, options);
}

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
        MLNetInternals.CancelExecution(ml);
    }
}
