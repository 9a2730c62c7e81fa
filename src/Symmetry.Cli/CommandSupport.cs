using System.CommandLine;
using Microsoft.ML;
using Spectre.Console;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Reporting;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Cli;

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

    /// <summary>The report outputs every training command offers: <c>--plots DIR</c>, <c>--html FILE</c>, <c>--json FILE|-</c>.</summary>
    public sealed record ReportOutputs(Option<DirectoryInfo?> Plots, Option<FileInfo?> Html, Option<string?> Json)
    {
        /// <summary>The three options, described the same way for every command.</summary>
        public static ReportOutputs Create() => new(
            new Option<DirectoryInfo?>("--plots") { Description = "Write the report's figures (SVG and PNG) into this folder, created when missing." },
            new Option<FileInfo?>("--html") { Description = "Write one self-contained HTML page: figures, tables, dataset, options, versions (opens offline)." },
            new Option<string?>("--json") { Description = "Write the report as JSON to this file, or to standard output with '-' (then nothing else is printed)." });

        /// <summary>Whether <c>--json -</c> was given: standard output then carries the JSON only.</summary>
        public bool JsonToStdout(ParseResult parse) => parse.GetValue(Json) == "-";

        /// <summary>The <c>--json</c> file, or null without one or with <c>-</c>.</summary>
        public FileInfo? JsonFile(ParseResult parse) => parse.GetValue(Json) is { } j && j != "-" ? new FileInfo(j) : null;

        /// <summary>The console to report progress and results on: <paramref name="console"/>, or a silent one with <c>--json -</c>.</summary>
        public IAnsiConsole Say(ParseResult parse, IAnsiConsole console) => JsonToStdout(parse) ? Silent() : console;
    }

    /// <summary>
    /// Checks, before training (which can take minutes), that no output file exists unless <paramref name="overwrite"/>
    /// and that each one's folder exists; and that <c>--plots</c> is not a file nor holds any of <paramref name="figureNames"/>.
    /// </summary>
    public static void CheckOutputs(ParseResult parse, bool overwrite, IEnumerable<(string Option, FileInfo? File)> files, ReportOutputs reports, IEnumerable<string> figureNames)
    {
        foreach (var (option, f) in files.Append(("--html", parse.GetValue(reports.Html))).Append(("--json", reports.JsonFile(parse))))
        {
            if (f is null) continue;
            if (f.Exists && !overwrite) throw new IOException($"'{f.FullName}' exists; pass --force to overwrite it.");
            if (f.Directory is { Exists: false } d)
                throw new DirectoryNotFoundException($"The folder of {option} '{f.FullName}' does not exist; create '{d.FullName}' first.");
        }
        if (parse.GetValue(reports.Plots) is { } dir)
        {
            if (File.Exists(dir.FullName)) throw new IOException($"--plots '{dir.FullName}' is a file; give a folder.");
            var taken = figureNames.SelectMany(n => new[] { n + ".svg", n + ".png" }).Select(n => Path.Combine(dir.FullName, n)).FirstOrDefault(File.Exists);
            if (taken is not null && !overwrite) throw new IOException($"'{taken}' exists; pass --force to overwrite the figures in '{dir.FullName}'.");
        }
    }

    /// <summary>
    /// Loads libtorch, sets its CPU threads, makes the run's <see cref="MLContext"/> (seeded; cuda:0 for
    /// <c>--device cuda</c>) and runs <paramref name="execute"/> with Ctrl+C wired to <c>ml.CancelExecution()</c>, so
    /// training stops at the next optimizer step (exit 1, "cancelled") instead of the process being killed.
    /// </summary>
    public static int RunTraining(int? seed, int threads, string? device, Func<MLContext, int> execute)
    {
        Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
        TorchSharp.torch.set_num_threads(threads);
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

    /// <summary>
    /// Writes what <c>--plots</c>, <c>--html</c> and <c>--json</c> ask for; <paramref name="figures"/> is called at most
    /// once, only when figures are needed. With <c>--json -</c> the JSON goes to <paramref name="console"/>'s output.
    /// </summary>
    public static void WriteReports(ParseResult parse, ReportOutputs reports, IAnsiConsole console, IAnsiConsole say, SymmetryReport report, RunDescription run,
                                    Func<IReadOnlyList<ReportFigure>> figures, bool overwrite)
    {
        IReadOnlyList<ReportFigure>? drawn = null;
        IReadOnlyList<ReportFigure> Figures() => drawn ??= figures();
        if (parse.GetValue(reports.Plots) is { } dir)
        {
            var written = Figures().SavePlots(dir.FullName, PlotFormats.Both, overwrite);
            say.MarkupLine($"{written.Count} figure files → {Markup.Escape(dir.FullName)}");
        }
        if (parse.GetValue(reports.Html) is { } h)
        {
            HtmlReport.Save(report, h.FullName, run, Figures(), overwrite: true);
            say.MarkupLine($"HTML report → {Markup.Escape(h.FullName)}");
        }
        if (reports.JsonToStdout(parse)) console.Profile.Out.Writer.WriteLine(ReportJson.Render(report, run));
        else if (reports.JsonFile(parse) is { } jsonPath)
        {
            ReportJson.Save(report, jsonPath.FullName, run, overwrite: true);
            say.MarkupLine($"JSON report → {Markup.Escape(jsonPath.FullName)}");
        }
    }

    /// <summary>
    /// Writes what <c>--output</c> (the scored rows, <paramref name="scored"/>), <c>--model</c> (the fitted transformer)
    /// and <c>--report</c> (the report's main table) ask for, saying each path on <paramref name="say"/>.
    /// </summary>
    public static void WriteFiles(IAnsiConsole say, MLContext ml, ITransformer fitted, IDataView data, SymmetryReport report,
                                  FileInfo? output, FileInfo? model, FileInfo? table, Func<IDataView>? scored = null)
    {
        if (output is { } o)
        {
            ScoredCsv.Save(ml, scored?.Invoke() ?? fitted.Transform(data), o.FullName);
            say.MarkupLine($"scored rows → {Markup.Escape(o.FullName)}");
        }
        if (model is { } m)
        {
            ml.Model.Save(fitted, data.Schema, m.FullName);
            say.MarkupLine($"model → {Markup.Escape(m.FullName)}");
        }
        if (table is { } r)
        {
            report.SaveCsv(r.FullName, overwrite: true);
            say.MarkupLine($"report → {Markup.Escape(r.FullName)}");
        }
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
