namespace Microsoft.ML.Symmetry.Torch;

/// <summary>How <see cref="LatentRelevanceCore.Train"/> trains the VAEs and reads their relevance.</summary>
internal sealed record LatentRelevanceTrainingOptions
{
    /// <summary>Widths of the encoder's hidden layers (the decoder mirrors them).</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = LatentRelevanceDefaults.HiddenLayers;

    /// <summary>Latent dimension L; null means the input size.</summary>
    public int? LatentSize { get; init; }

    /// <summary>Weight β of the KL term: loss = reconstruction + β · KL.</summary>
    public double Beta { get; init; } = LatentRelevanceDefaults.Beta;

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = LatentRelevanceDefaults.Epochs;

    /// <summary>Rows per optimizer step (the last batch of an epoch may be shorter).</summary>
    public int BatchSize { get; init; } = LatentRelevanceDefaults.BatchSize;

    /// <summary>Adam's step size (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, as PyTorch's defaults).</summary>
    public double LearningRate { get; init; } = LatentRelevanceDefaults.LearningRate;

    /// <summary>
    /// Train runs that share a shape together as one batched model (same results, much faster); false trains them
    /// one after another.
    /// </summary>
    public bool BatchRuns { get; init; } = LatentRelevanceDefaults.BatchRuns;

    /// <summary>
    /// Threads that train contiguous blocks of batched runs at the same time on the CPU (<see cref="VaeTraining.Train"/>;
    /// ignored on a GPU and with <see cref="BatchRuns"/> false). At libtorch's one intra-op thread, which the callers set
    /// for more than one worker, the results are the same bits for any count.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Independently seeded trainings (seeds baseSeed, baseSeed + 1, …).</summary>
    public int Runs { get; init; } = LatentRelevanceDefaults.Runs;

    /// <summary>When set, the intrinsic dimension counts the latents with relevance ≥ this value instead of the largest-gap rule.</summary>
    public double? RelevanceThreshold { get; init; }

    /// <summary>Smallest ratio r_k / r_(k+1) the largest-gap rule accepts as a gap (see <see cref="RelevanceMath.IntrinsicDimension"/>).</summary>
    public double MinimumDropRatio { get; init; } = LatentRelevanceDefaults.MinimumDropRatio;

    /// <summary>Rows encoded at once when the relevance is measured after training.</summary>
    public int EncodeBatchSize { get; init; } = LatentRelevanceDefaults.EncodeBatchSize;

    /// <summary>The latent dimension for data of <paramref name="inputSize"/> features.</summary>
    public int LatentSizeFor(int inputSize) => LatentSize ?? inputSize;
}
