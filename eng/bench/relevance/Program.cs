// Our side of the "LatentRelevance VAE training vs PyTorch eager" benchmark (vae_peer.py is the PyTorch side).
// Usage: Symmetry.Relevance.Bench <threads> [repeats=3] [runs=20] [runRepeats=1] [encodeRows=1000000] [leakSteps=10000] [only=all]
// Model and data as Sanz's protocol on the 10,000-point circle (R = 10, not standardized): latent 4, hidden 64,64
// ReLU, 30 epochs, batch 128, Adam 1e-3, β = 0.1. Prints "<name> <threads> <value>" lines:
//   fit1_s            best-of-N seconds for one run: VaeTraining.Train (1 seed) + EncodeAll of the 10,000 rows.
//   train1_s          the training part of that (Train alone).
//   runsR_batched_s   best-of-runRepeats seconds to train R runs (seeds 0..R−1) batched (BatchRuns = true) as a default
//                     fit at Threads = <threads> trains them: ThreadRule.Workers(R, threads) workers, each a contiguous
//                     block of the runs as one batched model, all at one libtorch thread (the estimator's choice).
//   runsR_loop_s      the same R runs one after another (BatchRuns = false) on <threads> libtorch threads.
//   encode_rows_per_s best-of-N rows/s of EncodeAll over encodeRows circle rows (batches of 4,096; μ and σ as double[]).
//   tensors_start / tensors_first / tensors_last / tensors_peak / tensors_end  Tensor.TotalCount before, at the end of
//                     the first and of the last epoch, at most at any epoch end, and after a single run of ≥ leakSteps steps.
using System.Diagnostics;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
var runCount = args.Length > 2 ? int.Parse(args[2]) : 20;
var runRepeats = args.Length > 3 ? int.Parse(args[3]) : 1;
var encodeRows = args.Length > 4 ? int.Parse(args[4]) : 1_000_000;
var leakSteps = args.Length > 5 ? int.Parse(args[5]) : 10_000;
var only = args.Length > 6 ? args[6] : "all";
bool Want(string what) => only == "all" || only.Split(',').Contains(what);

TorchRuntime.EnsureAvailable();
set_num_threads(threads);
var options = new LatentRelevanceTrainingOptions { HiddenLayers = [64, 64], LatentSize = 4, Beta = 0.1, Epochs = 30, BatchSize = 128, LearningRate = 1e-3 };
using var data = Circle(10_000, 10.0, 1);
var loop = new TrainingLoop(null, null, CancellationToken.None);

if (Want("fit1"))
{
    double bestFit = double.MaxValue, bestTrain = double.MaxValue;
    for (var rep = 0; rep < repeats; rep++)
    {
        var sw = Stopwatch.StartNew();
        var run = VaeTraining.Train(data, options, [rep], CPU, loop)[0];
        var train = sw.Elapsed.TotalSeconds;
        var (mu, sigma) = run.Model.EncodeAll(data, 128 * 32);
        var relevance = Relevance(mu, sigma, 4);
        var fit = sw.Elapsed.TotalSeconds;
        run.Model.Dispose();
        bestFit = Math.Min(bestFit, fit);
        bestTrain = Math.Min(bestTrain, train);
        Console.Error.WriteLine($"(fit1 rep {rep}: {fit:F3} s, final loss {run.FinalLoss:G5}, relevance {string.Join(" ", relevance.Select(v => v.ToString("F3")))})");
    }
    Console.WriteLine($"fit1_s {threads} {bestFit:F4}");
    Console.WriteLine($"train1_s {threads} {bestTrain:F4}");
}

