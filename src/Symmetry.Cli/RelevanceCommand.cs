using System.CommandLine;
using Spectre.Console;
using Symmetry.Estimators;
using Symmetry.Estimators.Common;
using Symmetry.Estimators.Relevance;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Symmetry.Cli;

/// <summary><c>symmetry relevance</c>: LatentRelevance on a built-in dataset or a CSV file.</summary>
internal static class RelevanceCommand
{
    public static Command Create(IAnsiConsole console)
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
        var raw = new Option<bool>("--raw") { Description = "Train on the raw features (default: the estimator centres and scales each feature to mean 0, variance 1, so β is relative to the data variance)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var output = new Option<FileInfo?>("--output") { Description = "Write the scored rows (features, Latent, LatentSigma) as CSV." };
        var model = new Option<FileInfo?>("--model") { Description = "Save the fitted pipeline as a model zip." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the relevance table as CSV." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch and OpenBLAS (1 is fastest for the small default network).", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "Overwrite --output, --model and --report files that exist." };

        AtLeast(count, 1); AtLeast(latent, 1); AtLeast(epochs, 1); AtLeast(runs, 1); AtLeast(threads, 1);
        beta.Validators.Add(r =>
        {
            var b = r.GetValueOrDefault<double>();
            if (!(b >= 0) || double.IsInfinity(b)) r.AddError($"--beta must be a finite number ≥ 0; got {b}.");
        });

        var command = new Command("relevance", "Train VAEs and report the relevance of each latent (Sanz, paper 000).")
        {
            dataset, input, features, count, latent, epochs, runs, beta, seed, raw, device, threads, output, model, report, force,
        };
        command.SetAction(parse =>
        {
            var overwrite = parse.GetValue(force);
            foreach (var (option, f) in new[] { ("--output", parse.GetValue(output)), ("--model", parse.GetValue(model)), ("--report", parse.GetValue(report)) })
            {
                if (f is null) continue;
                if (f.Exists && !overwrite) throw new IOException($"'{f.FullName}' exists; pass --force to overwrite it.");
                // Checked before training, which can take minutes, rather than when the file is written.
                if (f.Directory is { Exists: false } d)
                    throw new DirectoryNotFoundException($"The folder of {option} '{f.FullName}' does not exist; create '{d.FullName}' first.");
            }
            Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
            TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            var ml = new MLContext(parse.GetValue(seed));
            if (parse.GetValue(device) == "cuda") ml.GpuDeviceId = 0;
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
            console.MarkupLine($"[bold]LatentRelevance[/] on {Markup.Escape(description)}");
            using var fitted = Fit(console, ml, data, options);
            var rel = fitted.Report;
            console.MarkupLine(Markup.Escape(rel.Summary));
            foreach (var (title, table) in rel.Tables()) console.Write(ConsoleTables.From(table, title));
            console.MarkupLine($"[bold]Intrinsic dimension: {rel.IntrinsicDimension}[/]");
            if (parse.GetValue(output) is { } o)
            {
                using var s = File.Create(o.FullName);
                ml.Data.SaveAsText(fitted.Transform(data), s, separatorChar: ',', headerRow: true, schema: false);
                console.MarkupLine($"scored rows → {Markup.Escape(o.FullName)}");
            }
            if (parse.GetValue(model) is { } m)
            {
                ml.Model.Save(fitted, data.Schema, m.FullName);
                console.MarkupLine($"model → {Markup.Escape(m.FullName)}");
            }
            if (parse.GetValue(report) is { } r)
            {
                rel.SaveCsv(r.FullName, overwrite: true);
                console.MarkupLine($"report → {Markup.Escape(r.FullName)}");
            }
            return Program.Ok;
        });
        return command;
    }

    private static LatentRelevanceTransformer Fit(IAnsiConsole console, MLContext ml, IDataView data, LatentRelevanceEstimator.Options options)
    {
        LatentRelevanceTransformer? fitted = null;
        console.Progress().AutoClear(false).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1.0);
                options.Progress = new Reporter(p =>
                {
                    task.Value = p.Fraction;
                    var loss = p.Losses.TryGetValue("total", out var t) ? $" loss {t:G4}" : "";
                    var runs = p.RunsTogether > 1 ? $"runs {p.Run + 1}-{p.Run + p.RunsTogether}/{p.Runs}" : $"run {p.Run + 1}/{p.Runs}";
                    task.Description = $"{runs} epoch {p.Epoch}/{p.Epochs}{loss}";
                });
                fitted = ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(data);
                task.Value = 1.0;
            });
        return fitted!;
    }

    // Out-of-range option values are bad usage (exit 2), reported with the option's own name.
    private static void AtLeast(Option<int> option, int min) => option.Validators.Add(r =>
    {
        var v = r.GetValueOrDefault<int>();
        if (v < min) r.AddError($"{option.Name} must be at least {min}; got {v}.");
    });

    private static void AtLeast(Option<int?> option, int min) => option.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int?>() is { } v && v < min) r.AddError($"{option.Name} must be at least {min}; got {v}.");
    });

    private sealed class Reporter(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
