using Spectre.Console;
using System.CommandLine;
using System.Globalization;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// <c>--shard i/n|auto/n</c> and <c>--partials DIR</c> of a training command that can split its protocol: the shard
/// trains its block of work items and writes its partial result as DIR/shard-IIII-of-NNNN.symshard, which
/// <c>symmetry merge DIR</c> puts together.
/// </summary>
internal sealed class ShardOptions
{
    /// <summary>The extension of a partial-result file.</summary>
    public const string Extension = ".symshard";

    /// <summary>The output options a shard does not write (<c>symmetry merge</c> does).</summary>
    public static readonly IReadOnlyList<string> MergedOutputs = ["--output", "--model", "--onnx", "--report", "--plots", "--html", "--json"];

    /// <summary>--shard.</summary>
    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Train only shard i of n of the protocol's work items (i/n, 0-based), or auto/n: i from SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN, JOB_COMPLETION_INDEX or AZ_BATCH_TASK_ID. Writes the partial result into --partials; 'symmetry merge' writes the outputs.",
    };

    /// <summary>--partials.</summary>
    public Option<DirectoryInfo?> Partials { get; } = new("--partials") { Description = "The folder a --shard run writes its partial result into (created when missing)." };

    /// <summary>The two options, for the command's list.</summary>
    public IEnumerable<Option> All => [Shard, Partials];

    /// <summary>The file shard <paramref name="shard"/> writes in <paramref name="folder"/>.</summary>
    public static string FileName(string folder, SymmetryShard shard) =>
        Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"shard-{shard.Index:D4}-of-{shard.Count:D4}{Extension}"));

    /// <summary>The shard the command line asks for, or null; checks the combination with the other options (exit 2).</summary>
    public SymmetryShard? Parse(ParseResult parse, string? conflicting = null)
    {
        if (parse.GetValue(Shard) is not { } text)
        {
            if (parse.GetValue(Partials) is not null) throw new UsageException("--partials applies to --shard runs only.");
            return null;
        }
        SymmetryShard shard;
        try
        {
            shard = SymmetryShard.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--shard: {e.Message}");
        }
        if (parse.GetValue(Partials) is null) throw new UsageException("--shard needs --partials DIR, the folder its partial result goes to.");
        foreach (var name in MergedOutputs)
            if (parse.GetResult(name) is System.CommandLine.Parsing.OptionResult { Implicit: false })
                throw new UsageException($"--shard writes only its partial result; write {name} with 'symmetry merge' once every shard is done.");
        if (conflicting is not null) throw new UsageException($"--shard does not combine with {conflicting}.");
        return shard;
    }

    /// <summary>Checks, before training, that the shard's file can be written (an existing one only with --force).</summary>
    public void CheckOutput(ParseResult parse, SymmetryShard shard, bool force)
    {
        var folder = parse.GetValue(Partials)!.FullName;
        Directory.CreateDirectory(folder);
        OutputPaths.Check([new NamedPath("--partials", FileName(folder, shard))], null, [], [], force);
    }

    /// <summary>
    /// The pre-training check of a command whose work items are seeded runs (<c>--runs</c>): without --shard nothing;
    /// with it, each shard must train at least one run and its file must be writable (usage errors, exit 2).
    /// </summary>
    public void CheckRuns(ParseResult parse, int runs, bool force, string? conflicting = null)
    {
        if (Parse(parse, conflicting) is not { } shard) return;
        if (shard.Count > runs) throw new UsageException($"--shard {shard}: {runs} run(s) cannot be split into {shard.Count} shards; use at most {runs}.");
        CheckOutput(parse, shard, force);
    }

    /// <summary>
    /// <see cref="Write"/> for a shard of seeded runs (run r has seed <paramref name="seed"/> + r), saying first which
    /// runs and seeds it trains: <paramref name="fitPartial"/> runs with <paramref name="options"/>' progress reported
    /// on the bar (<paramref name="describe"/>, epochs by default).
    /// </summary>
    public int WriteRuns(IAnsiConsole say, ParseResult parse, SymmetryShard shard, int runs, int seed, SymmetryOptions options,
                         Func<SymmetryPartialResult> fitPartial, Func<TrainingProgress, string>? describe = null)
    {
        var (start, length) = shard.Block(runs);
        say.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"shard {shard}: runs {start + 1}-{start + length} of {runs} (seeds {seed + start}-{seed + start + length - 1})"));
        return Write(say, parse, shard, describe ?? CommandSupport.Epoch, progress =>
        {
            options.Progress = progress;
            return fitPartial();
        });
    }

    /// <summary>The command line a merge re-reads the data with: the tokens as given, separated by NUL.</summary>
    public static string Context(ParseResult parse) => string.Join('\0', parse.Tokens.Select(t => t.Value));

    /// <summary>
    /// Trains one shard under a progress bar (<paramref name="fit"/> gets the progress sink) and writes its partial
    /// result, with the command line a merge re-reads the data with, into the --partials folder.
    /// </summary>
    public int Write(IAnsiConsole say, ParseResult parse, SymmetryShard shard, Func<TrainingProgress, string> describe,
                     Func<IProgress<TrainingProgress>, SymmetryPartialResult> fit)
    {
        var part = CommandSupport.WithProgress(say, describe, fit);
        try
        {
            part.Context = Context(parse);
            var path = FileName(parse.GetValue(Partials)!.FullName, shard);
            AtomicFile.Write(path, part.Save);
            say.MarkupLine($"partial result → {Markup.Escape(path)}");
        }
        finally
        {
            part.Dispose();
        }
        return Program.Ok;
    }
}
