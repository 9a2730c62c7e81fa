using System.Globalization;
using System.Text;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// The scripts and manifests of a sweep: one shard wrapper (index from the engine's variable, state markers, the
/// training command with <c>--shard auto/n</c>) and one merge wrapper per point, and the engine's submission: a Slurm
/// job array per point plus a merge job after it (<c>--dependency=afterany</c>, so a failed shard does not leave the
/// merge pending for ever: the merge itself names what is missing), or a Kubernetes Indexed Job per point plus a merge Job.
/// </summary>
internal static class SweepScripts
{
    /// <summary>Where the Kubernetes manifests mount the shared volume (the sweep folder's contents live there).</summary>
    public const string MountPath = "/sweep";

    /// <summary>A shell word that stays one word: single-quoted unless it is plainly safe.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    // Three nested defaults end in three braces, which an interpolated raw string cannot hold.
    private const string IndexLine = "i=\"${SLURM_ARRAY_TASK_ID:-${JOB_COMPLETION_INDEX:-${AZ_BATCH_TASK_ID:-}}}\"";

    /// <summary>The shard task of <paramref name="point"/> whose folder is <paramref name="here"/> (bash).</summary>
    public static string Shard(SweepPlan plan, SweepPoint point, string here, string symmetry)
    {
        var n = plan.Shards.ToString(CultureInfo.InvariantCulture);
        var command = $"{symmetry} {string.Join(' ', point.Args.Select(Quote))} --shard auto/{n} --partials \"$here/parts\"";
        return $$"""
            #!/bin/bash
            # Shard task of sweep point '{{point.Name}}' ({{n}} shards). The index is the engine's: SLURM_ARRAY_TASK_ID
            # (an array submitted as --array=0-{{plan.Shards - 1}}, or a subset to resume), JOB_COMPLETION_INDEX, AZ_BATCH_TASK_ID.
            set -u
            here={{Quote(here)}}
            {{IndexLine}}
            if [ -z "$i" ]; then echo "no job-array index (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AZ_BATCH_TASK_ID) is set" >&2; exit 2; fi
            mkdir -p "$here/parts" "$here/state" "$here/logs"
            # A resubmitted array skips the shards already done (their files are never overwritten).
            if [ -f "$here/parts/$(printf 'shard-%04d-of-%04d.symshard' "$i" {{n}})" ]; then echo "shard $i/{{n}} is already done"; touch "$here/state/shard-$i.done"; exit 0; fi
            rm -f "$here/state/shard-$i.done" "$here/state/shard-$i.failed"
            echo "$(hostname) $$" > "$here/state/shard-$i.running"
            {{command}}
            rc=$?
            rm -f "$here/state/shard-$i.running"
            if [ "$rc" -eq 0 ]; then touch "$here/state/shard-$i.done"; else echo "$rc" > "$here/state/shard-$i.failed"; fi
            exit "$rc"

            """;
    }

    /// <summary>The merge task of <paramref name="point"/> (bash): every output into <paramref name="here"/>/merged.</summary>
    public static string Merge(SweepPoint point, string here, string symmetry) => $$"""
        #!/bin/bash
        # Merge of sweep point '{{point.Name}}': refuses (exit 1, naming them) while shards are missing.
        set -u
        here={{Quote(here)}}
        mkdir -p "$here/merged" "$here/state"
        rm -f "$here/state/merge.done" "$here/state/merge.failed"
        echo "$(hostname) $$" > "$here/state/merge.running"
        {{symmetry}} merge "$here/parts" --report "$here/merged/report.csv" --json "$here/merged/report.json" --html "$here/merged/report.html" --model "$here/merged/model.zip" --plots "$here/merged/plots" --force
        rc=$?
        rm -f "$here/state/merge.running"
        if [ "$rc" -eq 0 ]; then touch "$here/state/merge.done"; else echo "$rc" > "$here/state/merge.failed"; fi
        exit "$rc"

        """;

