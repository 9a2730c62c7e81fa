using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// <c>symmetry sweep --engine slurm|kubernetes|local --shards n [--grid NAME=V1,V2 …] [--submit] DIR -- COMMAND…</c>:
/// writes a sharded protocol (each grid point × n shards, then a merge per point) as the engine's job array into DIR
/// and, with --submit, submits it (local runs it here as processes); <c>symmetry sweep status DIR</c> counts done,
/// running, failed and pending shards.
/// </summary>
internal static class SweepCommand
{
    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var engine = new Option<string>("--engine") { Description = "slurm (sbatch --array + a merge job), kubernetes (an Indexed Job + a merge Job on a shared volume) or local (processes here).", Required = true };
        engine.AcceptOnlyFromAmong("slurm", "kubernetes", "local");
        var shards = new Option<int>("--shards") { Description = "Shards per grid point (each trains a contiguous block of the protocol's work items).", Required = true };
        NumberOptions.Whole(shards, 1, LatentRelevanceEstimator.Options.MaxRuns);
        var grid = new Option<string[]>("--grid") { Description = "NAME=V1,V2,…: run the protocol for each value of --NAME (repeat for a product grid).", AllowMultipleArgumentsPerToken = false };
        var submit = new Option<bool>("--submit") { Description = "Submit after writing (sbatch or kubectl must be on PATH); local always runs." };
        var force = new Option<bool>("--force") { Description = "Write into a DIR that already holds a sweep (its scripts are replaced; results are kept)." };
        var symmetry = new Option<string?>("--symmetry") { Description = "How a task starts this tool (default: this program for slurm and local, 'symmetry' inside the kubernetes image)." };
        var image = new Option<string>("--image") { Description = "kubernetes: the container image with the symmetry tool.", DefaultValueFactory = _ => "symmetry:latest" };
        var claim = new Option<string>("--volume-claim") { Description = "kubernetes: the ReadWriteMany PersistentVolumeClaim mounted at /sweep in every pod.", DefaultValueFactory = _ => "symmetry-sweep" };
        var parallel = new Option<int>("--parallel") { Description = "local: shards run at once.", DefaultValueFactory = _ => 1 };
        NumberOptions.Whole(parallel, 1, 256);
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "The sweep folder (created; shared by every task for slurm, the volume's content for kubernetes)." };
        var command = new Argument<string[]>("COMMAND") { Description = "The training command after '--', e.g. -- relevance --dataset sphere --runs 20.", Arity = ArgumentArity.OneOrMore };
        var sweep = new System.CommandLine.Command("sweep", "Run a protocol as shards on a job-array engine (Slurm, Kubernetes) or locally, then merge.")
        {
            engine, shards, grid, submit, force, symmetry, image, claim, parallel, dir, command,
        };
        sweep.Subcommands.Add(Status(console));
        sweep.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!.FullName;
            var plan = new SweepPlan(parse.GetValue(engine)!, parse.GetValue(shards), SweepPlan.PointsOf(parse.GetValue(command)!, parse.GetValue(grid) ?? []));
            if (File.Exists(folder)) throw new IOException($"The sweep folder '{folder}' is a file.");
            if (File.Exists(Path.Combine(folder, SweepPlan.FileName)) && !parse.GetValue(force))
                throw new IOException($"'{folder}' already holds a sweep; pass --force to rewrite its scripts, or use 'symmetry sweep status'.");
            Directory.CreateDirectory(folder);
            var self = parse.GetValue(symmetry) ?? (plan.Engine == "kubernetes" ? "symmetry" : ThisProgram());
            plan.Save(folder);
            foreach (var p in plan.Points)
            {
                var here = Path.Combine(folder, p.Name);
                foreach (var sub in new[] { "parts", "state", "logs", "merged" }) Directory.CreateDirectory(Path.Combine(here, sub));
                if (plan.Engine == "kubernetes")
                {
                    Text(Path.Combine(here, "shards.yaml"), SweepScripts.ShardJob(plan, p, parse.GetValue(image)!, parse.GetValue(claim)!, self));
                    Text(Path.Combine(here, "merge.yaml"), SweepScripts.MergeJob(p, parse.GetValue(image)!, parse.GetValue(claim)!, self));
                }
                else
                {
                    Script(Path.Combine(here, "shard.sh"), SweepScripts.Shard(plan, p, here, self));
                    Script(Path.Combine(here, "merge.sh"), SweepScripts.Merge(p, here, self));
                }
            }
            var submitScript = plan.Engine switch
            {
                "slurm" => Script(Path.Combine(folder, "submit-slurm.sh"), SweepScripts.SubmitSlurm(plan, folder)),
                "kubernetes" => Script(Path.Combine(folder, "submit-kubernetes.sh"), SweepScripts.SubmitKubernetes(plan)),
                _ => null,
            };
            console.MarkupLine($"sweep of {plan.Points.Count} point(s) × {plan.Shards} shards ({plan.Engine}) → {Markup.Escape(folder)}");
            if (plan.Engine == "local") return LocalSweep.Run(console, plan, folder, self, parse.GetValue(parallel));
            if (!parse.GetValue(submit))
            {
                console.MarkupLine($"submit with: bash {Markup.Escape(submitScript!)}");
                return Program.Ok;
            }
            var client = plan.Engine == "slurm" ? "sbatch" : "kubectl";
            if (!OnPath(client)) throw new InvalidOperationException($"--submit needs '{client}' on PATH; submit later with: bash {submitScript}");
            var run = Process.Start(new ProcessStartInfo("bash", [submitScript!]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = run.StandardOutput.ReadToEndAsync();
            var errors = run.StandardError.ReadToEnd();
            run.WaitForExit();
            console.Write(new Text(output.Result));
            if (run.ExitCode != 0) throw new InvalidOperationException($"Submitting failed (exit {run.ExitCode}): {errors.Trim()}");
            return Program.Ok;
        });
        return sweep;
    }

    private static System.CommandLine.Command Status(IAnsiConsole console)
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "The sweep folder." };
        var status = new System.CommandLine.Command("status", "Count each point's done, running, failed and pending shards and say what to resubmit; exit 1 when a shard or merge failed.") { dir };
        status.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!.FullName;
            var plan = SweepPlan.Load(folder);
            var table = new Table().AddColumns("Point", "Done", "Running", "Failed", "Pending", "Merge");
            var anyFailed = false;
            foreach (var p in plan.Points)
            {
                var s = SweepState.Of(plan, Path.Combine(folder, p.Name));
                table.AddRow(Markup.Escape(p.Name), Count(s.Done), Count(s.Running), Count(s.Failed), Count(s.Pending), s.Merge);
                anyFailed |= s.Failed.Count > 0 || s.Merge == "failed";
                var redo = s.Failed.Concat(s.Pending).Order().ToArray();
                if (redo.Length > 0 && s.Running.Count == 0)
                    console.MarkupLine(Markup.Escape($"{p.Name}: resubmit shards {string.Join(",", redo)}" + (plan.Engine == "slurm"
                        ? $" (sbatch --array={string.Join(",", redo)} -o {Path.Combine(folder, p.Name, "logs", "shard-%a.out")} {Path.Combine(folder, p.Name, "shard.sh")}, then {Path.Combine(folder, p.Name, "merge.sh")})"
                        : "")));
            }
            console.Write(table);
            return anyFailed ? Program.Failure : Program.Ok;
        });
        return status;
    }

    private static string Count(IReadOnlyCollection<int> shards) => shards.Count == 0 ? "0" : $"{shards.Count} ({Markup.Escape(Ranges(shards))})";

    // 0,1,2,5 → "0-2,5"
    internal static string Ranges(IEnumerable<int> values)
    {
        var parts = new List<string>();
        int? start = null, last = null;
        foreach (var v in values.Order())
        {
            if (last is { } l && v == l + 1) { last = v; continue; }
            if (start is { } s0) parts.Add(s0 == last ? $"{s0}" : $"{s0}-{last}");
            start = last = v;
        }
        if (start is { } s1) parts.Add(s1 == last ? $"{s1}" : $"{s1}-{last}");
        return string.Join(",", parts);
    }

    // The command that starts this very program: its apphost, or dotnet with its dll.
    private static string ThisProgram()
    {
        var process = Environment.ProcessPath ?? "symmetry";
        var dll = typeof(SweepCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? $"{SweepScripts.Quote(process)} {SweepScripts.Quote(dll)}" : SweepScripts.Quote(process);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    private static string Text(string path, string text)
    {
        AtomicFile.Write(path, t => File.WriteAllText(t, text));
        return path;
    }

    private static string Script(string path, string text)
    {
        Text(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return path;
    }
}

/// <summary>Where a sweep point stands, from its folder: partial results are done; state markers say running or failed.</summary>
internal sealed record SweepState(IReadOnlyCollection<int> Done, IReadOnlyCollection<int> Running, IReadOnlyCollection<int> Failed, IReadOnlyCollection<int> Pending, string Merge)
{
    public static SweepState Of(SweepPlan plan, string here)
    {
        List<int> done = [], running = [], failed = [], pending = [];
        for (var i = 0; i < plan.Shards; i++)
        {
            var state = Path.Combine(here, "state", string.Create(CultureInfo.InvariantCulture, $"shard-{i}"));
            if (File.Exists(ShardOptions.FileName(Path.Combine(here, "parts"), new SymmetryShard(i, plan.Shards)))) done.Add(i);
            else if (File.Exists(state + ".running")) running.Add(i);
            else if (File.Exists(state + ".failed")) failed.Add(i);
            else pending.Add(i);
        }
        var merge = Path.Combine(here, "state", "merge");
        var mergeState = File.Exists(merge + ".done") ? "done" : File.Exists(merge + ".running") ? "running" : File.Exists(merge + ".failed") ? "failed" : "pending";
        return new SweepState(done, running, failed, pending, mergeState);
    }
}
