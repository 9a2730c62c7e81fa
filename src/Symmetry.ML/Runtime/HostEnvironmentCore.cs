using System.Globalization;
using System.Text;

namespace Symmetry.ML.Runtime;

/// <summary>
/// The state shared by a context and all hosts registered under it: the log sink, cancellation and GPU settings.
/// </summary>
internal sealed class EnvironmentRoot
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Random _rand;
    private readonly object _randLock = new();

    public EnvironmentRoot(int? seed, Action<LoggingEventArgs> log, Func<int?> gpu, Func<bool> fallback)
    {
        Seed = seed;
        _rand = seed.HasValue ? new Random(seed.Value) : new Random();
        Log = log;
        GpuDeviceId = gpu;
        FallbackToCpu = fallback;
    }

    public int? Seed { get; }

    public Action<LoggingEventArgs> Log { get; }

    public Func<int?> GpuDeviceId { get; }

    public Func<bool> FallbackToCpu { get; }

    public CancellationToken Token => _cancel.Token;

    public void Cancel() => _cancel.Cancel();

    /// <summary>Draws a seed for a new host; locked because hosts may be registered from several threads.</summary>
    public int NextSeed()
    {
        lock (_randLock)
            return _rand.Next();
    }
}

/// <summary>An <see cref="IHost"/>: a named child of a context with its own random source.</summary>
internal sealed class Host : IHost
{
    private readonly EnvironmentRoot _root;
    private readonly Random _rand;
    private readonly object _randLock = new();

    public Host(EnvironmentRoot root, string name, int seed)
    {
        _root = root;
        Name = name;
        _rand = new Random(seed);
    }

    public string Name { get; }

    public Random Rand => _rand;

    public int? Seed => _root.Seed;

    public int? GpuDeviceId => _root.GpuDeviceId();

    public bool FallbackToCpu => _root.FallbackToCpu();

    public bool IsCanceled => _root.Token.IsCancellationRequested;

    public CancellationToken CancellationToken => _root.Token;

    public void CheckAlive()
    {
        if (_root.Token.IsCancellationRequested)
            throw Contracts.ExceptCanceled(_root.Token);
    }

    public IHost Register(string name, int? seed = null, bool? verbose = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int s;
        if (seed.HasValue)
            s = seed.Value;
        else
            lock (_randLock)
                s = _rand.Next();
        return new Host(_root, Name + "/" + name, s);
    }

    public IChannel Start(string name) => new Channel(_root, Name, name);

    public IProgressChannel StartProgressChannel(string name) => new ProgressChannel(_root, Name, name);
}

/// <summary>Sends messages to the context's <see cref="MLContext.Log"/> with source "host" or "host: channel".</summary>
internal sealed class Channel(EnvironmentRoot root, string hostName, string channelName) : IChannel
{
    private readonly string _source = string.IsNullOrEmpty(channelName) ? hostName : hostName + "; " + channelName;
    private bool _disposed;

    public void Send(ChannelMessageKind kind, string message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        root.Log(new LoggingEventArgs(message, kind, _source));
    }

    public void Trace(string message) => Send(ChannelMessageKind.Trace, message);

    public void Info(string message) => Send(ChannelMessageKind.Info, message);

    public void Warning(string message) => Send(ChannelMessageKind.Warning, message);

    public void Error(string message) => Send(ChannelMessageKind.Error, message);

    public void Dispose() => _disposed = true;
}

/// <summary>Turns checkpoints into trace messages such as "epochs: 3/10; loss=0.125".</summary>
internal sealed class ProgressChannel(EnvironmentRoot root, string hostName, string name) : IProgressChannel
{
    private ProgressHeader _header = new(Array.Empty<string>(), Array.Empty<string>());
    private Action<IProgressEntry>? _fill;

    public void SetHeader(ProgressHeader header, Action<IProgressEntry>? fillAction)
    {
        ArgumentNullException.ThrowIfNull(header);
        _header = header;
        _fill = fillAction;
    }

    public void Checkpoint(params double?[] values)
    {
        var entry = new Entry(_header);
        _fill?.Invoke(entry);
        for (int i = 0; i < values.Length && i < _header.MetricNames.Count; i++)
            if (values[i] is double v)
                entry.SetMetric(i, v);
        root.Log(new LoggingEventArgs(entry.Format(), ChannelMessageKind.Trace, hostName + "; " + name));
    }

    public void Dispose()
    {
    }

    private sealed class Entry(ProgressHeader header) : IProgressEntry
    {
        private readonly (double Value, double Lim)?[] _progress = new (double, double)?[header.UnitNames.Count];
        private readonly double?[] _metrics = new double?[header.MetricNames.Count];

        public void SetProgress(int index, double value, double lim = double.NaN) => _progress[index] = (value, lim);

        public void SetMetric(int index, double value) => _metrics[index] = value;

        public string Format()
        {
            var parts = new List<string>();
            for (int i = 0; i < _progress.Length; i++)
                if (_progress[i] is var (v, lim))
                    parts.Add(double.IsNaN(lim)
                        ? string.Create(CultureInfo.InvariantCulture, $"{header.UnitNames[i]}: {v}")
                        : string.Create(CultureInfo.InvariantCulture, $"{header.UnitNames[i]}: {v}/{lim}"));
            var sb = new StringBuilder(string.Join(", ", parts));
            for (int i = 0; i < _metrics.Length; i++)
                if (_metrics[i] is double m)
                    sb.Append(sb.Length > 0 ? "; " : "").Append(header.MetricNames[i]).Append('=').Append(m.ToString("G6", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
