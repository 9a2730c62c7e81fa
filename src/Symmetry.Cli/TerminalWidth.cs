namespace Microsoft.ML.Symmetry.Cli;

/// <summary>The width tables are sized to: <c>COLUMNS</c> when set, the terminal's width when output is a terminal, else 120.</summary>
internal static class TerminalWidth
{
    /// <summary>Width when output is not a terminal and COLUMNS is unset.</summary>
    public const int Default = 120;

    /// <summary>The width for this process.</summary>
    public static int Detect() => Detect(Environment.GetEnvironmentVariable, Console.IsOutputRedirected, () => Console.WindowWidth);

    /// <summary>The rule, with its inputs given (for tests).</summary>
    public static int Detect(Func<string, string?> environment, bool outputRedirected, Func<int> windowWidth)
    {
        if (int.TryParse(environment("COLUMNS"), out var columns) && columns >= 20 && columns <= 10_000) return columns;
        if (!outputRedirected)
        {
            try
            {
                var w = windowWidth();
                if (w >= 20) return w;
            }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
            {
                // No console to ask: fall through to the default.
            }
        }
        return Default;
    }
}
