using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// The starting point of every pipeline: catalogs of data operations, transforms and model I/O, the log, the GPU
/// settings, and cancellation. A context created with a seed makes every component it creates deterministic.
/// </summary>
public sealed class MLContext : IHostEnvironment
{
    private readonly EnvironmentRoot _root;
    private readonly Host _host;

    /// <summary>Creates a context; with <paramref name="seed"/> every random choice made through it is reproducible.</summary>
    public MLContext(int? seed = null)
    {
        _root = new EnvironmentRoot(seed, RaiseLog, () => GpuDeviceId, () => FallbackToCpu);
        _host = new Host(_root, "MLContext", _root.NextSeed());
        Data = new DataOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>Loading, saving, splitting, shuffling and filtering data.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Column transforms (concatenation, copying, selection, normalization, and extensions).</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Saving and loading trained models.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>Raised for every message a component logs (all kinds; filter on <see cref="LoggingEventArgs.Kind"/>).</summary>
    public event EventHandler<LoggingEventArgs>? Log;

    /// <summary>The CUDA device index to train on; <see langword="null"/> (default) trains on the CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>When true, a component asked for a GPU that is not available trains on the CPU instead of throwing. Default false.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>
    /// Asks running components to stop: their next cancellation point throws <see cref="OperationCanceledException"/>.
    /// The request cannot be undone; create a new context to continue.
    /// </summary>
    public void CancelExecution() => _root.Cancel();

    int? IHostEnvironment.Seed => _root.Seed;

    bool IHostEnvironment.IsCanceled => _root.Token.IsCancellationRequested;

    CancellationToken IHostEnvironment.CancellationToken => _root.Token;

    void IHostEnvironment.CheckAlive() => _host.CheckAlive();

    IHost IHostEnvironment.Register(string name, int? seed, bool? verbose)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new Host(_root, name, seed ?? _root.NextSeed());
    }

    IChannel IChannelProvider.Start(string name) => new Channel(_root, "MLContext", name);

    IProgressChannel IProgressChannelProvider.StartProgressChannel(string name) => new ProgressChannel(_root, "MLContext", name);

    private void RaiseLog(LoggingEventArgs e) => Log?.Invoke(this, e);
}