foreach (var batched in new[] { true, false })
{
    var name = $"runs{runCount}_{(batched ? "batched" : "loop")}";
    if (!Want(name)) continue;
    var best = double.MaxValue;
    var seeds = Enumerable.Range(0, runCount).ToArray();
    // As LatentRelevanceEstimator trains batched runs: the thread count is workers, each at one libtorch thread.
    var workers = batched && runCount > 1 ? ThreadRule.Workers(runCount, threads) : 1;
    set_num_threads(batched && runCount > 1 ? 1 : threads);
    for (var rep = 0; rep < runRepeats; rep++)
    {
        var sw = Stopwatch.StartNew();
        var runs = VaeTraining.Train(data, options with { BatchRuns = batched, Workers = workers }, seeds, CPU, loop);
        var s = sw.Elapsed.TotalSeconds;
        best = Math.Min(best, s);
        Console.Error.WriteLine($"({name} rep {rep}: {s:F3} s on {workers} worker(s), mean final loss {runs.Average(r => r.FinalLoss):R})");
        foreach (var r in runs) r.Model.Dispose();
    }
    set_num_threads(threads);
    Console.WriteLine($"{name}_s {threads} {best:F4}");
}

if (Want("encode") && encodeRows > 0)
{
    using var big = Circle(encodeRows, 10.0, 2);
    var run = VaeTraining.Train(data, options with { Epochs = 1 }, [0], CPU, loop)[0];
    var best = 0.0;
    var checksum = 0.0;
    for (var rep = 0; rep < repeats; rep++)
    {
        var sw = Stopwatch.StartNew();
        var (mu, sigma) = run.Model.EncodeAll(big, 4096);
        best = Math.Max(best, encodeRows / sw.Elapsed.TotalSeconds);
        checksum += mu[0] + sigma[^1];
    }
    run.Model.Dispose();
    Console.WriteLine($"encode_rows_per_s {threads} {best:F0}");
    Console.Error.WriteLine($"(checksum {checksum:G6})");
}

if (Want("leak") && leakSteps > 0)
{
    var epochs = (leakSteps + 78) / 79;
    long peak = 0, first = -1, last = -1;
    var probe = new TrainingLoop(new Sync(p =>
    {
        var n = Tensor.TotalCount;
        peak = Math.Max(peak, n);
        if (p.Epoch == 1) first = n;
        last = n;
    }), null, CancellationToken.None);
    var start = Tensor.TotalCount;
    var run = VaeTraining.Train(data, options with { Epochs = epochs }, [0], CPU, probe)[0];
    run.Model.Dispose();
    GC.KeepAlive(run);
    Console.WriteLine($"tensors_start {threads} {start}");
    Console.WriteLine($"tensors_first {threads} {first}");
    Console.WriteLine($"tensors_last {threads} {last}");
    Console.WriteLine($"tensors_peak {threads} {peak}");
    Console.WriteLine($"tensors_end {threads} {Tensor.TotalCount}");
    Console.WriteLine($"leak_steps {threads} {epochs * 79}");
}

// Points uniform on the circle x1² + x2² = R² (the same recipe as vae_peer.py: θ = 2π·rand(float64) from a seeded generator).
static Tensor Circle(int n, double radius, ulong seed)
{
    using var scope = NewDisposeScope();
    using var g = new Generator(seed);
    var theta = rand([n], dtype: ScalarType.Float64, generator: g) * (2 * Math.PI);
    return stack([theta.cos() * radius, theta.sin() * radius], 1).to(ScalarType.Float32).MoveToOuterDisposeScope();
}

// Sanz's relevance of each latent dimension: std over rows of μ_j divided by the mean over rows of σ_j.
static double[] Relevance(double[] mu, double[] sigma, int latent)
{
    var rows = mu.Length / latent;
    var result = new double[latent];
    for (var j = 0; j < latent; j++)
    {
        double s = 0, s2 = 0, sig = 0;
        for (var i = 0; i < rows; i++) { var v = mu[i * latent + j]; s += v; s2 += v * v; sig += sigma[i * latent + j]; }
        var mean = s / rows;
        var std = Math.Sqrt(Math.Max(0, (s2 - rows * mean * mean) / (rows - 1)));
        result[j] = std / (sig / rows);
    }
    return [.. result.OrderDescending()];
}

sealed class Sync(Action<TrainingProgress> action) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => action(value);
}
