// Our side of the "LatentLieGan pendulum vs PyTorch eager" benchmark (liegan_peer.py is the PyTorch side).
// Usage: Symmetry.LieGan.Bench data <file> <pairs> [seed=0]
//          writes <pairs> consecutive-state pairs of the pendulum dataset (200 trajectories × 500 steps), drawn without
//          replacement by a seeded shuffle, as raw float32 rows (θ, ω, θ', ω'): the file both sides train on;
//        Symmetry.LieGan.Bench train <file> <threads> [warmup=3] [steps=20] [model=plain]
//          trains LieGanTraining.Train for one epoch over the first (warmup + steps) × 256 rows of <file> and prints
//          "<name> <threads> <value>": step_s / step_min_s (mean / fastest of the timed steps), rss_growth_mb, the
//          epoch-mean loss terms, and the learned L (l0..l3). model "plain": no batch norm, plain last encoder layer (the
//          peer runs the same model, so the losses can be compared); "cfg": BatchNorm and OrthogonalLatentLayer on, as
//          pendulum.cfg switches them on in the public code.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Symmetry;
using Symmetry.Bench;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

const int Width = 4;
const int Batch = 256;

if (args.Length >= 3 && args[0] == "data")
{
    var count = int.Parse(args[2], CultureInfo.InvariantCulture);
    var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
    var set = SymmetryDatasets.Pendulum(new MLContext(seed), seed: seed);
    var x = set.GetColumnValues("Features");
    var y = set.GetColumnValues("Target");
    var total = x.Length / 2;
    if (count > total) throw new InvalidOperationException($"The pendulum set has {total} pairs; {count} asked for.");
    // A shuffled subset: the dataset is in trajectory order, and a prefix would be a dozen trajectories.
    var order = Enumerable.Range(0, total).ToArray();
    new Random(seed).Shuffle(order);
    var rows = new float[count * Width];
    for (var r = 0; r < count; r++)
    {
        Array.Copy(x, order[r] * 2, rows, r * Width, 2);
        Array.Copy(y, order[r] * 2, rows, r * Width + 2, 2);
    }
    File.WriteAllBytes(args[1], MemoryMarshal.AsBytes(rows.AsSpan()).ToArray());
    return 0;
}
if (args.Length < 3 || args[0] != "train")
{
    Console.Error.WriteLine("usage: Symmetry.LieGan.Bench data <file> <pairs> [seed] | train <file> <threads> [warmup] [steps] [plain|cfg]");
    return 2;
}

var (threads, warmup, steps) = BenchMeter.TrainArguments(args, warmup: 3, steps: 20);
var model = args.Length > 5 ? args[5] : "plain";
if (model is not ("plain" or "cfg"))
{
    Console.Error.WriteLine($"unknown model '{model}': plain or cfg");
    return 2;
}
TorchRuntime.EnsureAvailable();
set_num_threads(threads);
using var data = BenchMeter.ReadRows(args[1], (warmup + steps) * Batch, Width);

// LaLiGAN's pendulum.cfg (n_comps 2, latent 2, w_gan 0.01, w_reg 0.02, no keep_center) with the parser's learning
// rates, MLPs 512 × 5 and batch 256; batch norm and the orthogonal last encoder layer only in the "cfg" model.
int[] hidden = [512, 512, 512, 512, 512];
var options = new LatentLieGanTrainingOptions
{
    Latent = 2, Generators = 1, TimeSteps = 2, AutoencoderHidden = hidden, DiscriminatorHidden = hidden, Sigma = 1,
    KeepCenter = false, GanWeight = 0.01, RegularizerWeight = 0.02, Epochs = 1, BatchSize = Batch,
    BatchNorm = model == "cfg", OrthogonalLatentLayer = model == "cfg",
};

// The peak is reset after the data is loaded, so the figure is what training adds (as in the peer).
var meter = new BenchMeter(threads);
var loop = meter.Start();
var result = LieGanTraining.Train(data, options, 0, loop);
meter.Finish(warmup, steps);
using (result.Autoencoder)
using (result.Generator)
{
    foreach (var (name, value) in result.History[0].Losses) meter.Emit($"loss_{name}", value);
    var l = result.Generator.ToArrays()[0];
    for (var k = 0; k < 4; k++) meter.Emit($"l{k}", l[k / 2, k % 2]);
}
return 0;
