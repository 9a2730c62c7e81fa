using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// What one <c>Fit</c> reads from its ML.NET context at fit time (not at construction, as ML.NET copies a
/// context's settings into a host when it is registered): the device from <c>GpuDeviceId</c>/<c>FallbackToCpu</c>,
/// the seed (the options' or one drawn from the context's <c>IHost.Rand</c>), log lines on the context's
/// <c>Log</c>, cancellation from both the options' token and <c>ml.CancelExecution()</c>, and libtorch's CPU thread
/// count for the training (<see cref="UseThreads"/>), restored to the caller's when the fit ends, however it ends.
/// </summary>
internal sealed class FitEnvironment : IDisposable
{
    private readonly IHost host;
    private readonly IChannel channel;
    private readonly CancellationToken token;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly int? seed;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly int? threads;
    private int? callerThreads;
    private int? drawn;

    /// <summary>The environment of one fit with <paramref name="options"/> (its seed, progress and token).</summary>
    public FitEnvironment(IHost host, SymmetryOptions options)
        : this(host, "Fit", options.CancellationToken, options.Progress, options.Seed)
    {
        threads = options.Threads;
    }

    public FitEnvironment(IHost host, string phase, CancellationToken token, IProgress<TrainingProgress>? progress = null, int? seed = null)
    {
        this.host = host;
        this.token = token;
        this.progress = progress;
        this.seed = seed;
        TorchRuntime.EnsureAvailable();
        var (gpu, fallback) = MLNetInternals.GpuSettings(host);
        Device = Devices.Select(gpu, fallback);
        channel = host.Start(phase);
    }

    /// <summary>The host registered for this fit (transformers made by the fit log to it).</summary>
    public IHost Host => host;

    /// <summary>The training device.</summary>
    public torch.Device Device { get; }

    /// <summary>The options' seed, or one draw of the context's random source (made once, at first use).</summary>
    public int Seed => seed ?? (drawn ??= host.Rand.Next());

    /// <summary>Time since the fit started.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>The thread count the training runs with, once <see cref="UseThreads"/> has set it.</summary>
    public TrainingThreads? Threads { get; private set; }

    /// <summary>
    /// Sets libtorch's (process-wide) intra-op thread count for the training: the options' <c>Threads</c>, or on the CPU
    /// <see cref="ThreadRule.Choose"/> of <paramref name="multiplyAddsPerStep"/> (a CUDA fit keeps the caller's count:
    /// its products do not run on these threads). The caller's count comes back at <see cref="Dispose"/>. Said in one log line.
    /// </summary>
    public TrainingThreads UseThreads(string method, long multiplyAddsPerStep)
    {
        var current = torch.get_num_threads();
        callerThreads ??= current;
        var cpu = Device.type == DeviceType.CPU;
        var idle = "";
        var count = threads ?? (cpu ? CapByIdleCores(ThreadRule.Choose(multiplyAddsPerStep, Environment.ProcessorCount, callerThreads.Value), out idle) : current);
        if (count != current) torch.set_num_threads(count);
        Threads = new TrainingThreads(count, threads is null);
        var why = threads is not null ? "the Threads option"
                : cpu ? string.Create(CultureInfo.InvariantCulture, $"automatic: ≈ {multiplyAddsPerStep:G3} multiply-adds per step, {Environment.ProcessorCount} core(s){idle}, caller's count {callerThreads}")
                : "automatic: the caller's count, as the products run on " + Device;
        Info($"{method}: {count} CPU thread(s) ({why}).");
        return Threads;
    }

    /// <summary>
    /// For <paramref name="runs"/> independently seeded runs trained on parallel workers (LatentRelevance's batched
    /// runs, <c>LatentRelevanceTrainingOptions.Workers</c>): on the CPU, sets libtorch's (process-wide) intra-op count
    /// to one thread and returns the options' <c>Threads</c>, or <see cref="ThreadRule.Budget"/>, as workers, at most one
    /// per run (<see cref="ThreadRule.Workers"/>); at one libtorch thread a run's result does not depend on the workers,
    /// so the fit gives the same bits for any count. On a GPU: <see cref="UseThreads"/> (one worker). The caller's count
    /// comes back at <see cref="Dispose"/>. Said in one log line.
    /// </summary>
    public TrainingThreads UseWorkers(string method, int runs)
    {
        if (Device.type != DeviceType.CPU) return UseThreads(method, 0);
        var current = torch.get_num_threads();
        callerThreads ??= current;
        var idle = "";
        var workers = threads is { } set ? ThreadRule.Workers(runs, set)
                    : CapByIdleCores(ThreadRule.Workers(runs, ThreadRule.Budget(Environment.ProcessorCount, callerThreads.Value)), out idle);
        if (current != 1) torch.set_num_threads(1);
        Threads = new TrainingThreads(workers, threads is null) { Workers = workers };
        var why = threads is not null ? "the Threads option"
                : string.Create(CultureInfo.InvariantCulture, $"automatic: {Environment.ProcessorCount} core(s){idle}, caller's count {callerThreads}");
        Info(string.Create(CultureInfo.InvariantCulture,
            $"{method}: {workers} CPU thread(s) ({why}; {workers} worker(s) × 1 libtorch thread, each training a block of the {runs} run(s): the same results for any count)."));
        return Threads;
    }

    /// <summary>
    /// An automatic count above 1 capped at the cores the machine leaves idle (<see cref="IdleCores"/>, measured over
    /// 0.2 s only then): threads beyond them wait for the scheduler. <paramref name="note"/> says what was measured.
    /// </summary>
    private static int CapByIdleCores(int count, out string note)
    {
        note = "";
        if (count <= 1) return count;
        var idle = IdleCores.Measure(Environment.ProcessorCount, IdleCores.Window);
        if (idle is { } free) note = string.Create(CultureInfo.InvariantCulture, $" ({free:F1} idle)");
        return IdleCores.Cap(count, idle);
    }

    /// <summary>Writes an Info line to the context's log.</summary>
    public void Info(string message) => channel.Info(message);

    /// <summary>
    /// The batch size a fit on <paramref name="rows"/> rows trains with: <paramref name="batchSize"/>, or all the rows
    /// when there are fewer (ML.NET's <c>estimator.Preview(data)</c> fits on the first 100), said in one log line.
    /// </summary>
    public int BatchFor(string method, string option, int batchSize, int rows)
    {
        if (batchSize <= rows) return batchSize;
        Info($"{method}: {option} {batchSize} is more than the {rows} rows; training in batches of {rows}.");
        return rows;
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> once the token or the context was cancelled.</summary>
    public void CheckAlive()
    {
        token.ThrowIfCancellationRequested();
        if (MLNetInternals.IsCanceled(host)) throw new OperationCanceledException("The MLContext's execution was cancelled (MLContext.CancelExecution).");
    }

    /// <summary>The training loop for this fit: reports to the options' progress and the log, stops when cancelled.</summary>
    public TrainingLoop Loop() => new(progress, Info, token, CheckAlive);

    public void Dispose()
    {
        if (callerThreads is { } caller && torch.get_num_threads() != caller) torch.set_num_threads(caller);
        channel.Dispose();
    }
}
