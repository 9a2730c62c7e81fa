namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Every default of LaLiGAN (Yang et al.), written once: the public code's rd.cfg where it has one. The estimator's
/// public Options and the training record both read these.
/// </summary>
internal static class LatentLieGanDefaults
{
    /// <summary>Latent dimension m.</summary>
    public const int LatentDimension = 2;

    /// <summary>Number of Lie-algebra generators k.</summary>
    public const int Generators = 1;

    /// <summary>Consecutive states T per row.</summary>
    public const int TimeSteps = 1;

    /// <summary>Hidden widths of the encoder (the decoder mirrors them); the public code's 512 × 5 is <see cref="PaperHidden"/>.</summary>
    public static readonly IReadOnlyList<int> HiddenLayers = [128, 128];

    /// <summary>Hidden widths of the discriminator.</summary>
    public static readonly IReadOnlyList<int> DiscriminatorHiddenLayers = [128, 128];

    /// <summary>The public code's autoencoder: 512 × 5 ReLU.</summary>
    public static readonly IReadOnlyList<int> PaperHidden = [512, 512, 512, 512, 512];

    /// <summary>σ of the coefficients w ~ N(0, σ²) (the code's sigma_init).</summary>
    public const double Sigma = 1;

    /// <summary>Whether the origin of the latent space stays fixed (the code's keep_center).</summary>
    public const bool KeepCenter = true;

    /// <summary>w_gan, weight of the generator's adversarial term.</summary>
    public const double GanWeight = 0.01;

    /// <summary>w_reg, weight of the cosine regulariser.</summary>
    public const double RegularizerWeight = 0.1;

    /// <summary>Weight of the reconstruction MSE.</summary>
    public const double ReconstructionWeight = 1;

    /// <summary>Adam step size of the autoencoder.</summary>
    public const double AutoencoderLearningRate = 3e-4;

    /// <summary>Adam step size of the generator (L, σ) and of a jointly trained Ξ.</summary>
    public const double GeneratorLearningRate = 1e-3;

    /// <summary>Adam step size of the discriminator.</summary>
    public const double DiscriminatorLearningRate = 1e-3;

    /// <summary>Relative threshold of the sequential thresholding of L.</summary>
    public const double Threshold = 0.01;

    /// <summary>Epochs between thresholdings.</summary>
    public const int ThresholdEvery = 5;

    /// <summary>Epochs (rd.cfg: 150).</summary>
    public const int Epochs = 150;

    /// <summary>Mini-batch size (rd.cfg: 64).</summary>
    public const int BatchSize = 64;

    /// <summary>Whether each input slot is standardized before training.</summary>
    public const bool Standardize = true;

    /// <summary>Highest polynomial order of the latent SINDy library (the paper's tables).</summary>
    public const int SindyPolynomialOrder = 2;

    /// <summary>Absolute threshold of the latent SINDy regression.</summary>
    public const double SindyThreshold = 0.05;

    /// <summary>Δt between consecutive time steps of a row.</summary>
    public const double SindyTimeStep = 1;

    /// <summary>Weight of the joint SINDy residual (ours; the paper does not state its weight).</summary>
    public const double SindyJointWeight = 0.1;
}
