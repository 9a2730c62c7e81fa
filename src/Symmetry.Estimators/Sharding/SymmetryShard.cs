using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// One shard of a protocol split into <see cref="Count"/> contiguous blocks of work items (LatentRelevance runs, one
/// seed each): shard <see cref="Index"/> (0-based) trains <see cref="Block"/>. Written <c>i/n</c>; <c>auto/n</c> reads
/// the index a job-array engine gives each task (<see cref="Parse"/>).
/// </summary>
/// <param name="Index">The shard, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">How many shards the protocol is split into, ≥ 1.</param>
public readonly record struct SymmetryShard(int Index, int Count)
{
    /// <summary>The environment variables <c>auto/n</c> reads, in this order (the first that is set wins).</summary>
    public static IReadOnlyList<string> IndexVariables { get; } = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AZ_BATCH_TASK_ID"];

    /// <summary>
    /// The items [Start, Start + Length) of <paramref name="items"/> this shard takes: item k goes to shard
    /// ⌊k · Count / items⌋, so blocks are contiguous, in order, and differ in length by at most one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer items than shards (a shard would have nothing to do).</exception>
    public (int Start, int Length) Block(int items)
    {
        Validate();
        if (items < Count) throw new ArgumentOutOfRangeException(nameof(items), items, $"{items} item(s) cannot be split into {Count} shards; use at most {items} shards.");
        var start = (int)((long)items * Index / Count);
        var end = (int)((long)items * (Index + 1) / Count);
        return (start, end - start);
    }

    /// <summary>"i/n".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Parses <c>i/n</c> (0 ≤ i &lt; n) or <c>auto/n</c>, which takes i from the first of <see cref="IndexVariables"/>
    /// that is set. Each must be the shard index itself, 0 … n − 1: submit a Slurm array as <c>--array=0-(n−1)</c>
    /// (not 1-n), so that resubmitting some shards (<c>--array=1,3</c>) trains exactly those; Kubernetes'
    /// <c>JOB_COMPLETION_INDEX</c> is 0-based; Azure Batch's <c>AZ_BATCH_TASK_ID</c> must be the number i.
    /// </summary>
    /// <exception cref="FormatException">The text or the variable is not as described; the message says which.</exception>
    public static SymmetryShard Parse(string text) => ParseWith(text, Environment.GetEnvironmentVariable);

    /// <summary><see cref="Parse"/> reading variables through <paramref name="variable"/> (tests pass a dictionary).</summary>
    internal static SymmetryShard ParseWith(string text, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            throw new FormatException($"Shard '{text}' is not i/n or auto/n with n ≥ 1 (e.g. 0/4, auto/4).");
        int index;
        if (parts[0] == "auto") index = FromEnvironment(count, variable);
        else if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out index))
            throw new FormatException($"Shard '{text}': '{parts[0]}' is not a shard index or 'auto'.");
        if (index >= count) throw new FormatException($"Shard '{text}': index {index} is not below the shard count {count} (shards are 0 … {count - 1}).");
        return new SymmetryShard(index, count);
    }

    private static int FromEnvironment(int count, Func<string, string?> variable)
    {
        foreach (var name in IndexVariables)
        {
            if (variable(name) is not { Length: > 0 } value) continue;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                throw new FormatException($"Shard auto/{count}: {name}='{value}' is not a whole number ≥ 0.");
            // SLURM_ARRAY_TASK_MIN is not subtracted: a resubmission of shards 1 and 3 (--array=1,3) has MIN 1.
            if (index >= count)
                throw new FormatException($"Shard auto/{count}: {name}={index} is not a shard index 0 … {count - 1}{(name == "SLURM_ARRAY_TASK_ID" ? $" (submit the array as --array=0-{count - 1})" : "")}.");
            return index;
        }
        throw new FormatException($"Shard auto/{count}: none of {string.Join(", ", IndexVariables)} is set; run inside a job array or give i/{count}.");
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ Index &lt; Count.</summary>
    internal void Validate()
    {
        if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "A shard count must be at least 1.");
        if (Index < 0 || Index >= Count) throw new ArgumentOutOfRangeException(nameof(Index), Index, $"A shard index must be between 0 and {Count - 1}.");
    }
}
