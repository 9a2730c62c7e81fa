namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// What a LaLiGAN fit produced: the trained autoencoder (owned until <see cref="TakeAutoencoder"/>), the generators
/// and their analysis, the training history, the latent SINDy model and the held-out rollout errors.
/// </summary>
internal sealed class LatentLieGanResult : IDisposable
{
    private Autoencoder? autoencoder;

    /// <summary>Takes ownership of <paramref name="autoencoder"/> (eval mode, gradients off).</summary>
    public LatentLieGanResult(Autoencoder autoencoder, IReadOnlyList<double[,]> generators, IReadOnlyList<LatentGeneratorAnalysis> details,
                              LieAlgebraInfo? algebra, IReadOnlyList<EpochLosses> history, SindyModel? sindy, double[,]? jointSindyCoefficients,
                              IReadOnlyList<LatentRolloutError>? rollout)
    {
        this.autoencoder = autoencoder;
        Generators = generators;
        Details = details;
        Algebra = algebra;
        History = history;
        Sindy = sindy;
        JointSindyCoefficients = jointSindyCoefficients;
        Rollout = rollout;
    }

    /// <summary>The trained autoencoder, while this result still owns it.</summary>
    public Autoencoder Autoencoder => autoencoder ?? throw new ObjectDisposedException(nameof(LatentLieGanResult), "The autoencoder was taken or disposed.");

    /// <summary>The masked L_i, m × m each, in the basis of the latent codes.</summary>
    public IReadOnlyList<double[,]> Generators { get; }

    /// <summary>Per generator: the symmetric/antisymmetric split, eigenvalues and closest canonical generator.</summary>
    public IReadOnlyList<LatentGeneratorAnalysis> Details { get; }

    /// <summary>The Lie algebra the generators span (k ≥ 2), or null for one generator.</summary>
    public LieAlgebraInfo? Algebra { get; }

    /// <summary>Per-epoch mean terms: "reconstruction", "gan", "regularizer", "discriminator", "accuracy", "total" (and "sindy" when trained jointly).</summary>
    public IReadOnlyList<EpochLosses> History { get; }

    /// <summary>The thresholded SINDy fit of the latent dynamics on the trained encoder, or null when SINDy was off.</summary>
    public SindyModel? Sindy { get; }

    /// <summary>The jointly trained Ξ (terms × m) when SINDy was trained jointly, else null.</summary>
    public double[,]? JointSindyCoefficients { get; }

    /// <summary>The SINDy rollout errors on the held-out trajectory at the sorted distinct horizons, or null when none were asked for.</summary>
    public IReadOnlyList<LatentRolloutError>? Rollout { get; }

    /// <summary>Hands the autoencoder to the caller, who disposes it from then on.</summary>
    public Autoencoder TakeAutoencoder()
    {
        var taken = Autoencoder;
        autoencoder = null;
        return taken;
    }

    /// <summary>Disposes the autoencoder unless it was taken.</summary>
    public void Dispose()
    {
        autoencoder?.Dispose();
        autoencoder = null;
    }
}
