using Symmetry.Estimators.Relevance;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Estimators;

/// <summary>
/// The symmetry-discovery estimators, reached as <c>mlContext.Transforms.SymmetryDiscovery</c>.
/// </summary>
public sealed class SymmetryDiscoveryCatalog : CatalogInstantiatorBase
{
    internal SymmetryDiscoveryCatalog(TransformsCatalog parent) : base(parent) { }

    /// <summary>
    /// A VAE whose latent relevance (std over the data of μ_j / mean σ_j) reveals the data's degrees of freedom
    /// (Sanz, paper 000). Appends <paramref name="outputColumnName"/> (latent means, vector&lt;float&gt;[L], most
    /// relevant first) and <c>{outputColumnName}Sigma</c>.
    /// </summary>
    /// <param name="outputColumnName">Latent-mean output column.</param>
    /// <param name="inputColumnName">Known-size vector&lt;float&gt; input column; null means "Features".</param>
    /// <param name="latentDimension">Latent dimension L; null means the input size.</param>
    /// <param name="beta">KL weight β ≥ 0.</param>
    /// <param name="epochs">Epochs per run, ≥ 1.</param>
    /// <param name="seed">Seed of initialisation, shuffling and noise; null draws one from the context.</param>
    public LatentRelevanceEstimator LatentRelevance(string outputColumnName = LatentRelevanceEstimator.Defaults.OutputColumnName,
        string? inputColumnName = null, int? latentDimension = null, double beta = LatentRelevanceEstimator.Defaults.Beta,
        int epochs = LatentRelevanceEstimator.Defaults.Epochs, int? seed = null) =>
        new(Environment, new LatentRelevanceEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LatentDimension = latentDimension,
            Beta = beta,
            Epochs = epochs,
            Seed = seed,
        });

    /// <summary>The LatentRelevance estimator with every option.</summary>
    public LatentRelevanceEstimator LatentRelevance(LatentRelevanceEstimator.Options options) => new(Environment, options);
}

/// <summary>Adds <c>SymmetryDiscovery</c> to ML.NET-style transform catalogs.</summary>
public static class SymmetryDiscoveryCatalogExtensions
{
    extension(TransformsCatalog catalog)
    {
        /// <summary>The symmetry-discovery estimators.</summary>
        public SymmetryDiscoveryCatalog SymmetryDiscovery => new(catalog);
    }
}
