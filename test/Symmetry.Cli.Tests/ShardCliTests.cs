using System.Text.RegularExpressions;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>
/// --shard, symmetry merge and symmetry sweep: shards merged by the CLI write the single run's report byte for byte;
/// the merge names missing shards; the sweep's Slurm scripts and Kubernetes manifests say what the engines need.
/// Fits are tiny (300 rows, 3 epochs) and run on one thread, as the single run they are compared with.
/// </summary>
[TestClass]
public sealed class ShardCliTests : CliTestBase
{
    private static readonly string[] Protocol = ["relevance", "--dataset", "circle", "--count", "300", "--epochs", "3", "--runs", "5", "--seed", "7", "--threads", "1"];

    // What differs between a merge and a single run by construction: the fit time, the creation time, the command line.
    internal static string[] Comparable(string json) =>
        [.. File.ReadAllLines(json).Where(l => !Regex.IsMatch(l, "\"(fitSeconds|created|command)\"|Fit time|Fit took"))];

    [TestMethod]
    public void ShardsMergedByTheCliWriteTheSingleRunsReport()
    {
        var parts = Path.Combine(Dir, "parts");
        for (var i = 0; i < 3; i++)
        {
            var (code, output) = Run([.. Protocol, "--shard", $"{i}/3", "--partials", parts]);
            Assert.AreEqual(0, code, output);
        }
        var merged = Run("merge", parts, "--report", Path.Combine(Dir, "merged.csv"), "--json", Path.Combine(Dir, "merged.json"));
        Assert.AreEqual(0, merged.Code, merged.Output);
        StringAssert.Contains(merged.Output, "merging 3 shards of 5 LatentRelevance items");
        var single = Run([.. Protocol, "--report", Path.Combine(Dir, "single.csv"), "--json", Path.Combine(Dir, "single.json")]);
        Assert.AreEqual(0, single.Code, single.Output);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Dir, "single.csv")), File.ReadAllBytes(Path.Combine(Dir, "merged.csv")));
        CollectionAssert.AreEqual(Comparable(Path.Combine(Dir, "single.json")), Comparable(Path.Combine(Dir, "merged.json")));

        // An output that exists is kept unless --force; a missing shard is named with the option to run it again.
        var again = Run("merge", parts, "--report", Path.Combine(Dir, "merged.csv"));
        Assert.AreEqual(1, again.Code);
        StringAssert.Contains(again.Output, "exists; pass --force to overwrite it.");
        File.Delete(Path.Combine(parts, "shard-0001-of-0003.symshard"));
        var missing = Run("merge", parts);
        Assert.AreEqual(1, missing.Code);
        StringAssert.Contains(missing.Output, "1 of 3 shards are missing: 1. Run them again (--shard 1/3)");
    }

    [TestMethod]
    public void ShardsOfAFlowsScanMergedByTheCliWriteTheSingleRunsReport()
    {
        // N_g = 1 … 4 on the sphere with the norm oracle: 400 epochs keep so(3) at N_g = 3, in shard 1's block.
        string[] scan = ["flows", "--dataset", "sphere", "--count", "200", "--oracle", "norm", "--scan", "4", "--epochs", "400", "--lr", "0.01", "--seed", "3", "--threads", "1"];
        var parts = Path.Combine(Dir, "parts");
        for (var i = 0; i < 2; i++) Assert.AreEqual(0, Run([.. scan, "--shard", $"{i}/2", "--partials", parts]).Code);
        var merged = Run("merge", parts, "--report", Path.Combine(Dir, "merged.csv"), "--json", Path.Combine(Dir, "merged.json"));
        Assert.AreEqual(0, merged.Code, merged.Output);
        StringAssert.Contains(merged.Output, "Algebra: so(3)");
        Assert.AreEqual(0, Run([.. scan, "--report", Path.Combine(Dir, "single.csv"), "--json", Path.Combine(Dir, "single.json")]).Code);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Dir, "single.csv")), File.ReadAllBytes(Path.Combine(Dir, "merged.csv")));
        CollectionAssert.AreEqual(Comparable(Path.Combine(Dir, "single.json")), Comparable(Path.Combine(Dir, "merged.json")));
        var noScan = Run("flows", "--dataset", "sphere", "--oracle", "norm", "--shard", "0/2", "--partials", parts);
        Assert.AreEqual(2, noScan.Code);
        StringAssert.Contains(noScan.Output, "--shard splits a generator scan: give --scan N.");
    }

    [TestMethod]
    public void DataSeedFixesTheBuiltInRowsWhateverTheTrainingSeed()
    {
        string[] Rows(string name, params string[] seeds)
        {
            var path = Path.Combine(Dir, name);
            var (code, output) = Run(["relevance", "--dataset", "circle", "--count", "20", "--epochs", "1", "--runs", "1", .. seeds, "--output", path]);
            Assert.AreEqual(0, code, output);
            // The input's columns come first: x, y of each generated point.
            return [.. File.ReadAllLines(path).Select(l => string.Join(",", l.Split(',').Take(2)))];
        }
        var a = Rows("a.csv", "--seed", "1", "--data-seed", "9");
        var b = Rows("b.csv", "--seed", "2", "--data-seed", "9");
        var c = Rows("c.csv", "--seed", "2");
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(b, c); // without --data-seed, --seed generates the rows
    }

    [TestMethod]
    public void ShardUsageIsCheckedBeforeTraining()
    {
        var parts = Path.Combine(Dir, "parts");
        var noFolder = Run([.. Protocol, "--shard", "0/3"]);
        Assert.AreEqual(2, noFolder.Code);
        StringAssert.Contains(noFolder.Output, "--shard needs --partials DIR");
        var withReport = Run([.. Protocol, "--shard", "0/3", "--partials", parts, "--report", Path.Combine(Dir, "r.csv")]);
        Assert.AreEqual(2, withReport.Code);
        StringAssert.Contains(withReport.Output, "write --report with 'symmetry merge'");
        var tooMany = Run([.. Protocol, "--shard", "0/6", "--partials", parts]);
        Assert.AreEqual(2, tooMany.Code);
        StringAssert.Contains(tooMany.Output, "5 run(s) cannot be split into 6 shards");
        var bad = Run([.. Protocol, "--shard", "3/3", "--partials", parts]);
        Assert.AreEqual(2, bad.Code);
        StringAssert.Contains(bad.Output, "index 3 is not below the shard count 3");
        Directory.CreateDirectory(parts);
        File.WriteAllText(Path.Combine(parts, "shard-0000-of-0003.symshard"), "earlier");
        var exists = Run([.. Protocol, "--shard", "0/3", "--partials", parts]);
        AssertFailedBeforeTraining(exists, "exists; pass --force to overwrite it.");
        Assert.AreEqual("earlier", File.ReadAllText(Path.Combine(parts, "shard-0000-of-0003.symshard")));
        var empty = Run("merge", Path.Combine(Dir, "nothing-here"));
        Assert.AreEqual(1, empty.Code);
    }

    [TestMethod]
    public void SlurmSweepWritesAnArrayAndAMergeAfterAny()
    {
        var sweep = Path.Combine(Dir, "sweep");
        var (code, output) = Run(["sweep", "--engine", "slurm", "--shards", "3", "--grid", "beta=0.1,1", "--symmetry", "/opt/symmetry", sweep, "--", .. Protocol]);
        Assert.AreEqual(0, code, output);
        var submit = File.ReadAllText(Path.Combine(sweep, "submit-slurm.sh"));
        foreach (var point in new[] { "beta-0.1", "beta-1" })
        {
            StringAssert.Contains(submit, $"--array=0-2 -o \"$dir\"/{point}/logs/shard-%a.out \"$dir\"/{point}/shard.sh");
            StringAssert.Contains(submit, $"--dependency=afterany:\"$a\" -o \"$dir\"/{point}/logs/merge.out \"$dir\"/{point}/merge.sh");
            var shard = File.ReadAllText(Path.Combine(sweep, point, "shard.sh"));
            StringAssert.Contains(shard, $"/opt/symmetry {string.Join(' ', Protocol)} --beta {point[5..]} --shard auto/3 --partials \"$here/parts\"");
            StringAssert.Contains(File.ReadAllText(Path.Combine(sweep, point, "merge.sh")), "/opt/symmetry merge \"$here/parts\" --report \"$here/merged/report.csv\"");
        }
        // A second sweep into the same folder is refused without --force.
        var again = Run(["sweep", "--engine", "slurm", "--shards", "3", sweep, "--", .. Protocol]);
        Assert.AreEqual(1, again.Code);
        StringAssert.Contains(again.Output, "already holds a sweep");
        // Without --threads, the sweep pins one libtorch thread per shard (what makes the merge bit-equal).
        Assert.AreEqual(0, Run(["sweep", "--engine", "slurm", "--shards", "2", Path.Combine(Dir, "s1"), "--", "relevance", "--dataset", "circle"]).Code);
        StringAssert.Contains(File.ReadAllText(Path.Combine(Dir, "s1", "run", "shard.sh")), "relevance --dataset circle --threads 1 --shard auto/2");
        var banned = Run(["sweep", "--engine", "slurm", "--shards", "3", Path.Combine(Dir, "s2"), "--", .. Protocol, "--json", "x.json"]);
        Assert.AreEqual(2, banned.Code);
    }

    [TestMethod]
    public void SweepStatusCountsShardsAndNamesWhatToResubmit()
    {
        var sweep = Path.Combine(Dir, "sweep");
        Assert.AreEqual(0, Run(["sweep", "--engine", "slurm", "--shards", "4", sweep, "--", .. Protocol]).Code);
        var here = Path.Combine(sweep, "run");
        File.WriteAllText(Path.Combine(here, "parts", "shard-0000-of-0004.symshard"), "");
        File.WriteAllText(Path.Combine(here, "parts", "shard-0002-of-0004.symshard"), "");
        File.WriteAllText(Path.Combine(here, "state", "shard-1.failed"), "1\n");
        File.WriteAllText(Path.Combine(here, "state", "merge.failed"), "1\n");
        var (code, output) = Run("sweep", "status", sweep);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "│ run   │ 2 (0,2) │ 0       │ 1 (1)  │ 1 (3)   │ failed │");
        StringAssert.Contains(output, "run: resubmit shards 1,3 (sbatch --array=1,3");
    }

    [TestMethod]
    public void KubernetesManifestIsAnIndexedJobOnASharedVolume()
    {
        var sweep = Path.Combine(Dir, "sweep");
        var (code, output) = Run(["sweep", "--engine", "kubernetes", "--shards", "3", "--image", "registry.example/symmetry:1.0", "--volume-claim", "runs", sweep, "--", .. Protocol]);
        Assert.AreEqual(0, code, output);
        var job = MiniYaml.Parse(File.ReadAllText(Path.Combine(sweep, "run", "shards.yaml")));
        Assert.AreEqual("batch/v1", job["apiVersion"]);
        Assert.AreEqual("Job", job["kind"]);
        var spec = (Dictionary<string, object>)job["spec"];
        // JobSpec's fields (Kubernetes 1.31 API reference); an unknown one would be refused by the API server.
        string[] jobSpecFields = ["activeDeadlineSeconds", "backoffLimit", "backoffLimitPerIndex", "completionMode", "completions", "managedBy", "manualSelector",
                                  "maxFailedIndexes", "parallelism", "podFailurePolicy", "podReplacementPolicy", "selector", "successPolicy", "suspend", "template", "ttlSecondsAfterFinished"];
        CollectionAssert.IsSubsetOf(spec.Keys.ToArray(), jobSpecFields);
        Assert.AreEqual("Indexed", spec["completionMode"]);
        Assert.AreEqual("3", spec["completions"]);
        Assert.AreEqual("3", spec["parallelism"]);
        var pod = (Dictionary<string, object>)((Dictionary<string, object>)spec["template"])["spec"];
        Assert.AreEqual("Never", pod["restartPolicy"]); // a Job's pods must not restart in place
        var container = (Dictionary<string, object>)((List<object>)pod["containers"]).Single();
        Assert.AreEqual("registry.example/symmetry:1.0", container["image"]);
        var script = (string)((List<object>)container["args"]).Single();
        StringAssert.Contains(script, "${JOB_COMPLETION_INDEX:-");
        StringAssert.Contains(script, "symmetry relevance --dataset circle --count 300 --epochs 3 --runs 5 --seed 7 --threads 1 --shard auto/3 --partials \"$here/parts\"");
        StringAssert.Contains(script, "here=/sweep/run");
        var mount = (Dictionary<string, object>)((List<object>)container["volumeMounts"]).Single();
        var volume = (Dictionary<string, object>)((List<object>)pod["volumes"]).Single();
        Assert.AreEqual(mount["name"], volume["name"]);
        Assert.AreEqual("/sweep", mount["mountPath"]);
        Assert.AreEqual("runs", ((Dictionary<string, object>)volume["persistentVolumeClaim"])["claimName"]);

        var merge = MiniYaml.Parse(File.ReadAllText(Path.Combine(sweep, "run", "merge.yaml")));
        var mergeSpec = (Dictionary<string, object>)merge["spec"];
        Assert.IsFalse(mergeSpec.ContainsKey("completionMode"));
        var mergeScript = (string)((List<object>)((Dictionary<string, object>)((List<object>)((Dictionary<string, object>)((Dictionary<string, object>)mergeSpec["template"])["spec"])["containers"]).Single())["args"]).Single();
        StringAssert.Contains(mergeScript, "symmetry merge \"$here/parts\"");
        var submit = File.ReadAllText(Path.Combine(sweep, "submit-kubernetes.sh"));
        StringAssert.Contains(submit, "kubectl wait --for=condition=complete --timeout=-1s job/symmetry-run-shards");
    }

    [TestMethod]
    public void LocalSweepRunsShardsAsProcessesAndMergesThem()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "symmetry.exe" : "symmetry");
        var sweep = Path.Combine(Dir, "sweep");
        var (code, output) = Run(["sweep", "--engine", "local", "--shards", "2", "--symmetry", tool, sweep, "--", .. Protocol]);
        Assert.AreEqual(0, code, output);
        Assert.AreEqual(0, Run([.. Protocol, "--report", Path.Combine(Dir, "single.csv")]).Code);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Dir, "single.csv")), File.ReadAllBytes(Path.Combine(sweep, "run", "merged", "report.csv")));
        foreach (var f in new[] { "model.zip", "report.json", "report.html" }) Assert.IsTrue(File.Exists(Path.Combine(sweep, "run", "merged", f)), f);
        var status = Run("sweep", "status", sweep);
        Assert.AreEqual(0, status.Code);
        StringAssert.Contains(status.Output, "│ run   │ 2 (0-1) │ 0       │ 0      │ 0       │ done  │");
    }
}

