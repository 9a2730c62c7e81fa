namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Every hyperparameter of a LaLiGAN fit (see <see cref="LatentLieGanCore.Train"/>); defaults from <see cref="LatentLieGanDefaults"/>.</summary>
internal sealed record LatentLieGanTrainingOptions
{
    /// <summary>Latent dimension m ≥ 1.</summary>
    public int Latent { get; init; } = LatentLieGanDefaults.LatentDimension;

    /// <summary>Number of Lie-algebra generators k ≥ 1.</summary>
    public int Generators { get; init; } = LatentLieGanDefaults.Generators;

    /// <summary>Consecutive states per row T ≥ 1 (all encoded by one encoder and moved by one g).</summary>
    public int TimeSteps { get; init; } = LatentLieGanDefaults.TimeSteps;

    /// <summary>Hidden widths of the encoder (the decoder mirrors them).</summary>
    public IReadOnlyList<int> AutoencoderHidden { get; init; } = LatentLieGanDefaults.HiddenLayers;

    /// <summary>BatchNorm1d after every encoder Linear, the latent codes included, none in the decoder (LaLiGAN's option; see <see cref="Autoencoder"/>).</summary>
    public bool BatchNorm { get; init; }

    /// <summary>Keep the last encoder layer's weight orthogonal by a polar retraction after every step (<see cref="Autoencoder.RetractLatentLayer"/>).</summary>
    public bool OrthogonalLatentLayer { get; init; }

    /// <summary>
    /// The training rows hold the T·n states followed by their T·n velocities ẋ (same order, in the units of the states
    /// per unit time), so the training loop shuffles each ẋ with its state; only the joint SINDy term reads them (needs
    /// <see cref="LatentSindyTrainingOptions.TrainJointly"/>), as ż = (∇ₓφ(x)) ẋ at every state. With
    /// <see cref="BatchNorm"/> the Jacobian is that of the training-mode encoder, whose batch statistics move with the
    /// batch. Default false: the rows hold the states only, and the joint term differences consecutive steps.
    /// </summary>
    public bool VelocitiesInData { get; init; }

    /// <summary>Hidden widths of the discriminator.</summary>
    public IReadOnlyList<int> DiscriminatorHidden { get; init; } = LatentLieGanDefaults.DiscriminatorHiddenLayers;

    /// <summary>σ of the coefficients w ~ N(0, σ²).</summary>
    public double Sigma { get; init; } = LatentLieGanDefaults.Sigma;

    /// <summary>Whether σ is learned.</summary>
    public bool LearnSigma { get; init; }

    /// <summary>When false, codes are moved about their batch mean (g(z − c) + c); the code's keep_center keeps the origin.</summary>
    public bool KeepCenter { get; init; } = LatentLieGanDefaults.KeepCenter;

    /// <summary>w_gan: weight of the generator's adversarial term.</summary>
    public double GanWeight { get; init; } = LatentLieGanDefaults.GanWeight;

    /// <summary>w_reg: weight of the regulariser.</summary>
    public double RegularizerWeight { get; init; } = LatentLieGanDefaults.RegularizerWeight;

    /// <summary>Which regulariser keeps the generator away from the identity (default cosine, the paper's).</summary>
    public LieGanRegularizer Regularizer { get; init; } = LieGanRegularizer.Cosine;

    /// <summary>Weight of the reconstruction MSE.</summary>
    public double ReconstructionWeight { get; init; } = LatentLieGanDefaults.ReconstructionWeight;

    /// <summary>Adam step size of the autoencoder.</summary>
    public double AutoencoderLearningRate { get; init; } = LatentLieGanDefaults.AutoencoderLearningRate;

    /// <summary>Adam step size of the generator (L, σ) and of a jointly trained Ξ.</summary>
    public double GeneratorLearningRate { get; init; } = LatentLieGanDefaults.GeneratorLearningRate;

    /// <summary>Adam step size of the discriminator.</summary>
    public double DiscriminatorLearningRate { get; init; } = LatentLieGanDefaults.DiscriminatorLearningRate;

