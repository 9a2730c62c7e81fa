using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Oracle-preserving flows (Roman, Forestano et al.) from start to finish: a seeded train/validation split, an
/// optional autoencoder whose latent space the flows act in, the oracle (a user's function, or a network learned from
/// labels), the flows for one N_g or a scan over N_g = 1, 2, …, and the analysis of each training on the held-out rows.
/// </summary>
internal static class OracleFlowsCore
{
    /// <summary>
    /// Trains and analyses. Exactly one of <paramref name="oracle"/> (a differentiable function of rows × d float64 on
    /// <paramref name="device"/>; with an autoencoder, of latent points) and <paramref name="labels"/> is given.
    /// </summary>
    /// <param name="features">Rows × d input values, row after row.</param>
    /// <param name="rows">Rows of <paramref name="features"/>.</param>
    /// <param name="featureNames">The d coordinate names.</param>
    /// <param name="oracle">A user's oracle, or null to learn one from <paramref name="labels"/>.</param>
    /// <param name="labels">One label per row, or null with <paramref name="oracle"/>.</param>
    /// <param name="options">Hyperparameters (the autoencoder's image shape already resolved).</param>
    /// <param name="seed">Seed of the split, every initialisation and every shuffle.</param>
    /// <param name="device">Training device.</param>
    /// <param name="loop">The training loop of every phase (progress, log, cancellation).</param>
    /// <param name="info">Receives a line per phase.</param>
    public static OracleFlowsResult Train(float[] features, int rows, IReadOnlyList<string> featureNames, Func<Tensor, Tensor>? oracle, OracleLabels? labels,
        OracleFlowsTrainingOptions options, int seed, Device device, TrainingLoop loop, Action<string> info)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(info);
        if ((oracle is null) == (labels is null)) throw new ArgumentException("Give exactly one oracle: a function or labels to learn one from.", nameof(oracle));
        var d = featureNames.Count;
        if (rows < 1 || (long)rows * d != features.Length) throw new ArgumentException($"{features.Length} values are not {rows} rows of {d}.", nameof(features));
        Runtime.Ensure();

        // Seeded split: held-out rows measure the invariance of what was learned on the others.
        var order = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(order);
        var held = (int)Math.Floor(rows * options.ValidationFraction);
        var trainRows = held > 0 ? order[held..] : order;
        var validRows = held > 0 ? order[..held] : order;

