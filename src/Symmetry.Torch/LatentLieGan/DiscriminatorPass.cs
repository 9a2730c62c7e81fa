using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// One forward of the discriminator over the real and the moved codes together, and its backward for the training
/// step split by hand. D ends in one logit per row, so backpropagating any per-row upstream scalar u is linear in u row
/// by row: with e_k the gradients at layer k's output for an upstream of 1 per row (one product per layer), the chain
/// for u is diag(u)·e_k. So D's weight gradients (upstream: its own loss, plus w_gan·BCE(D(z'), 1) in the summed
/// recipe) and the gradient into z' (upstream: w_gan·BCE(D(z'), 1) alone) share one chain, where the two pruned
/// autograd passes ran two over the moved rows: per hidden layer 3 products on all 2b rows (forward, chain, weight
/// gradient) instead of 3.5 (the moved rows' second chain).
/// </summary>
internal sealed class DiscriminatorPass
{
    private readonly IReadOnlyList<Linear> layers;
    private readonly Tensor[] inputs;
    private readonly Tensor[] outputs;
    private readonly long rows;

    /// <summary>
    /// Runs D over the rows of <paramref name="real"/> then those of <paramref name="fake"/> (rows × T·m each, taken as
    /// data: no gradient reaches them through this graph); the kept activations belong to the caller's dispose scope.
    /// </summary>
    public DiscriminatorPass(LieGanDiscriminator discriminator, Tensor real, Tensor fake)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        layers = discriminator.Layers;
        rows = real.shape[0];
        inputs = new Tensor[layers.Count];
        outputs = new Tensor[layers.Count];
        using var _ = enable_grad();
        // One product over both halves: the rows are independent, and a taller product runs closer to the core's peak.
        var h = cat([real.detach(), fake.detach()], 0);
        for (var k = 0; k < layers.Count; k++)
        {
            inputs[k] = h;
            outputs[k] = layers[k].forward(h);
            // Not in place: the unit-upstream chain below asks autograd for the gradient at each layer's output, before
            // its ReLU, and autograd's ReLU backward is one vectorised pass (a hand-made mask took four).
            if (k + 1 < layers.Count) h = nn.functional.relu(outputs[k]);
        }
        Logits = outputs[^1].detach();
    }

    /// <summary>The 2·rows × 1 logits (no graph): the real rows, then the moved ones.</summary>
    public Tensor Logits { get; }

    /// <summary>
    /// Adds D's parameter gradients for the per-row upstream <paramref name="discriminatorUpstream"/> (∂loss/∂logit,
    /// 2·rows × 1) to their .grad, and returns the gradient into the moved rows for <paramref name="movedUpstream"/>
    /// (rows × 1, ∂loss/∂logit of the moved rows): rows × T·m, no graph. Call once.
    /// </summary>
    public Tensor Backward(Tensor discriminatorUpstream, Tensor movedUpstream)
    {
        ArgumentNullException.ThrowIfNull(discriminatorUpstream);
        ArgumentNullException.ThrowIfNull(movedUpstream);
        var last = layers.Count - 1;
        // e_k: the gradients at layer k's output (before its ReLU) for an upstream of 1 per row; autograd computes only
        // this chain (one product per hidden layer), no weight gradients, as none are asked for.
        var chain = last == 0 ? [] : autograd.grad([outputs[last]], outputs[..last], [ones_like(outputs[last])]);
        using var _ = no_grad();
        var u = discriminatorUpstream.detach();
        GradientOf(layers[last].weight!).addmm_(u.t(), inputs[last].detach());
        GradientOf(layers[last].bias!).add_(u.sum([0]));
        for (var k = last - 1; k >= 0; k--)
        {
            var weighted = chain[k] * u;
            GradientOf(layers[k].weight!).addmm_(weighted.t(), inputs[k].detach());
            GradientOf(layers[k].bias!).add_(weighted.sum([0]));
        }
        var first = layers[0].weight!;
        var intoInput = last == 0 ? first.expand(rows, first.shape[1]) : chain[0].narrow(0, rows, rows).mm(first);
        return intoInput * movedUpstream.detach();
    }

    private static Tensor GradientOf(Tensor parameter)
    {
        // Backward adds to an existing .grad (FlatAdam presets views of its buffer); a bare parameter gets its own.
        if (parameter.grad is null) parameter.grad = zeros_like(parameter);
        return parameter.grad!;
    }
}
