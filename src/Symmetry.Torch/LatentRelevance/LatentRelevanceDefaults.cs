namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The default settings of LatentRelevance (Sanz, "Learning symmetries in datasets"), written once: the estimator's
/// public <c>Options</c> and <c>Defaults</c> and <see cref="LatentRelevanceTrainingOptions"/> all read them from here.
/// </summary>
internal static class LatentRelevanceDefaults
{
    /// <summary>KL weight β of the β-VAE (Sanz's value).</summary>
    public const double Beta = 0.1;

    /// <summary>Epochs per run (Sanz: 15–30 suffice).</summary>
    public const int Epochs = 30;

    /// <summary>Adam learning rate (Sanz's value).</summary>
    public const double LearningRate = 1e-3;

    /// <summary>Mini-batch size.</summary>
    public const int BatchSize = 128;

    /// <summary>Independent trainings whose relevance profiles are aggregated (Sanz's protocol).</summary>
    public const int Runs = 20;

    /// <summary>Train runs that share a shape together as one batched model.</summary>
    public const bool BatchRuns = true;

    /// <summary>Widths of the encoder's hidden ReLU layers (the decoder mirrors them).</summary>
    public static readonly IReadOnlyList<int> HiddenLayers = [64, 64];

    /// <summary>Smallest relevance ratio between neighbours that counts as a gap in the profile.</summary>
    public const double MinimumDropRatio = 3.0;

    /// <summary>Standardize each feature (mean 0, variance 1) before training, so β acts relative to the data variance.</summary>
    public const bool Standardize = true;

    /// <summary>Order outputs and the report by decreasing relevance.</summary>
    public const bool OrderByRelevance = true;

    /// <summary>
    /// Rows encoded at once when the relevance is measured after training: the scorer's largest batch, so the profile
    /// a fit reports is what its transformer's outputs give back.
    /// </summary>
    public const int EncodeBatchSize = 4096;
}
