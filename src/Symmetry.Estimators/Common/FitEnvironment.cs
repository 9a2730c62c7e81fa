using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry.Torch;
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

    public FitEnvironment(IHost host, string phase, CancellationToken token)
    {
        this.host = host;
        this.token = token;
        TorchRuntime.EnsureAvailable();
        var (gpu, fallback) = MLNetInternals.GpuSettings(host);
        Device = Devices.Select(gpu, fallback);
        channel = host.Start(phase);
    }

    /// <summary>The host registered for this fit (transformers made by the fit log to it).</summary>
    public IHost Host => host;

    /// <summary>The training device.</summary>
    public torch.Device Device { get; }

    /// <summary>The options' seed, or the next draw of the context's random source.</summary>
    public int Seed(int? seed) => seed ?? host.Rand.Next();

    /// <summary>Writes an Info line to the context's log.</summary>
    public void Info(string message) => channel.Info(message);

    /// <summary>Throws <see cref="OperationCanceledException"/> once the token or the context was cancelled.</summary>
    public void CheckAlive()
    {
        token.ThrowIfCancellationRequested();
        if (MLNetInternals.IsCanceled(host)) throw new OperationCanceledException("The MLContext's execution was cancelled (MLContext.CancelExecution).");
    }

    /// <summary>The training loop for this fit: reports to <paramref name="progress"/> and the log, stops when cancelled.</summary>
    public TrainingLoop Loop(IProgress<TrainingProgress>? progress) => new(progress, Info, token, CheckAlive);

    public void Dispose() => channel.Dispose();
}
