namespace Symmetry.Estimators.Common;

/// <summary>
/// A snapshot reported through an estimator's <c>Progress</c> option after every epoch (and, when
/// <see cref="IsEpochEnd"/> is false, periodically within one).
/// </summary>
/// <param name="Run">Zero-based index of the independent training run (methods that train several).</param>
/// <param name="Runs">Number of runs.</param>
/// <param name="Epoch">One-based epoch within the run.</param>
/// <param name="Epochs">Epochs per run.</param>
/// <param name="Step">Optimizer steps taken so far in this run.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch.</param>
/// <param name="Losses">Mean loss terms over the epoch so far, by name (e.g. "reconstruction", "kl", "total").</param>
/// <param name="Elapsed">Wall time since <c>Fit</c> started.</param>
/// <param name="IsEpochEnd">True for the report that closes an epoch.</param>
public sealed record TrainingProgress(
    int Run, int Runs, int Epoch, int Epochs, long Step, int StepsPerEpoch,
    IReadOnlyDictionary<string, double> Losses, TimeSpan Elapsed, bool IsEpochEnd)
{
    /// <summary>Fraction of the whole fit done, in [0, 1].</summary>
    public double Fraction =>
        Math.Clamp((Run * (double)Epochs * StepsPerEpoch + (double)Step) / Math.Max(1.0, (double)Runs * Epochs * StepsPerEpoch), 0, 1);
}
