using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// R VAEs of one shape as one model: every layer's weights stacked over a leading run dimension ([R, in, out], biases
/// [R, 1, out]) and applied with one batched matmul per layer; the μ and log σ² heads share one [R, hidden, 2L]
/// layer. The runs do not interact: the loss is the sum of the runs' losses, so each run's gradient is its own.
/// </summary>
internal sealed class BatchedVae : IDisposable
{
    private readonly Tensor[] weights;
    private readonly Tensor[] biases;
    private readonly int encoderLayers;
    private static readonly long[] EventDims = [1, 2];
    private VaeBackprop? backprop;

    private BatchedVae(int runs, int inputSize, IReadOnlyList<int> hidden, int latentSize, Tensor[] weights, Tensor[] biases)
    {
        Runs = runs;
        InputSize = inputSize;
        HiddenLayers = hidden.ToArray();
        LatentSize = latentSize;
        this.weights = weights;
        this.biases = biases;
        encoderLayers = hidden.Count;
    }

    public int Runs { get; }
    public int InputSize { get; }
    public int LatentSize { get; }
    public IReadOnlyList<int> HiddenLayers { get; }

    /// <summary>The leaf tensors to optimize (weights then biases per layer).</summary>
    public IEnumerable<Tensor> Parameters => weights.Zip(biases).SelectMany(p => new[] { p.First, p.Second });

    /// <summary>The layers' weights [R, in, out] (the leaf tensors themselves; <see cref="VaeBackprop"/> reads them).</summary>
    internal IReadOnlyList<Tensor> Weights => weights;

    /// <summary>The layers' biases [R, 1, out] (the leaf tensors themselves).</summary>
    internal IReadOnlyList<Tensor> Biases => biases;

    /// <summary>Stacks single-run models (same shape) into one batched model on <paramref name="device"/>; copies their weights.</summary>
    public static BatchedVae Stack(IReadOnlyList<VaeModel> models, Device device) =>
        Stack(models.Select(m => m.Layers.Select(l => (Weight: (Tensor)l.weight, Bias: (Tensor)l.bias!)).ToArray()).ToArray(),
              models[0].InputSize, models[0].HiddenLayers, models[0].LatentSize, device);

    /// <summary>
    /// Stacks per-run layer lists (weights out × in, biases out, in <see cref="VaeModel.LayerShapes"/> order) into one
    /// batched model on <paramref name="device"/>; copies them.
    /// </summary>
    public static BatchedVae Stack(IReadOnlyList<(Tensor Weight, Tensor Bias)[]> layers, int inputSize, IReadOnlyList<int> hidden, int latentSize, Device device)
    {
        var n = hidden.Count;
        var count = layers[0].Length - 1; // the two heads become one layer
        var weights = new Tensor[count];
        var biases = new Tensor[count];
        using (NewDisposeScope())
        using (no_grad())
        {
            for (var l = 0; l < count; l++)
            {
                Tensor W((Tensor Weight, Tensor Bias)[] ls) => l < n ? ls[l].Weight.t() : l == n ? cat([ls[n].Weight.t(), ls[n + 1].Weight.t()], 1) : ls[l + 1].Weight.t();
                Tensor B((Tensor Weight, Tensor Bias)[] ls) => l < n ? ls[l].Bias : l == n ? cat([ls[n].Bias, ls[n + 1].Bias], 0) : ls[l + 1].Bias;
                weights[l] = stack(layers.Select(W), 0).to(device).contiguous().requires_grad_().DetachFromDisposeScope();
                biases[l] = stack(layers.Select(B), 0).unsqueeze(1).to(device).contiguous().requires_grad_().DetachFromDisposeScope();
            }
        }
        return new BatchedVae(layers.Count, inputSize, hidden, latentSize, weights, biases);
    }

    /// <summary>Run <paramref name="run"/>'s weights as a single-run model (copies, on the same device).</summary>
    public VaeModel Extract(int run)
    {
        var n = encoderLayers;
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        return new VaeModel(InputSize, HiddenLayers, LatentSize, (i, _, _) =>
        {
            // Layers in VaeModel order: encoder (0..n−1), μ head (n), log σ² head (n + 1), decoder.
            var l = i < n ? i : i <= n + 1 ? n : i - 1;
            var w = weights[l][run];
            var b = biases[l][run][0];
            if (i == n) { w = w.narrow(1, 0, LatentSize); b = b.narrow(0, 0, LatentSize); }
            if (i == n + 1) { w = w.narrow(1, LatentSize, LatentSize); b = b.narrow(0, LatentSize, LatentSize); }
            return (w.t().contiguous().DetachFromDisposeScope(), b.contiguous().DetachFromDisposeScope());
        });
    }

