namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Every hyperparameter of an oracle-flows fit (<see cref="OracleFlowsCore.Train"/>): the flows, the learned oracle,
/// the autoencoder, the generator scan, the split and the tolerances of the analysis. Defaults from
/// <see cref="OracleFlowsDefaults"/>.
/// </summary>
internal sealed record OracleFlowsTrainingOptions
{
    /// <summary>Linear matrices or neural vector fields.</summary>
    public GeneratorKind Kind { get; init; } = GeneratorKind.Linear;

    /// <summary>N_g ≥ 1 (ignored when <see cref="ScanGenerators"/> is set).</summary>
    public int Generators { get; init; } = OracleFlowsDefaults.Generators;

    /// <summary>When set, N_g = 1 … this value are trained and the largest acceptable one is kept; null trains <see cref="Generators"/> only.</summary>
    public int? ScanGenerators { get; init; }

    /// <summary>
    /// With <see cref="ScanGenerators"/>, train only N_g = Start + 1 … Start + Length of the scan (one shard's block;
    /// each N_g has its own seed, so a block's trainings are those of the whole scan); null trains the whole scan.
    /// </summary>
    public (int Start, int Length)? ScanBlock { get; init; }

    /// <summary>Hidden widths (tanh) of a neural vector field.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = OracleFlowsDefaults.HiddenLayers;

    /// <summary>ε &gt; 0 of the expansion x' = x + ε g(x).</summary>
    public double Epsilon { get; init; } = OracleFlowsDefaults.Epsilon;

    /// <summary>Weight of the normalisation term.</summary>
    public double NormalizationWeight { get; init; } = OracleFlowsDefaults.NormalizationWeight;

    /// <summary>Weight of the orthogonality term.</summary>
    public double OrthogonalityWeight { get; init; } = OracleFlowsDefaults.OrthogonalityWeight;

    /// <summary>Weight of the closure term (0 switches the structure constants off).</summary>
    public double ClosureWeight { get; init; } = OracleFlowsDefaults.ClosureWeight;

    /// <summary>Epochs of the flow training.</summary>
    public int Epochs { get; init; } = OracleFlowsDefaults.Epochs;

    /// <summary>Rows per flow step; null is full batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Adam learning rate of the flows.</summary>
    public double LearningRate { get; init; } = OracleFlowsDefaults.LearningRate;

    /// <summary>Hidden widths of a learned oracle.</summary>
    public IReadOnlyList<int> OracleHiddenLayers { get; init; } = OracleFlowsDefaults.OracleHiddenLayers;

    /// <summary>Epochs of a learned oracle.</summary>
    public int OracleEpochs { get; init; } = OracleFlowsDefaults.OracleEpochs;

    /// <summary>Mini-batch size of a learned oracle.</summary>
    public int OracleBatchSize { get; init; } = OracleFlowsDefaults.OracleBatchSize;

    /// <summary>Adam learning rate of a learned oracle.</summary>
    public double OracleLearningRate { get; init; } = OracleFlowsDefaults.OracleLearningRate;

    /// <summary>Whether the flows keep a learned classifier's class probabilities (true) or its logits (false); ignored for regressors and functions.</summary>
    public bool OracleProbabilities { get; init; }

    /// <summary>ℓ of the autoencoder trained first; null: the flows act on the input itself.</summary>
    public int? LatentDimension { get; init; }

    /// <summary>The image shape of a convolutional autoencoder (the input rows are H·W pixels, row-major); null: a dense one.</summary>
    public (int Height, int Width)? AutoencoderImage { get; init; }

    /// <summary>Hidden widths of the dense autoencoder's encoder.</summary>
    public IReadOnlyList<int> AutoencoderHiddenLayers { get; init; } = OracleFlowsDefaults.AutoencoderHiddenLayers;

    /// <summary>Channels of the convolutional autoencoder's stride-2 convolutions.</summary>
    public IReadOnlyList<int> AutoencoderChannels { get; init; } = OracleFlowsDefaults.AutoencoderChannels;

    /// <summary>Epochs of the autoencoder.</summary>
    public int AutoencoderEpochs { get; init; } = OracleFlowsDefaults.AutoencoderEpochs;

    /// <summary>Mini-batch size of the autoencoder.</summary>
    public int AutoencoderBatchSize { get; init; } = OracleFlowsDefaults.AutoencoderBatchSize;

    /// <summary>Adam learning rate of the autoencoder.</summary>
    public double AutoencoderLearningRate { get; init; } = OracleFlowsDefaults.AutoencoderLearningRate;

    /// <summary>Share of rows held out (seeded) for the invariance residuals; 0 measures on the training rows.</summary>
    public double ValidationFraction { get; init; } = OracleFlowsDefaults.ValidationFraction;

    /// <summary>Largest relative invariance residual of a symmetry.</summary>
    public double InvarianceTolerance { get; init; } = OracleFlowsDefaults.InvarianceTolerance;

    /// <summary>Tolerances of the algebra's identification.</summary>
    public LieAlgebraTolerances AlgebraTolerances { get; init; } = LieAlgebraTolerances.Default;

    /// <summary>The flow training of N_g = <paramref name="generators"/> on <paramref name="rows"/> training rows.</summary>
    public FlowTrainingOptions ForGenerators(int generators, int rows) =>
        new(Kind, generators, HiddenLayers, Epsilon, NormalizationWeight, OrthogonalityWeight, ClosureWeight, Epochs, BatchSize ?? rows, LearningRate);
}
