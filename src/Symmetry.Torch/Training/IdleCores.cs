using System.Globalization;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// How many cores the machine leaves idle at the start of a fit, from the kernel's CPU time accounting
/// (<c>/proc/stat</c>). libtorch's intra-op threads meet at a barrier after every parallel product, so a fit that runs
/// more threads than there are idle cores waits for the scheduler at each of them: measured 2026-12-07 on 2 cores at a
/// load average of 13, a default 20-run LatentRelevance fit at 2 threads took 692 s where the same fit had taken 25 s at
/// load 9 and takes ~10 s idle. The automatic thread count is therefore capped by this measure.
/// </summary>
internal static class IdleCores
{
    /// <summary>How long the two readings of <c>/proc/stat</c> are apart: 20 of the kernel's 10 ms ticks per core.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    private const string StatPath = "/proc/stat";

    /// <summary>
    /// The idle share of all CPUs over <paramref name="window"/> times <paramref name="cores"/> (a value in
    /// [0, <paramref name="cores"/>]), or null where <c>/proc/stat</c> cannot be read (not Linux, or a sandbox without
    /// it): the caller then assumes every core is free.
    /// </summary>
    public static double? Measure(int cores, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        if (!OperatingSystem.IsLinux()) return null;
        var before = Read();
        if (before is null) return null;
        Thread.Sleep(window);
        var after = Read();
        return after is null ? null : IdleShare(before.Value, after.Value) * cores;
    }

    /// <summary>
    /// <paramref name="count"/> threads capped at the idle cores <paramref name="idle"/> (from <see cref="Measure"/>;
    /// null: no cap), at least 1. A core counts when at least three quarters of it were idle, so a machine whose other
    /// work keeps half a core busy still gets all of its cores.
    /// </summary>
    public static int Cap(int count, double? idle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return idle is { } free ? Math.Clamp((int)Math.Floor(free + 0.25), 1, count) : count;
    }

    /// <summary>The idle share between two readings (idle + iowait over all time, steal counted as busy); 1 when no tick passed.</summary>
    public static double IdleShare((long Idle, long Total) before, (long Idle, long Total) after)
    {
        var total = after.Total - before.Total;
        if (total <= 0) return 1;
        return Math.Clamp((double)(after.Idle - before.Idle) / total, 0, 1);
    }

    /// <summary>
    /// Parses the aggregate <c>cpu</c> line of <c>/proc/stat</c> (user nice system idle iowait irq softirq steal …, in
    /// ticks): idle + iowait, and the sum of the first eight fields (guest time is already inside user).
    /// </summary>
    public static (long Idle, long Total)? Parse(string firstLine)
    {
        var fields = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu") return null;
        long total = 0, idle = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
            total += ticks;
            if (i is 4 or 5) idle += ticks;
        }
        return (idle, total);
    }

    private static (long Idle, long Total)? Read()
    {
        try
        {
            using var reader = new StreamReader(StatPath);
            return reader.ReadLine() is { } line ? Parse(line) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
