using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Microsoft.ML.Symmetry.Reporting;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry liegan</c>: LatentLieGan (LaLiGAN, Yang et al.) on a built-in dataset or a CSV file, with optional SINDy.</summary>
internal static class LieGanCommand
{
    /// <summary>
    /// The command; <paramref name="merged"/>, when given, replaces the fit (<c>symmetry merge</c> passes the merged
    /// shards of --runs, checked against the options and data this command line gives).
    /// </summary>
    public static System.CommandLine.Command Create(IAnsiConsole console, Func<LatentLieGanEstimator, IDataView, LatentLieGanTransformer>? merged = null)
    {
        var common = new CommonOptions(new()
        {
            Output = "Write the scored rows (the input's columns, then Latent and with SINDy LatentDot) as CSV.",
            Report = "Write the generators table as CSV.",
        });
        var velocity = new Option<string?>("--velocity") { Description = "Columns of --input holding ẋ, one per feature (a range 'A-B' or names): SINDy then uses ż = (∇ₓφ) ẋ by the chain rule (Yang et al., eq. 5) at every state." };
        var pairs = new Option<bool>("--pairs") { Description = "Train on consecutive pairs: the built-in dataset's Source and Target columns joined (TimeSteps 2)." };
        var timeSteps = new Option<int>("--timesteps") { Description = "Consecutive states in each --input row (its features hold them one after the other).", DefaultValueFactory = _ => 1 };
        var latent = new Option<int>("--latent") { Description = "Latent dimension.", DefaultValueFactory = _ => LatentLieGanEstimator.Defaults.LatentDimension };
        var generators = new Option<int>("--generators") { Description = "Number of Lie-algebra generators.", DefaultValueFactory = _ => LatentLieGanEstimator.Defaults.Generators };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => LatentLieGanEstimator.Defaults.Epochs };
        var batchNorm = new Option<bool>("--batchnorm") { Description = "BatchNorm1d after every hidden layer of the autoencoder (LaLiGAN's option)." };
        var orthogonal = new Option<bool>("--orthogonal") { Description = "Keep the last encoder layer's weight orthogonal (polar retraction after every step)." };
        var regularizer = new Option<LieGanRegularizer>("--regularizer") { Description = "Term keeping the generator from the identity: Cosine (default, finds rotations; penalises dilations like the identity), RelativeDifference or GeneratorNorm (for scalings, boosts, shears).", DefaultValueFactory = _ => LieGanRegularizer.Cosine };
        var sindy = new Option<int?>("--sindy") { Description = "Fit SINDy equations of the latent dynamics with polynomials up to this order (needs --pairs or --timesteps ≥ 2)." };
        var joint = new Option<bool>("--joint-sindy") { Description = "Also train with the latent SINDy loss term (Yang et al., eq. 5; needs --sindy, and consecutive states or --velocity)." };
        var dt = new Option<double>("--dt") { Description = "Δt between consecutive states (for SINDy).", DefaultValueFactory = _ => 1 };
        var rollout = new Option<string?>("--rollout")
        {
            Description = "Comma-separated horizons (steps of --dt) of the SINDy long-term test: the last (largest + 1) rows are held out as one trajectory (needs --sindy; e.g. 1,10,50).",
        };
        var runs = new Option<int>("--runs")
        {
            Description = "Independent trainings with seeds --seed, --seed + 1, …; the model of the run whose final discriminator accuracy is closest to 0.5 is kept, and the report adds a per-run table and how many runs share its eigenvalue kind.",
            DefaultValueFactory = _ => 1,
        };
        NumberOptions.Whole(runs, 1, SeedProtocol.MaxRuns);
        NumberOptions.Whole(latent, 1, LatentLieGanTransformer.MaxLatent);
        NumberOptions.Whole(timeSteps, 1, LatentLieGanTransformer.MaxTimeSteps);
        foreach (var o in new[] { generators, epochs }) NumberOptions.Whole(o, 1);
        NumberOptions.Whole(sindy, 0);
        NumberOptions.Positive(dt);
        rollout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && Horizons(text) is null)
                r.AddError($"--rollout must be comma-separated whole numbers ≥ 1 (e.g. 1,10,50); got '{text}'.");
        });

        var sharding = new ShardOptions();
        var command = common.CreateCommand("liegan", "Learn a latent space with a linear Lie group symmetry, and optionally its SINDy equations (LaLiGAN, Yang et al.).",
                                           [velocity], [pairs, timeSteps, latent, generators, epochs, batchNorm, orthogonal, regularizer, sindy, joint, dt, rollout, runs, .. sharding.All]);
        common.SetAction(command, _ => LatentLieGanPlots.FigureNames, Execute, parse =>
        {
            if (parse.GetValue(rollout) is not null && parse.GetValue(sindy) is null) throw new UsageException("--rollout needs --sindy: it rolls the SINDy equations forward.");
            if (parse.GetValue(joint) && parse.GetValue(sindy) is null) throw new UsageException("--joint-sindy needs --sindy ORDER (the library of the joint term).");
            sharding.CheckRuns(parse, parse.GetValue(runs), parse.GetValue(common.Force));
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var velocities = parse.GetValue(velocity);
            var (data, description) = InputData.Load(ml, common.Data(parse) with { Velocity = velocities });
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
                Regularizer = parse.GetValue(regularizer),
                Seed = parse.GetValue(common.Seed),
                Threads = common.ThreadCount(parse),
                Runs = parse.GetValue(runs),
                Sindy = order is { } p
                    ? new LatentLieGanEstimator.SindyOptions { PolynomialOrder = p, TimeStep = parse.GetValue(dt), RolloutHorizons = parse.GetValue(rollout) is { } h ? Horizons(h) : null, TrainJointly = parse.GetValue(joint), DerivativeColumnName = velocities is null ? null : "Velocity" }
                    : null,
            };
            // With --json -, standard output carries the JSON only.
            var say = common.Say(parse, console);
            say.MarkupLine($"[bold]LatentLieGan[/] on {Markup.Escape(description)}");
            if (sharding.Parse(parse) is { } shard)
            {
                options.Shard = shard;
                return sharding.WriteRuns(say, parse, shard, options.Runs, options.Seed!.Value, options,
                    () => ml.Transforms.SymmetryDiscovery.LatentLieGan(options).FitPartial(data));
            }
            var fitted = CommandSupport.FitOrMerge(say, options, () => ml.Transforms.SymmetryDiscovery.LatentLieGan(options), merged, data);
            var rep = fitted.Report;
            CommandSupport.Print(say, rep, console.Profile.Width);
            if (rep.Algebra is { } algebra) say.MarkupLine($"[bold]Algebra: {Markup.Escape(algebra.Name)}[/]");
            if (rep.Equations is { } equations)
                foreach (var e in equations) say.MarkupLine($"[bold]{Markup.Escape(e)}[/]");
            var c = CultureInfo.InvariantCulture;
            var run = common.Describe(parse, description,
            [
                ("Latent dimension", options.LatentDimension.ToString(c)),
                ("Generators", options.Generators.ToString(c)),
                ("Time steps per row", steps.ToString(c)),
                ("Epochs", options.Epochs.ToString(c)),
                ("Regularizer", options.Regularizer.ToString()),
                ("Autoencoder", $"hidden {string.Join("×", options.HiddenLayers)}{(options.BatchNorm ? ", BatchNorm" : "")}{(options.OrthogonalLatentLayer ? ", orthogonal latent layer" : "")}"),
                ("SINDy", options.Sindy is { } sy ? string.Create(c, $"polynomials ≤ {sy.PolynomialOrder}, Δt = {sy.TimeStep:G6}{(sy.TrainJointly ? ", trained jointly" : ", fitted after training")}") : "off"),
                ("Rollout horizons", options.Sindy?.RolloutHorizons is { } rh ? string.Join(", ", rh) : "none"),
                // Only for a protocol: a single run's description is as it was.
                .. options.Runs > 1 ? [("Runs", options.Runs.ToString(c))] : Array.Empty<(string, string)>(),
            ], threads: rep.Threads);
            common.Write(parse, console, say, ml, fitted, data, rep, run, () => rep.Plots());
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
