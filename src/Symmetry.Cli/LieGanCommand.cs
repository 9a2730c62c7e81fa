using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Reporting;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry liegan</c>: LatentLieGan (LaLiGAN, paper 002) on a built-in dataset or a CSV file, with optional SINDy.</summary>
internal static class LieGanCommand
{
    public static System.CommandLine.Command Create(IAnsiConsole console)
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
        var rollout = new Option<string?>("--rollout")
        {
            Description = "Comma-separated horizons (steps of --dt) of the SINDy long-term test: the last (largest + 1) rows are held out as one trajectory (needs --sindy; e.g. 1,10,50).",
        };
        var batchNorm = new Option<bool>("--batchnorm") { Description = "BatchNorm1d after every hidden layer of the autoencoder (LaLiGAN's option)." };
        var orthogonal = new Option<bool>("--orthogonal") { Description = "Keep the last encoder layer's weight orthogonal (polar retraction after every step)." };
        var joint = new Option<bool>("--joint-sindy") { Description = "Also train with the latent SINDy loss term (paper eq. 5; needs --sindy, and consecutive states or --velocity)." };
        var velocity = new Option<string?>("--velocity") { Description = "Columns of --input holding ẋ, one per feature (a range 'A-B' or names): SINDy then uses ż = (∇ₓφ) ẋ by the chain rule (paper eq. 5) at every state." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch.", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var output = new Option<FileInfo?>("--output") { Description = "Write the scored rows (the input's columns, then Latent and with SINDy LatentDot) as CSV." };
        var model = new Option<FileInfo?>("--model") { Description = "Save the fitted transformer as a model zip." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the generators table as CSV." };
        var reports = CommandSupport.ReportOutputs.Create();
        var force = new Option<bool>("--force") { Description = "Overwrite --output, --model, --report, --html, --json files and --plots figures that exist." };
        CommandSupport.AtLeast(count, 1); CommandSupport.AtLeast(latent, 1); CommandSupport.AtLeast(generators, 1); CommandSupport.AtLeast(epochs, 1);
        CommandSupport.AtLeast(timeSteps, 1); CommandSupport.AtLeast(threads, 1); CommandSupport.AtLeast(sindy, 0);
        dt.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v > 0) || double.IsInfinity(v)) r.AddError($"--dt must be a finite number > 0; got {v}.");
        });
        rollout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && Horizons(text) is null)
                r.AddError($"--rollout must be comma-separated whole numbers ≥ 1 (e.g. 1,10,50); got '{text}'.");
        });

        var command = new System.CommandLine.Command("liegan", "Learn a latent space with a linear Lie group symmetry, and optionally its SINDy equations (LaLiGAN, paper 002).")
        {
            dataset, input, features, velocity, count, pairs, timeSteps, latent, generators, epochs, batchNorm, orthogonal, sindy, joint, dt, rollout, seed, threads, device, output, model, report,
            reports.Plots, reports.Html, reports.Json, force,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(rollout) is not null && parse.GetValue(sindy) is null) throw new UsageException("--rollout needs --sindy: it rolls the SINDy equations forward.");
            if (parse.GetValue(joint) && parse.GetValue(sindy) is null) throw new UsageException("--joint-sindy needs --sindy ORDER (the library of the joint term).");
            CommandSupport.CheckOutputs(parse, parse.GetValue(force), [("--output", parse.GetValue(output)), ("--model", parse.GetValue(model)), ("--report", parse.GetValue(report))],
                                        reports, LatentLieGanPlots.FigureNames);
            return CommandSupport.RunTraining(parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(device), ml => Execute(parse, ml));
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var velocities = parse.GetValue(velocity);
            var (data, description) = InputData.Load(ml, parse.GetValue(dataset), parse.GetValue(input), parse.GetValue(features), parse.GetValue(count), parse.GetValue(seed), velocities);
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
            if (order is not null && steps < 2 && velocities is null) throw new UsageException("--sindy needs consecutive states (--pairs or --timesteps ≥ 2) or their velocities (--velocity).");
            if (velocities is not null && order is null) throw new UsageException("--velocity needs --sindy ORDER: the velocities are only used by SINDy.");
            var options = new LatentLieGanEstimator.Options
            {
                InputColumnName = column,
                LatentDimension = parse.GetValue(latent),
                Generators = parse.GetValue(generators),
                TimeSteps = steps,
                Epochs = parse.GetValue(epochs),
                BatchNorm = parse.GetValue(batchNorm),
                OrthogonalLatentLayer = parse.GetValue(orthogonal),
                Seed = parse.GetValue(seed),
                Sindy = order is { } p
                    ? new LatentLieGanEstimator.SindyOptions { PolynomialOrder = p, TimeStep = parse.GetValue(dt), RolloutHorizons = parse.GetValue(rollout) is { } h ? Horizons(h) : null, TrainJointly = parse.GetValue(joint), DerivativeColumnName = velocities is null ? null : "Velocity" }
                    : null,
            };
            // With --json -, standard output carries the JSON only.
            var say = reports.Say(parse, console);
            say.MarkupLine($"[bold]LatentLieGan[/] on {Markup.Escape(description)}");
            using var fitted = CommandSupport.WithProgress(say, p =>
            {
                var loss = p.Losses.TryGetValue("total", out var t) ? string.Create(CultureInfo.InvariantCulture, $" loss {t:G4}") : "";
                return $"epoch {p.Epoch}/{p.Epochs}{loss}";
            }, progress =>
            {
                options.Progress = progress;
                return ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
            });
            var rep = fitted.Report;
            say.MarkupLine(Markup.Escape(rep.Summary));
            foreach (var (title, table) in rep.Tables()) say.Write(ConsoleTables.From(table, title, console.Profile.Width));
            if (rep.Algebra is { } algebra) say.MarkupLine($"[bold]Algebra: {Markup.Escape(algebra.Name)}[/]");
            if (rep.Equations is { } equations)
                foreach (var e in equations) say.MarkupLine($"[bold]{Markup.Escape(e)}[/]");
            var c = CultureInfo.InvariantCulture;
            var overwrite = parse.GetValue(force);
            var run = new RunDescription
            {
                Dataset = description,
                Command = CommandSupport.CommandLine(parse),
                Options =
                [
                    new("Latent dimension", options.LatentDimension.ToString(c)),
                    new("Generators", options.Generators.ToString(c)),
                    new("Time steps per row", steps.ToString(c)),
                    new("Epochs", options.Epochs.ToString(c)),
                    new("Autoencoder", $"hidden {string.Join("×", options.HiddenLayers)}{(options.BatchNorm ? ", BatchNorm" : "")}{(options.OrthogonalLatentLayer ? ", orthogonal latent layer" : "")}"),
                    new("SINDy", options.Sindy is { } sy ? string.Create(c, $"polynomials ≤ {sy.PolynomialOrder}, Δt = {sy.TimeStep:G6}{(sy.TrainJointly ? ", trained jointly" : ", fitted after training")}") : "off"),
                    new("Rollout horizons", options.Sindy?.RolloutHorizons is { } rh ? string.Join(", ", rh) : "none"),
                    new("Seed", options.Seed?.ToString(c) ?? "none"),
                    new("Device", parse.GetValue(device) ?? "cpu"),
                    new("Threads", parse.GetValue(threads).ToString(c)),
                ],
            };
            CommandSupport.WriteReports(parse, reports, console, say, rep, run, () => rep.Plots(), overwrite);
            CommandSupport.WriteFiles(say, ml, fitted, data, rep, parse.GetValue(output), parse.GetValue(model), parse.GetValue(report));
            return Program.Ok;
        }
    }

    // "1,10,50" → [1, 10, 50]; null when any part is not a whole number ≥ 1.
    internal static int[]? Horizons(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1 ? v : (int?)null).ToArray();
        return values.Length == 0 || values.Any(v => v is null) ? null : values.Select(v => v!.Value).ToArray();
    }
}
