using System.Diagnostics;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

// The OracleFlows MNIST autoencoder (28 × 28, stride-2 convolutions with 32 and 64 channels, latent 2) trained with
// AutoencoderTraining.TrainConvolutional on uniform random pixels: batch 128, Adam 1e-3. Prints "<name> <threads>
// <value>": fit_s (best-of-repeats seconds), loss (the last epoch's mean reconstruction loss), onednn (1 when
// libtorch's oneDNN convolutions were on: SYMMETRY_MKLDNN=on, docs/platforms.md §5).
internal static class ConvAutoBench
{
    public static void Run(string[] args)
    {
        var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
        var repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
        var epochs = args.Length > 2 ? int.Parse(args[2]) : 3;
        var rows = args.Length > 3 ? int.Parse(args[3]) : 2048;
        TorchRuntime.EnsureAvailable();
        set_num_threads(threads);
        using var data = rand([rows, 784], generator: new Generator(0));
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        using (var warm = data.narrow(0, 0, Math.Min(rows, 256)))
            AutoencoderTraining.TrainConvolutional(warm, 28, 28, [32, 64], 2, 1, 128, 1e-3, 1, loop).Model.Dispose();
        var best = double.MaxValue;
        double loss = 0;
        for (var rep = 0; rep < repeats; rep++)
        {
            var sw = Stopwatch.StartNew();
            var (model, history) = AutoencoderTraining.TrainConvolutional(data, 28, 28, [32, 64], 2, epochs, 128, 1e-3, 1, loop);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            loss = history[^1].Losses["reconstruction"];
            model.Dispose();
        }
        Console.WriteLine($"fit_s {threads} {best:R}");
        Console.WriteLine($"loss {threads} {loss:R}");
        Console.WriteLine($"onednn {threads} {(OneDnnConvolutions.Enabled() == true ? 1 : 0)}");
    }
}
