namespace Microsoft.ML.Symmetry;

/// <summary>The CPU threads a fit trained with.</summary>
/// <param name="Count">libtorch's intra-op thread count during the training.</param>
/// <param name="Automatic">True when the count was chosen from the workload (the options' <c>Threads</c> was null).</param>
public sealed record TrainingThreads(int Count, bool Automatic)
{
    /// <summary>"2 (automatic)" or "2 (set)".</summary>
    public override string ToString() => $"{Count} ({(Automatic ? "automatic" : "set")})";
}
