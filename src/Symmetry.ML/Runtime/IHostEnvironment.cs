namespace Symmetry.ML.Runtime;

/// <summary>Something that can open logging channels.</summary>
public interface IChannelProvider
{
    /// <summary>Opens a channel whose messages carry <paramref name="name"/> as their phase. Dispose it when the phase ends.</summary>
    IChannel Start(string name);
}

/// <summary>Something that can open progress channels.</summary>
public interface IProgressChannelProvider
{
    /// <summary>Opens a progress channel for a long-running phase named <paramref name="name"/>.</summary>
    IProgressChannel StartProgressChannel(string name);
}

/// <summary>
/// What a component gets from the <see cref="MLContext"/> that created it: child hosts with their own random
/// source, logging and progress channels, the GPU settings, and the cancellation flag. <see cref="MLContext"/>
/// implements it (explicitly); external components reach it with <c>catalog.GetEnvironment()</c>.
/// </summary>
public interface IHostEnvironment : IChannelProvider, IProgressChannelProvider
{
    /// <summary>
    /// Creates a host for a component named <paramref name="name"/>. Its <see cref="IHost.Rand"/> is seeded with
    /// <paramref name="seed"/> when given, otherwise with the next value of this environment's random source, so a
    /// seeded <see cref="MLContext"/> gives the same sequence of hosts the same random streams.
    /// </summary>
    IHost Register(string name, int? seed = null, bool? verbose = null);

    /// <summary>The seed the context was created with, or <see langword="null"/>.</summary>
    int? Seed { get; }

    /// <summary>The CUDA device to train on, or <see langword="null"/> for the CPU (see <see cref="MLContext.GpuDeviceId"/>).</summary>
    int? GpuDeviceId { get; }

    /// <summary>Whether to train on the CPU when the requested GPU is unavailable instead of throwing.</summary>
    bool FallbackToCpu { get; }

    /// <summary>Whether <see cref="MLContext.CancelExecution"/> has been called.</summary>
    bool IsCanceled { get; }

    /// <summary>A token that is cancelled by <see cref="MLContext.CancelExecution"/>, for APIs that take one.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>The cancellation point: throws <see cref="OperationCanceledException"/> ("Operation was cancelled.") after <see cref="MLContext.CancelExecution"/>.</summary>
    void CheckAlive();
}

/// <summary>A component's own environment: named, with its own random source.</summary>
public interface IHost : IHostEnvironment
{
    /// <summary>The component's name; it is the <see cref="LoggingEventArgs.Source"/> of the messages it logs.</summary>
    string Name { get; }

    /// <summary>
    /// The component's random source, derived from the context's seed. Not thread-safe; use it from one thread or
    /// draw seeds from it for per-thread generators.
    /// </summary>
    Random Rand { get; }
}

/// <summary>A logging channel for one phase of a component's work.</summary>
public interface IChannel : IDisposable
{
    /// <summary>Logs a detailed diagnostic message.</summary>
    void Trace(string message);

    /// <summary>Logs a progress or result message.</summary>
    void Info(string message);

    /// <summary>Logs a warning.</summary>
    void Warning(string message);

    /// <summary>Logs an error.</summary>
    void Error(string message);

    /// <summary>Logs a message of <paramref name="kind"/>.</summary>
    void Send(ChannelMessageKind kind, string message);
}