/// <summary>
/// A reader of the block YAML subset the manifests use (mappings, "- " sequences, plain or double-quoted scalars,
/// literal blocks), written apart from the CLI's writer so the test reads the text as a YAML reader would.
/// </summary>
internal static class MiniYaml
{
    public static Dictionary<string, object> Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var i = 0;
        return (Dictionary<string, object>)Block(lines, ref i, 0);
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static object Block(List<string> lines, ref int i, int indent)
    {
        while (i < lines.Count && lines[i].Trim().Length == 0) i++;
        if (i < lines.Count && lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
        {
            var list = new List<object>();
            var at = Indent(lines[i]);
            while (i < lines.Count && Indent(lines[i]) == at && lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                var rest = lines[i].TrimStart()[2..];
                if (rest.Contains(": ") || rest.EndsWith(':'))
                {
                    // "- key: value" opens a mapping whose keys sit at the dash's column + 2.
                    lines[i] = new string(' ', at + 2) + rest;
                    list.Add(Block(lines, ref i, at + 2));
                }
                else if (rest == "|") { i++; list.Add(Literal(lines, ref i, at)); }
                else { list.Add(Scalar(rest)); i++; }
            }
            return list;
        }
        var map = new Dictionary<string, object>();
        while (i < lines.Count)
        {
            if (lines[i].Trim().Length == 0) { i++; continue; }
            var at = Indent(lines[i]);
            if (at < indent) break;
            if (at > indent) throw new FormatException($"line {i + 1}: unexpected indentation");
            var line = lines[i].Trim();
            var colon = line.IndexOf(':');
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            i++;
            map[key] = value.Length == 0 ? Block(lines, ref i, indent + 2) : value == "|" ? Literal(lines, ref i, indent) : Scalar(value);
        }
        return map;
    }

    private static string Literal(List<string> lines, ref int i, int parent)
    {
        var body = new List<string>();
        var at = -1;
        while (i < lines.Count && (lines[i].Trim().Length == 0 || Indent(lines[i]) > parent))
        {
            if (at < 0 && lines[i].Trim().Length > 0) at = Indent(lines[i]);
            body.Add(lines[i].Length >= at ? lines[i][Math.Max(at, 0)..] : "");
            i++;
        }
        return string.Join('\n', body).TrimEnd('\n') + "\n";
    }

    private static string Scalar(string value) =>
        value.StartsWith('"') ? value[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\") : value;
}
