using System.CommandLine;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>The <c>symmetry</c> command: exit 0 on success, 1 on failure (one-line cause), 2 on bad usage.</summary>
internal static class Program
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Ok = 0;
    /// <summary>Exit code when the work failed (bad data, missing file, training error).</summary>
    public const int Failure = 1;
    /// <summary>Exit code for bad usage (unknown option, missing or conflicting arguments).</summary>
    public const int Usage = 2;

    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        // Tables are sized to COLUMNS, else the terminal's width, else 120 (output to a file or a pipe).
        AnsiConsole.Console.Profile.Width = TerminalWidth.Detect();
        return Run(args, AnsiConsole.Console);
    }

    /// <summary>Runs the command line writing to <paramref name="console"/> (tests pass a recording console).</summary>
    public static int Run(string[] args, IAnsiConsole console)
    {
        var root = new RootCommand("Symmetry discovery: find the degrees of freedom and symmetries of a dataset.")
        {
            DatasetsCommand.Create(console),
            RelevanceCommand.Create(console),
            FlowsCommand.Create(console),
            LieGanCommand.Create(console),
            DetectorCommand.Create(console),
            MergeCommand.Create(console),
            SweepCommand.Create(console),
            InfoCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            console.MarkupLine("Run 'symmetry --help' for usage.");
            return Usage;
        }
        try
        {
            // Our handler maps exceptions to exit codes 1 and 2; the library's would print a stack trace. Help and
            // version text go to the same console as everything else.
            var writer = console.Profile.Out.Writer;
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = writer, Error = writer });
        }
        catch (UsageException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return Usage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            console.MarkupLine($"[red]failed:[/] {Markup.Escape(OneLine(e))}");
            return Failure;
        }
    }

    private static string OneLine(Exception e)
    {
        while (e is AggregateException { InnerException: { } inner }) e = inner;
        var message = e.Message.ReplaceLineEndings(" ");
        return $"{message} ({e.GetType().Name})";
    }
}

/// <summary>Bad usage found after parsing (conflicting or missing arguments): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
