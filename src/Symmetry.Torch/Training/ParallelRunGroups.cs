using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Trains groups of independent runs on several threads at once: group g on worker g mod W, each worker its groups in
/// order, each group its own model, generators and dispose scopes (TorchSharp's scopes are per thread, and CPU
/// autograd runs its backward pass on the thread that calls it). libtorch's intra-op count on every worker is the
/// caller's (at one thread, which the callers choose, a run gives the same bits whichever worker trains it and
/// whichever runs share its group).
/// <para>
/// Progress: the groups W·k … W·k + W − 1 (a "wave", contiguous runs) are reported together, once per epoch, when all of
/// them have finished it, as the wave's runs trained as one batched model would be (the mean of each term over the
/// wave's runs, in run order): when the runs fit one wave (at most 64 a worker), the reports and log lines are those of
/// one worker training them all as one model, and with several waves a wave's first report comes after the previous
/// wave's last, so <see cref="TrainingProgress.Fraction"/> only grows. They are logged and reported on the calling
/// thread, which waits for the workers and delivers nothing more once the fit is cancelled or failed.
/// </para>
/// <para>
/// Failure: the first exception (a worker's, the progress handler's, or the cancellation) stops every worker before its
/// next step; when all have stopped, every model already trained is disposed and that exception is rethrown as it was
/// thrown (no <see cref="AggregateException"/>).
/// </para>
/// </summary>
internal static class ParallelRunGroups
{
    /// <summary>
    /// <paramref name="runs"/> runs in contiguous groups of at most <paramref name="maxGroup"/>, as equal as can be, for
    /// <paramref name="workers"/> workers: a multiple of <paramref name="workers"/> groups (so that every wave is full)
    /// unless there are fewer runs than that, then one group per run.
    /// </summary>
    public static (int First, int Count)[] Split(int runs, int workers, int maxGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        var needed = (runs + maxGroup - 1) / maxGroup;
        var count = (int)Math.Min(runs, (long)workers * ((needed + workers - 1) / workers));
        var groups = new (int, int)[count];
        for (int g = 0, first = 0; g < count; g++)
        {
            var size = runs / count + (g < runs % count ? 1 : 0);
            groups[g] = (first, size);
            first += size;
        }
        return groups;
    }

    /// <summary>
    /// Trains <paramref name="groups"/> (contiguous, in run order) on <paramref name="workers"/> threads:
    /// <paramref name="train"/>(worker's loop, g) trains group g and returns its runs, in order. Returns each group's runs.
    /// </summary>
    /// <param name="loop">The fit's loop: its token and caller's check stop every worker, and the waves' epochs are
    /// logged and reported through it, on this thread.</param>
    /// <param name="workers">Threads (at most one per group).</param>
    /// <param name="groups">Each group's first run and run count.</param>
    /// <param name="train">Trains group g with the loop given (on a worker thread) and returns its runs.</param>
    /// <param name="dispose">Frees one trained run (when another group failed).</param>
    public static List<T>[] Train<T>(TrainingLoop loop, int workers, IReadOnlyList<(int First, int Count)> groups,
                                     Func<TrainingLoop, int, List<T>> train, Action<T> dispose)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dispose);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        workers = Math.Min(workers, groups.Count);
        var threadsEach = torch.get_num_threads();
        var results = new List<T>?[groups.Count];
        var waves = new Waves(groups, workers);
        using var stop = new CancellationTokenSource();
        var gate = new Lock();
        ExceptionDispatchInfo? first = null;
        // Called from an exception filter: before the failing worker's own clean-up unwinds, the others already stop.
        bool Fail(Exception e)
        {
            lock (gate) first ??= ExceptionDispatchInfo.Capture(e);
            stop.Cancel();
            return true;
        }

        var running = workers;
        var threads = new List<Thread>(workers);
        try
        {
            for (var w = 0; w < workers; w++)
            {
                var worker = w;
                var thread = new Thread(() =>
                {
                    try
                    {
                        // libtorch keeps its OpenMP and MKL counts per thread: give this one the caller's.
                        torch.set_num_threads(threadsEach);
                        for (var g = worker; g < groups.Count; g += workers)
                        {
                            stop.Token.ThrowIfCancellationRequested();
                            var group = g;
                            results[g] = train(loop.ForWorker(stop.Token, end => waves.EpochEnded(group, end)), g);
                        }
                    }
                    catch (Exception e) when (Fail(e))
                    {
                    }
                    finally
                    {
                        if (Interlocked.Decrement(ref running) == 0) waves.Ended.CompleteAdding();
                    }
                })
                { IsBackground = true, Name = $"Symmetry training worker {worker + 1}/{workers}" };
                thread.Start();
                threads.Add(thread);
            }
        }
        catch (Exception e)
        {
            // A thread that could not start (out of memory): the started ones stop; count the others as ended.
            Fail(e);
            if (Interlocked.Add(ref running, threads.Count - workers) == 0) waves.Ended.CompleteAdding();
        }

        foreach (var end in waves.Ended.GetConsumingEnumerable())
        {
            if (stop.IsCancellationRequested) continue;
            try
            {
                loop.ThrowIfCancelled();    // a cancellation in the previous report: deliver no later epoch
                loop.Publish(end);
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }
        foreach (var thread in threads) thread.Join();
        waves.Ended.Dispose();
        if (first is null) return results!;
        foreach (var group in results)
            foreach (var run in group ?? [])
                dispose(run);
        first.Throw();
        throw new UnreachableException();
    }

    // Collects the groups' epoch ends into their waves' and queues a wave's epoch once all its groups have ended it.
    private sealed class Waves(IReadOnlyList<(int First, int Count)> groups, int workers)
    {
        private readonly Dictionary<(int Wave, int Epoch), (int Ended, IReadOnlyDictionary<string, double>[] Means)> pending = [];

        public BlockingCollection<GroupEpochEnd> Ended { get; } = [];

        public void EpochEnded(int group, GroupEpochEnd end)
        {
            var firstGroup = group / workers * workers;
            var lastGroup = Math.Min(groups.Count, firstGroup + workers) - 1;
            var waveFirst = groups[firstGroup].First;
            var key = (firstGroup, end.Epoch);
            lock (pending)
            {
                if (!pending.TryGetValue(key, out var state))
                    state = (0, new IReadOnlyDictionary<string, double>[groups[lastGroup].First + groups[lastGroup].Count - waveFirst]);
                for (var r = 0; r < end.Means.Count; r++) state.Means[groups[group].First - waveFirst + r] = end.Means[r];
                state.Ended++;
                if (state.Ended <= lastGroup - firstGroup)
                {
                    pending[key] = state;
                    return;
                }
                pending.Remove(key);
                Ended.Add(end with { FirstRun = waveFirst, Means = state.Means });
            }
        }
    }
}
