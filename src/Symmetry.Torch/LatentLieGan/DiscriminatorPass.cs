using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// One forward of the discriminator over the real and the moved codes together and its backward written by hand,
/// for the training step. D ends in one logit per row, so backpropagating any per-row upstream scalar u is linear in
/// u row by row: with e_k the gradients at layer k's output for an upstream of 1 per row (one product per layer),
/// the chain for u is diag(u)·e_k. So D's weight gradients (upstream: its own loss, plus w_gan·BCE(D(z'), 1) in the
/// summed recipe) and the gradient into z' (upstream: w_gan·BCE(D(z'), 1) alone) share one chain, where autograd ran
/// two over the moved rows (and a third over the real ones): per hidden product 3 on 2b rows instead of 4 on 2b,
/// counting the forward.
/// </summary>
internal sealed class DiscriminatorPass
{
    private readonly IReadOnlyList<Linear> layers;
    private readonly Tensor[] inputs;
    private readonly long rows;

    /// <summary>
    /// Runs D (no autograd graph) over the rows of <paramref name="real"/> then those of <paramref name="fake"/> (rows × T·m
    /// each); the kept activations belong to the caller's dispose scope.
    /// </summary>
    public DiscriminatorPass(LieGanDiscriminator discriminator, Tensor real, Tensor fake)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        layers = discriminator.Layers;
        rows = real.shape[0];
        inputs = new Tensor[layers.Count];
        using var _ = no_grad();
        // One product over both halves: the forward's rows are independent, and a taller product runs closer to peak.
        var h = cat([real.detach(), fake.detach()], 0);
        for (var k = 0; k < layers.Count; k++)
        {
            inputs[k] = h;
            h = layers[k].forward(h);
            if (k + 1 < layers.Count) h = h.relu_();
        }
        Logits = h;
    }

    /// <summary>The 2·rows × 1 logits: the real rows, then the moved ones.</summary>
    public Tensor Logits { get; }

    /// <summary>
    /// Adds D's parameter gradients for the per-row upstream <paramref name="discriminatorUpstream"/> (∂loss/∂logit,
    /// 2·rows × 1) to their .grad, and returns the gradient into the moved rows for <paramref name="movedUpstream"/>
    /// (rows × 1, ∂loss/∂logit of the moved rows): rows × T·m, no graph.
    /// </summary>
    public Tensor Backward(Tensor discriminatorUpstream, Tensor movedUpstream)
    {
        ArgumentNullException.ThrowIfNull(discriminatorUpstream);
        ArgumentNullException.ThrowIfNull(movedUpstream);
        using var _ = no_grad();
        var u = discriminatorUpstream.detach();
        var last = layers.Count - 1;
        var lastWeight = layers[last].weight!;
        Accumulate(lastWeight, u.t().mm(inputs[last]));
        Accumulate(layers[last].bias!, u.sum([0]));
        // e: the gradient at layer k's output for an upstream of 1 per row, ReLU masks applied (the layer's output is the
        // next layer's input; ReLU's backward zeroes where that output is ≤ 0, as autograd's threshold_backward does).
        var e = lastWeight.expand(2 * rows, lastWeight.shape[1]);
        for (var k = last - 1; k >= 0; k--)
        {
            e = e.masked_fill(inputs[k + 1].le(0), 0);
            var weighted = e * u;
            Accumulate(layers[k].weight!, weighted.t().mm(inputs[k]));
            Accumulate(layers[k].bias!, weighted.sum([0]));
            if (k > 0) e = e.mm(layers[k].weight!);
            else e = e.narrow(0, rows, rows).mm(layers[0].weight!);
        }
        if (last == 0) e = e.narrow(0, rows, rows);
        return e * movedUpstream.detach();
    }

    private static void Accumulate(Tensor parameter, Tensor gradient)
    {
        // Backward adds to an existing .grad (FlatAdam presets views of its buffer); a bare parameter gets its own.
        if (parameter.grad is { } g) g.add_(gradient);
        else parameter.grad = gradient.clone();
    }
}
