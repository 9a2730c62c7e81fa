using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Hyperparameters of one flow training (see <see cref="FlowTraining.Train"/>).</summary>
/// <param name="Kind">Linear or neural generators.</param>
/// <param name="Generators">N_g ≥ 1.</param>
/// <param name="Hidden">Hidden widths of neural fields.</param>
/// <param name="Epsilon">ε of the expansion (the paper and its code: 1e-3).</param>
/// <param name="NormalizationWeight">h_norm.</param>
/// <param name="OrthogonalityWeight">Weight of the orthogonality term.</param>
/// <param name="ClosureWeight">Weight of the closure term (0 switches the structure constants off).</param>
/// <param name="Epochs">Epochs ≥ 1.</param>
/// <param name="BatchSize">Rows per step (full batch when ≥ the rows).</param>
/// <param name="LearningRate">Adam's step size.</param>
internal sealed record FlowTrainingOptions(GeneratorKind Kind, int Generators, IReadOnlyList<int> Hidden, double Epsilon,
    double NormalizationWeight, double OrthogonalityWeight, double ClosureWeight, int Epochs, int BatchSize, double LearningRate);

/// <summary>What a flow training produced: the generators, the learned structure constants (P × N_g, pairs α &lt; β) and the losses per epoch.</summary>
/// <param name="Generators">The trained generators (the caller owns and disposes them).</param>
/// <param name="Structure">a_[αβ]γ for the pairs α &lt; β, P × N_g (float64, CPU).</param>
/// <param name="History">Per-epoch mean loss terms ("invariance", "normalization", "orthogonality", "closure", "total").</param>
internal sealed record FlowTrainingResult(FlowGenerators Generators, double[,] Structure, IReadOnlyList<EpochLosses> History);

