using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Microsoft.ML.Symmetry.Reporting;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The options every training command shares (data source, seed, device, threads, outputs, --force), declared once,
/// and the steps built on them: output checks before training, the run's setup, its description and its outputs.
/// </summary>
internal sealed class CommonOptions
{
    /// <summary>The help texts that differ between commands; the others are the same everywhere.</summary>
    public sealed record Texts
    {
        /// <summary>--dataset.</summary>
        public string Dataset { get; init; } = "A built-in dataset (see 'symmetry datasets').";

        /// <summary>--input.</summary>
        public string Input { get; init; } = "A CSV file with a header line.";

        /// <summary>--features; null for a command without the option.</summary>
        public string? Features { get; init; } = "Comma-separated feature columns of --input (names or 0-based indices); default all.";

        /// <summary>--count.</summary>
        public string Count { get; init; } = "Rows to generate (built-ins) or to read (CSV).";

        /// <summary>The least --count accepted.</summary>
        public int MinCount { get; init; } = 1;

        /// <summary>--threads.</summary>
        public string Threads { get; init; } = "CPU threads: auto (from the size of a training step, capped at the idle cores; docs/benchmarks.md) or a count. LatentRelevance's batched runs use them as workers of one libtorch thread each.";

        /// <summary>--output: what the scored rows hold.</summary>
        public required string Output { get; init; }

        /// <summary>--model.</summary>
        public string Model { get; init; } = "Save the fitted transformer as a model zip.";

        /// <summary>--report: which table it writes.</summary>
        public required string Report { get; init; }
    }

