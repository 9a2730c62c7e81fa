using System.Diagnostics;
using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// What one <c>Fit</c> reads from its ML.NET context at fit time (not at construction, as ML.NET copies a
/// context's settings into a host when it is registered): the device from <c>GpuDeviceId</c>/<c>FallbackToCpu</c>,
/// the seed (the options' or one drawn from the context's <c>IHost.Rand</c>), log lines on the context's
/// <c>Log</c>, and cancellation from both the options' token and <c>ml.CancelExecution()</c>.
/// </summary>
internal sealed class FitEnvironment : IDisposable
{
    private readonly IHost host;
    private readonly IChannel channel;
    private readonly CancellationToken token;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly int? seed;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int? drawn;

    /// <summary>The environment of one fit with <paramref name="options"/> (its seed, progress and token).</summary>
    public FitEnvironment(IHost host, SymmetryOptions options)
        : this(host, "Fit", options.CancellationToken, options.Progress, options.Seed)
    {
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

    public void Dispose() => channel.Dispose();
}