    /// <summary>
    /// The summed loss terms of each run for batches x [R, B, D] with noise [R, B, L]: per run, Σ_events ‖x − x̂‖² and
    /// Σ_events Σ_j (σ² − log σ² + μ²); and the objective Σ_runs (rec + β·KL) with both terms as means over events
    /// (the KL's constant −L/2 left out: it has no gradient).
    /// </summary>
    public (Tensor ReconstructionSums, Tensor KlSums, Tensor Objective) Loss(Tensor x, Tensor noise, double beta)
    {
        using var betaHalf = (0.5 * beta).ToScalar();
        using var perEvent = (1.0 / x.shape[1]).ToScalar();
        return Loss(x, noise, betaHalf, perEvent);
    }

    /// <summary><see cref="Loss(Tensor, Tensor, double)"/> with the Scalars β/2 and 1/B made by the caller (once).</summary>
    public (Tensor ReconstructionSums, Tensor KlSums, Tensor Objective) Loss(Tensor x, Tensor noise, Scalar betaHalf, Scalar perEvent)
    {
        using var scope = NewDisposeScope();
        var h = x;
        for (var l = 0; l < encoderLayers; l++) h = BatchedOps.Affine(h, weights[l], biases[l]).relu_();
        var heads = BatchedOps.Affine(h, weights[encoderLayers], biases[encoderLayers]);
        var m = heads.narrow(2, 0, LatentSize);
        var lv = heads.narrow(2, LatentSize, LatentSize);
        var variance = lv.exp();
        var z = addcmul(m, variance.sqrt(), noise, Scalars.One);
        h = z;
        for (var l = encoderLayers + 1; l < weights.Length; l++)
        {
            h = BatchedOps.Affine(h, weights[l], biases[l]);
            if (l < weights.Length - 1) h = h.relu_();
        }
        var klTerms = addcmul(variance - lv, m, m, Scalars.One);
        Tensor rec, kl, objective;
        if (Runs == 1)
        {
            // One run: whole-tensor reductions (one fused mse kernel, fewer autograd nodes), shaped [1] afterwards.
            rec = nn.functional.mse_loss(h, x, nn.Reduction.Sum);
            kl = klTerms.sum();
            objective = add(rec, kl, betaHalf).mul_(perEvent);
            rec = rec.unsqueeze(0);
            kl = kl.unsqueeze(0);
        }
        else
        {
            rec = nn.functional.mse_loss(h, x, nn.Reduction.None).sum(EventDims);
            kl = klTerms.sum(EventDims);
            objective = add(rec, kl, betaHalf).sum().mul_(perEvent);
        }
        return (rec.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope(), objective.MoveToOuterDisposeScope());
    }

    /// <summary>Number of tensors <see cref="LossAndGradients"/> writes: one per parameter.</summary>
    public int GradientCount => 2 * weights.Length;

    /// <summary>
    /// The loss terms of <see cref="Loss(Tensor, Tensor, double)"/> (per-run sums [R]) and, into
    /// <paramref name="gradients"/> (<see cref="GradientCount"/> slots, <see cref="Parameters"/> order), the gradients
    /// of its objective, computed by hand without autograd (<see cref="VaeBackprop"/>; fewer native calls). Its views
    /// of the parameters are taken at the first call: rebind them (<see cref="FlatAdam"/>) before it.
    /// </summary>
    public (Tensor ReconstructionSums, Tensor KlSums) LossAndGradients(Tensor x, Tensor noise, double beta, Span<Tensor> gradients)
    {
        backprop ??= new VaeBackprop(this);
        return backprop.LossAndGradients(x, noise, beta, gradients);
    }

    public void Dispose()
    {
        backprop?.Dispose();
        foreach (var w in weights) w.Dispose();
        foreach (var b in biases) b.Dispose();
    }
}
