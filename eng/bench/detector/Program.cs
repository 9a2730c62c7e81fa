// Our side of the "LieDetector SyMNIST rotation vs PyTorch eager" benchmark (detector_peer.py is the PyTorch side).
// Usage: Symmetry.Detector.Bench data <file> <pairs> [seed=0]
//          writes <pairs> SyMNIST rotation pairs (28 × 28, t ~ U(−π/4, π/4)) as raw float32 rows of 1568 (x then y),
//          the file both sides train on;
//        Symmetry.Detector.Bench train <file> <threads> [warmup=2] [steps=10]
//          trains LieDetectorTraining.Train for one epoch over the first (warmup + steps) × 256 pairs of <file> and
//          prints "<name> <threads> <value>": step_s / step_min_s (mean / fastest of the timed steps), rss_growth_mb
//          (VmHWM after training − VmRSS before it), the epoch-mean loss terms, and the learned a/‖a‖ (a0..a5).
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Symmetry;
using Symmetry.Bench;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

const int Side = 28;
const int Pixels = Side * Side;
const int Batch = 256;

if (args.Length >= 3 && args[0] == "data")
{
    var count = int.Parse(args[2], CultureInfo.InvariantCulture);
    var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
    var set = SymmetryDatasets.SyMnist(new MLContext(seed), count, SyMnistTransformation.Rotation, seed: seed);
    var x = set.GetColumnValues("Features");
    var y = set.GetColumnValues("Target");
    var rows = new float[count * 2 * Pixels];
    for (var r = 0; r < count; r++)
    {
        Array.Copy(x, r * Pixels, rows, r * 2 * Pixels, Pixels);
        Array.Copy(y, r * Pixels, rows, r * 2 * Pixels + Pixels, Pixels);
    }
    File.WriteAllBytes(args[1], MemoryMarshal.AsBytes(rows.AsSpan()).ToArray());
    return 0;
}
if (args.Length < 3 || args[0] != "train")
{
    Console.Error.WriteLine("usage: Symmetry.Detector.Bench data <file> <pairs> [seed] | train <file> <threads> [warmup] [steps]");
    return 2;
}

var (threads, warmup, steps) = BenchMeter.TrainArguments(args, warmup: 2, steps: 10);
TorchRuntime.EnsureAvailable();
set_num_threads(threads);
using var pairs = BenchMeter.ReadRows(args[1], (warmup + steps) * Batch, 2 * Pixels);

// Gabel, Quax and Gavves' public configuration (config.json of alexgabel/LiePaper): l_r = 1, l_z = 1e-3, l_lasso = 0.1,
// l_a = 1e5, first-order α-matching; batch 256 (the size, below the config's 1024) and one epoch over exactly
// warmup + steps batches so every step is a full one.
var options = new LieDetectorTrainingOptions
{
    LatentSide = 9, Basis = DetectorBasis.Affine, Epochs = 1, BatchSize = Batch,
    TransformedWeight = 1, AuxiliaryWeight = 1, LatentWeight = 1e-3, LassoWeight = 0.1, AlphaWeight = 1e5, AlphaOrder = 1,
    LearningRate = 1e-3, CoefficientLearningRate = 1e-2,
};

// The peak is reset after the data is loaded, so the figure is what training adds (as in the peer).
var meter = new BenchMeter(threads);
var loop = meter.Start();
var (model, history) = LieDetectorTraining.Train(pairs, Side, Side, options, seed: 0, loop);
meter.Finish(warmup, steps);
using (model)
{
    foreach (var (name, value) in history[0].Losses) meter.Emit($"loss_{name}", value);
    using var a = model.NormalizedCoefficients().detach();
    var values = a.data<float>().ToArray();
    for (var k = 0; k < values.Length; k++) meter.Emit($"a{k}", values[k]);
}
return 0;
