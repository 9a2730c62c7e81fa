// Our side of the "OracleFlows so(3) vs PyTorch eager" benchmark (flows_peer.py is the PyTorch side).
// Usage: Symmetry.Flows.Bench <threads> [repeats=3] [epochs=5000]
//        Symmetry.Flows.Bench conv <threads> [repeats=3] [epochs=3] [rows=2048]: the MNIST-size convolutional autoencoder
//        (ConvAutoBench.cs; conv_peer.py is the PyTorch side).
// The companion code's so(3) configuration (Roman, Forestano et al., First_Principles/sym_demo): n = 300 randn points in R³ (float64),
// oracle ‖x‖², 3 linear generators with closure (structure constants learned jointly), ε = 1e-3, full batch, Adam 1e-3.
// Prints "<name> <threads> <value>": fit_s (best-of-repeats seconds of FlowTraining.Train), loss (final total), mae
// (mean |a − (±ε_ijk)| of the learned structure constants).
using Microsoft.ML.Symmetry;
using System.Diagnostics;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

if (args.Length > 0 && args[0] == "conv")
{
    ConvAutoBench.Run(args[1..]);
    return;
}
var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
var epochs = args.Length > 2 ? int.Parse(args[2]) : 5000;
TorchRuntime.EnsureAvailable();
set_num_threads(threads);
using var data = randn([300, 3], float64, generator: new Generator(0));
var options = new FlowTrainingOptions(GeneratorKind.Linear, 3, [], 1e-3, 1, 1, 1, epochs, 300, 1e-3);
var loop = new TrainingLoop(null, null, CancellationToken.None);
var best = double.MaxValue;
double loss = 0, mae = 0;
for (var rep = 0; rep < repeats; rep++)
{
    var sw = Stopwatch.StartNew();
    var result = FlowTraining.Train(data, x => x.pow(2).sum(1), options, 0, loop);
    best = Math.Min(best, sw.Elapsed.TotalSeconds);
    loss = result.History[^1].Losses["total"];
    // Pairs (0,1), (0,2), (1,2) → γ = 2, 1, 0 with signs +, −, + (times a common ±1).
    double plus = 0, minus = 0;
    double[,] eps = { { 0, 0, 1 }, { 0, -1, 0 }, { 1, 0, 0 } };
    for (var p = 0; p < 3; p++)
        for (var g = 0; g < 3; g++)
        {
            plus += Math.Abs(result.Structure[p, g] - eps[p, g]);
            minus += Math.Abs(result.Structure[p, g] + eps[p, g]);
        }
    mae = Math.Min(plus, minus) / 9;
    result.Generators.Dispose();
}
Console.WriteLine($"fit_s {threads} {best:R}");
Console.WriteLine($"loss {threads} {loss:R}");
Console.WriteLine($"mae {threads} {mae:R}");
