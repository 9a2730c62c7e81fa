using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>One protocol of a sweep: a point of the option grid, trained as <see cref="SweepPlan.Shards"/> shards and merged.</summary>
/// <param name="Name">Its folder in the sweep (e.g. <c>run</c>, <c>beta-0.5_epochs-10</c>).</param>
/// <param name="Args">The training command line (command name first) without --shard and --partials.</param>
internal sealed record SweepPoint(string Name, string[] Args);

/// <summary>
/// What <c>symmetry sweep</c> writes and <c>symmetry sweep status</c> reads (DIR/sweep.json): the engine, the shard
/// count and the grid's points. Each point's folder holds parts/ (partial results), state/ (a marker per shard and
/// for the merge: .running, .done, .failed with the exit code), logs/ and merged/ (the merge's outputs).
/// </summary>
internal sealed record SweepPlan(string Engine, int Shards, IReadOnlyList<SweepPoint> Points)
{
    public const string FileName = "sweep.json";

    /// <summary>The commands a sweep can shard.</summary>
    public static readonly IReadOnlyList<string> Shardable = ["relevance", "flows", "liegan", "detector"];

    /// <summary>
    /// The points of <paramref name="command"/> × every combination of <paramref name="grid"/> (NAME=V1,V2,…: the
    /// option --NAME takes each value); one point named "run" without a grid.
    /// </summary>
    public static IReadOnlyList<SweepPoint> PointsOf(string[] command, IReadOnlyList<string> grid)
    {
        if (command.Length == 0 || !Shardable.Contains(command[0]))
            throw new UsageException($"sweep runs a training command that can be sharded ({string.Join(", ", Shardable)}) after '--'; got '{command.FirstOrDefault()}'.");
        var banned = ShardOptions.MergedOutputs.Append("--shard").Append("--partials").Append("--force").ToArray();
        if (command.FirstOrDefault(a => banned.Contains(a.Split('=')[0])) is { } bad)
            throw new UsageException($"The swept command must not give {bad}: each shard writes DIR/<point>/parts and the merge DIR/<point>/merged.");
        // One libtorch thread per shard unless the command says otherwise: with more, libtorch splits a batched
        // kernel by its size, so a shard's runs differ from the same runs of a single fit in the last float bits.
        if (!command.Any(a => a.Split('=')[0] == "--threads")) command = [.. command, "--threads", "1"];
        IEnumerable<(string Name, string[] Args)> points = [("", command)];
        foreach (var axis in grid)
        {
            var eq = axis.IndexOf('=');
            if (eq <= 0 || eq == axis.Length - 1) throw new UsageException($"--grid '{axis}' is not NAME=V1,V2,… (e.g. beta=0.1,1).");
            var name = axis[..eq].TrimStart('-');
            if (command.Contains("--" + name)) throw new UsageException($"--grid {name} is also given in the command; give it in one place.");
            var values = axis[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (values.Any(v => !v.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_')))
                throw new UsageException($"--grid {name}: values are letters, digits and . - + _ only (they name folders).");
            points = points.SelectMany(p => values.Select(v => ($"{p.Name}{(p.Name.Length > 0 ? "_" : "")}{name}-{v}", (string[])[.. p.Args, "--" + name, v])));
        }
        var list = points.Select(p => new SweepPoint(p.Name.Length == 0 ? "run" : p.Name, p.Args)).ToArray();
        if (list.Select(p => p.Name).Distinct().Count() != list.Length) throw new UsageException("--grid gives two points the same name; give each value once.");
        return list;
    }

    /// <summary>Writes DIR/sweep.json.</summary>
    public void Save(string dir) => AtomicFile.Write(Path.Combine(dir, FileName), t => File.WriteAllText(t, new JsonObject
    {
        ["engine"] = Engine,
        ["shards"] = Shards,
        ["points"] = new JsonArray([.. Points.Select(p => new JsonObject { ["name"] = p.Name, ["args"] = new JsonArray([.. p.Args.Select(a => JsonValue.Create(a))]) })]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));

    /// <summary>Reads DIR/sweep.json; <see cref="InvalidDataException"/> when it is not one.</summary>
    public static SweepPlan Load(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{dir}' is not a sweep folder: it has no {FileName}.");
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            var points = json["points"]!.AsArray().Select(p => new SweepPoint((string)p!["name"]!, [.. p["args"]!.AsArray().Select(a => (string)a!)])).ToArray();
            var plan = new SweepPlan((string)json["engine"]!, (int)json["shards"]!, points);
            if (plan.Shards < 1 || points.Length == 0 || points.Any(p => p.Name.Contains('/') || p.Name.Contains('\\') || p.Name.StartsWith('.')))
                throw new InvalidDataException("bad shard count or point names");
            return plan;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a sweep plan: {e.Message}", e);
        }
    }

    /// <summary>The index range text 0-(n−1).</summary>
    public string ArrayRange => string.Create(CultureInfo.InvariantCulture, $"0-{Shards - 1}");
}
