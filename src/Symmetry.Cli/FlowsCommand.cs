using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Microsoft.ML.Symmetry.Reporting;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// <c>symmetry flows</c>: OracleFlows (oracle-preserving flows, Roman, Forestano et al.) on a built-in dataset or a
/// CSV file, with a label-learned or a named oracle.
/// </summary>
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

    /// <summary>
    /// The command; <paramref name="merged"/>, when given, replaces the fit (<c>symmetry merge</c> passes the merged
    /// shards of a --scan, checked against the options and data this command line gives).
    /// </summary>
    public static System.CommandLine.Command Create(IAnsiConsole console, Func<OracleFlowsEstimator, IDataView, OracleFlowsTransformer>? merged = null)
    {
        var common = new CommonOptions(new()
        {
            Features = "Comma-separated feature columns of --input (names or 0-based indices); default all but the label.",
            Output = "Write the scored rows (the input's columns, then Flow) as CSV.",
            Model = "Save the fitted transformer as a model zip (a named oracle is not saved; a learned one is).",
            Report = "Write the generators table as CSV.",
        });
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
        NumberOptions.Whole(generators, 1, OracleFlowsTransformer.MaxGenerators);
        NumberOptions.Whole(epochs, 1);
        NumberOptions.Whole(latent, 1, OracleFlowsTransformer.MaxDimension);
        // OracleFlows tries at most 64 generators (its own limit).
        NumberOptions.Whole(scan, 1, OracleFlowsTransformer.MaxGenerators);
        NumberOptions.Positive(learningRate);

        var sharding = new ShardOptions();
        var command = common.CreateCommand("flows", "Find generators that keep an oracle unchanged and name their Lie algebra (oracle-preserving flows, Roman, Forestano et al.).",
                                           [label, regress, oracle], [generators, scan, latent, kind, epochs, learningRate, .. sharding.All]);
        // A generator scan can keep up to --scan generators, each with its flow field.
        common.SetAction(command,
                         parse => OracleFlowsPlots.FigureNames.Concat(Enumerable.Range(0, Math.Max(parse.GetValue(generators), parse.GetValue(scan) ?? 0)).Select(OracleFlowsPlots.FlowFieldName)),
                         Execute, parse =>
                         {
                             if (parse.GetValue(label) is null == parse.GetValue(oracle) is null) throw new UsageException("Give exactly one oracle: --label COLUMN (learned) or --oracle NAME.");
                             if (parse.GetValue(regress) && parse.GetValue(label) is null) throw new UsageException("--regress applies to --label only.");
                             if (sharding.Parse(parse) is { } shard)
                             {
                                 // A shard is a block of the N_g scan: each shard trains at least one N_g.
                                 if (parse.GetValue(scan) is not { } max) throw new UsageException("--shard splits a generator scan: give --scan N.");
                                 if (shard.Count > max) throw new UsageException($"--shard {shard}: a scan of {max} N_g value(s) cannot be split into {shard.Count} shards; use at most {max}.");
                                 sharding.CheckOutput(parse, shard, parse.GetValue(common.Force));
                             }
                         });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var labelName = parse.GetValue(label);
            var fromCsv = parse.GetValue(common.Input) is not null;
            var (data, description) = InputData.Load(ml, common.Data(parse) with { Label = labelName, NumericLabel = parse.GetValue(regress) });
            var options = new OracleFlowsEstimator.Options
            {
                InputColumnName = "Features",
                // A CSV's label column is loaded as Label; a built-in dataset's is read by its own name.
                LabelColumnName = labelName is null ? null : fromCsv ? "Label" : labelName,
                Oracle = parse.GetValue(oracle) is { } name ? Oracles[name].Function : null,
                Generators = parse.GetValue(generators),
                ScanGenerators = parse.GetValue(scan),
                LatentDimension = parse.GetValue(latent),
                GeneratorKind = parse.GetValue(kind) == "neural" ? GeneratorKind.Neural : GeneratorKind.Linear,
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(learningRate),
                Seed = parse.GetValue(common.Seed),
                Threads = common.ThreadCount(parse),
            };
            var what = options.Oracle is null ? $"an oracle learned from '{labelName}'" : $"oracle {parse.GetValue(oracle)} = {Oracles[parse.GetValue(oracle)!].Formula}";
            // With --json -, standard output carries the JSON only.
            var say = common.Say(parse, console);
            say.MarkupLine($"[bold]OracleFlows[/] on {Markup.Escape(description)}, {Markup.Escape(what)}");
            if (sharding.Parse(parse) is { } shard)
            {
                options.Shard = shard;
                var (start, length) = shard.Block(options.ScanGenerators!.Value);
                say.MarkupLine($"shard {shard}: N_g = {start + 1}-{start + length} of the scan 1-{options.ScanGenerators}");
                return sharding.Write(say, parse, shard, CommandSupport.Epoch, progress =>
                {
                    options.Progress = progress;
                    return ml.Transforms.SymmetryDiscovery.OracleFlows(options).FitPartial(data);
                });
            }
            var fitted = CommandSupport.FitOrMerge(say, options, () => ml.Transforms.SymmetryDiscovery.OracleFlows(options), merged, data);
            var rep = fitted.Report;
            CommandSupport.Print(say, rep, console.Profile.Width);
            say.MarkupLine(rep.SymmetryFound
                ? $"[bold]Algebra: {Markup.Escape(rep.Algebra.Name)}[/] (dimension {rep.Algebra.Dimension}, Killing signature {rep.Algebra.KillingSignature})"
                : "[bold]No symmetry found.[/]");
            var c = CultureInfo.InvariantCulture;
            var run = common.Describe(parse, description,
            [
                ("Oracle", what),
                ("Generators", rep.GeneratorCount.ToString(c)),
                ("Scan", options.ScanGenerators?.ToString(c) ?? "no"),
                ("Kind", options.GeneratorKind.ToString().ToLowerInvariant()),
                ("Latent dimension", options.LatentDimension?.ToString(c) ?? "none (flows on the features)"),
                ("Epochs", options.Epochs.ToString(c)),
                ("Learning rate", options.LearningRate.ToString("G6", c)),
            ], rep.FitTime, threads: rep.Threads);
            common.Write(parse, console, say, ml, fitted, data, rep, run, () => fitted.Plots(data, maxRows: 2000));
            return Program.Ok;
        }
    }
}
