using System.Reflection;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>What a report was made from, for the HTML page and the JSON output: the data, the options, the command.</summary>
public sealed class RunDescription
{
    /// <summary>The dataset (a built-in's name and size, or a file path).</summary>
    public string? Dataset { get; init; }

    /// <summary>The options of the fit, name → value, in display order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; init; } = [];

    /// <summary>The command line that made the report, when there was one.</summary>
    public string? Command { get; init; }

    /// <summary>When the report was written (UTC).</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Versions of the components that made the report: this library, ML.NET, TorchSharp, Microsoft.Data.Analysis, ScottPlot, .NET and the OS.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Versions() =>
    [
        new("Symmetry", Version(typeof(SymmetryReport).Assembly)),
        new("Microsoft.ML", Version(typeof(Microsoft.ML.MLContext).Assembly)),
        new("TorchSharp", Version(typeof(TorchSharp.torch).Assembly)),
        new("Microsoft.Data.Analysis", Version(typeof(Microsoft.Data.Analysis.DataFrame).Assembly)),
        new("ScottPlot", Version(typeof(ScottPlot.Plot).Assembly)),
        new(".NET", RuntimeInformation.FrameworkDescription),
        new("OS", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})"),
    ];

    private static string Version(Assembly a)
    {
        var v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "?";
        var plus = v.IndexOf('+');
        return plus > 0 ? v[..plus] : v;
    }
}
