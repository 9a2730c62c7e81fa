namespace Microsoft.ML.Symmetry;

/// <summary>
/// The symmetry-discovery estimators, reached as <c>mlContext.Transforms.SymmetryDiscovery</c>.
/// </summary>
public sealed class SymmetryDiscoveryCatalog
{
    private readonly IHostEnvironment env;

    internal SymmetryDiscoveryCatalog(TransformsCatalog parent) => env = MLNetInternals.Environment(parent);

    /// <summary>
    /// A VAE whose latent relevance (std over the data of μ_j / mean σ_j) reveals the data's degrees of freedom
    /// (Sanz). Appends <paramref name="outputColumnName"/> (latent means, vector&lt;float&gt;[L], most
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
    /// Oracle-preserving flows (Roman, Forestano et al.): N_g generators x' = x + ε g_α(x) that keep an
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
    /// LaLiGAN (Yang et al.): an autoencoder whose latent space carries a linear Lie group action
    /// exp(Σ w_i L_i), learned adversarially. Appends <paramref name="outputColumnName"/> (vector&lt;float&gt;[m]); the
    /// report holds the generators L_i in that basis. SINDy and every other setting: the <see cref="LatentLieGanEstimator.Options"/> overload.
    /// </summary>
    /// <param name="outputColumnName">Latent output column.</param>
    /// <param name="inputColumnName">Known-size vector&lt;float&gt; input column; null means "Features".</param>
    /// <param name="latentDimension">m ≥ 1.</param>
    /// <param name="generators">k ≥ 1.</param>
    /// <param name="epochs">Epochs ≥ 1.</param>
    /// <param name="seed">Seed of initialisation, noise and shuffling; null draws one from the context.</param>
    public Microsoft.ML.Symmetry.LatentLieGanEstimator LatentLieGan(string outputColumnName = Microsoft.ML.Symmetry.LatentLieGanEstimator.Defaults.OutputColumnName,
        string? inputColumnName = null, int latentDimension = Microsoft.ML.Symmetry.LatentLieGanEstimator.Defaults.LatentDimension,
        int generators = Microsoft.ML.Symmetry.LatentLieGanEstimator.Defaults.Generators,
        int epochs = Microsoft.ML.Symmetry.LatentLieGanEstimator.Defaults.Epochs, int? seed = null) =>
        new(env, new Microsoft.ML.Symmetry.LatentLieGanEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LatentDimension = latentDimension,
            Generators = generators,
            Epochs = epochs,
            Seed = seed,
        });

    /// <summary>The LatentLieGan estimator with every option (SINDy, TimeSteps, loss weights, …).</summary>
    public Microsoft.ML.Symmetry.LatentLieGanEstimator LatentLieGan(Microsoft.ML.Symmetry.LatentLieGanEstimator.Options options) => new(env, options);

    /// <summary>
    /// The latent Lie symmetry detector (Gabel, Quax, Gavves): from image pairs (x, y = T_t x) that share one
    /// unknown one-parameter transformation, learns each pair's magnitude t and the generator G = Σ aᵢ Dᵢ in a basis of
    /// derivative operators. Appends <paramref name="outputColumnName"/> (Single); the report holds G's coefficients and
    /// its closest canonical generator. Image shape, basis, loss weights, truth for metrics: the
    /// <see cref="LieDetectorEstimator.Options"/> overload.
    /// </summary>
    /// <param name="outputColumnName">Magnitude output column.</param>
    /// <param name="sourceColumnName">Known-size vector&lt;float&gt;[H·W] column of the images x.</param>
    /// <param name="targetColumnName">Known-size vector&lt;float&gt;[H·W] column of the transformed images y.</param>
    /// <param name="epochs">Epochs ≥ 1.</param>
    /// <param name="seed">Seed of initialisation, held-out split and shuffling; null draws one from the context.</param>
    public Microsoft.ML.Symmetry.LieDetectorEstimator LieDetector(string outputColumnName = Microsoft.ML.Symmetry.LieDetectorEstimator.Defaults.OutputColumnName,
        string sourceColumnName = Microsoft.ML.Symmetry.LieDetectorEstimator.Defaults.SourceColumnName,
        string targetColumnName = Microsoft.ML.Symmetry.LieDetectorEstimator.Defaults.TargetColumnName,
        int epochs = Microsoft.ML.Symmetry.LieDetectorEstimator.Defaults.Epochs, int? seed = null) =>
        new(env, new Microsoft.ML.Symmetry.LieDetectorEstimator.Options
        {
            OutputColumnName = outputColumnName,
            SourceColumnName = sourceColumnName,
            TargetColumnName = targetColumnName,
            Epochs = epochs,
            Seed = seed,
        });

    /// <summary>The LieDetector estimator with every option.</summary>
    public Microsoft.ML.Symmetry.LieDetectorEstimator LieDetector(Microsoft.ML.Symmetry.LieDetectorEstimator.Options options) => new(env, options);
}