    /// <summary>Submits every point's array and its merge with sbatch; records the job ids in DIR/jobs.txt.</summary>
    public static string SubmitSlurm(SweepPlan plan, string dir)
    {
        var s = new StringBuilder($$"""
            #!/bin/bash
            # Submits the sweep to Slurm: per point, a job array of {{plan.Shards}} shards and a merge job that runs after it
            # whatever its tasks' exit codes (afterany). To resume, resubmit the shards 'symmetry sweep status' names:
            #   sbatch --array=1,3 -o DIR/POINT/logs/shard-%a.out DIR/POINT/shard.sh, then the merge with afterany on that job.
            set -euo pipefail
            dir={{Quote(dir)}}

            """);
        foreach (var p in plan.Points)
        {
            var here = $"\"$dir\"/{Quote(p.Name)}";
            s.Append(CultureInfo.InvariantCulture, $"""
                mkdir -p {here}/logs
                a=$(sbatch --parsable --job-name={Quote("sym-" + p.Name)} --array={plan.ArrayRange} -o {here}/logs/shard-%a.out {here}/shard.sh)
                m=$(sbatch --parsable --job-name={Quote("sym-" + p.Name + "-merge")} --dependency=afterany:"$a" -o {here}/logs/merge.out {here}/merge.sh)
                echo "{p.Name} $a $m" >> "$dir/jobs.txt"
                echo "{p.Name}: shards job $a, merge job $m"

                """);
        }
        return s.ToString();
    }

    /// <summary>The Kubernetes name of a point's jobs (lower-case letters, digits and '-', at most 52 characters with the suffixes).</summary>
    public static string JobName(SweepPoint point)
    {
        var name = new string([.. ("symmetry-" + point.Name).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        return name.Length > 44 ? name[..44].TrimEnd('-') : name.TrimEnd('-');
    }

    /// <summary>The Indexed Job that runs a point's shards (shard i is completion index i) on the shared volume.</summary>
    public static string ShardJob(SweepPlan plan, SweepPoint point, string image, string claim, string symmetry) => Yaml.Write(Job(
        JobName(point) + "-shards", image, claim, Shard(plan, point, $"{MountPath}/{point.Name}", symmetry),
        [("completionMode", "Indexed"), ("completions", plan.Shards), ("parallelism", plan.Shards), ("backoffLimit", plan.Shards)]));

    /// <summary>The Job that merges a point once its shards' Job has finished.</summary>
    public static string MergeJob(SweepPoint point, string image, string claim, string symmetry) => Yaml.Write(Job(
        JobName(point) + "-merge", image, claim, Merge(point, $"{MountPath}/{point.Name}", symmetry), [("completions", 1), ("backoffLimit", 0)]));

    /// <summary>Applies each point's shards Job, waits until it completes or fails, then applies its merge Job.</summary>
    public static string SubmitKubernetes(SweepPlan plan)
    {
        var s = new StringBuilder("""
            #!/bin/bash
            # Submits the sweep to Kubernetes (the PersistentVolumeClaim the manifests name must exist and be shared,
            # ReadWriteMany, by every pod). Per point: the Indexed Job of the shards, a wait until it completes or fails,
            # then the merge Job (it names missing shards and fails when some did).
            set -euo pipefail
            here="$(cd "$(dirname "$0")" && pwd)"

            """);
        foreach (var p in plan.Points)
        {
            var job = JobName(p) + "-shards";
            s.Append(CultureInfo.InvariantCulture, $$"""
                kubectl apply -f "$here"/{{Quote(p.Name)}}/shards.yaml
                kubectl wait --for=condition=complete --timeout=-1s job/{{job}} & ok=$!
                kubectl wait --for=condition=failed --timeout=-1s job/{{job}} & bad=$!
                wait -n "$ok" "$bad" || true; kill "$ok" "$bad" 2>/dev/null || true
                kubectl apply -f "$here"/{{Quote(p.Name)}}/merge.yaml

                """);
        }
        return s.ToString();
    }

    private static Yaml.Map Job(string name, string image, string claim, string script, IEnumerable<(string, object)> spec) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new Yaml.Map { ["name"] = name, ["labels"] = new Yaml.Map { ["app.kubernetes.io/created-by"] = "symmetry-sweep" } },
        ["spec"] = new Yaml.Map(spec)
        {
            ["template"] = new Yaml.Map
            {
                ["spec"] = new Yaml.Map
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new List<object>
                    {
                        new Yaml.Map
                        {
                            ["name"] = "symmetry",
                            ["image"] = image,
                            ["command"] = new List<object> { "/bin/bash", "-c" },
                            ["args"] = new List<object> { script },
                            ["volumeMounts"] = new List<object> { new Yaml.Map { ["name"] = "sweep", ["mountPath"] = MountPath } },
                        },
                    },
                    ["volumes"] = new List<object> { new Yaml.Map { ["name"] = "sweep", ["persistentVolumeClaim"] = new Yaml.Map { ["claimName"] = claim } } },
                },
            },
        },
    };
}
