using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The local engine: each shard as a process of this tool (at most <c>--parallel</c> at once), with the same state
/// markers and logs as the job-array scripts, then each point's merge as a process.
/// </summary>
internal static class LocalSweep
{
    public static int Run(IAnsiConsole console, SweepPlan plan, string folder, string symmetry, int parallel)
    {
        var program = Words(symmetry);
        var failed = 0;
        foreach (var p in plan.Points)
        {
            var here = Path.Combine(folder, p.Name);
            var shards = Enumerable.Range(0, plan.Shards).ToArray();
            Parallel.ForEach(shards, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
            {
                var shard = new SymmetryShard(i, plan.Shards);
                var rc = Task(program, [.. p.Args, "--shard", shard.ToString(), "--partials", Path.Combine(here, "parts")], here, $"shard-{i}");
                lock (console) console.MarkupLine($"{Markup.Escape(p.Name)}: shard {shard} {(rc == 0 ? "done" : $"[red]failed[/] (exit {rc})")}");
                if (rc != 0) Interlocked.Increment(ref failed);
            });
            var merged = Path.Combine(here, "merged");
            var mergeRc = Task(program, ["merge", Path.Combine(here, "parts"), "--report", Path.Combine(merged, "report.csv"), "--json", Path.Combine(merged, "report.json"),
                                         "--html", Path.Combine(merged, "report.html"), "--model", Path.Combine(merged, "model.zip"), "--plots", Path.Combine(merged, "plots"), "--force"],
                               here, "merge");
            console.MarkupLine($"{Markup.Escape(p.Name)}: merge {(mergeRc == 0 ? $"→ {Markup.Escape(merged)}" : $"[red]failed[/] (exit {mergeRc}, see {Markup.Escape(Path.Combine(here, "logs", "merge.out"))})")}");
            if (mergeRc != 0) failed++;
        }
        return failed == 0 ? Program.Ok : Program.Failure;
    }

    // One process with its log and state markers, as the scripts write them.
    private static int Task(string[] program, string[] args, string here, string name)
    {
        var state = Path.Combine(here, "state", name);
        File.Delete(state + ".done");
        File.Delete(state + ".failed");
        File.WriteAllText(state + ".running", string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} {Environment.ProcessId}\n"));
        var start = new ProcessStartInfo(program[0], [.. program.Skip(1), .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["COLUMNS"] = "120";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        File.WriteAllText(Path.Combine(here, "logs", name + ".out"), output.Result + errors.Result);
        File.Delete(state + ".running");
        if (process.ExitCode == 0) File.WriteAllText(state + ".done", "");
        else File.WriteAllText(state + ".failed", process.ExitCode.ToString(CultureInfo.InvariantCulture) + "\n");
        return process.ExitCode;
    }

    // The --symmetry command split into words (single quotes group, as SweepScripts.Quote writes them).
    internal static string[] Words(string command)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '\'') { quoted = !quoted; any = true; }
            else if (c == '\\' && !quoted && i + 1 < command.Length) { current.Append(command[++i]); any = true; }
            else if (char.IsWhiteSpace(c) && !quoted) { if (any) words.Add(current.ToString()); current.Clear(); any = false; }
            else { current.Append(c); any = true; }
        }
        if (any) words.Add(current.ToString());
        if (words.Count == 0) throw new UsageException("--symmetry is empty.");
        return [.. words];
    }
}
