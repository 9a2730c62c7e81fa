using Microsoft.ML;
using Microsoft.ML.Runtime;
using Symmetry.Estimators.Common;
using Symmetry.Estimators.OracleFlows;
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

    /// <summary>
    /// Oracle-preserving flows (Roman, Forestano et al., paper 001): N_g generators x' = x + ε g_α(x) that keep an
    /// oracle unchanged, normalised, orthogonal and closed under brackets, and the Lie algebra they span, named.
    /// Appends <paramref name="outputColumnName"/> (vector&lt;float&gt;[N_g · d], the fields g_α(x)). The oracle is
    /// learned from <paramref name="labelColumnName"/>; to give it as a function use the
    /// <see cref="OracleFlowsEstimator.Options"/> overload (<c>Oracle</c>).
    /// </summary>
    /// <param name="outputColumnName">Output column of generator fields.</param>
    /// <param name="inputColumnName">Known-size vector&lt;float&gt; input column; null means "Features".</param>
    /// <param name="labelColumnName">Label column the oracle is learned from (Int32/Int64/Boolean: classifier; Single/Double: regressor).</param>
    /// <param name="generators">N_g ≥ 1.</param>
    /// <param name="epochs">Epochs of the flow training, ≥ 1.</param>
    /// <param name="seed">Seed of initialisation, split and shuffling; null draws one from the context.</param>
    public OracleFlowsEstimator OracleFlows(string outputColumnName = OracleFlowsEstimator.Defaults.OutputColumnName,
        string? inputColumnName = null, string? labelColumnName = null, int generators = OracleFlowsEstimator.Defaults.Generators,
        int epochs = OracleFlowsEstimator.Defaults.Epochs, int? seed = null) =>
        new(env, new OracleFlowsEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LabelColumnName = labelColumnName,
            Generators = generators,
            Epochs = epochs,
            Seed = seed,
        });

    /// <summary>The OracleFlows estimator with every option (including a function <c>Oracle</c>).</summary>
    public OracleFlowsEstimator OracleFlows(OracleFlowsEstimator.Options options) => new(env, options);

    /// <summary>
    /// LaLiGAN (Yang et al., paper 002): an autoencoder whose latent space carries a linear Lie group action
    /// exp(Σ w_i L_i), learned adversarially. Appends <paramref name="outputColumnName"/> (vector&lt;float&gt;[m]); the
    /// report holds the generators L_i in that basis. SINDy and every other setting: the <see cref="Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Options"/> overload.
    /// </summary>
    /// <param name="outputColumnName">Latent output column.</param>
    /// <param name="inputColumnName">Known-size vector&lt;float&gt; input column; null means "Features".</param>
    /// <param name="latentDimension">m ≥ 1.</param>
    /// <param name="generators">k ≥ 1.</param>
    /// <param name="epochs">Epochs ≥ 1.</param>
    /// <param name="seed">Seed of initialisation, noise and shuffling; null draws one from the context.</param>
    public Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator LatentLieGan(string outputColumnName = Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Defaults.OutputColumnName,
        string? inputColumnName = null, int latentDimension = Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Defaults.LatentDimension,
        int generators = Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Defaults.Generators,
        int epochs = Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Defaults.Epochs, int? seed = null) =>
        new(env, new Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LatentDimension = latentDimension,
            Generators = generators,
            Epochs = epochs,
            Seed = seed,
        });

    /// <summary>The LatentLieGan estimator with every option (SINDy, TimeSteps, loss weights, …).</summary>
    public Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator LatentLieGan(Symmetry.Estimators.LatentLieGan.LatentLieGanEstimator.Options options) => new(env, options);

    /// <summary>
    /// The latent Lie symmetry detector (Gabel, Quax, Gavves, paper 003): from image pairs (x, y = T_t x) that share one
    /// unknown one-parameter transformation, learns each pair's magnitude t and the generator G = Σ aᵢ Dᵢ in a basis of
    /// derivative operators. Appends <paramref name="outputColumnName"/> (Single); the report holds G's coefficients and
    /// its closest canonical generator. Image shape, basis, loss weights, truth for metrics: the
    /// <see cref="Symmetry.Estimators.LieDetector.LieDetectorEstimator.Options"/> overload.
    /// </summary>
    /// <param name="outputColumnName">Magnitude output column.</param>
    /// <param name="sourceColumnName">Known-size vector&lt;float&gt;[H·W] column of the images x.</param>
    /// <param name="targetColumnName">Known-size vector&lt;float&gt;[H·W] column of the transformed images y.</param>
    /// <param name="epochs">Epochs ≥ 1.</param>
    /// <param name="seed">Seed of initialisation, held-out split and shuffling; null draws one from the context.</param>
    public Symmetry.Estimators.LieDetector.LieDetectorEstimator LieDetector(string outputColumnName = Symmetry.Estimators.LieDetector.LieDetectorEstimator.Defaults.OutputColumnName,
        string sourceColumnName = Symmetry.Estimators.LieDetector.LieDetectorEstimator.Defaults.SourceColumnName,
        string targetColumnName = Symmetry.Estimators.LieDetector.LieDetectorEstimator.Defaults.TargetColumnName,
        int epochs = Symmetry.Estimators.LieDetector.LieDetectorEstimator.Defaults.Epochs, int? seed = null) =>
        new(env, new Symmetry.Estimators.LieDetector.LieDetectorEstimator.Options
        {
            OutputColumnName = outputColumnName,
            SourceColumnName = sourceColumnName,
            TargetColumnName = targetColumnName,
            Epochs = epochs,
            Seed = seed,
        });

    /// <summary>The LieDetector estimator with every option.</summary>
    public Symmetry.Estimators.LieDetector.LieDetectorEstimator LieDetector(Symmetry.Estimators.LieDetector.LieDetectorEstimator.Options options) => new(env, options);
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
