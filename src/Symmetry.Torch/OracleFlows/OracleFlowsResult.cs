using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// What <see cref="OracleFlowsCore.Train"/> produced: the kept generators, the learned oracle and the autoencoder (it
/// owns and disposes them until <see cref="Release"/>), every N_g tried with its analysis, and what the oracle and the
/// autoencoder reached.
/// </summary>
internal sealed class OracleFlowsResult : IDisposable
{
    private bool owns = true;

    internal OracleFlowsResult(FlowGenerators generators, OracleNetwork? learnedOracle, nn.Module<Tensor, Tensor>? autoencoder, string[] featureNames,
        IReadOnlyList<FlowAnalysis> scan, int keptIndex, string oracleKind, bool oracleProbabilities, IReadOnlyList<EpochLosses>? oracleHistory,
        IReadOnlyList<EpochLosses>? autoencoderHistory)
    {
        Generators = generators;
        LearnedOracle = learnedOracle;
        Autoencoder = autoencoder;
        FeatureNames = featureNames;
        Scan = scan;
        KeptIndex = keptIndex;
        OracleKind = oracleKind;
        OracleProbabilities = oracleProbabilities;
        OracleHistory = oracleHistory;
        AutoencoderHistory = autoencoderHistory;
    }

    /// <summary>The kept generators (eval-ready, gradients off).</summary>
    public FlowGenerators Generators { get; }

    /// <summary>The oracle learned from labels (eval mode); null for a user's function.</summary>
    public OracleNetwork? LearnedOracle { get; }

    /// <summary>The autoencoder the flows act in (an <see cref="ILatentAutoencoder"/>, eval mode); null without one.</summary>
    public nn.Module<Tensor, Tensor>? Autoencoder { get; }

    /// <summary>Names of the d coordinates the flows act on: the input's, or z1 … zℓ with an autoencoder.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Every N_g trained, in order (one entry without a scan).</summary>
    public IReadOnlyList<FlowAnalysis> Scan { get; }

    /// <summary>The index in <see cref="Scan"/> of <see cref="Generators"/>.</summary>
    public int KeptIndex { get; }

    /// <summary>The analysis of the kept generators.</summary>
    public FlowAnalysis Kept => Scan[KeptIndex];

    /// <summary>"function" (a user's oracle), "classifier" or "regressor" (learned from labels).</summary>
    public string OracleKind { get; }

    /// <summary>Whether the flows kept a learned classifier's probabilities rather than its logits.</summary>
    public bool OracleProbabilities { get; }

    /// <summary>Loss per epoch of a learned oracle; null for a function.</summary>
    public IReadOnlyList<EpochLosses>? OracleHistory { get; }

    /// <summary>Final training loss of a learned oracle; null for a function.</summary>
    public double? OracleLoss => OracleHistory?[^1].Losses["oracle"];

    /// <summary>Reconstruction loss per epoch of the autoencoder; null without one.</summary>
    public IReadOnlyList<EpochLosses>? AutoencoderHistory { get; }

    /// <summary>Final reconstruction error of the autoencoder; null without one.</summary>
    public double? AutoencoderLoss => AutoencoderHistory?[^1].Losses["reconstruction"];

    /// <summary>Hands the modules over to the caller: <see cref="Dispose"/> no longer disposes them.</summary>
    public void Release() => owns = false;

    /// <summary>Disposes the modules unless they were released.</summary>
    public void Dispose()
    {
        if (!owns) return;
        owns = false;
        Generators.Dispose();
        LearnedOracle?.Dispose();
        Autoencoder?.Dispose();
    }
}
