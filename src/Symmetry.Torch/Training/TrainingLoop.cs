using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The mini-batch loop every method trains with: a seeded shuffle per epoch (<c>randperm</c> drawn from the run's
/// <see cref="torch.Generator"/>), one dispose scope per step (so training leaves no tensors behind), cancellation
/// checked before every step (it stops within one step), a log line and a <see cref="TrainingProgress"/> report per
/// epoch, and a divergence check on every loss value.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly IProgress<TrainingProgress>? progress;
    private readonly Action<string>? log;
    private readonly CancellationToken cancellation;
    private readonly Action? beforeStep;
    private readonly Stopwatch clock;
    private readonly Action<GroupEpochEnd>? epochEnd;

    /// <summary>Creates a loop.</summary>
    /// <param name="progress">Receives a report at the end of every epoch (on the training thread).</param>
    /// <param name="log">Receives one line per epoch (run, epoch, mean loss terms).</param>
    /// <param name="cancellation">Checked before every step; when cancelled, <see cref="OperationCanceledException"/> is thrown.</param>
    /// <param name="beforeStep">Called before every step, after the token check: a caller's own cancellation point
    /// (e.g. ML.NET's <c>IHost.CheckAlive</c>); whatever it throws ends training.</param>
    /// <param name="clock">The clock behind <see cref="TrainingProgress.Elapsed"/>; by default one started now.</param>
    public TrainingLoop(IProgress<TrainingProgress>? progress, Action<string>? log, CancellationToken cancellation,
                        Action? beforeStep = null, Stopwatch? clock = null)
    {
        this.progress = progress;
        this.log = log;
        this.cancellation = cancellation;
        this.beforeStep = beforeStep;
        this.clock = clock ?? Stopwatch.StartNew();
    }

    // A worker's loop (ForWorker): the owner's token, clock and caller's check, plus the worker pool's stop; its epoch
    // ends go to epochEnd instead of the log and progress (the pool reports them on the owner's thread).
    private TrainingLoop(TrainingLoop owner, CancellationToken stop, Action<GroupEpochEnd> epochEnd)
    {
        cancellation = owner.cancellation;
        var ownerCheck = owner.beforeStep;
        beforeStep = () =>
        {
            stop.ThrowIfCancellationRequested();
            ownerCheck?.Invoke();
        };
        clock = owner.clock;
        this.epochEnd = epochEnd;
    }

    /// <summary>
    /// A loop for one of several threads training groups of runs at once (<see cref="ParallelRunGroups"/>): it checks
    /// this loop's token and caller's check before every step, and <paramref name="stop"/> too (the pool stops the
    /// other workers when one fails), and hands each epoch's end to <paramref name="epochEnd"/> instead of logging and
    /// reporting it.
    /// </summary>
    internal TrainingLoop ForWorker(CancellationToken stop, Action<GroupEpochEnd> epochEnd)
    {
        ArgumentNullException.ThrowIfNull(epochEnd);
        return new TrainingLoop(this, stop, epochEnd);
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> once the fit was cancelled: for work around training (analysis, scoring).</summary>
    public void ThrowIfCancelled()
    {
        cancellation.ThrowIfCancellationRequested();
        beforeStep?.Invoke();
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs over the rows of <paramref name="data"/> (rows × …, already on the
    /// training device). Each epoch shuffles the rows with <c>randperm(rows, generator)</c> (drawn on the CPU, so a seed
    /// means the same order on any device) unless one batch holds them all (then <paramref name="step"/> gets
    /// <paramref name="data"/> itself, unshuffled, every epoch); <paramref name="step"/> then receives each batch (rows in that order,
    /// <paramref name="batchSize"/> at a time, the last one shorter), performs the forward pass, backward pass and
    /// optimizer step(s), and returns the batch's loss terms by name. Tensors made inside <paramref name="step"/> are
    /// disposed after it returns (unless moved out of the step's dispose scope).
    /// </summary>
    /// <returns>Per epoch, the mean of each term over its batches, weighted by batch size.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled (checked before every step).</exception>
    /// <exception cref="InvalidOperationException">A loss term was NaN or infinite (the message names the term, epoch and batch).</exception>
    public IReadOnlyList<EpochLosses> Run(torch.Tensor data, int batchSize, int epochs, torch.Generator generator,
                                          Func<torch.Tensor, IReadOnlyDictionary<string, double>> step, int run = 0, int runs = 1)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Shuffled(data, batchSize, epochs, generator, (begin, batchOf) =>
            RunGroup(data.shape[0], batchSize, epochs, run, 1, runs, begin, (start, length) => [step(batchOf(start, length))]));
    }

    /// <summary>
    /// <see cref="Run(torch.Tensor, int, int, torch.Generator, Func{torch.Tensor, IReadOnlyDictionary{string, double}}, int, int)"/>
    /// with the losses left on the device: <paramref name="step"/> returns the batch's loss values as a float32 vector
    /// in the order of <paramref name="termNames"/>, and the loop reads them back once per epoch (one device
    /// synchronisation per epoch instead of one per step); the divergence check then runs at the epoch's end, still
    /// naming the first bad batch.
    /// </summary>
    public IReadOnlyList<EpochLosses> Run(torch.Tensor data, int batchSize, int epochs, torch.Generator generator,
                                          Func<torch.Tensor, torch.Tensor> step, IReadOnlyList<string> termNames, int run = 0, int runs = 1)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(termNames);
        var names = termNames.ToArray();
        IReadOnlyDictionary<string, double> Decode(ReadOnlySpan<float> values, long rows)
        {
            var named = new Dictionary<string, double>(names.Length, StringComparer.Ordinal);
            for (var k = 0; k < names.Length; k++) named[names[k]] = values[k];
            return named;
        }
        return Shuffled(data, batchSize, epochs, generator, (begin, batchOf) =>
            RunGroup(data.shape[0], batchSize, epochs, run, 1, runs, begin, (start, length) => step(batchOf(start, length)).detach().to(torch.float32).view(1, names.Length), Decode));
    }

    // The per-epoch shuffle both Run overloads share: core gets the epoch hook and the rows [start, start + length)
    // of this epoch's order. One batch holding every row is passed as is: its order changes no mean, and which
    // per-row noise draw meets which row is as random either way, so the shuffle (a randperm and a copy of the data
    // per epoch, a measurable share of a small full-batch step) is skipped and the generator is not drawn.
    private static IReadOnlyList<EpochLosses> Shuffled(torch.Tensor data, int batchSize, int epochs, torch.Generator generator,
        Func<Action<int>, Func<long, long, torch.Tensor>, IReadOnlyList<EpochLosses>[]> core)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(generator);
        if (data.ndim < 1 || data.shape[0] < 1) throw new ArgumentException("The training data must have at least one row.", nameof(data));
        Runtime.Ensure();
        var rows = data.shape[0];
        if (batchSize >= rows) return core(_ => { }, (_, _) => data)[0];
        torch.Tensor? perm = null;
        try
        {
            return core(
                _ =>
                {
                    perm?.Dispose();
                    using var cpu = torch.randperm(rows, generator: generator);
                    perm = (data.device_type == DeviceType.CPU ? cpu.alias() : cpu.to(data.device)).DetachFromDisposeScope();
                },
                (start, length) =>
                {
                    using var index = perm!.narrow(0, start, length);
                    return data.index_select(0, index);
                })[0];
        }
        finally
        {
            perm?.Dispose();
        }
    }

    /// <summary>
    /// The loop for <paramref name="groupSize"/> runs trained together (runs <paramref name="firstRun"/> …): the
    /// caller draws each epoch's shuffles in <paramref name="beginEpoch"/> (outside any step scope; it owns what it
    /// makes there) and <paramref name="step"/> trains rows [start, start + length) of them, returning one loss
    /// dictionary per run. Returns one history per run.
    /// </summary>
    internal IReadOnlyList<EpochLosses>[] RunGroup(long rows, int batchSize, int epochs, int firstRun, int groupSize, int runs,
                                                   Action<int> beginEpoch, Func<long, long, IReadOnlyDictionary<string, double>[]> step) =>
        Core(rows, batchSize, epochs, firstRun, groupSize, runs, beginEpoch, step, null, null);

    /// <summary>
    /// <see cref="RunGroup(long, int, int, int, int, int, Action{int}, Func{long, long, IReadOnlyDictionary{string, double}[]})"/>
    /// with the losses left on the device: <paramref name="step"/> returns a float32 tensor [groupSize, T] of raw loss
    /// values, which are read back once per epoch (one device sync per epoch, not per step) and turned into named
    /// terms by <paramref name="decode"/> (a run's T values and the batch's row count). The divergence check then runs
    /// at the end of the epoch, still naming the first bad batch.
    /// </summary>
    internal IReadOnlyList<EpochLosses>[] RunGroup(long rows, int batchSize, int epochs, int firstRun, int groupSize, int runs,
                                                   Action<int> beginEpoch, Func<long, long, torch.Tensor> step,
                                                   Func<ReadOnlySpan<float>, long, IReadOnlyDictionary<string, double>> decode) =>
        Core(rows, batchSize, epochs, firstRun, groupSize, runs, beginEpoch, null, step, decode);

    private IReadOnlyList<EpochLosses>[] Core(long rows, int batchSize, int epochs, int firstRun, int groupSize, int runs, Action<int> beginEpoch,
                                              Func<long, long, IReadOnlyDictionary<string, double>[]>? eager,
                                              Func<long, long, torch.Tensor>? deferred,
                                              Func<ReadOnlySpan<float>, long, IReadOnlyDictionary<string, double>>? decode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRun);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, firstRun + groupSize);
        var stepsPerEpoch = checked((int)((rows + batchSize - 1) / batchSize));
        var histories = new List<EpochLosses>[groupSize];
        for (var r = 0; r < groupSize; r++) histories[r] = new List<EpochLosses>(epochs);
        var sums = new Dictionary<string, double>[groupSize];
        var pending = deferred is null ? null : new List<torch.Tensor>(stepsPerEpoch);
        long steps = 0;
        using var memory = MallocTuning.ForTraining();     // freed activations are reused, not faulted in again each step
        try
        {
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                for (var r = 0; r < groupSize; r++) sums[r] = new Dictionary<string, double>(StringComparer.Ordinal);
                cancellation.ThrowIfCancellationRequested();
                beginEpoch(epoch);
                for (var b = 0; b < stepsPerEpoch; b++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    beforeStep?.Invoke();
                    var start = (long)b * batchSize;
                    var length = Math.Min(batchSize, rows - start);
                    IReadOnlyDictionary<string, double>[]? losses = null;
                    using (torch.NewDisposeScope())
                    {
                        if (eager is not null) losses = eager(start, length);
                        else pending!.Add(deferred!(start, length).DetachFromDisposeScope());
                    }
                    if (losses is not null) Accumulate(losses, sums, epoch, b, stepsPerEpoch, length, firstRun, runs);
                    steps++;
                }
                if (pending is not null)
                {
                    var values = ReadBack(pending);
                    var width = values.Length / (stepsPerEpoch * groupSize);
                    for (var b = 0; b < stepsPerEpoch; b++)
                    {
                        var length = Math.Min(batchSize, rows - (long)b * batchSize);
                        var losses = new IReadOnlyDictionary<string, double>[groupSize];
                        for (var r = 0; r < groupSize; r++) losses[r] = decode!(values.AsSpan((b * groupSize + r) * width, width), length);
                        Accumulate(losses, sums, epoch, b, stepsPerEpoch, length, firstRun, runs);
                    }
                }
                var means = new Dictionary<string, double>[groupSize];
                for (var r = 0; r < groupSize; r++)
                {
                    means[r] = sums[r].ToDictionary(kv => kv.Key, kv => kv.Value / rows, StringComparer.Ordinal);
                    histories[r].Add(new EpochLosses(epoch, means[r]));
                }
                var end = new GroupEpochEnd(firstRun, runs, epoch, epochs, steps, stepsPerEpoch, means);
                if (epochEnd is not null) epochEnd(end);
                else Publish(end);
            }
            return histories;
        }
        finally
        {
            if (pending is not null)
                foreach (var t in pending) t.Dispose();
        }
    }

    /// <summary>
    /// Logs and reports the end of an epoch of runs <see cref="GroupEpochEnd.FirstRun"/> … (one line, one
    /// <see cref="TrainingProgress"/>; for several runs, the mean of each term over them).
    /// </summary>
    internal void Publish(GroupEpochEnd end)
    {
        var means = end.Means;
        var shown = means.Count == 1 ? means[0] : means[0].Keys.ToDictionary(k => k, k => means.Average(m => m.GetValueOrDefault(k)), StringComparer.Ordinal);
        if (log is not null)
        {
            var who = means.Count == 1 ? $"run {end.FirstRun + 1}/{end.Runs}" : $"runs {end.FirstRun + 1}-{end.FirstRun + means.Count}/{end.Runs} (batched; mean over them)";
            log(string.Create(CultureInfo.InvariantCulture,
                $"{who} epoch {end.Epoch}/{end.Epochs}: {string.Join(", ", shown.Select(kv => $"{kv.Key} = {kv.Value:G5}"))}"));
        }
        progress?.Report(new TrainingProgress(end.FirstRun, end.Runs, end.Epoch, end.Epochs, end.Steps, end.StepsPerEpoch, shown, clock.Elapsed, true, means.Count));
    }

    private static float[] ReadBack(List<torch.Tensor> pending)
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            var all = torch.stack(pending, 0).to(torch.ScalarType.Float32, torch.CPU).contiguous();
            return MemoryMarshal.Cast<byte, float>(all.bytes).ToArray();
        }
        finally
        {
            foreach (var t in pending) t.Dispose();
            pending.Clear();
        }
    }

    private static void Accumulate(IReadOnlyDictionary<string, double>[] losses, Dictionary<string, double>[] sums, int epoch, int batch, int stepsPerEpoch, long length, int firstRun, int runs)
    {
        if (losses.Length != sums.Length)
            throw new InvalidOperationException($"The training step returned losses for {losses.Length} run(s); expected {sums.Length}.");
        for (var r = 0; r < sums.Length; r++)
        {
            foreach (var (name, value) in losses[r])
            {
                if (!double.IsFinite(value))
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"The '{name}' loss became {value} in epoch {epoch}, batch {batch + 1} of {stepsPerEpoch} (run {firstRun + r + 1} of {runs}): training diverged. Lower the learning rate or standardize the inputs."));
                sums[r][name] = sums[r].GetValueOrDefault(name) + value * length;
            }
        }
    }
}

/// <summary>The end of one epoch of runs trained together.</summary>
/// <param name="FirstRun">Zero-based index of the first of these runs (they are FirstRun … FirstRun + Means.Count − 1).</param>
/// <param name="Runs">Runs of the whole training.</param>
/// <param name="Epoch">One-based epoch just ended.</param>
/// <param name="Epochs">Epochs per run.</param>
/// <param name="Steps">Optimizer steps taken so far by these runs.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch.</param>
/// <param name="Means">Per run, the epoch's mean of each loss term.</param>
internal sealed record GroupEpochEnd(int FirstRun, int Runs, int Epoch, int Epochs, long Steps, int StepsPerEpoch, IReadOnlyList<IReadOnlyDictionary<string, double>> Means);
