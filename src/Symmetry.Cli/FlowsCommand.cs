using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Reporting;
using Microsoft.ML.Symmetry.Torch;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry flows</c>: OracleFlows on a built-in dataset or a CSV file, with a label-learned or a named oracle.</summary>
internal static class FlowsCommand
{
    /// <summary>The named oracles of <c>--oracle</c>, functions of the feature vector x.</summary>
    internal static readonly IReadOnlyDictionary<string, (string Formula, Func<torch.Tensor, torch.Tensor> Function)> Oracles =
        new Dictionary<string, (string, Func<torch.Tensor, torch.Tensor>)>(StringComparer.Ordinal)
        {
            ["norm"] = ("Σ x_i² (Euclidean norm squared)", x => x.pow(2).sum(1)),
            ["minkowski"] = ("x_0² − Σ_{i≥1} x_i² (Minkowski norm squared)", x => x.select(1, 0).pow(2) - x.narrow(1, 1, x.shape[1] - 1).pow(2).sum(1)),
            ["manhattan"] = ("Σ |x_i| (Manhattan norm)", x => x.abs().sum(1)),
        };

    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string?>("--dataset") { Description = "A built-in dataset (see 'symmetry datasets')." };
        var input = new Option<FileInfo?>("--input") { Description = "A CSV file with a header line." };
        var features = new Option<string?>("--features") { Description = "Comma-separated feature columns of --input (names or 0-based indices); default all but the label." };
        var label = new Option<string?>("--label") { Description = "Learn the oracle from this column: integer classes (a classifier) unless --regress. Exactly one of --label and --oracle." };
        var regress = new Option<bool>("--regress") { Description = "Treat --label as a numeric target (a regressor oracle) instead of classes." };
        var oracle = new Option<string?>("--oracle") { Description = $"A named oracle of the features: {string.Join(", ", Oracles.Select(o => $"{o.Key} = {o.Value.Formula}"))}." };
        oracle.AcceptOnlyFromAmong([.. Oracles.Keys]);
        var generators = new Option<int>("--generators") { Description = "Number of generators N_g trained together.", DefaultValueFactory = _ => OracleFlowsEstimator.Defaults.Generators };
        var scan = new Option<int?>("--scan") { Description = "Train N_g = 1 … this value and keep the largest closed set of distinct symmetries (overrides --generators)." };
        var latent = new Option<int?>("--latent") { Description = "Train a dense autoencoder to this many dimensions first; the oracle and the flows act on its latent space." };
        var kind = new Option<string>("--kind") { Description = "linear (matrices W x) or neural (MLP vector fields).", DefaultValueFactory = _ => "linear" };
        kind.AcceptOnlyFromAmong("linear", "neural");
        var epochs = new Option<int>("--epochs") { Description = "Epochs of the flow training (full batch).", DefaultValueFactory = _ => OracleFlowsEstimator.Defaults.Epochs };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate of the flows.", DefaultValueFactory = _ => OracleFlowsEstimator.Defaults.LearningRate };
        var count = new Option<int?>("--count") { Description = "Rows to generate (built-ins) or to read (CSV)." };
        var seed = new Option<int?>("--seed") { Description = "Seed for data generation and training.", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--output") { Description = "Write the scored rows (the input's columns, then Flow) as CSV." };
        var model = new Option<FileInfo?>("--model") { Description = "Save the fitted transformer as a model zip (a named oracle is not saved; a learned one is)." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the generators table as CSV." };
        var reports = CommandSupport.ReportOutputs.Create();
        var force = new Option<bool>("--force") { Description = "Overwrite --output, --model, --report, --html, --json files and --plots figures that exist." };
        foreach (var o in new[] { generators, epochs, threads }) CommandSupport.AtLeast(o, 1);
        foreach (var o in new[] { scan, latent, count }) CommandSupport.AtLeast(o, 1);
        learningRate.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v > 0) || double.IsInfinity(v)) r.AddError($"--lr must be a finite number > 0; got {v}.");
        });

        var command = new System.CommandLine.Command("flows", "Find generators that keep an oracle unchanged and name their Lie algebra (oracle-preserving flows, paper 001).")
        {
            dataset, input, features, label, regress, oracle, generators, scan, latent, kind, epochs, learningRate, count, seed, device, threads, output, model, report, reports.Plots, reports.Html, reports.Json, force,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(label) is null == parse.GetValue(oracle) is null) throw new UsageException("Give exactly one oracle: --label COLUMN (learned) or --oracle NAME.");
            if (parse.GetValue(regress) && parse.GetValue(label) is null) throw new UsageException("--regress applies to --label only.");
            var overwrite = parse.GetValue(force);
            // A generator scan can keep up to --scan generators, each with its flow field.
            var most = Math.Max(parse.GetValue(generators), parse.GetValue(scan) ?? 0);
            CommandSupport.CheckOutputs(parse, overwrite, [("--output", parse.GetValue(output)), ("--model", parse.GetValue(model)), ("--report", parse.GetValue(report))],
                                        reports, OracleFlowsPlots.FigureNames.Concat(Enumerable.Range(0, most).Select(OracleFlowsPlots.FlowFieldName)));
            return CommandSupport.RunTraining(parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(device), ml => Execute(parse, ml));
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var labelName = parse.GetValue(label);
            var (data, description) = Load(ml, parse.GetValue(dataset), parse.GetValue(input), parse.GetValue(features), labelName, parse.GetValue(regress),
                                           parse.GetValue(count), parse.GetValue(seed));
            var options = new OracleFlowsEstimator.Options
            {
                InputColumnName = "Features",
                LabelColumnName = labelName is null ? null : parse.GetValue(input) is null ? labelName : "Label",
                Oracle = parse.GetValue(oracle) is { } name ? Oracles[name].Function : null,
                Generators = parse.GetValue(generators),
                ScanGenerators = parse.GetValue(scan),
                LatentDimension = parse.GetValue(latent),
                GeneratorKind = parse.GetValue(kind) == "neural" ? GeneratorKind.Neural : GeneratorKind.Linear,
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(learningRate),
                Seed = parse.GetValue(seed),
            };
            var what = options.Oracle is null ? $"an oracle learned from '{labelName}'" : $"oracle {parse.GetValue(oracle)} = {Oracles[parse.GetValue(oracle)!].Formula}";
            // With --json -, standard output carries the JSON only.
            var say = reports.Say(parse, console);
            say.MarkupLine($"[bold]OracleFlows[/] on {Markup.Escape(description)}, {Markup.Escape(what)}");
            using var fitted = Fit(say, ml, data, options);
            var rep = fitted.Report;
            say.MarkupLine(Markup.Escape(rep.Summary));
            foreach (var (title, table) in rep.Tables()) say.Write(ConsoleTables.From(table, title, console.Profile.Width));
            say.MarkupLine(rep.SymmetryFound
                ? $"[bold]Algebra: {Markup.Escape(rep.Algebra.Name)}[/] (dimension {rep.Algebra.Dimension}, Killing signature {rep.Algebra.KillingSignature})"
                : "[bold]No symmetry found.[/]");
            var c = System.Globalization.CultureInfo.InvariantCulture;
            var overwrite = parse.GetValue(force);
            var run = new RunDescription
            {
                Dataset = description,
                Command = CommandSupport.CommandLine(parse),
                Options =
                [
                    new("Oracle", what),
                    new("Generators", rep.GeneratorCount.ToString(c)),
                    new("Scan", options.ScanGenerators?.ToString(c) ?? "no"),
                    new("Kind", options.GeneratorKind.ToString().ToLowerInvariant()),
                    new("Latent dimension", options.LatentDimension?.ToString(c) ?? "none (flows on the features)"),
                    new("Epochs", options.Epochs.ToString(c)),
                    new("Learning rate", options.LearningRate.ToString("G6", c)),
                    new("Seed", options.Seed?.ToString(c) ?? "none"),
                    new("Device", parse.GetValue(device) ?? "cpu"),
                    new("Threads", parse.GetValue(threads).ToString(c)),
                    new("Fit time", $"{rep.FitTime.TotalSeconds.ToString("F1", c)} s"),
                ],
            };
            CommandSupport.WriteReports(parse, reports, console, say, rep, run, () => fitted.Plots(data, maxRows: 2000), overwrite);
            CommandSupport.WriteFiles(say, ml, fitted, data, rep, parse.GetValue(output), parse.GetValue(model), parse.GetValue(report));
            return Program.Ok;
        }
    }

    /// <summary>The data: a built-in dataset (its Features and, with --label, its own column), or a CSV with Features and an optional Label.</summary>
    private static (IDataView Data, string Description) Load(MLContext ml, string? dataset, FileInfo? input, string? features, string? label, bool regress, int? count, int? seed)
    {
        if (label is null || input is null) return InputData.Load(ml, dataset, input, features, count, seed);
        if (dataset is not null) throw new UsageException("Give exactly one of --dataset NAME or --input FILE.csv.");
        if (!input.Exists) throw new FileNotFoundException($"The input file '{input.FullName}' does not exist.", input.FullName);
        string[] header;
        using (var reader = new StreamReader(input.FullName))
            header = (reader.ReadLine() ?? throw new InvalidDataException($"'{input.FullName}' is empty; expected a CSV file with a header line.")).Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        int Index(string f, string what)
        {
            var i = Array.IndexOf(header, f);
            if (i < 0 && int.TryParse(f, out var n) && n >= 0 && n < header.Length) i = n;
            if (i < 0) throw new UsageException($"{what} names '{f}', which is not a column of {input.Name} (columns: {string.Join(", ", header)}).");
            return i;
        }
        var labelIndex = Index(label, "--label");
        var indices = features is null
            ? Enumerable.Range(0, header.Length).Where(i => i != labelIndex).ToArray()
            : features.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => Index(f, "--features")).ToArray();
        if (indices.Length == 0) throw new UsageException("--features selects no column.");
        if (indices.Contains(labelIndex)) throw new UsageException($"--label '{label}' is also a feature; leave it out of --features.");
        var columns = new[]
        {
            new TextLoader.Column("Features", DataKind.Single, indices.Select(i => new TextLoader.Range(i)).ToArray()),
            new TextLoader.Column("Label", regress ? DataKind.Single : DataKind.Int32, labelIndex),
        };
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, Separators = [','], HasHeader = true, AllowQuoting = true },
                                              dataSample: new MultiFileSource(input.FullName));
        IDataView data = loader.Load(input.FullName);
        if (count is { } c) data = ml.Data.TakeRows(data, c);
        return (data, $"{input.Name}: features {string.Join(", ", indices.Select(i => header[i]))}; label {header[labelIndex]}");
    }

    private static OracleFlowsTransformer Fit(IAnsiConsole console, MLContext ml, IDataView data, OracleFlowsEstimator.Options options) =>
        CommandSupport.WithProgress(console, p =>
        {
            var loss = p.Losses.TryGetValue("total", out var t) ? $" loss {t:G4}" : p.Losses.Count > 0 ? $" {p.Losses.First().Key} {p.Losses.First().Value:G4}" : "";
            return $"epoch {p.Epoch}/{p.Epochs}{loss}";
        }, progress =>
        {
            options.Progress = progress;
            return ml.Transforms.SymmetryDiscovery.OracleFlows(options).Fit(data);
        });
}
