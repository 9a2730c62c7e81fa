using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>A message logged by a component, raised through <see cref="MLContext.Log"/>.</summary>
public sealed class LoggingEventArgs : EventArgs
{
    /// <summary>An informational message without a source.</summary>
    public LoggingEventArgs(string message) : this(message, ChannelMessageKind.Info, "")
    {
    }

    /// <summary>A message of <paramref name="kind"/> from component <paramref name="source"/>.</summary>
    public LoggingEventArgs(string message, ChannelMessageKind kind, string source)
    {
        RawMessage = message ?? "";
        Kind = kind;
        Source = source ?? "";
    }

    /// <summary>The message as ML.NET formats it: <c>[Source=…, Kind=…] text</c>.</summary>
    public string Message => $"[Source={Source}, Kind={Kind}] {RawMessage}";

    /// <summary>The message text alone.</summary>
    public string RawMessage { get; }

    /// <summary>The severity.</summary>
    public ChannelMessageKind Kind { get; }

    /// <summary>The component (host name, and channel name after a colon) that logged it.</summary>
    public string Source { get; }
}
