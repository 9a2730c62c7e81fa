namespace Symmetry.ML.Runtime;

/// <summary>The severity of a log message.</summary>
public enum ChannelMessageKind
{
    /// <summary>Detailed diagnostic output.</summary>
    Trace = 0,

    /// <summary>Normal progress information.</summary>
    Info = 1,

    /// <summary>Something unexpected that did not stop the work.</summary>
    Warning = 2,

    /// <summary>A failure.</summary>
    Error = 3,
}
