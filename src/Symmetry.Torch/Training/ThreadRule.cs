namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The automatic CPU thread count of a fit: a pure function of the work of one optimizer step and the cores, so a seeded
/// fit picks the same count, and gives the same result, every time on the same machine. libtorch's results depend on its
/// thread count (products and reductions split their sums by thread; measured 2026-12-07 with the CLI at 1 and 2 threads:
/// LatentRelevance, LatentLieGan and LieDetector scored rows differ, by up to 2.5 % for one short LatentRelevance run;
/// OracleFlows's so(3) run is bit-identical, its products being too small to split), which rules out choosing the count
/// by timing the first steps (docs/benchmarks.md, "Threads: the rule and reproducibility").
/// </summary>
/// <remarks>
/// The rule: one thread per <see cref="WorkPerThread"/> multiply-adds of the step's dense products (forward pass, the
/// whole batch), at least 1, at most the cores, <see cref="MaxThreads"/> and the caller's libtorch count at the start
/// of the fit (libtorch's default is one per core, or <c>OMP_NUM_THREADS</c>; a program that has called
/// <c>torch.set_num_threads(1)</c>, as the tests do, keeps one thread). Measured on an idle 2-core AVX-512 machine
/// (issue 21): LatentLieGan's default 128-wide model (≈ 6.5 × 10⁶ on pairs of 2-feature states) is 2.1× faster at 1 thread than at 2, one LatentRelevance run
/// (≈ 1.3 × 10⁶) is faster at 1, 20 batched runs (≈ 2.6 × 10⁷) 1.5× faster at 2, LieDetector on 28 × 28 pairs
/// (≈ 8.4 × 10⁸) 1.3× faster at 2. Counts above 2 were not measured; the cap keeps a small model off a many-core server's
/// every core.
/// <para>
/// Independently seeded runs trained as batched models (LatentRelevance's protocol) are split instead
/// (<see cref="Workers"/>): one worker thread per thread of the <see cref="Budget"/> (or of an explicit count), at most
/// one per run, each training a contiguous block of the runs at one libtorch thread. Runs share no data but the input,
/// so the workers never wait for each other, where libtorch's intra-op threads meet at every product; and at one
/// libtorch thread a run's arithmetic does not depend on which runs share its model, so the count changes no bit of
/// the result (the reason a size rule exists at all). Splitting adds one group's fixed per-step cost (op dispatch,
/// Adam's launch): measured 2026-12-07 as CPU time at one thread on the default 10,000-row workload (batch 128, hidden
/// 64-64, 30 epochs), a batched group of k runs costs ≈ 1.1 s + 0.37 s·k, so 20 runs on 2 workers take ≈ 13 % more
/// CPU than on one and should finish ≈ 1.8× sooner on two free cores, and even 2 runs (1 each) ≈ 1.25× sooner. No
/// minimum of runs per worker is therefore applied. On a loaded machine the workers only get less CPU each, where
/// intra-op threads spin: 20 runs at load ≈ 12 took 17–26 s on 2 workers against 273 s as one model at 2 threads.
/// </para>
/// </remarks>
internal static class ThreadRule
{
    /// <summary>Multiply-adds per step and thread below which another thread costs more than it saves.</summary>
    public const long WorkPerThread = 10_000_000;

    /// <summary>The most threads the rule chooses.</summary>
    public const int MaxThreads = 8;

    /// <summary>
    /// The thread count for a step of <paramref name="multiplyAddsPerStep"/> multiply-adds on <paramref name="cores"/>
    /// cores, where the caller runs libtorch on <paramref name="callerThreads"/> threads.
    /// </summary>
    public static int Choose(long multiplyAddsPerStep, int cores, int callerThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(multiplyAddsPerStep);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(callerThreads, 1);
        return (int)Math.Clamp(multiplyAddsPerStep / WorkPerThread, 1, Budget(cores, callerThreads));
    }

    /// <summary>The most threads an automatic choice uses: the cores, the caller's libtorch count and <see cref="MaxThreads"/>.</summary>
    public static int Budget(int cores, int callerThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(callerThreads, 1);
        return Math.Min(Math.Min(cores, callerThreads), MaxThreads);
    }

    /// <summary>
    /// The workers (threads of one libtorch intra-op thread each, each training a contiguous block of the runs) for
    /// <paramref name="runs"/> independently seeded runs allowed <paramref name="threads"/> threads (the Threads option,
    /// or <see cref="Budget"/>): one per thread, at most one per run.
    /// </summary>
    public static int Workers(int runs, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return Math.Min(runs, threads);
    }

    /// <summary>Multiply-adds of <paramref name="rows"/> rows through dense layers of the given widths (input first).</summary>
    public static long Dense(long rows, params IReadOnlyList<int>[] layerWidths)
    {
        long perRow = 0;
        foreach (var widths in layerWidths)
            for (var k = 0; k + 1 < widths.Count; k++) perRow += (long)widths[k] * widths[k + 1];
        return rows * perRow;
    }
}
