using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>What every training command shares besides its options: a progress bar around a fit, the run's setup, the printed report.</summary>
internal static class CommandSupport
{
    /// <summary>
    /// The transformer of a training command: what <paramref name="merged"/> makes of the estimator when given
    /// (<c>symmetry merge</c> passes the merged shards), else a fit with a progress bar of epochs.
    /// </summary>
    public static T FitOrMerge<TEstimator, T>(IAnsiConsole say, SymmetryOptions options, Func<TEstimator> estimator,
                                              Func<TEstimator, IDataView, T>? merged, IDataView data, Func<TrainingProgress, string>? describe = null)
        where TEstimator : IEstimator<T> where T : class, ITransformer =>
        merged is not null
            ? merged(estimator(), data)
            : WithProgress(say, describe ?? Epoch, progress =>
            {
                options.Progress = progress;
                return estimator().Fit(data);
            });

    /// <summary>
    /// Runs <paramref name="fit"/> under a progress bar: <paramref name="fit"/> receives the progress sink to put in its
    /// options; <paramref name="describe"/> turns a report into the bar's text.
    /// </summary>
    public static T WithProgress<T>(IAnsiConsole console, Func<TrainingProgress, string> describe, Func<IProgress<TrainingProgress>, T> fit)
    {
        T result = default!;
        console.Progress().AutoClear(false).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1.0);
                result = fit(new Reporter(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = describe(p);
                }));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>
    /// Loads libtorch, makes the run's <see cref="MLContext"/> (seeded; cuda:0 for
    /// <c>--device cuda</c>) and runs <paramref name="execute"/> with Ctrl+C wired to <c>ml.CancelExecution()</c>, so
    /// training stops at the next optimizer step (exit 1, "cancelled") instead of the process being killed. The CPU
    /// threads are the estimator's to set (its options' <c>Threads</c>, from --threads).
    /// </summary>
    public static int RunTraining(int? seed, string? device, Func<MLContext, int> execute)
    {
        Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
        var ml = new MLContext(seed);
        if (device == "cuda") ml.GpuDeviceId = 0;
        ConsoleCancelEventHandler cancel = (_, e) => { e.Cancel = true; ml.CancelExecution(); };
        Console.CancelKeyPress += cancel;
        try
        {
            return execute(ml);
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    /// <summary>The command line as typed, for the report's run description.</summary>
    public static string CommandLine(ParseResult parse) =>
        "symmetry " + string.Join(" ", parse.Tokens.Select(t => t.Value.Contains(' ') ? $"\"{t.Value}\"" : t.Value));

    /// <summary>Prints the report's summary line and its tables, sized to <paramref name="width"/>.</summary>
    public static void Print(IAnsiConsole say, SymmetryReport report, int width)
    {
        say.MarkupLine(Markup.Escape(report.Summary));
        foreach (var (title, table) in report.Tables()) say.Write(ConsoleTables.From(table, title, width));
    }

    /// <summary>The progress bar's text for an epoch: "epoch E/N" and the total loss (else the first loss reported).</summary>
    public static string Epoch(TrainingProgress p)
    {
        var loss = p.Losses.TryGetValue("total", out var t) ? string.Create(CultureInfo.InvariantCulture, $" loss {t:G4}")
                 : p.Losses.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" {p.Losses.First().Key} {p.Losses.First().Value:G4}")
                 : "";
        return $"epoch {p.Epoch}/{p.Epochs}{loss}";
    }

    /// <summary>A console that prints nothing.</summary>
    public static IAnsiConsole Silent() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(TextWriter.Null),
    });

    private sealed class Reporter(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
