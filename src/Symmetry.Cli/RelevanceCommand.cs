using System.CommandLine;
using Spectre.Console;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Reporting;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry relevance</c>: LatentRelevance on a built-in dataset or a CSV file.</summary>
internal static class RelevanceCommand
{
    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string?>("--dataset") { Description = "A built-in dataset (see 'symmetry datasets')." };
        var input = new Option<FileInfo?>("--input") { Description = "A CSV file with a header line." };
        var features = new Option<string?>("--features") { Description = "Comma-separated feature columns of --input (names or 0-based indices); default all." };
        var count = new Option<int?>("--count") { Description = "Rows to generate (built-ins) or to read (CSV)." };
        var latent = new Option<int?>("--latent") { Description = "Latent dimension; default the number of features." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run.", DefaultValueFactory = _ => LatentRelevanceEstimator.Defaults.Epochs };
        var runs = new Option<int>("--runs") { Description = "Independent runs to aggregate (the paper's protocol is 20; they train together as one batched model).", DefaultValueFactory = _ => LatentRelevanceEstimator.Defaults.Runs };
        var beta = new Option<double>("--beta") { Description = "KL weight β.", DefaultValueFactory = _ => LatentRelevanceEstimator.Defaults.Beta };
        var seed = new Option<int?>("--seed") { Description = "Seed for data generation and training.", DefaultValueFactory = _ => 1 };
        var raw = new Option<bool>("--raw") { Description = "Train on the features as given (Standardize = false). By default the estimator centres and scales each feature to mean 0, variance 1 (statistics of the training rows, stored with the model), so β is relative to the data variance." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var output = new Option<FileInfo?>("--output") { Description = "Write the scored rows (the input's columns, then Latent and LatentSigma) as CSV; a vector's values are headed Column.slot." };
        var model = new Option<FileInfo?>("--model") { Description = "Save the fitted pipeline as a model zip." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the relevance table as CSV." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (1 is fastest for the small default network).", DefaultValueFactory = _ => 1 };
        var reports = CommandSupport.ReportOutputs.Create();
        var force = new Option<bool>("--force") { Description = "Overwrite --output, --model, --report, --html, --json files and --plots figures that exist." };

        CommandSupport.AtLeast(count, 1); CommandSupport.AtLeast(latent, 1); CommandSupport.AtLeast(epochs, 1); CommandSupport.AtLeast(runs, 1); CommandSupport.AtLeast(threads, 1);
        beta.Validators.Add(r =>
        {
            var b = r.GetValueOrDefault<double>();
            if (!(b >= 0) || double.IsInfinity(b)) r.AddError($"--beta must be a finite number ≥ 0; got {b}.");
        });

        var command = new System.CommandLine.Command("relevance", "Train VAEs and report the relevance of each latent (Sanz, paper 000).")
        {
            dataset, input, features, count, latent, epochs, runs, beta, seed, raw, device, threads, output, model, report, reports.Plots, reports.Html, reports.Json, force,
        };
        command.SetAction(parse =>
        {
            var overwrite = parse.GetValue(force);
            CommandSupport.CheckOutputs(parse, overwrite, [("--output", parse.GetValue(output)), ("--model", parse.GetValue(model)), ("--report", parse.GetValue(report))],
                                        reports, RelevancePlots.FigureNames);
            return CommandSupport.RunTraining(parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(device), ml => Execute(parse, ml));
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var (data, description) = InputData.Load(ml, parse.GetValue(dataset), parse.GetValue(input), parse.GetValue(features), parse.GetValue(count), parse.GetValue(seed));
            var options = new LatentRelevanceEstimator.Options
            {
                InputColumnName = "Features",
                LatentDimension = parse.GetValue(latent),
                Epochs = parse.GetValue(epochs),
                Runs = parse.GetValue(runs),
                Beta = parse.GetValue(beta),
                Seed = parse.GetValue(seed),
                Standardize = !parse.GetValue(raw),
            };
            // With --json -, standard output carries the JSON only.
            var say = reports.Say(parse, console);
            say.MarkupLine($"[bold]LatentRelevance[/] on {Markup.Escape(description)}");
            using var fitted = Fit(say, ml, data, options);
            var rel = fitted.Report;
            say.MarkupLine(Markup.Escape(rel.Summary));
            foreach (var (title, table) in rel.Tables()) say.Write(ConsoleTables.From(table, title, console.Profile.Width));
            say.MarkupLine($"[bold]Intrinsic dimension: {rel.IntrinsicDimension}[/]");
            var overwrite = parse.GetValue(force);
            var run = new RunDescription
            {
                Dataset = description,
                Command = CommandSupport.CommandLine(parse),
                Options =
                [
                    new("Latent dimension", fitted.LatentDimension.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("Epochs", options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("Runs", options.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("Beta", options.Beta.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)),
                    new("Seed", options.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"),
                    new("Standardize", options.Standardize ? "yes" : "no"),
                    new("Device", parse.GetValue(device) ?? "cpu"),
                    new("Threads", parse.GetValue(threads).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("Fit time", $"{rel.FitTime.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} s"),
                ],
            };
            CommandSupport.WriteReports(parse, reports, console, say, rel, run, () => fitted.Plots(data, maxRows: 2000), overwrite);
            CommandSupport.WriteFiles(say, ml, fitted, data, rel, parse.GetValue(output), parse.GetValue(model), parse.GetValue(report));
            return Program.Ok;
        }
    }

    private static LatentRelevanceTransformer Fit(IAnsiConsole console, MLContext ml, IDataView data, LatentRelevanceEstimator.Options options) =>
        CommandSupport.WithProgress(console, p =>
        {
            var loss = p.Losses.TryGetValue("total", out var t) ? $" loss {t:G4}" : "";
            var runs = p.RunsTogether > 1 ? $"runs {p.Run + 1}-{p.Run + p.RunsTogether}/{p.Runs}" : $"run {p.Run + 1}/{p.Runs}";
            return $"{runs} epoch {p.Epoch}/{p.Epochs}{loss}";
        }, progress =>
        {
            options.Progress = progress;
            return ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(data);
        });
}
