using System.CommandLine;
using Spectre.Console;
using Symmetry.Torch;

namespace Symmetry.Cli;

/// <summary>What every training command shares: option range checks and a progress bar around a fit.</summary>
internal static class CommandSupport
{
    // Out-of-range option values are bad usage (exit 2), reported with the option's own name.
    public static void AtLeast(Option<int> option, int min) => option.Validators.Add(r =>
    {
        var v = r.GetValueOrDefault<int>();
        if (v < min) r.AddError($"{option.Name} must be at least {min}; got {v}.");
    });

    public static void AtLeast(Option<int?> option, int min) => option.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int?>() is { } v && v < min) r.AddError($"{option.Name} must be at least {min}; got {v}.");
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

    private sealed class Reporter(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
