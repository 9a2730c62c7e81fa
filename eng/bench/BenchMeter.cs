// Linked into the benchmarks' own sides: the peak-memory bookkeeping and step timing both report, printed as
// "name threads value" lines that run.sh collects (the format of eng/bench/peer_meter.py).
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Symmetry.Torch;

namespace Symmetry.Bench;

internal sealed class BenchMeter
{
    private readonly int threads;
    private readonly List<long> stamps = [];
    private long rssBefore;

    public BenchMeter(int threads) => this.threads = threads;

    /// <summary>Resets VmHWM to the current RSS (call after loading the data, as the peer does) and returns a loop that stamps every step.</summary>
    public TrainingLoop Start()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        rssBefore = StatusKb("VmRSS");
        stamps.Clear();
        return new TrainingLoop(null, null, CancellationToken.None, beforeStep: () => stamps.Add(Stopwatch.GetTimestamp()));
    }

    /// <summary>After training: prints step_s, step_min_s (the last <paramref name="steps"/> steps) and rss_growth_mb.</summary>
    public void Finish(int warmup, int steps)
    {
        stamps.Add(Stopwatch.GetTimestamp());
        var hwm = StatusKb("VmHWM");
        var times = new double[steps];
        for (var k = 0; k < steps; k++) times[k] = (stamps[warmup + k + 1] - stamps[warmup + k]) / (double)Stopwatch.Frequency;
        Emit("step_s", times.Average());
        Emit("step_min_s", times.Min());
        Emit("rss_growth_mb", (hwm - rssBefore) / 1024.0);
    }

    /// <summary>The first <paramref name="rows"/> rows of <paramref name="width"/> float32 values of a file the "data" mode wrote, as a tensor.</summary>
    public static TorchSharp.torch.Tensor ReadRows(string path, int rows, int width)
    {
        var all = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path));
        if (all.Length < rows * width) throw new InvalidOperationException($"{path} holds {all.Length / width} rows; {rows} needed.");
        return TorchSharp.torch.tensor(all[..(rows * width)].ToArray(), [rows, width]);
    }

    /// <summary>threads, warmup and steps of "train &lt;file&gt; &lt;threads&gt; [warmup] [steps]", with the benchmark's defaults.</summary>
    public static (int Threads, int Warmup, int Steps) TrainArguments(string[] args, int warmup, int steps) =>
        (int.Parse(args[2], CultureInfo.InvariantCulture),
         args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : warmup,
         args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : steps);

    public void Emit(string name, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {threads} {value:R}"));

    private static long StatusKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(field.Length + 1).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/self/status has no {field}.");
    }
}