/// <summary>Training of oracle-preserving flows, on <see cref="TrainingLoop"/> with <see cref="FlatAdam"/>.</summary>
internal static class FlowTraining
{
    /// <summary>
    /// Trains N_g generators on the rows of <paramref name="data"/> (rows × d, float64, on the training device) to
    /// minimise L_inv + h_norm L_norm + h_orth L_orth + h_clos L_closure, with the structure constants a_[αβ]γ learned
    /// jointly (Adam over generators and constants together). <paramref name="oracle"/> must be differentiable,
    /// accept float64 rows × d on that device and act point by point (a row's value may not depend on the other rows:
    /// for linear generators its values at the data are computed once, before training).
    /// </summary>
    public static FlowTrainingResult Train(Tensor data, Func<Tensor, Tensor> oracle, FlowTrainingOptions options, int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loop);
        Runtime.Ensure();
        if (data.dtype != float64 || data.ndim != 2) throw new ArgumentException("The flow training data must be a rows × d float64 tensor.", nameof(data));
        var d = (int)data.shape[1];
        var init = new Generator((ulong)(uint)seed);
        var shuffle = new Generator((ulong)(uint)seed + 0x9E3779B9UL);
        var generators = new FlowGenerators(options.Kind, options.Generators, d, options.Hidden, init, data.device);
        try
        {
            var pairs = options.Generators * (options.Generators - 1) / 2;
            var useClosure = pairs > 0 && options.ClosureWeight > 0;
            var structure = nn.Parameter(empty([Math.Max(pairs, 1), options.Generators], float64).uniform_(-0.1, 0.1, init).to(data.device));
            var parameters = generators.parameters().ToList();
            if (useClosure) parameters.Add(structure);
            using var adam = new FlatAdam(parameters, options.LearningRate);
            var batchSize = Math.Min(options.BatchSize, (int)data.shape[0]);
            var history = options.Kind == GeneratorKind.Linear
                ? TrainLinear(data, oracle, options, generators, structure, useClosure, adam, batchSize, shuffle, loop)
                : loop.Run(data, batchSize, options.Epochs, shuffle, batch =>
                {
                    adam.ZeroGrad();
                    var fields = generators.forward(batch);
                    Tensor reference;
                    using (no_grad()) reference = FlowLosses.CallOracle(oracle, batch);
                    var inv = FlowLosses.Invariance(oracle, batch, fields, options.Epsilon, reference).sum();
                    var norm = FlowLosses.Normalization(generators, fields);
                    var orth = FlowLosses.Orthogonality(generators, fields);
                    var clos = useClosure ? FlowLosses.Closure(generators, batch, structure) : zeros(1, float64, batch.device).sum();
                    var total = inv + norm * options.NormalizationWeight + orth * options.OrthogonalityWeight + clos * options.ClosureWeight;
                    total.backward();
                    adam.Step();
                    return Named(inv.item<double>(), norm.item<double>(), orth.item<double>(), clos.item<double>(), total.item<double>());
                });
            var a = new double[pairs, options.Generators];
            if (pairs > 0)
            {
                using var host = structure.detach().cpu();
                var values = host.data<double>().ToArray();
                for (var p = 0; p < pairs; p++)
                    for (var g = 0; g < options.Generators; g++) a[p, g] = useClosure ? values[p * options.Generators + g] : 0;
            }
            structure.Dispose();
            foreach (var p in generators.parameters()) p.requires_grad_(false);
            return new FlowTrainingResult(generators, a, history);
        }
        catch
        {
            generators.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Linear generators through <see cref="LinearFlowHostObjective"/> (small ones on the CPU) or
    /// <see cref="LinearFlowObjective"/>. The oracle's values at the unperturbed points do not change during training,
    /// so they are computed once (the oracle acts point by point) and ride along as extra columns of the data (for
    /// the latter with the points repeated once per generator, the layouts it works with), following the shuffle.
    /// </summary>
    private static IReadOnlyList<EpochLosses> TrainLinear(Tensor data, Func<Tensor, Tensor> oracle, FlowTrainingOptions options, FlowGenerators generators,
        Tensor structure, bool useClosure, FlatAdam adam, int batchSize, Generator shuffle, TrainingLoop loop)
    {
        var d = (int)data.shape[1];
        using var scope = NewDisposeScope();
        Tensor reference;
        using (no_grad()) reference = FlowLosses.CallOracle(oracle, data);
        var k = (int)reference.shape[1];
        var n = options.Generators;
        var weight = generators.Weight;
        var weights = (options.NormalizationWeight, options.OrthogonalityWeight, options.ClosureWeight);
        if (LinearFlowHostObjective.Applies(data.device, n, d, useClosure))
        {
            // Small generators on the CPU: everything but the oracle on host arrays; the points carry their oracle
            // values as extra columns through the shuffle, and large batches are taken chunk by chunk inside.
            using var host = new LinearFlowHostObjective(n, d, k, options.Epsilon, weights, useClosure);
            return loop.Run(cat([data, reference], 1), batchSize, options.Epochs, shuffle, batch =>
            {
                adam.ZeroGrad();
                var v = host.Backward(oracle, batch, weight, structure);
                adam.Step();
                return Named(v[0], v[1], v[2], v[3], v[4]);
            });
        }
        using var objective = new LinearFlowObjective(options.Generators, d, k, options.Epsilon, weights, useClosure, data.device);
        if (batchSize >= data.shape[0] && data.shape[0] > LinearFlowObjective.ChunkRows)
        {
            // One batch of many rows: its graph would hold a few KB of activations per row, so the objective sums it
            // chunk by chunk (the same loss and gradient up to the order of float64 sums); nothing is shuffled, so the
            // per-generator layouts are made per chunk rather than joined to the data.
            return loop.Run(data, batchSize, options.Epochs, shuffle, batch =>
            {
                adam.ZeroGrad();
                return Terms(objective.BackwardInChunks(oracle, batch, reference, weight, structure));
            });
        }
        var joined = cat([data, data.repeat(1, n), reference.repeat(1, n)], 1);
        return loop.Run(joined, batchSize, options.Epochs, shuffle, batch =>
        {
            adam.ZeroGrad();
            return Terms(objective.Backward(oracle, batch.narrow(1, 0, d), batch.narrow(1, d, n * d), batch.narrow(1, d + n * d, n * k), weight, structure));
        });

        Dictionary<string, double> Terms(Tensor terms)
        {
            adam.Step();
            var v = (terms.device_type == DeviceType.CPU ? terms : terms.cpu()).data<double>().ToArray();
            return Named(v[0], v[1], v[2], v[3], v[4]);
        }
    }

    private static Dictionary<string, double> Named(double invariance, double normalization, double orthogonality, double closure, double total) =>
        new(StringComparer.Ordinal)
        {
            ["invariance"] = invariance,
            ["normalization"] = normalization,
            ["orthogonality"] = orthogonality,
            ["closure"] = closure,
            ["total"] = total,
        };
}
