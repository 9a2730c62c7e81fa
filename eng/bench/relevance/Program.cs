// Our side of the "LatentRelevance fit and transform vs PyTorch eager" benchmark (vae_peer.py is the PyTorch side).
// Usage: Symmetry.Relevance.Bench <threads> [repeats=3] [transformRows=1000000]
// Prints "<name> <threads> <value>" lines:
//   fit_s        best-of-N wall time of LatentRelevanceEstimator.Fit on the 10,000-point circle (R = 10): latent 4,
//                hidden 64,64 ReLU, 30 epochs, batch 128, Adam 1e-3, β = 0.1, 1 run. Includes everything Fit does
//                (read the column, train, encode all rows for the relevance, build the report).
//   train_s      the training part of that fit (Fit start → end of the last epoch, from the Progress reports).
//   post_s       fit_s − train_s: reading the column before training plus encoding, relevance and report after it.
//   transform_rows_per_s  rows/s of one cursor over model.Transform(1,000,000 circle rows) reading the Latent column.
using System.Diagnostics;
using Symmetry.Datasets;
using Symmetry.Estimators;
using Symmetry.Estimators.Common;
using Symmetry.Estimators.Relevance;
using Symmetry.ML;
using Symmetry.ML.Data;
using static Symmetry.Torch.torch;

var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
var transformRows = args.Length > 2 ? int.Parse(args[2]) : 1_000_000;
set_num_threads(threads);

var ml = new MLContext(seed: 1);
var data = SymmetryDatasets.Circle(ml, 10_000, radius: 10, seed: 1);

double bestFit = double.MaxValue, bestTrain = double.MaxValue, bestPost = double.MaxValue;
LatentRelevanceTransformer? model = null;
for (var rep = 0; rep < repeats; rep++)
{
    var lastEpochAt = TimeSpan.Zero;
    var options = new LatentRelevanceEstimator.Options
    {
        LatentDimension = 4,
        HiddenLayers = [64, 64],
        Epochs = 30,
        BatchSize = 128,
        LearningRate = 1e-3,
        Beta = 0.1,
        Runs = 1,
        Seed = rep,
        Progress = new Sync(p => lastEpochAt = p.Elapsed),
    };
    var estimator = ml.Transforms.SymmetryDiscovery.LatentRelevance(options);
    var sw = Stopwatch.StartNew();
    var fitted = estimator.Fit(data);
    var fit = sw.Elapsed.TotalSeconds;
    // The progress clock starts inside Fit, a few µs after ours: train_s is at most that much short.
    var train = lastEpochAt.TotalSeconds;
    bestFit = Math.Min(bestFit, fit);
    bestTrain = Math.Min(bestTrain, train);
    bestPost = Math.Min(bestPost, fit - train);
    model?.Dispose();
    model = fitted;
}
Console.WriteLine($"fit_s {threads} {bestFit:F4}");
Console.WriteLine($"train_s {threads} {bestTrain:F4}");
Console.WriteLine($"post_s {threads} {bestPost:F4}");

if (transformRows > 0)
{
    var big = SymmetryDatasets.Circle(ml, transformRows, radius: 10, seed: 2);
    var scored = model!.Transform(big);
    var latentCol = scored.Schema["Latent"];
    var best = 0.0;
    var checksum = 0.0;
    for (var rep = 0; rep < repeats; rep++)
    {
        var sw = Stopwatch.StartNew();
        long rows = 0;
        using (var cursor = scored.GetRowCursor([latentCol]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(latentCol);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                checksum += buffer.GetValues()[0];
                rows++;
            }
        }
        if (rows != transformRows) throw new InvalidOperationException($"read {rows} rows, expected {transformRows}");
        best = Math.Max(best, rows / sw.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"transform_rows_per_s {threads} {best:F0}");
    Console.Error.WriteLine($"(checksum {checksum:G6})");
}
model?.Dispose();

sealed class Sync(Action<TrainingProgress> action) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => action(value);
}
