namespace Microsoft.ML.Symmetry;

/// <summary>One headline result of a report (e.g. the intrinsic dimension) for the HTML page and the JSON output.</summary>
/// <param name="Key">A camelCase JSON key.</param>
/// <param name="Label">A human label.</param>
/// <param name="Value">An int, a double, a bool or a string.</param>
public sealed record KeyResult(string Key, string Label, object Value);
