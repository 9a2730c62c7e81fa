using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>The CPU threads a fit trained with.</summary>
/// <param name="Count">The CPU threads of the training: libtorch's intra-op thread count, or, for runs trained on
/// parallel workers of one libtorch thread each (LatentRelevance's batched runs), the number of workers.</param>
/// <param name="Automatic">True when the count was chosen from the workload (the options' <c>Threads</c> was null).</param>
public sealed record TrainingThreads(int Count, bool Automatic)
{
    /// <summary>Threads that each trained a block of the runs at one libtorch thread; 1 when one thread drove libtorch's <see cref="Count"/>.</summary>
    internal int Workers { get; init; } = 1;

    /// <summary>"2 (automatic)", "2 (set)", or for workers "2 (automatic; 2 workers × 1 libtorch thread)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count} ({(Automatic ? "automatic" : "set")}{(Workers > 1 ? $"; {Workers} workers × 1 libtorch thread" : "")})");
}
