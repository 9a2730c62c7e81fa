using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>One trained VAE.</summary>
/// <param name="Seed">The seed it was initialised, shuffled and noised from.</param>
/// <param name="Model">The trained model, on the training device, in eval mode. The caller owns it (dispose it).</param>
/// <param name="History">Mean loss terms per epoch ("reconstruction", "kl", "total").</param>
/// <param name="FinalLoss">The last epoch's mean "total" loss.</param>
internal sealed record VaeRun(int Seed, VaeModel Model, IReadOnlyList<EpochLosses> History, double FinalLoss);

/// <summary>Trains the β-VAEs of LatentRelevance (Sanz, "Learning symmetries in datasets"), one per seed.</summary>
internal static class VaeTraining
{
    /// <summary>Loss names in the histories.</summary>
    public const string Reconstruction = "reconstruction", Kl = "kl", Total = "total";

    /// <summary>Most runs trained together in one batched model (more are split into groups of this size).</summary>
    public const int MaxRunsPerBatch = 64;

    /// <summary>
    /// Trains one VAE per seed on <paramref name="data"/> (rows × D, float32, on <paramref name="device"/>). Each run
    /// uses its own <c>Generator(seed)</c>: first for the weights (PyTorch's default init, see <see cref="VaeModel"/>),
    /// then per epoch for the shuffle (<c>randperm</c>) and per step for the noise ε (batch × L); it minimises
    /// reconstruction + β·KL (means over events) with Adam. With <see cref="LatentRelevanceTrainingOptions.BatchRuns"/> the runs are
    /// trained together as one batched model (weights with a leading run dimension) with one Adam over all of them:
    /// Adam is elementwise and the runs' losses are summed, so each run follows the same trajectory as when trained
    /// alone (up to float32 rounding of the batched matmuls). Returns one <see cref="VaeRun"/> per seed, in order
    /// (<see cref="LatentRelevanceTrainingOptions.Runs"/> and the relevance settings are not read here). Shuffled rows
    /// are gathered at most <c>shuffleBlockBytes</c> at a time (<see cref="ShuffleBlockBytes"/>; tests pass less).
    /// <para>
    /// With <see cref="LatentRelevanceTrainingOptions.Workers"/> W &gt; 1, batched runs on the CPU are split into contiguous
    /// groups (W of them, or a multiple of W when a group would exceed <see cref="MaxRunsPerBatch"/>) trained at the same
    /// time on W threads (<see cref="ParallelRunGroups"/>), each group as above. A run does not depend on which runs
    /// share its group when libtorch runs one intra-op thread (its products then never split a sum by thread), so at
    /// one thread, which the caller sets, the result is the same bits for any W.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentException">Bad data, options or seeds (the message names which).</exception>
    /// <exception cref="OperationCanceledException">Cancelled through <paramref name="loop"/>.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (a non-finite loss).</exception>
    public static IReadOnlyList<VaeRun> Train(Tensor data, LatentRelevanceTrainingOptions options, IReadOnlyList<int> seeds, Device device, TrainingLoop loop,
                                              long shuffleBlockBytes = ShuffleBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loop);
        Runtime.Ensure();
        Validate(data, options, seeds);
        var results = new List<VaeRun>(seeds.Count);
        var onDevice = data.device_type == device.type && (device.index < 0 || data.device_index == device.index) ? data.alias() : data.to(device);
        try
        {
            var group = options.BatchRuns ? MaxRunsPerBatch : 1;
            var workers = options.BatchRuns && device.type == DeviceType.CPU ? Math.Min(options.Workers, seeds.Count) : 1;
            if (workers > 1)
            {
                var groups = ParallelRunGroups.Split(seeds.Count, workers, group);
                var trained = ParallelRunGroups.Train(loop, workers, groups,
                    (workerLoop, g) => TrainGroup(onDevice, options, seeds, groups[g].First, groups[g].Count, device, workerLoop, shuffleBlockBytes),
                    run => run.Model.Dispose());
                return [.. trained.SelectMany(runs => runs)];
            }
            for (var first = 0; first < seeds.Count; first += group)
                results.AddRange(TrainGroup(onDevice, options, seeds, first, Math.Min(group, seeds.Count - first), device, loop, shuffleBlockBytes));
            return results;
        }
        catch
        {
            foreach (var r in results) r.Model.Dispose();
            throw;
        }
        finally
        {
            onDevice.Dispose();
        }
    }

    private static void Validate(Tensor data, LatentRelevanceTrainingOptions options, IReadOnlyList<int> seeds)
    {
        if (data.ndim != 2 || data.shape[0] < 1 || data.shape[1] < 1)
            throw new ArgumentException($"The training data must be rows × features with at least one of each; got [{string.Join(", ", data.shape)}].", nameof(data));
        if (data.dtype != ScalarType.Float32)
            throw new ArgumentException($"The training data must be float32; got {data.dtype}.", nameof(data));
        if (options.HiddenLayers is null) throw new ArgumentException("HiddenLayers must not be null.", nameof(options));
        if (options.HiddenLayers.Any(h => h < 1)) throw new ArgumentException($"Every hidden layer needs at least one unit; got [{string.Join(", ", options.HiddenLayers)}].", nameof(options));
        if (options.LatentSize < 1) throw new ArgumentException($"LatentSize must be ≥ 1; got {options.LatentSize}.", nameof(options));
        if (!double.IsFinite(options.Beta) || options.Beta < 0) throw new ArgumentException($"Beta must be a finite number ≥ 0; got {options.Beta}.", nameof(options));
        if (options.Epochs < 1) throw new ArgumentException($"Epochs must be ≥ 1; got {options.Epochs}.", nameof(options));
        if (options.BatchSize < 1) throw new ArgumentException($"BatchSize must be ≥ 1; got {options.BatchSize}.", nameof(options));
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0) throw new ArgumentException($"LearningRate must be a positive finite number; got {options.LearningRate}.", nameof(options));
        if (options.Workers < 1) throw new ArgumentException($"Workers must be ≥ 1; got {options.Workers}.", nameof(options));
        if (seeds.Count == 0) throw new ArgumentException("At least one seed is needed (one run per seed).", nameof(seeds));
    }

    /// <summary>
    /// Rows are gathered in this epoch's order a block of whole batches at a time, for all runs at once, each block at
    /// most this many bytes (or one batch): one large gather is cheaper than one per step, and a bounded block, unlike a
    /// shuffled copy of all the data, keeps memory flat in rows. Which rows a batch holds does not depend on it.
    /// </summary>
    internal const long ShuffleBlockBytes = 16L << 20;

    private static List<VaeRun> TrainGroup(Tensor data, LatentRelevanceTrainingOptions options, IReadOnlyList<int> seeds, int first, int count, Device device, TrainingLoop loop,
                                            long shuffleBlockBytes)
    {
        var rows = data.shape[0];
        var d = (int)data.shape[1];
        var latent = options.LatentSizeFor(d);
        var generators = new Generator[count];
        BatchedVae? model = null;
        FlatAdam? optimizer = null;
        Tensor? perms = null;
        Tensor? shuffled = null;
        long blockStart = 0;
        var onCpu = device.type == DeviceType.CPU;
        var blockRows = Math.Max(1, shuffleBlockBytes / ((long)count * d * sizeof(float)) / options.BatchSize) * options.BatchSize;
        var scalars = new Dictionary<long, Scalar>();
        var betaHalf = (0.5 * options.Beta).ToScalar();
        try
        {
            for (var r = 0; r < count; r++) generators[r] = new Generator((ulong)(uint)seeds[first + r]);
            var init = new (Tensor Weight, Tensor Bias)[count][];
            try
            {
                for (var r = 0; r < count; r++) init[r] = VaeModel.InitialLayers(d, options.HiddenLayers, latent, generators[r]);
                model = BatchedVae.Stack(init, d, options.HiddenLayers, latent, device);
            }
            finally
            {
                foreach (var layers in init)
                    foreach (var (w, b) in layers ?? [])
                    {
                        w.Dispose();
                        b.Dispose();
                    }
            }
            optimizer = new FlatAdam(model.Parameters, options.LearningRate);
            var histories = loop.RunGroup(rows, options.BatchSize, options.Epochs, first, count, seeds.Count,
                _ =>
                {
                    perms?.Dispose();
                    shuffled?.Dispose();
                    shuffled = null;
                    using var scope = NewDisposeScope();
                    // Each run's shuffle from its own generator, drawn on the CPU (the same order on any device).
                    var p = count == 1 ? randperm(rows, generator: generators[0]).unsqueeze(0) : stack(generators.Select(g => randperm(rows, generator: g)), 0);
                    if (!onCpu) p = p.to(device);
                    perms = p.DetachFromDisposeScope();
                },
                (start, length) =>
                {
                    // Batches come in order and a block is whole batches, so a step starts either inside the
                    // current block or exactly at the next one.
                    if (shuffled is null || start >= blockStart + shuffled.shape[1])
                    {
                        shuffled?.Dispose();
                        blockStart = start;
                        var n = Math.Min(blockRows, rows - start);
                        shuffled = data.index_select(0, perms!.narrow(1, start, n).reshape(-1)).view(count, n, d).DetachFromDisposeScope();
                    }
                    var x = shuffled.narrow(1, start - blockStart, length);
                    // Each run's noise from its own generator, after its shuffle: as VaeModel.Loss(x, generator) draws it.
                    Tensor noise;
                    if (count == 1) noise = randn([1, length, latent], generator: generators[0]);
                    else
                    {
                        noise = empty([count, length, latent]);
                        for (var r = 0; r < count; r++) noise[r].normal_(0, 1, generators[r]);
                    }
                    if (!onCpu) noise = noise.to(device);
                    if (!scalars.TryGetValue(length, out var perEvent)) scalars[length] = perEvent = (1.0 / length).ToScalar();
                    if (onCpu)
                    {
                        // Gradients by hand (no autograd graph): the same objective, about half the CPU time per step.
                        var gradients = new Tensor[model.GradientCount];
                        var (recSums, klSums) = model.LossAndGradients(x, noise, options.Beta, gradients);
                        optimizer.Step(gradients);
                        return stack([recSums, klSums], 1);
                    }
                    optimizer.ZeroGrad();
                    var (rec, kl, objective) = model.Loss(x, noise, betaHalf, perEvent);
                    objective.backward();
                    optimizer.Step();
                    return stack([rec, kl], 1).detach();
                },
                (sums, length) =>
                {
                    var reconstruction = sums[0] / (double)length;
                    var divergence = 0.5 * (sums[1] / (double)length - latent);
                    return new Dictionary<string, double>(3, StringComparer.Ordinal)
                    {
                        [Reconstruction] = reconstruction,
                        [Kl] = divergence,
                        [Total] = reconstruction + options.Beta * divergence,
                    };
                });
            var runs = new List<VaeRun>(count);
            try
            {
                for (var r = 0; r < count; r++)
                {
                    var trained = model.Extract(r);
                    trained.eval();
                    runs.Add(new VaeRun(seeds[first + r], trained, histories[r], histories[r][^1].Losses[Total]));
                }
            }
            catch
            {
                foreach (var run in runs) run.Model.Dispose();
                throw;
            }
            return runs;
        }
        finally
        {
            perms?.Dispose();
            shuffled?.Dispose();
            optimizer?.Dispose();
            model?.Dispose();
            foreach (var g in generators) g?.Dispose();
            foreach (var sc in scalars.Values) sc.Dispose();
            betaHalf.Dispose();
        }
    }
}
