using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// <see cref="BatchedVae.Loss(Tensor, Tensor, Scalar, Scalar)"/>'s loss terms and the gradients of its objective
/// computed by hand, without autograd: the same forward kernels, then the backward pass written out (per layer
/// ∂W = inᵀ·δ, ∂b = Σ_events δ, δ_in = δ·Wᵀ masked by the ReLU). A one-run training step is overhead-bound (tiny
/// products): without recording a graph, running the autograd engine and accumulating into zeroed gradient buffers,
/// its CPU time is about halved (Sanz's 2→64→64→4 model, batch 128, one thread, 2026-12-07).
/// </summary>
/// <remarks>
/// The mathematics is that of autograd's backward of the same graph, not always its order of float operations (the
/// latent gradients are combined in fewer kernels), so gradients agree to float32 rounding, not bit for bit. Build it
/// after anything that rebinds the model's parameters (<see cref="FlatAdam"/> does, with <c>set_</c>): it keeps views
/// of them.
/// </remarks>
internal sealed class VaeBackprop : IDisposable
{
    private static readonly long[] EventDims = [1, 2];
    private readonly Tensor[] weights;
    private readonly Tensor[] transposed;
    private readonly Tensor[] biases;
    private readonly int encoderLayers;
    private readonly int latent;
    private readonly Dictionary<(long Events, double Beta), (Scalar TwoPerEvent, Scalar KlWeight, Scalar TwoKlWeight)> scalars = [];

    /// <summary>Hand-written gradients of <paramref name="model"/>'s objective.</summary>
    public VaeBackprop(BatchedVae model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ws = model.Weights;
        var bs = model.Biases;
        weights = new Tensor[ws.Count];
        transposed = new Tensor[ws.Count];
        biases = new Tensor[ws.Count];
        // Detached views share the (rebound) storage: optimizer updates show through, and no op on them is recorded.
        for (var l = 0; l < ws.Count; l++)
        {
            weights[l] = ws[l].detach().DetachFromDisposeScope();
            transposed[l] = weights[l].transpose(1, 2).DetachFromDisposeScope();
            biases[l] = bs[l].detach().DetachFromDisposeScope();
        }
        encoderLayers = model.HiddenLayers.Count;
        latent = model.LatentSize;
    }

    /// <summary>Number of gradient tensors written by <see cref="LossAndGradients"/> (one per parameter).</summary>
    public int GradientCount => 2 * weights.Length;

    /// <summary>
    /// For batches x [R, B, D] and noise [R, B, L]: the per-run sums Σ_events ‖x − x̂‖² and Σ_events Σ_j (σ² − log σ² + μ²)
    /// (as <see cref="BatchedVae.Loss(Tensor, Tensor, double)"/>), and into <paramref name="gradients"/> (length
    /// <see cref="GradientCount"/>, in <see cref="BatchedVae.Parameters"/> order) new contiguous tensors holding the
    /// gradient of its objective Σ_runs (rec + β/2·KL-sum)/B. All results belong to the caller's dispose scope.
    /// </summary>
    public (Tensor ReconstructionSums, Tensor KlSums) LossAndGradients(Tensor x, Tensor noise, double beta, Span<Tensor> gradients)
    {
        if (gradients.Length != GradientCount) throw new ArgumentException($"Expected {GradientCount} gradient slots; got {gradients.Length}.", nameof(gradients));
        var events = x.shape[1];
        if (!scalars.TryGetValue((events, beta), out var s))
        {
            var perEvent = 1.0 / events;
            scalars[(events, beta)] = s = ((2 * perEvent).ToScalar(), (0.5 * beta * perEvent).ToScalar(), (beta * perEvent).ToScalar());
        }
        var count = weights.Length;
        var inputs = new Tensor[count];
        // Forward, the kernels of BatchedVae.Loss; every layer's input kept for its weight gradient.
        var h = x;
        for (var l = 0; l < encoderLayers; l++)
        {
            inputs[l] = h;
            h = BatchedOps.Affine(h, weights[l], biases[l]).relu_();
        }
        inputs[encoderLayers] = h;
        var heads = BatchedOps.Affine(h, weights[encoderLayers], biases[encoderLayers]);
        var m = heads.narrow(2, 0, latent);
        var lv = heads.narrow(2, latent, latent);
        var variance = lv.exp();
        var std = variance.sqrt();
        h = addcmul(m, std, noise, Scalars.One);
        for (var l = encoderLayers + 1; l < count; l++)
        {
            inputs[l] = h;
            h = BatchedOps.Affine(h, weights[l], biases[l]);
            if (l < count - 1) h = h.relu_();
        }
        var delta = h.sub_(x);
        var rec = delta.square().sum(EventDims);
        var kl = addcmul(variance - lv, m, m, Scalars.One).sum(EventDims);

        // Backward. ∂objective/∂x̂ = 2(x̂ − x)/B.
        delta.mul_(s.TwoPerEvent);
        for (var l = count - 1; l >= 0; l--)
        {
            var input = inputs[l];
            gradients[2 * l] = bmm(input.transpose(1, 2), delta);
            gradients[2 * l + 1] = delta.sum(1, keepdim: true);
            if (l == 0) break;
            var back = bmm(delta, transposed[l]);
            if (l == encoderLayers + 1)
            {
                // Through z = μ + σ·ε and the KL terms k·(σ² − log σ² + μ²), k = β/(2B):
                // ∂/∂log σ² = ½·δ_z·ε·σ + k·(σ² − 1), ∂/∂μ = δ_z + 2k·μ.
                var dLogVar = variance.sub(Scalars.One).mul_(s.KlWeight).addcmul_(back * noise, std, Scalars.Half);
                back.add_(m, s.TwoKlWeight);
                delta = cat([back, dLogVar], 2);
            }
            else
            {
                // ReLU: the gradient passes where the layer's output (this input, ≥ 0) is positive: times its sign,
                // 0 or 1 (two vectorized kernels; libtorch's masked_fill_ is a scalar loop, 4× slower here).
                delta = back.mul_(input.sign());
            }
        }
        return (rec, kl);
    }

    public void Dispose()
    {
        foreach (var t in weights.Concat(transposed).Concat(biases)) t.Dispose();
        foreach (var (a, b, c) in scalars.Values)
        {
            a.Dispose();
            b.Dispose();
            c.Dispose();
        }
    }
}
