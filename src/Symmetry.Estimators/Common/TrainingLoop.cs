using System.Diagnostics;
using System.Globalization;
using Symmetry.ML.Runtime;
using static Symmetry.Torch.torch;

namespace Symmetry.Estimators.Common;

/// <summary>The mean loss terms of one epoch, by name.</summary>
/// <param name="Epoch">One-based epoch.</param>
/// <param name="Losses">Mean of each term over the epoch's batches (weighted by batch size).</param>
public sealed record EpochLosses(int Epoch, IReadOnlyDictionary<string, double> Losses);

/// <summary>
/// The mini-batch loop every estimator trains with: a seeded shuffle per epoch, one dispose scope per batch (so
/// a fit leaves no tensors behind), <see cref="IHostEnvironment.CheckAlive"/> before every batch (cancellation stops
/// within one batch), a log line per epoch on the host's channel and a <see cref="TrainingProgress"/> report.
/// </summary>
public sealed class TrainingLoop
{
    private readonly IHost host;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly Stopwatch clock;

    /// <summary>Creates a loop reporting to <paramref name="host"/>'s log and to <paramref name="progress"/>.</summary>
    public TrainingLoop(IHost host, IProgress<TrainingProgress>? progress, Stopwatch? clock = null)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        this.progress = progress;
        this.clock = clock ?? Stopwatch.StartNew();
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs over the rows of <paramref name="data"/> (rows × …, already on the
    /// training device). <paramref name="step"/> receives one batch, performs the forward pass, backward pass and
    /// optimizer step(s), and returns the batch's loss terms as numbers (by name). Returns the per-epoch means.
    /// </summary>
    public IReadOnlyList<EpochLosses> Run(Tensor data, int batchSize, int epochs, Generator generator,
                                          Func<Tensor, IReadOnlyDictionary<string, double>> step, int run = 0, int runs = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var rows = data.shape[0];
        var stepsPerEpoch = (int)((rows + batchSize - 1) / batchSize);
        var history = new List<EpochLosses>(epochs);
        using var ch = host.Start("Training");
        long steps = 0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var sums = new Dictionary<string, double>();
            long seen = 0;
            using var perm = randperm(rows, generator: generator).to(data.device);
            for (var b = 0; b < stepsPerEpoch; b++)
            {
                host.CheckAlive();
                using var scope = NewDisposeScope();
                var start = (long)b * batchSize;
                var length = Math.Min(batchSize, rows - start);
                var batch = data.index_select(0, perm.narrow(0, start, length));
                foreach (var (name, value) in step(batch))
                {
                    if (!double.IsFinite(value))
                        throw new InvalidOperationException(
                            $"The '{name}' loss became {value} in epoch {epoch}, batch {b} (run {run + 1}): training diverged. Lower the learning rate or standardize the inputs.");
                    sums[name] = sums.GetValueOrDefault(name) + value * length;
                }
                seen += length;
                steps++;
            }
            var means = sums.ToDictionary(kv => kv.Key, kv => kv.Value / seen);
            history.Add(new EpochLosses(epoch, means));
            ch.Info(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}/{runs} epoch {epoch}/{epochs}: {string.Join(", ", means.Select(kv => $"{kv.Key} = {kv.Value:G5}"))}"));
            progress?.Report(new TrainingProgress(run, runs, epoch, epochs, steps, stepsPerEpoch, means, clock.Elapsed, true));
        }
        return history;
    }
}
