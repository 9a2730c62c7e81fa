// Linked into the benchmarks' own sides: the peak-memory bookkeeping and step timing both report, printed as
// "name threads value" lines that run.sh collects (the format of eng/bench/peer_meter.py).
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Symmetry.Bench;

internal sealed class BenchMeter
{
    private readonly int threads;
    private readonly List<long> stamps = [];
    private long rssBefore;
    private long? endStamp;
    private long? endHwm;

    public BenchMeter(int threads) => this.threads = threads;

    /// <summary>
    /// Resets VmHWM to the current RSS (call after loading the data, as the peer does) and returns a loop that stamps
    /// every step and the end of the (one) epoch: work a method does after its last step (LatentLieGan's final
    /// discriminator accuracy over all rows) is not a step, and the peer does not do it.
    /// </summary>
    public TrainingLoop Start()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        rssBefore = StatusKb("VmRSS");
        stamps.Clear();
        endStamp = endHwm = null;
        return new TrainingLoop(new EpochEnd(this), null, CancellationToken.None, beforeStep: () => stamps.Add(Stopwatch.GetTimestamp()));
    }

    private sealed class EpochEnd(BenchMeter meter) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (!value.IsEpochEnd || meter.endStamp is not null) return;
            meter.endStamp = Stopwatch.GetTimestamp();
            meter.endHwm = StatusKb("VmHWM");
        }
    }

    /// <summary>After training: prints step_s, step_min_s (the last <paramref name="steps"/> steps) and rss_growth_mb, up to the end of the first epoch.</summary>
    public void Finish(int warmup, int steps)
    {
        stamps.Add(endStamp ?? Stopwatch.GetTimestamp());
        var hwm = endHwm ?? StatusKb("VmHWM");
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
