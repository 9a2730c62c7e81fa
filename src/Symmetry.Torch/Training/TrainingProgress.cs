namespace Microsoft.ML.Symmetry;

/// <summary>The mean loss terms of one epoch, by name.</summary>
/// <param name="Epoch">One-based epoch.</param>
/// <param name="Losses">Mean of each term over the epoch's batches (weighted by batch size).</param>
public sealed record EpochLosses(int Epoch, IReadOnlyDictionary<string, double> Losses);

/// <summary>
/// A snapshot reported by the training loop after every epoch (and, when <see cref="IsEpochEnd"/> is false,
/// periodically within one).
/// </summary>
/// <param name="Run">Zero-based index of the independent training run (methods that train several); for runs trained
/// together as one batched model, the first of them (see <paramref name="RunsTogether"/>).</param>
/// <param name="Runs">Number of runs.</param>
/// <param name="Epoch">One-based epoch within the run.</param>
/// <param name="Epochs">Epochs per run.</param>
/// <param name="Step">Optimizer steps taken so far in this run.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch.</param>
/// <param name="Losses">Mean loss terms over the epoch so far, by name (e.g. "reconstruction", "kl", "total"); for
/// runs trained together, the mean over those runs.</param>
/// <param name="Elapsed">Wall time since the loop's clock started (by default: when the loop was created).</param>
/// <param name="IsEpochEnd">True for the report that closes an epoch.</param>
/// <param name="RunsTogether">How many runs this report covers: 1, or the size of a group of runs trained together as
/// one batched model, whose runs are <paramref name="Run"/> … <paramref name="Run"/> + RunsTogether − 1.</param>
public sealed record TrainingProgress(
    int Run, int Runs, int Epoch, int Epochs, long Step, int StepsPerEpoch,
    IReadOnlyDictionary<string, double> Losses, TimeSpan Elapsed, bool IsEpochEnd, int RunsTogether = 1)
{
    /// <summary>Fraction of the whole fit done, in [0, 1] (runs trained together count as that many runs).</summary>
    public double Fraction =>
        Math.Clamp((Run * (double)Epochs * StepsPerEpoch + Math.Max(1, RunsTogether) * (double)Step) /
                   Math.Max(1.0, (double)Runs * Epochs * StepsPerEpoch), 0, 1);
}
