using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// Parses every numeric option of every command: a value that is malformed (abc, 1.5 or 1e3 for a whole number,
/// an overflow, empty) or out of range is one parse error naming the option and the range it accepts, so bad usage
/// (exit 2) and never an exception.
/// </summary>
/// <remarks>
/// Parsing and the range check are one step on purpose: a validator that reads the value after a failed conversion
/// throws inside the parser, which used to abort the process with a stack trace.
/// </remarks>
internal static class NumberOptions
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Accepts whole numbers from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static void Whole(Option<int> option, int min, int max = int.MaxValue) =>
        option.CustomParser = r => ParseWhole(r, option.Name, min, max) ?? default;

    /// <summary>Accepts whole numbers from <paramref name="min"/> to <paramref name="max"/> (null when the option is absent).</summary>
    public static void Whole(Option<int?> option, int min = int.MinValue, int max = int.MaxValue) =>
        option.CustomParser = r => ParseWhole(r, option.Name, min, max);

    /// <summary>
    /// Accepts <c>auto</c> or whole numbers from <paramref name="min"/> to <paramref name="max"/>, as "auto" or the
    /// number in invariant digits (a text option: System.CommandLine cannot hand a custom parser's null to an int?).
    /// </summary>
    public static void WholeOrAuto(Option<string> option, int min, int max) =>
        option.CustomParser = r =>
        {
            var text = Text(r);
            if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase)) return "auto";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, C, out var v) && v >= min && v <= max) return v.ToString(C);
            r.AddError(string.Create(C, $"{option.Name} must be auto or a whole number from {min} to {max}; got '{text}'."));
            return "auto";
        };

    /// <summary>Accepts finite numbers ≥ <paramref name="min"/> (NaN is not one).</summary>
    public static void AtLeast(Option<double> option, double min) =>
        option.CustomParser = r => ParseFinite(r, option.Name, v => v >= min, string.Create(C, $"≥ {min}"));

    /// <summary>Accepts finite numbers &gt; 0.</summary>
    public static void Positive(Option<double> option) =>
        option.CustomParser = r => ParseFinite(r, option.Name, v => v > 0, "> 0");

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        var text = Text(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, C, out var v) && v >= min && v <= max) return v;
        result.AddError(string.Create(C, $"{name} must be a whole number from {min} to {max}; got '{text}'."));
        return null;
    }

    private static double ParseFinite(ArgumentResult result, string name, Func<double, bool> accept, string bound)
    {
        var text = Text(result);
        if (double.TryParse(text, NumberStyles.Float, C, out var v) && double.IsFinite(v) && accept(v)) return v;
        result.AddError($"{name} must be a finite number {bound}; got '{text}'.");
        return default;
    }

    // An option of arity one holds exactly one token once parsed; anything else is reported as given.
    private static string Text(ArgumentResult result) => string.Join(" ", result.Tokens.Select(t => t.Value));
}
