using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Microsoft.ML.Symmetry.Reporting;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry relevance</c>: LatentRelevance (Sanz) on a built-in dataset or a CSV file.</summary>
internal static class RelevanceCommand
{
    /// <summary>
    /// The command; <paramref name="merged"/>, when given, replaces the fit (<c>symmetry merge</c> passes the merged
    /// shards, checked against the options and data this command line gives).
    /// </summary>
    public static System.CommandLine.Command Create(IAnsiConsole console, Func<LatentRelevanceEstimator, IDataView, LatentRelevanceTransformer>? merged = null)
    {
        var common = new CommonOptions(new()
        {
            Output = "Write the scored rows (the input's columns, then Latent and LatentSigma) as CSV; a vector's values are headed Column.slot.",
            Model = "Save the fitted pipeline as a model zip.",
            Report = "Write the relevance table as CSV.",
        });
        var latent = new Option<int?>("--latent") { Description = "Latent dimension; default the number of features." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run.", DefaultValueFactory = _ => LatentRelevanceEstimator.Defaults.Epochs };
        var runs = new Option<int>("--runs") { Description = "Independent runs to aggregate (Sanz's protocol is 20; they train together as one batched model).", DefaultValueFactory = _ => LatentRelevanceEstimator.Defaults.Runs };
        var beta = new Option<double>("--beta") { Description = "KL weight β.", DefaultValueFactory = _ => LatentRelevanceEstimator.Defaults.Beta };
        var raw = new Option<bool>("--raw") { Description = "Train on the features as given (Standardize = false). By default the estimator centres and scales each feature to mean 0, variance 1 (statistics of the training rows, stored with the model), so β is relative to the data variance." };
        NumberOptions.Whole(latent, 1, LatentRelevanceTransformer.MaxLatent); NumberOptions.Whole(epochs, 1); NumberOptions.Whole(runs, 1, LatentRelevanceEstimator.Options.MaxRuns);
        NumberOptions.AtLeast(beta, 0);
        var betaScan = new Option<string?>("--beta-scan")
        {
            Description = "Comma-separated β values, each > 0, strictly increasing (e.g. 0.01,0.1,0.5,2): after the fit, refit once per β with the same seeds and options; the report gains a table (and with --plots a figure) of the relevance count per β and the range where it is stable. The count is a resolution set by β, not a topology: read it where it is stable.",
        };

        var sharding = new ShardOptions();
        var command = common.CreateCommand("relevance", "Train VAEs and report the relevance of each latent (Sanz).", [], [latent, epochs, runs, beta, raw, betaScan, .. sharding.All]);
        // The β-scan figure is written (and an existing one refused) only when a scan is asked for.
        common.SetAction(command, parse => RelevancePlots.FigureNames.Where(n => n != RelevancePlots.BetaScan || parse.GetValue(betaScan) is not null), Execute, parse =>
        {
            // Each shard trains at least one run (a usage error now, not after the data is loaded).
            sharding.CheckRuns(parse, parse.GetValue(runs), parse.GetValue(common.Force), parse.GetValue(betaScan) is null ? null : "--beta-scan");
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var scan = ParseBetas(parse.GetValue(betaScan));
            var options = new LatentRelevanceEstimator.Options
            {
                BetaScan = scan,
                InputColumnName = "Features",
                LatentDimension = parse.GetValue(latent),
                Epochs = parse.GetValue(epochs),
                Runs = parse.GetValue(runs),
                Beta = parse.GetValue(beta),
                Seed = parse.GetValue(common.Seed),
                Threads = common.ThreadCount(parse),
                Standardize = !parse.GetValue(raw),
            };
            // The library's checks of the β values, as bad usage before any data is read.
            try { _ = ml.Transforms.SymmetryDiscovery.LatentRelevance(options); }
            catch (ArgumentException e) when (e.ParamName == nameof(options.BetaScan)) { throw new UsageException("--beta-scan: " + FirstLine(e)); }
            var (data, description) = InputData.Load(ml, common.Data(parse));
            // With --json -, standard output carries the JSON only.
            var say = common.Say(parse, console);
            say.MarkupLine($"[bold]LatentRelevance[/] on {Markup.Escape(description)}");
            if (sharding.Parse(parse) is { } shard) return TrainShard(say, ml, parse, data, options, shard, sharding);
            var fitted = CommandSupport.FitOrMerge(say, options, () => ml.Transforms.SymmetryDiscovery.LatentRelevance(options), merged, data, Describe);
            var rel = fitted.Report;
            CommandSupport.Print(say, rel, console.Profile.Width);
            say.MarkupLine($"[bold]Intrinsic dimension: {rel.IntrinsicDimension}[/]");
            var c = CultureInfo.InvariantCulture;
            var run = common.Describe(parse, description,
            [
                ("Latent dimension", fitted.LatentDimension.ToString(c)),
                ("Epochs", options.Epochs.ToString(c)),
                ("Runs", options.Runs.ToString(c)),
                ("Beta", options.Beta.ToString("G6", c)),
                ("Standardize", options.Standardize ? "yes" : "no"),
                .. scan is null ? Array.Empty<(string, string)>() : [("Beta scan", string.Join(",", scan.Select(b => b.ToString("G6", c))))],
            ], rel.FitTime, threads: rel.Threads);
            common.Write(parse, console, say, ml, fitted, data, rel, run, () => fitted.Plots(data, maxRows: 2000));
            return Program.Ok;
        }
    }

    private static string Describe(TrainingProgress p)
    {
        var runsNow = p.RunsTogether > 1 ? $"runs {p.Run + 1}-{p.Run + p.RunsTogether}/{p.Runs}" : $"run {p.Run + 1}/{p.Runs}";
        return $"{runsNow} {CommandSupport.Epoch(p)}";
    }

    // One shard's runs, written as a partial result with the command line (so a merge can load the same data).
    private static int TrainShard(IAnsiConsole say, MLContext ml, ParseResult parse, IDataView data, LatentRelevanceEstimator.Options options,
                                  SymmetryShard shard, ShardOptions sharding)
    {
        options.Shard = shard;
        return sharding.WriteRuns(say, parse, shard, options.Runs, options.Seed!.Value, options,
            () => ml.Transforms.SymmetryDiscovery.LatentRelevance(options).FitPartial(data), Describe);
    }

    // "0.01,0.1" → [0.01, 0.1]; null for no scan. The values' range and order are the library's to check.
    private static double[]? ParseBetas(string? text)
    {
        if (text is null) return null;
        if (string.IsNullOrWhiteSpace(text)) return [];                 // the library's "at least one β"
        return text.Split(',', StringSplitOptions.TrimEntries).Select(t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                ? b
                : throw new UsageException($"--beta-scan: '{t}' is not a number (give comma-separated β values, e.g. 0.01,0.1,0.5,2).")).ToArray();
    }

    // ArgumentException's message without the " (Parameter '…')" line .NET appends.
    private static string FirstLine(ArgumentException e) => e.Message.Split('\n')[0].Replace(" (Parameter '" + e.ParamName + "')", "").TrimEnd();
}
