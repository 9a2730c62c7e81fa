namespace Microsoft.ML.Symmetry;

/// <summary>
/// What every symmetry-discovery estimator's <c>Options</c> share: the seed, progress and cancellation of a fit. The
/// estimator validates and copies its options when it is made, so later changes to the caller's object are not seen.
/// </summary>
public abstract class SymmetryOptions
{
    private protected SymmetryOptions() { }

    /// <summary>Seed of initialisation, data splits, shuffling and noise; null draws one from the MLContext's random source, as ML.NET's own components do.</summary>
    public int? Seed { get; set; }

    /// <summary>Receives a report after every epoch (on the training thread).</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels the fit (checked before every optimizer step); the context's <c>ml.CancelExecution()</c> works too.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/>) naming the first bad option.</summary>
    internal abstract void Validate();

    /// <summary>A copy that shares nothing mutable with this object (arrays are copied).</summary>
    internal virtual SymmetryOptions Clone() => (SymmetryOptions)MemberwiseClone();
}
