using System.CommandLine;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// <c>symmetry merge DIR</c>: puts the partial results of one sharded protocol together (refusing parts of other
/// protocols, duplicates and missing shards, exit 1 naming the shards to run again) and writes the usual outputs
/// through the training command itself, re-run on the shards' command line with the merged model in place of a fit:
/// the same report, tables, figures, HTML and JSON code as a single run.
/// </summary>
internal static class MergeCommand
{
    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "The folder of the shards' partial results (the --partials of their runs)." };
        var outputs = ShardOptions.MergedOutputs.Select(name => new Option<string?>(name) { Description = $"As the training command's {name}." }).ToArray();
        var force = new Option<bool>("--force") { Description = "Overwrite outputs that exist." };
        var command = new System.CommandLine.Command("merge", "Merge the partial results of a sharded run (--shard) into the report and model one run would have made.") { dir, force };
        foreach (var o in outputs) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!.FullName;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The partial-results folder '{folder}' does not exist.");
            var files = Directory.GetFiles(folder, "*" + ShardOptions.Extension).Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0) throw new FileNotFoundException($"'{folder}' holds no partial result (*{ShardOptions.Extension}); run the shards with --partials '{folder}' first.");
            Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
            var ml = new MLContext();
            var parts = new List<SymmetryPartialResult>();
            try
            {
                foreach (var f in files) parts.Add(SymmetryPartialResult.Load(ml, f));
                var merged = SymmetryPartialResult.Merge(parts);
                var args = Replay(parts[0].Context, parse, outputs, force);
                console.MarkupLine($"merging {parts.Count} shards of {parts[0].Items} {Markup.Escape(parts[0].Method)} items from {Markup.Escape(folder)}");
                return parts[0].Method switch
                {
                    "LatentRelevance" => Invoke(console, RelevanceCommand.Create(console, (estimator, data) => Checked((LatentRelevanceTransformer)merged, parts[0], estimator.FingerprintOf(data))), args),
                    "OracleFlows" => Invoke(console, FlowsCommand.Create(console, (estimator, data) => Checked((OracleFlowsTransformer)merged, parts[0], estimator.FingerprintOf(data))), args),
                    "LieDetector" => Invoke(console, DetectorCommand.Create(console, (estimator, data) => Checked((LieDetectorTransformer)merged, parts[0], estimator.FingerprintOf(data))), args),
                    "LatentLieGan" => Invoke(console, LieGanCommand.Create(console, (estimator, data) => Checked((LatentLieGanTransformer)merged, parts[0], estimator.FingerprintOf(data))), args),
                    _ => throw new InvalidOperationException($"{parts[0].Method} shards cannot be merged by this version."),
                };
            }
            finally
            {
                foreach (var p in parts) p.Dispose();
            }
        });
        return command;
    }

    // The shards' command line without --shard, --partials and outputs, then the merge's outputs.
    internal static string[] Replay(string context, ParseResult parse, IEnumerable<Option<string?>> outputs, Option<bool> force)
    {
        var recorded = context.Split('\0');
        if (recorded.Length == 0 || !SweepPlan.Shardable.Contains(recorded[0])) throw new InvalidDataException($"The partial results record no training command line ('{recorded.FirstOrDefault()}').");
        var dropWithValue = ShardOptions.MergedOutputs.Append("--shard").Append("--partials").ToHashSet(StringComparer.Ordinal);
        var args = new List<string>();
        for (var i = 0; i < recorded.Length; i++)
        {
            if (dropWithValue.Contains(recorded[i])) { i++; continue; }
            if (recorded[i] == "--force") continue;
            args.Add(recorded[i]);
        }
        foreach (var o in outputs)
            if (parse.GetValue(o) is { } value) args.AddRange([o.Name, value]);
        if (parse.GetValue(force)) args.Add("--force");
        return [.. args];
    }

    private static T Checked<T>(T merged, SymmetryPartialResult first, string fingerprint) =>
        fingerprint == first.Fingerprint ? merged
            : throw new InvalidOperationException(
                $"The shards' command line loads other data or options here than the shards trained on (fingerprint {fingerprint[..12]}… here, {first.Fingerprint[..12]}… in the shards): " +
                "merge where the same input files and package version are present.");

    private static int Invoke(IAnsiConsole console, System.CommandLine.Command command, string[] args)
    {
        var root = new RootCommand { command };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0) throw new InvalidDataException($"The shards' command line no longer parses: {parse.Errors[0].Message}");
        var writer = console.Profile.Out.Writer;
        return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = writer, Error = writer });
    }
}