    /// <summary>Declares the shared options, described by <paramref name="texts"/>.</summary>
    public CommonOptions(Texts texts)
    {
        Dataset = new("--dataset") { Description = texts.Dataset };
        Input = new("--input") { Description = texts.Input };
        Features = texts.Features is { } f ? new("--features") { Description = f } : null;
        Count = new("--count") { Description = texts.Count };
        Seed = new("--seed") { Description = "Seed for data generation and training.", DefaultValueFactory = _ => 1 };
        DataSeed = new("--data-seed") { Description = "Seed of a built-in dataset's generation only (default --seed), so runs with other training seeds see the same rows." };
        Device = new("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        Device.AcceptOnlyFromAmong("cpu", "cuda");
        Threads = new("--threads") { Description = texts.Threads, DefaultValueFactory = _ => "auto", HelpName = "auto|N" };
        Output = new("--output") { Description = texts.Output };
        Model = new("--model") { Description = texts.Model };
        Report = new("--report") { Description = texts.Report };
        Plots = new("--plots") { Description = "Write the report's figures (SVG and PNG) into this folder, created when missing." };
        Html = new("--html") { Description = "Write one self-contained HTML page: figures, tables, dataset, options, versions (opens offline)." };
        Onnx = new("--onnx") { Description = "Export the fitted transformer's scoring as an ONNX graph (ml.Model.ConvertToOnnx; run it with ONNX Runtime)." };
        Json = new("--json") { Description = "Write the report as JSON to this file, or to standard output with '-' (then nothing else is printed)." };
        Force = new("--force") { Description = "Overwrite --output, --model, --onnx, --report, --html, --json files and --plots figures that exist." };
        NumberOptions.Whole(Count, texts.MinCount);
        NumberOptions.Whole(Seed);
        NumberOptions.Whole(DataSeed);
        // More threads than cores only slows libtorch down, and a huge count used to spawn thousands of threads and hang.
        NumberOptions.WholeOrAuto(Threads, 1, Environment.ProcessorCount);
    }

    /// <summary>--dataset NAME: a built-in dataset.</summary>
    public Option<string?> Dataset { get; }

    /// <summary>--input FILE: a CSV file.</summary>
    public Option<FileInfo?> Input { get; }

    /// <summary>--features: columns of --input; null for a command that names its columns otherwise.</summary>
    public Option<string?>? Features { get; }

    /// <summary>--count: rows to generate or read.</summary>
    public Option<int?> Count { get; }

    /// <summary>--seed: seeds the data generation and the training.</summary>
    public Option<int?> Seed { get; }

    /// <summary>--data-seed: seeds a built-in dataset's generation instead of --seed.</summary>
    public Option<int?> DataSeed { get; }

    /// <summary>--device: cpu or cuda.</summary>
    public Option<string> Device { get; }

    /// <summary>--threads: CPU threads for libtorch, "auto" or a count (read it with <see cref="ThreadCount"/>).</summary>
    public Option<string> Threads { get; }

    /// <summary>The --threads count for the estimator's options; null for auto (the estimators' rule).</summary>
    public int? ThreadCount(ParseResult parse) =>
        parse.GetValue(Threads) is { } t && t != "auto" ? int.Parse(t, CultureInfo.InvariantCulture) : null;

    /// <summary>--output: the scored rows as CSV.</summary>
    public Option<FileInfo?> Output { get; }

    /// <summary>--model: the fitted transformer as a model zip.</summary>
    public Option<FileInfo?> Model { get; }

    /// <summary>--onnx FILE: the fitted transformer's scoring as an ONNX graph.</summary>
    public Option<FileInfo?> Onnx { get; }

    /// <summary>--report: the report's main table as CSV.</summary>
    public Option<FileInfo?> Report { get; }

    /// <summary>--plots DIR: the report's figures.</summary>
    public Option<DirectoryInfo?> Plots { get; }

    /// <summary>--html FILE: the self-contained HTML report.</summary>
    public Option<FileInfo?> Html { get; }

    /// <summary>--json FILE|-: the report as JSON.</summary>
    public Option<string?> Json { get; }

    /// <summary>--force: overwrite outputs that exist.</summary>
    public Option<bool> Force { get; }

    /// <summary>
    /// The command with its options in help order: the data source, <paramref name="inputOptions"/> (more about the
    /// input), --count, <paramref name="methodOptions"/>, then the run's setup and its outputs.
    /// </summary>
    public System.CommandLine.Command CreateCommand(string name, string description, IEnumerable<Option> inputOptions, IEnumerable<Option> methodOptions)
    {
        var command = new System.CommandLine.Command(name, description);
        Option?[] data = [Dataset, Input, Features];
        Option[] run = [Seed, Device, Threads, Output, Model, Onnx, Report, Plots, Html, Json, Force];
        foreach (var option in data.OfType<Option>().Concat(inputOptions).Append(Count).Append(DataSeed).Concat(methodOptions).Concat(run)) command.Options.Add(option);
        return command;
    }

    /// <summary>
    /// Makes <paramref name="command"/> train: <paramref name="check"/> rejects bad combinations of the command's own
    /// options, the outputs (with <paramref name="figureNames"/> for --plots) are checked before training, and
    /// <paramref name="execute"/> runs under <see cref="CommandSupport.RunTraining"/>.
    /// </summary>
    public void SetAction(System.CommandLine.Command command, Func<ParseResult, IEnumerable<string>> figureNames, Func<ParseResult, MLContext, int> execute,
                          Action<ParseResult>? check = null) =>
        command.SetAction(parse =>
        {
            check?.Invoke(parse);
            CheckOutputs(parse, figureNames(parse));
            return CommandSupport.RunTraining(parse.GetValue(Seed), parse.GetValue(Device), ml => execute(parse, ml));
        });

    /// <summary>The data source the command line names (--dataset or --input, --features, --count, --seed).</summary>
    public DataRequest Data(ParseResult parse) =>
        new(parse.GetValue(Dataset), parse.GetValue(Input), Features is null ? null : parse.GetValue(Features), parse.GetValue(Count), parse.GetValue(DataSeed) ?? parse.GetValue(Seed));

    /// <summary>Whether <c>--json -</c> was given: standard output then carries the JSON only.</summary>
    public bool JsonToStdout(ParseResult parse) => parse.GetValue(Json) == "-";

    /// <summary>The <c>--json</c> file, or null without one or with <c>-</c>.</summary>
    public FileInfo? JsonFile(ParseResult parse) => parse.GetValue(Json) is { } j && j != "-" ? new FileInfo(j) : null;

    /// <summary>The console to report progress and results on: <paramref name="console"/>, or a silent one with <c>--json -</c>.</summary>
    public IAnsiConsole Say(ParseResult parse, IAnsiConsole console) => JsonToStdout(parse) ? CommandSupport.Silent() : console;

    /// <summary>
    /// Checks every output before training (see <see cref="OutputPaths.Check"/>): --output, --model, --onnx, --report, --html,
    /// the --json file, and in --plots the SVG and PNG of each of <paramref name="figureNames"/>.
    /// </summary>
    public void CheckOutputs(ParseResult parse, IEnumerable<string> figureNames)
    {
        NamedPath? Named(string option, FileSystemInfo? f) => f is null ? null : new NamedPath(option, f.FullName);
        NamedPath?[] files =
        [
            Named("--output", parse.GetValue(Output)), Named("--model", parse.GetValue(Model)), Named("--onnx", parse.GetValue(Onnx)), Named("--report", parse.GetValue(Report)),
            Named("--html", parse.GetValue(Html)), Named("--json", JsonFile(parse)),
        ];
        var plots = Named("--plots", parse.GetValue(Plots));
        NamedPath[] figures = plots is { } p
            ? [.. figureNames.SelectMany(n => new[] { n + ".svg", n + ".png" }).Select(n => p with { Path = Path.Combine(p.Path, n) })]
            : [];
        NamedPath?[] inputs = [Named("--input", parse.GetValue(Input))];
        OutputPaths.Check([.. files.OfType<NamedPath>()], plots, figures, [.. inputs.OfType<NamedPath>()], parse.GetValue(Force));
    }

    /// <summary>
    /// The run for the HTML and JSON reports: <paramref name="methodRows"/>, then the seed, device and threads (the
    /// count the fit used, <paramref name="threads"/>, e.g. "2 (automatic)"), and the fit time when the report measures it.
    /// </summary>
    public RunDescription Describe(ParseResult parse, string dataset, IEnumerable<(string Name, string Value)> methodRows, TimeSpan? fitTime = null,
                                   TrainingThreads? threads = null)
    {
        var c = CultureInfo.InvariantCulture;
        IEnumerable<(string, string)> rows = methodRows.Concat(
        [
            ("Seed", parse.GetValue(Seed)?.ToString(c) ?? "none"),
            ("Device", parse.GetValue(Device) ?? "cpu"),
            ("Threads", threads?.ToString() ?? parse.GetValue(Threads) ?? "auto"),
        ]);
        if (fitTime is { } t) rows = rows.Append(("Fit time", $"{t.TotalSeconds.ToString("F1", c)} s"));
        return new RunDescription
        {
            Dataset = dataset,
            Command = CommandSupport.CommandLine(parse),
            Options = [.. rows.Select(r => new KeyValuePair<string, string>(r.Item1, r.Item2))],
        };
    }

    /// <summary>
    /// Writes what the output options ask for: --plots, --html and --json (<paramref name="figures"/> is called at most
    /// once, only when figures are needed; with <c>--json -</c> the JSON goes to <paramref name="console"/>'s output),
    /// then --output (the scored rows: <paramref name="scored"/>, by default the fitted transform of
    /// <paramref name="data"/>), --model, --onnx and --report, each through <see cref="AtomicFile"/>; each path written is
    /// said on <paramref name="say"/>.
    /// </summary>
    public void Write(ParseResult parse, IAnsiConsole console, IAnsiConsole say, MLContext ml, ITransformer fitted, IDataView data,
                      SymmetryReport report, RunDescription run, Func<IReadOnlyList<ReportFigure>> figures, Func<IDataView>? scored = null)
    {
        IReadOnlyList<ReportFigure>? drawn = null;
        IReadOnlyList<ReportFigure> Figures() => drawn ??= figures();
        if (parse.GetValue(Plots) is { } dir)
        {
            Directory.CreateDirectory(dir.FullName);
            foreach (var figure in Figures())
            {
                AtomicFile.Write(figure.PathIn(dir.FullName, PlotFormats.Svg), t => File.WriteAllText(t, figure.ToSvg()));
                AtomicFile.Write(figure.PathIn(dir.FullName, PlotFormats.Png), t => File.WriteAllBytes(t, figure.ToPng()));
            }
            say.MarkupLine($"{2 * Figures().Count} figure files → {Markup.Escape(dir.FullName)}");
        }
        if (parse.GetValue(Html) is { } h)
        {
            AtomicFile.Write(h.FullName, t => HtmlReport.Save(report, t, run, Figures(), overwrite: true));
            say.MarkupLine($"HTML report → {Markup.Escape(h.FullName)}");
        }
        if (JsonToStdout(parse)) console.Profile.Out.Writer.WriteLine(ReportJson.Render(report, run));
        else if (JsonFile(parse) is { } jsonPath)
        {
            AtomicFile.Write(jsonPath.FullName, t => ReportJson.Save(report, t, run, overwrite: true));
            say.MarkupLine($"JSON report → {Markup.Escape(jsonPath.FullName)}");
        }
        if (parse.GetValue(Output) is { } o)
        {
            AtomicFile.Write(o.FullName, t => ScoredCsv.Save(ml, scored?.Invoke() ?? fitted.Transform(data), t));
            say.MarkupLine($"scored rows → {Markup.Escape(o.FullName)}");
        }
        if (parse.GetValue(Model) is { } m)
        {
            AtomicFile.Write(m.FullName, t => ml.Model.Save(fitted, data.Schema, t));
            say.MarkupLine($"model → {Markup.Escape(m.FullName)}");
        }
        if (parse.GetValue(Onnx) is { } onnx)
        {
            AtomicFile.Write(onnx.FullName, t =>
            {
                using var stream = File.Create(t);
                ml.Model.ConvertToOnnx(fitted, data, stream);
            });
            say.MarkupLine($"ONNX graph → {Markup.Escape(onnx.FullName)}");
        }
        if (parse.GetValue(Report) is { } r)
        {
            AtomicFile.Write(r.FullName, t => report.SaveCsv(t, overwrite: true));
            say.MarkupLine($"report → {Markup.Escape(r.FullName)}");
        }
    }
}
