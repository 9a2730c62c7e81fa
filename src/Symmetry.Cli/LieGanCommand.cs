using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;
using Symmetry.Estimators;
using Symmetry.Estimators.LatentLieGan;

namespace Symmetry.Cli;

/// <summary><c>symmetry liegan</c>: LatentLieGan (LaLiGAN, paper 002) on a built-in dataset or a CSV file, with optional SINDy.</summary>
internal static class LieGanCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string?>("--dataset") { Description = "A built-in dataset (see 'symmetry datasets')." };
        var input = new Option<FileInfo?>("--input") { Description = "A CSV file with a header line." };
        var features = new Option<string?>("--features") { Description = "Comma-separated feature columns of --input (names or 0-based indices); default all." };
        var count = new Option<int?>("--count") { Description = "Rows to generate (built-ins) or to read (CSV)." };
        var pairs = new Option<bool>("--pairs") { Description = "Train on consecutive pairs: the built-in dataset's Source and Target columns joined (TimeSteps 2)." };
        var timeSteps = new Option<int>("--timesteps") { Description = "Consecutive states in each --input row (its features hold them one after the other).", DefaultValueFactory = _ => 1 };
        var latent = new Option<int>("--latent") { Description = "Latent dimension.", DefaultValueFactory = _ => LatentLieGanEstimator.Defaults.LatentDimension };
        var generators = new Option<int>("--generators") { Description = "Number of Lie-algebra generators.", DefaultValueFactory = _ => LatentLieGanEstimator.Defaults.Generators };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => LatentLieGanEstimator.Defaults.Epochs };
        var sindy = new Option<int?>("--sindy") { Description = "Fit SINDy equations of the latent dynamics with polynomials up to this order (needs --pairs or --timesteps ≥ 2)." };
        var dt = new Option<double>("--dt") { Description = "Δt between consecutive states (for SINDy).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int?>("--seed") { Description = "Seed for data generation and training.", DefaultValueFactory = _ => 1 };
        var model = new Option<FileInfo?>("--model") { Description = "Save the fitted pipeline as a model zip." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch.", DefaultValueFactory = _ => 1 };
        CommandSupport.AtLeast(count, 1); CommandSupport.AtLeast(latent, 1); CommandSupport.AtLeast(generators, 1); CommandSupport.AtLeast(epochs, 1);
        CommandSupport.AtLeast(timeSteps, 1); CommandSupport.AtLeast(threads, 1); CommandSupport.AtLeast(sindy, 0);

        var command = new Command("liegan", "Learn a latent space with a linear Lie group symmetry, and optionally its SINDy equations (LaLiGAN, paper 002).")
        {
            dataset, input, features, count, pairs, timeSteps, latent, generators, epochs, sindy, dt, seed, model, threads,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(model) is { Exists: true } existing) throw new UsageException($"--model {existing.FullName} exists.");
            Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
            TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            var ml = new MLContext(parse.GetValue(seed));
            ConsoleCancelEventHandler cancel = (_, e) => { e.Cancel = true; ml.CancelExecution(); };
            Console.CancelKeyPress += cancel;
            try
            {
                return Execute(parse, ml);
            }
            finally
            {
                Console.CancelKeyPress -= cancel;
            }
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var (data, description) = InputData.Load(ml, parse.GetValue(dataset), parse.GetValue(input), parse.GetValue(features), parse.GetValue(count), parse.GetValue(seed));
            var steps = parse.GetValue(timeSteps);
            var column = "Features";
            if (parse.GetValue(pairs))
            {
                if (data.Schema.GetColumnOrNull("Source") is null || data.Schema.GetColumnOrNull("Target") is null)
                    throw new UsageException("--pairs needs a built-in dataset with Source and Target columns (e.g. reaction-diffusion, pendulum).");
                if (steps != 1) throw new UsageException("Give --pairs or --timesteps, not both.");
                data = ml.Transforms.Concatenate("Pair", "Source", "Target").Fit(data).Transform(data);
                column = "Pair";
                steps = 2;
            }
            var order = parse.GetValue(sindy);
            if (order is not null && steps < 2) throw new UsageException("--sindy needs consecutive states: --pairs or --timesteps ≥ 2.");
            var options = new LatentLieGanEstimator.Options
            {
                InputColumnName = column,
                LatentDimension = parse.GetValue(latent),
                Generators = parse.GetValue(generators),
                TimeSteps = steps,
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                Sindy = order is { } p ? new LatentLieGanEstimator.SindyOptions { PolynomialOrder = p, TimeStep = parse.GetValue(dt) } : null,
            };
            console.MarkupLine($"[bold]LatentLieGan[/] on {Markup.Escape(description)}");
            using var fitted = CommandSupport.WithProgress(console, p =>
            {
                var loss = p.Losses.TryGetValue("total", out var t) ? string.Create(CultureInfo.InvariantCulture, $" loss {t:G4}") : "";
                return $"epoch {p.Epoch}/{p.Epochs}{loss}";
            }, progress =>
            {
                options.Progress = progress;
                return ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
            });
            var report = fitted.Report;
            console.MarkupLine(Markup.Escape(report.Summary));
            foreach (var (title, table) in report.Tables()) console.Write(ConsoleTables.From(table, title, console.Profile.Width));
            if (report.Algebra is { } algebra) console.MarkupLine($"[bold]Algebra: {Markup.Escape(algebra.Name)}[/]");
            if (report.Equations is { } equations)
                foreach (var e in equations) console.MarkupLine($"[bold]{Markup.Escape(e)}[/]");
            if (parse.GetValue(model) is { } m)
            {
                ml.Model.Save(fitted, data.Schema, m.FullName);
                console.MarkupLine($"model → {Markup.Escape(m.FullName)}");
            }
            return Program.Ok;
        }
    }
}
