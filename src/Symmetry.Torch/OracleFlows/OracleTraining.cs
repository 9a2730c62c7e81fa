using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Training of a learned oracle (<see cref="OracleNetwork"/>), on <see cref="TrainingLoop"/> with <see cref="FlatAdam"/>.</summary>
internal static class OracleTraining
{
    /// <summary>
    /// Trains a learned oracle on rows × d float64 <paramref name="data"/>: a classifier (cross-entropy on int64 class
    /// indices <paramref name="targets"/>, shape rows) when <paramref name="classes"/> &gt; 0, else a regressor (squared
    /// error on float64 targets, rows × k). Returns the network in eval mode with gradients off for its parameters.
    /// </summary>
    public static (OracleNetwork Oracle, IReadOnlyList<EpochLosses> History) Train(Tensor data, Tensor targets, int classes, IReadOnlyList<int> hidden,
        int epochs, int batchSize, double learningRate, int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(loop);
        Runtime.Ensure();
        var d = (int)data.shape[1];
        var outputs = classes > 0 ? classes : (int)targets.shape[1];
        var init = new Generator((ulong)(uint)seed + 17UL);
        var shuffle = new Generator((ulong)(uint)seed + 31UL);
        var net = new OracleNetwork(d, hidden, outputs, init);
        try
        {
            net.to(data.device);
            using var adam = new FlatAdam(net.parameters(), learningRate);
            var rows = data.shape[0];
            using var index = arange(rows, int64, data.device).to(float64).unsqueeze(1);
            using var joined = cat([data, index], 1);          // the row index rides along so the targets follow the shuffle
            var history = loop.Run(joined, Math.Min(batchSize, (int)rows), epochs, shuffle, batch =>
            {
                adam.ZeroGrad();
                var x = batch.narrow(1, 0, d);
                var rowsOf = batch.select(1, d).to(int64);
                var output = net.forward(x);
                var t = targets.index_select(0, rowsOf);
                var loss = classes > 0 ? nn.functional.cross_entropy(output, t) : (output - t).pow(2).mean();
                loss.backward();
                adam.Step();
                return new Dictionary<string, double>(StringComparer.Ordinal) { ["oracle"] = loss.item<double>() };
            });
            net.eval();
            foreach (var p in net.parameters()) p.requires_grad_(false);
            return (net, history);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }
}