        // No dispose scope around the fit: the trained modules outlive it. Every tensor made here is disposed by hand.
        using var trainIndex = OnDevice(tensor(trainRows.Select(i => (long)i).ToArray()), device);
        using var validIndex = OnDevice(tensor(validRows.Select(i => (long)i).ToArray()), device);
        nn.Module<Tensor, Tensor>? autoencoder = null;
        OracleNetwork? learned = null;
        var trained = new List<FlowTrainingResult>();
        try
        {
            IReadOnlyList<EpochLosses>? autoencoderHistory = null;
            var names = featureNames.ToArray();
            Tensor all;
            if (options.LatentDimension is { } latent)
            {
                (autoencoder, autoencoderHistory, all) = TrainAutoencoder(features, rows, d, latent, trainRows.Length, trainIndex, options, seed, device, loop, info);
                d = latent;
                names = Enumerable.Range(1, latent).Select(k => $"z{k}").ToArray();
            }
            // The features stay float32 until split (widening is exact): no float64 copy of every row beside the splits.
            else all = OnDevice(tensor(features, [rows, d]), device);
            Tensor trainSplit, validSplit;
            // Every row is in one of the two splits: once they are copied out, the whole is not kept beside them.
            using (all)
            {
                trainSplit = Float64(all.index_select(0, trainIndex));
                validSplit = Float64(all.index_select(0, validIndex));
            }
            using var train = trainSplit;
            using var valid = validSplit;
            using var mean = train.mean([0], keepdim: true);

            Func<Tensor, Tensor> flowOracle;
            string oracleKind;
            IReadOnlyList<EpochLosses>? oracleHistory = null;
            var probabilities = false;
            if (oracle is not null)
            {
                CheckOracle(oracle, train);
                flowOracle = oracle;
                oracleKind = "function";
            }
            else
            {
                (learned, oracleHistory, oracleKind) = LearnOracle(train, trainRows, labels!, options, seed, device, loop, info);
                var net = learned;
                probabilities = labels!.Classifier && options.OracleProbabilities;
                flowOracle = probabilities ? x => nn.functional.softmax(net.forward(x), 1) : net.forward;
            }

            var counts = options.ScanGenerators is { } max
                ? options.ScanBlock is { } block ? Enumerable.Range(block.Start + 1, block.Length).ToArray() : Enumerable.Range(1, max).ToArray()
                : [options.Generators];
            var scan = new List<FlowAnalysis>();
            foreach (var n in counts)
            {
                info($"OracleFlows: {n} {options.Kind.ToString().ToLowerInvariant()} generator(s) on {d} dimensions, {trainRows.Length} rows, {options.Epochs} epochs on {device}.");
                var result = FlowTraining.Train(train, flowOracle, options.ForGenerators(n, trainRows.Length), unchecked(seed + 1000 * n), loop);
                trained.Add(result);
                scan.Add(FlowAnalysis.Evaluate(result, flowOracle, valid, mean, options));
            }
            // A scan keeps the largest N_g whose generators are all symmetries, distinct and closed (the first when none is).
            var kept = scan.Count - 1;
            if (options.ScanGenerators is not null)
            {
                kept = 0;
                for (var k = scan.Count - 1; k >= 0; k--)
                    if (scan[k].Acceptable) { kept = k; break; }
            }
            var generators = trained[kept].Generators;
            trained.RemoveAt(kept);
            var output = new OracleFlowsResult(generators, learned, autoencoder, names, scan, kept, oracleKind, probabilities, oracleHistory, autoencoderHistory);
            learned = null;
            autoencoder = null;
            return output;
        }
        finally
        {
            foreach (var t in trained) t.Generators.Dispose();
            learned?.Dispose();
            autoencoder?.Dispose();
        }
    }

    /// <summary>Trains the autoencoder on the training rows; returns it with its history and every row's latent code (rows × ℓ, float64).</summary>
    private static (nn.Module<Tensor, Tensor> Model, IReadOnlyList<EpochLosses> History, Tensor Codes) TrainAutoencoder(float[] features, int rows, int d, int latent,
        int trainCount, Tensor trainIndex, OracleFlowsTrainingOptions options, int seed, Device device, TrainingLoop loop, Action<string> info)
    {
        var image = options.AutoencoderImage;
        info(image is { } shape
            ? $"OracleFlows: convolutional autoencoder {shape.Height} × {shape.Width} → channels {string.Join(", ", options.AutoencoderChannels)} → {latent} on {trainCount} rows for {options.AutoencoderEpochs} epochs."
            : $"OracleFlows: autoencoder {d} → {string.Join(" → ", options.AutoencoderHiddenLayers)} → {latent} on {trainCount} rows for {options.AutoencoderEpochs} epochs.");
        using var x32 = OnDevice(tensor(features, [rows, d]), device);
        using var train32 = x32.index_select(0, trainIndex);
        nn.Module<Tensor, Tensor> model;
        ILatentAutoencoder codec;
        IReadOnlyList<EpochLosses> history;
        if (image is { } s)
        {
            var (conv, h) = AutoencoderTraining.TrainConvolutional(train32, s.Height, s.Width, options.AutoencoderChannels, latent, options.AutoencoderEpochs,
                                                                   options.AutoencoderBatchSize, options.AutoencoderLearningRate, seed, loop);
            (model, codec, history) = (conv, conv, h);
        }
        else
        {
            var (dense, h) = AutoencoderTraining.TrainDense(train32, options.AutoencoderHiddenLayers, latent, options.AutoencoderEpochs, options.AutoencoderBatchSize,
                                                            options.AutoencoderLearningRate, seed, loop);
            (model, codec, history) = (dense, dense, h);
        }
        try
        {
            using (no_grad())
            using (var z = codec.Encode(x32)) return (model, history, z.to(float64));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Learns the oracle from the training rows' labels: a classifier (classes ranked 0 … k − 1) or a regressor.</summary>
    private static (OracleNetwork Oracle, IReadOnlyList<EpochLosses> History, string Kind) LearnOracle(Tensor train, int[] trainRows, OracleLabels labels,
        OracleFlowsTrainingOptions options, int seed, Device device, TrainingLoop loop, Action<string> info)
    {
        var values = labels.Vectors is not null ? [] : trainRows.Select(i => labels.Scalars![i]).ToArray();
        var classes = 0;
        string kind;
        Tensor targets;
        if (labels.Classifier)
        {
            var distinct = values.Distinct().Order().ToArray();
            if (distinct.Length < 2) throw new ArgumentException($"{labels.Description} holds a single class ({distinct[0]}); a classifier oracle needs at least two.", "LabelColumnName");
            var index = distinct.Select((v, k) => (v, k)).ToDictionary(t => t.v, t => (long)t.k);
            targets = OnDevice(tensor(values.Select(v => index[v]).ToArray()), device);
            classes = distinct.Length;
            kind = "classifier";
        }
        else if (labels.Vectors is { } y)
        {
            var size = labels.VectorSize;
            var rowsOfY = trainRows.SelectMany(i => y.AsSpan(i * size, size).ToArray().Select(v => (double)v)).ToArray();
            targets = OnDevice(tensor(rowsOfY, [trainRows.Length, size]), device);
            kind = "regressor";
        }
        else
        {
            targets = OnDevice(tensor(values, [values.Length, 1]), device);
            kind = "regressor";
        }
        using (targets)
        {
            info($"OracleFlows: learning a {kind} oracle ({string.Join("-", options.OracleHiddenLayers)}) on {trainRows.Length} rows for {options.OracleEpochs} epochs.");
            var (net, history) = OracleTraining.Train(train, targets, classes, options.OracleHiddenLayers, options.OracleEpochs, options.OracleBatchSize,
                                                      options.OracleLearningRate, seed, loop);
            return (net, history, kind);
        }
    }

    // The rows as float64 (the flows' dtype), the argument disposed when converted.
    private static Tensor Float64(Tensor rows)
    {
        if (rows.dtype == float64) return rows;
        using (rows) return rows.to(float64);
    }

    private static Tensor OnDevice(Tensor host, Device device)
    {
        if (device.type == DeviceType.CPU) return host;
        using (host) return host.to(device);
    }

    /// <summary>Calls a user's oracle on a few training rows: it must answer rows × k finite values through autograd.</summary>
    private static void CheckOracle(Func<Tensor, Tensor> oracle, Tensor train)
    {
        using var scope = NewDisposeScope();
        var probe = train.narrow(0, 0, Math.Min(8, train.shape[0])).detach().clone().requires_grad_(true);
        Tensor y;
        try
        {
            y = FlowLosses.CallOracle(oracle, probe);
        }
        catch (ArgumentException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ArgumentException($"The Oracle function failed on a rows × {train.shape[1]} float64 tensor: {e.Message}", "Oracle", e);
        }
        if (!y.isfinite().all().item<bool>()) throw new ArgumentException("The Oracle function returned NaN or infinite values on the training rows.", "Oracle");
        if (!y.requires_grad) throw new ArgumentException("The Oracle function is not differentiable: its result does not depend on its input through autograd (do not detach or copy through .NET arrays).", "Oracle");
    }
}
