using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Latent velocities by the chain rule (Yang et al., eq. 5): ż = (∇ₓφ(x)) ẋ, the Jacobian of the encoder times the
/// observed velocity, without finite differences in time.
/// </summary>
internal static class LatentVelocity
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
    public static Tensor ChainRule(Func<Tensor, Tensor> encode, Tensor x, Tensor xDot) => ChainRule(encode, x, xDot, createGraph: false);

    /// <summary>
    /// J_φ(x) ẋ as <see cref="ChainRule(Func{Tensor, Tensor}, Tensor, Tensor)"/>; with <paramref name="createGraph"/>
    /// the result keeps its autograd graph, so a loss on it trains φ's parameters through J_φ (second derivatives of φ).
    /// </summary>
    /// <param name="encode">φ: rows × n → rows × m, differentiable.</param>
    /// <param name="x">Points, rows × n (treated as constants: no gradient flows back to them).</param>
    /// <param name="xDot">Velocities ẋ at those points, rows × n.</param>
    /// <param name="createGraph">True: differentiable in φ's parameters; false: detached.</param>
    public static Tensor ChainRule(Func<Tensor, Tensor> encode, Tensor x, Tensor xDot, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentNullException.ThrowIfNull(x);
        CheckShapes(x, xDot);
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var input = x.detach().requires_grad_(true);
        var product = JacobianVectorProduct(encode(input), input, xDot, createGraph);
        return (createGraph ? product : product.detach()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// J ẋ of <paramref name="codes"/> = φ(<paramref name="input"/>) already computed from an <paramref name="input"/>
    /// that requires gradients, so a caller that needs the codes anyway (a training step) encodes once.
    /// </summary>
    /// <param name="codes">φ(input), with its graph back to <paramref name="input"/> (any shape: a row of T states may give T code rows).</param>
    /// <param name="input">The points, rows × n, requiring gradients.</param>
    /// <param name="xDot">Velocities ẋ at those points, rows × n; the result has the shape of <paramref name="codes"/>.</param>
    /// <param name="createGraph">True: the result is differentiable in φ's parameters; false: no graph is kept for it.</param>
    public static Tensor JacobianVectorProduct(Tensor codes, Tensor input, Tensor xDot, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(input);
        CheckShapes(input, xDot);
        if (!input.requires_grad) throw new ArgumentException("The input must require gradients (the codes are differentiated with respect to it).", nameof(input));
        using var grad = enable_grad();
        var u = zeros_like(codes).requires_grad_(true);
        // The first pass always builds a graph, which the second differentiates with respect to u. Both retain theirs:
        // the codes' graph serves the caller's own losses (TorchSharp, unlike PyTorch, does not tie retain to create).
        var transposed = autograd.grad([codes], [input], [u], retain_graph: true, create_graph: true)[0];
        return autograd.grad([transposed], [u], [xDot.to(transposed.dtype)], retain_graph: createGraph, create_graph: createGraph)[0];
    }

    private static void CheckShapes(Tensor x, Tensor? xDot)
    {
        ArgumentNullException.ThrowIfNull(xDot);
        if (x.ndim != 2 || !x.shape.SequenceEqual(xDot.shape))
            throw new ArgumentException($"x and ẋ must both be rows × n; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", xDot.shape)}].", nameof(xDot));
    }
}
