namespace Microsoft.ML.Symmetry;

/// <summary>The magnitude each pair's α-matching term MSE(x + t Gx [+ t²/2 G²x], y) uses for t.</summary>
public enum DetectorAlphaMagnitude
{
    /// <summary>
    /// The pair's least-squares magnitude t* = ⟨Gx, y − x⟩ / ⟨Gx, Gx⟩ (held fixed in the gradient): the term then
    /// measures how well the direction Gx explains y − x, whatever the t-network has learnt so far. The default: with
    /// the network's t the term pulls G toward generators that barely move the content while t is still uninformative
    /// (translations along a long image axis were found as stretches or shears on more seeds; docs/reproduction.md).
    /// </summary>
    LeastSquares,

    /// <summary>The t-network's t, detached (Gabel, Quax and Gavves' α-matching).</summary>
    Network,
}
