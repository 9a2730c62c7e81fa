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

    /// <summary>
    /// libtorch's CPU threads for the training; null (the default) chooses them from the size of one training step:
    /// one thread per 10⁷ multiply-adds of the step's dense products, at most the cores, 8, and the count libtorch had
    /// when the fit started (its default is one per core, or <c>OMP_NUM_THREADS</c>: a program that called
    /// <c>torch.set_num_threads(1)</c> keeps one), so a small model trains on one thread and a large batch on several. The count is a function of the workload and the machine, never of a
    /// timing, because results depend on it in the last digits: a seeded fit repeats exactly only at the same count. The
    /// setting is process-wide: the fit sets it and restores the caller's count when it ends (also on an exception or a
    /// cancellation), so fits running at the same time in one process share one setting; give them
    /// <c>Threads = 1</c> each. The count used is in the report (<see cref="SymmetryReport.Threads"/>) and the log.
    /// LatentRelevance's batched runs (more than one run, <c>BatchRuns</c>) use the count differently: that many workers
    /// (null: min(cores, 8, the caller's count)), at most one per run, each training a contiguous block of the runs at
    /// one libtorch thread, so such a fit gives the same bits for any count and any sharding.
    /// </summary>
    public int? Threads { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/>) naming the first bad option.</summary>
    internal abstract void Validate();

    /// <summary>Checks the options every method shares (<see cref="Threads"/>).</summary>
    internal void ValidateShared()
    {
        if (Threads is { } t && t <= 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), t, "Threads must be at least 1, or null to choose from the workload.");
    }

    /// <summary>A copy that shares nothing mutable with this object (arrays are copied).</summary>
    internal virtual SymmetryOptions Clone() => (SymmetryOptions)MemberwiseClone();
}