    /// <summary>Relative threshold of the sequential thresholding (0 switches it off).</summary>
    public double Threshold { get; init; } = LatentLieGanDefaults.Threshold;

    /// <summary>Epochs between thresholdings.</summary>
    public int ThresholdEvery { get; init; } = LatentLieGanDefaults.ThresholdEvery;

    /// <summary>Epochs ≥ 1.</summary>
    public int Epochs { get; init; } = LatentLieGanDefaults.Epochs;

    /// <summary>Rows per step.</summary>
    public int BatchSize { get; init; } = LatentLieGanDefaults.BatchSize;

    /// <summary>
    /// False (LaLiGAN's train_lassi): one summed backward of all terms, so w_gan·BCE(D(z'), 1) also reaches the
    /// discriminator's weights. True: the discriminator's gradient is that of its own loss only (autoencoder and
    /// generator keep theirs); all three optimizers still step once per batch.
    /// </summary>
    public bool SeparateUpdates { get; init; }

    /// <summary>SINDy on the latent dynamics (fitted after training, optionally also trained jointly); null switches it off.</summary>
    public LatentSindyTrainingOptions? Sindy { get; init; }

    /// <summary>The joint SINDy term's library over the m latent variables, or null when SINDy is not trained jointly.</summary>
    public SindyLibrary? JointLibrary => Sindy is { TrainJointly: true } s ? s.Library(Latent) : null;
}

/// <summary>The latent SINDy settings of a LaLiGAN fit; defaults from <see cref="LatentLieGanDefaults"/>.</summary>
internal sealed record LatentSindyTrainingOptions
{
    /// <summary>Highest polynomial order p ≥ 0 of the library.</summary>
    public int PolynomialOrder { get; init; } = LatentLieGanDefaults.SindyPolynomialOrder;

    /// <summary>Adds sin(z_i) to the library.</summary>
    public bool IncludeSine { get; init; }

    /// <summary>Adds exp(z_i) to the library.</summary>
    public bool IncludeExp { get; init; }

    /// <summary>Absolute threshold of the sequentially thresholded least squares.</summary>
    public double Threshold { get; init; } = LatentLieGanDefaults.SindyThreshold;

    /// <summary>L1 weight ≥ 0 of each regression, and of the penalty mean |Ξ| on a jointly trained Ξ.</summary>
    public double L1 { get; init; }

    /// <summary>Δt between consecutive steps of a row (and between the rows of the held-out trajectory).</summary>
    public double TimeStep { get; init; } = LatentLieGanDefaults.SindyTimeStep;

    /// <summary>
    /// Adds Yang et al.'s latent SINDy term <see cref="JointWeight"/> · mean ‖ż − Θ(z) Ξ‖² + <see cref="L1"/> · mean |Ξ|
    /// to the autoencoder's loss, with Ξ (terms × m, from 0) trained by its own Adam at the generator's rate. With
    /// <see cref="LatentLieGanTrainingOptions.VelocitiesInData"/>, ż = (∇ₓφ(x)) ẋ by the chain rule at every state
    /// (differentiable, so the encoder is trained through its Jacobian) and Θ is evaluated at z = φ(x); otherwise (needs
    /// T ≥ 2) ż = (z_{k+1} − z_k)/Δt and Θ at the midpoint (z_k + z_{k+1})/2.
    /// </summary>
    public bool TrainJointly { get; init; }

    /// <summary>Weight of the joint SINDy residual.</summary>
    public double JointWeight { get; init; } = LatentLieGanDefaults.SindyJointWeight;

    /// <summary>Horizons h ≥ 1 (in steps of <see cref="TimeStep"/>) of the held-out rollout test; null or empty skips it.</summary>
    public IReadOnlyList<int>? RolloutHorizons { get; init; }

    /// <summary>The library Θ over <paramref name="latent"/> variables.</summary>
    public SindyLibrary Library(int latent) => new(latent, PolynomialOrder, IncludeSine, IncludeExp);

    /// <summary>The distinct horizons in ascending order, or null when none were asked for.</summary>
    public int[]? SortedHorizons => RolloutHorizons is { Count: > 0 } hs ? hs.Distinct().Order().ToArray() : null;
}
