namespace Microsoft.ML.Symmetry.Torch;

/// <summary>One LatentRelevance training run, as measured on the training data after training.</summary>
/// <param name="Seed">The seed it was initialised, shuffled and noised from.</param>
/// <param name="Relevance">Relevance of each model latent (std over rows of μ_j / mean over rows of σ_j).</param>
/// <param name="Order">Order[k] = the model latent at rank k (decreasing relevance, ties in model order).</param>
/// <param name="SortedRelevance">The relevance by rank: Relevance[Order[k]].</param>
/// <param name="History">Mean loss terms per epoch ("reconstruction", "kl", "total").</param>
/// <param name="FinalLoss">The last epoch's mean "total" loss.</param>
internal sealed record LatentRelevanceRun(int Seed, double[] Relevance, int[] Order, double[] SortedRelevance,
                                          IReadOnlyList<EpochLosses> History, double FinalLoss);

/// <summary>
/// What <see cref="LatentRelevanceCore.Train"/> found: every run's relevance, the profile aggregated over runs and its
/// intrinsic dimension, and the kept (lowest-loss) run's VAE and the relation of its latents to the features (the
/// latents of every row are not kept: rows × L values that the transformer recomputes when it scores).
/// Owns the kept VAE until <see cref="TakeModel"/> hands it on.
/// </summary>
internal sealed class LatentRelevanceResult : IDisposable
{
    private VaeModel? model;

    internal LatentRelevanceResult(VaeModel model, int bestRun, IReadOnlyList<LatentRelevanceRun> runs, RelevanceProfile profile,
                                   double[][] correlations, double[] linearR2)
    {
        this.model = model;
        BestRun = bestRun;
        Runs = runs;
        Profile = profile;
        Correlations = correlations;
        LinearR2 = linearR2;
    }

    /// <summary>The kept run's VAE (on the training device, in eval mode), while this result still owns it.</summary>
    public VaeModel Model => model ?? throw new InvalidOperationException("The model was taken from this result or disposed.");

    /// <summary>The run with the lowest final loss (the first such), whose VAE is kept.</summary>
    public int BestRun { get; }

    /// <summary>Every run, in seed order.</summary>
    public IReadOnlyList<LatentRelevanceRun> Runs { get; }

    /// <summary>The kept run's latent order (rank → model latent).</summary>
    public int[] Order => Runs[BestRun].Order;

    /// <summary>The runs' sorted profiles aggregated, and the intrinsic dimension.</summary>
    public RelevanceProfile Profile { get; }

    /// <summary>Correlations[k][f]: Pearson correlation of the kept run's rank-k latent mean with feature f (as given, unstandardized).</summary>
    public double[][] Correlations { get; }

    /// <summary>LinearR2[k]: R² of the least-squares fit (with intercept) of the rank-k latent mean on all features.</summary>
    public double[] LinearR2 { get; }

    /// <summary>Hands the kept VAE to the caller, who then owns it; this result no longer disposes it.</summary>
    public VaeModel TakeModel()
    {
        var taken = Model;
        model = null;
        return taken;
    }

    /// <summary>Disposes the kept VAE unless it was taken.</summary>
    public void Dispose()
    {
        model?.Dispose();
        model = null;
    }
}
