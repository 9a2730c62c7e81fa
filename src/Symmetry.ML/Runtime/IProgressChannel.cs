namespace Symmetry.ML.Runtime;

/// <summary>
/// Reports the progress of a long-running phase. Call <see cref="SetHeader"/> once, then <see cref="Checkpoint"/>
/// at natural points (for example each epoch); each checkpoint becomes a <see cref="ChannelMessageKind.Trace"/> log
/// message of the context, with the progress the fill action reports and the metric values given.
/// </summary>
public interface IProgressChannel : IDisposable
{
    /// <summary>Declares the metrics and progress units; <paramref name="fillAction"/> reports the current progress on each checkpoint.</summary>
    void SetHeader(ProgressHeader header, Action<IProgressEntry>? fillAction);

    /// <summary>Records a checkpoint with the values of the header's metrics (in order; null for unknown).</summary>
    void Checkpoint(params double?[] values);
}

/// <summary>The names of the metrics and progress units a <see cref="IProgressChannel"/> reports.</summary>
public sealed class ProgressHeader
{
    /// <summary>A header with metrics (for example "loss") and units of progress (for example "epochs").</summary>
    public ProgressHeader(string[]? metricNames, string[]? unitNames)
    {
        MetricNames = [.. metricNames ?? []];
        UnitNames = [.. unitNames ?? []];
    }

    /// <summary>A header with progress units only.</summary>
    public ProgressHeader(params string[] unitNames) : this(null, unitNames)
    {
    }

    /// <summary>The metric names.</summary>
    public IReadOnlyList<string> MetricNames { get; }

    /// <summary>The progress unit names, outermost first.</summary>
    public IReadOnlyList<string> UnitNames { get; }
}

/// <summary>Filled by a progress header's fill action with the current progress.</summary>
public interface IProgressEntry
{
    /// <summary>Progress in unit <paramref name="index"/>: <paramref name="value"/> of <paramref name="lim"/> (NaN when unknown).</summary>
    void SetProgress(int index, double value, double lim = double.NaN);

    /// <summary>The current value of metric <paramref name="index"/>.</summary>
    void SetMetric(int index, double value);
}
