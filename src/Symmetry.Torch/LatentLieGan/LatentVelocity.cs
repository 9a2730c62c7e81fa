using static TorchSharp.torch;

namespace Symmetry.Torch;

/// <summary>
/// Latent velocities by the chain rule (paper 002 eq. 5): ż = (∇ₓφ(x)) ẋ, the Jacobian of the encoder times the
/// observed velocity, without finite differences in time.
/// </summary>
public static class LatentVelocity
{
    /// <summary>
    /// J_φ(x) ẋ for rows × n points <paramref name="x"/> and velocities <paramref name="xDot"/> (same shape, same
    /// device): rows × m, detached. Computed as a Jacobian–vector product from two reverse passes (the "double
    /// backward" trick: g(u) = J_φᵀu is linear in u, so ∂⟨g(u), ẋ⟩/∂u = J_φ ẋ), which costs two backward passes
    /// whatever m is and needs no forward-mode autograd (TorchSharp 0.107 has none).
    /// </summary>
    /// <param name="encode">φ: rows × n → rows × m, differentiable (its parameters need not require gradients).</param>
    /// <param name="x">Points, rows × n.</param>
    /// <param name="xDot">Velocities ẋ at those points, rows × n, in the units of <paramref name="x"/> per unit time.</param>
    public static Tensor ChainRule(Func<Tensor, Tensor> encode, Tensor x, Tensor xDot)
    {
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(xDot);
        if (x.ndim != 2 || !x.shape.SequenceEqual(xDot.shape))
            throw new ArgumentException($"x and ẋ must both be rows × n; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", xDot.shape)}].", nameof(xDot));
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var input = x.detach().requires_grad_(true);
        var z = encode(input);
        var u = zeros_like(z).requires_grad_(true);
        var transposed = autograd.grad([z], [input], [u], create_graph: true)[0];
        var product = autograd.grad([transposed], [u], [xDot.to(transposed.dtype)])[0];
        return product.detach().MoveToOuterDisposeScope();
    }
}
