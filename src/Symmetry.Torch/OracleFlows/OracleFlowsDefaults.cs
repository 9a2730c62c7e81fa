namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Every default of oracle-preserving flows (Roman, Forestano et al.), written once: the estimator's options and
/// <see cref="OracleFlowsTrainingOptions"/> both read them.
/// </summary>
internal static class OracleFlowsDefaults
{
    /// <summary>N_g.</summary>
    public const int Generators = 1;

    /// <summary>ε of the expansion x' = x + ε g(x) (the paper and its companion code).</summary>
    public const double Epsilon = 1e-3;

    /// <summary>Epochs of the flow training (the companion code's so(3) demo: 5,000 full-batch epochs).</summary>
    public const int Epochs = 5000;

    /// <summary>Adam learning rate of the flows (companion code: 1e-3).</summary>
    public const double LearningRate = 1e-3;

    /// <summary>Weight of the normalisation term.</summary>
    public const double NormalizationWeight = 1;

    /// <summary>Weight of the orthogonality term.</summary>
    public const double OrthogonalityWeight = 1;

    /// <summary>Weight of the closure term.</summary>
    public const double ClosureWeight = 1;

    /// <summary>Hidden widths (tanh) of a neural vector field.</summary>
    public static readonly IReadOnlyList<int> HiddenLayers = [64, 64];

    /// <summary>Hidden widths of a learned oracle (Roman, Forestano et al.: 128, 128, 32).</summary>
    public static readonly IReadOnlyList<int> OracleHiddenLayers = [128, 128, 32];

    /// <summary>Epochs of a learned oracle.</summary>
    public const int OracleEpochs = 100;

    /// <summary>Mini-batch size of a learned oracle.</summary>
    public const int OracleBatchSize = 128;

    /// <summary>Adam learning rate of a learned oracle.</summary>
    public const double OracleLearningRate = 1e-3;

    /// <summary>Hidden widths of the dense autoencoder's encoder (the decoder mirrors them).</summary>
    public static readonly IReadOnlyList<int> AutoencoderHiddenLayers = [256, 64];

    /// <summary>Channels of the convolutional autoencoder's stride-2 convolutions.</summary>
    public static readonly IReadOnlyList<int> AutoencoderChannels = [32, 64];

    /// <summary>Epochs of the autoencoder.</summary>
    public const int AutoencoderEpochs = 20;

    /// <summary>Mini-batch size of the autoencoder.</summary>
    public const int AutoencoderBatchSize = 128;

    /// <summary>Adam learning rate of the autoencoder.</summary>
    public const double AutoencoderLearningRate = 1e-3;

    /// <summary>Share of rows held out to measure the invariance residual (eq. 10 on unseen rows).</summary>
    public const double ValidationFraction = 0.25;

    /// <summary>A generator is a symmetry when its relative invariance residual (weighted mean cos² with the oracle's gradients) is below this.</summary>
    public const double InvarianceTolerance = 0.01;

    /// <summary>
    /// A generator has collapsed (the trivial way to keep any oracle) below this share of its normalisation target:
    /// ‖W‖_F &lt; 0.1 √2 for a linear one, an RMS field norm &lt; 0.1 for a neural one.
    /// </summary>
    public const double TrivialShare = 0.1;
}
