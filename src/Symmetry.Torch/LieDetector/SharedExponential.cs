using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// exp(tᵢ G) zᵢ for many rows that share one generator G but each have their own t — without a rows × L × L batch of
/// matrix exponentials (whose cost, and that of its backward pass, dominates a LieDetector step at L = 81).
/// </summary>
/// <remarks>
/// With a step h = 1/‖G‖₁, each tᵢ = mᵢ h + rᵢ with an integer mᵢ = round(tᵢ/h) and |rᵢ| ≤ h/2. Then
/// exp(tᵢ G) = exp(rᵢ G) Πⱼ exp(2ʲ h G)^{bitⱼ(|mᵢ|)} (with −G for negative mᵢ; all factors commute, being functions of G):
/// two L × L matrix exponentials, their repeated squares, one masked row-by-matrix product per bit, and a 12-term
/// Taylor series for the remainder (|rᵢ| ‖G‖ ≤ ½, truncation error below 10⁻¹³). Everything is differentiable by
/// autograd, in t and in G; h only splits the work (it is detached), so the result and its gradients are those of
/// exp(tG) z.
/// </remarks>
internal static class SharedExponential
{
    private const int TaylorTerms = 12;

    /// <summary>
    /// Returns rows × L: row i is exp(<paramref name="t"/>[i] · <paramref name="g"/>) <paramref name="z"/>[i], for
    /// <paramref name="g"/> L × L, <paramref name="z"/> rows × L and <paramref name="t"/> rows (one dtype and device).
    /// </summary>
    public static Tensor Apply(Tensor g, Tensor z, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(t);
        if (g.ndim != 2 || g.shape[0] != g.shape[1]) throw new ArgumentException("G must be a square matrix.", nameof(g));
        if (z.ndim != 2 || z.shape[1] != g.shape[0]) throw new ArgumentException($"z must be rows × {g.shape[0]}.", nameof(z));
        if (t.ndim != 1 || t.shape[0] != z.shape[0]) throw new ArgumentException($"t must hold one value per row of z ({z.shape[0]}).", nameof(t));
        using var scope = NewDisposeScope();
        var norm = g.detach().abs().sum(0L).max().to(ScalarType.Float64).item<double>();   // ‖G‖₁ (0L: a literal 0 would bind to ScalarType)
        if (!(norm > 0) || !double.IsFinite(norm))
            return (double.IsFinite(norm) ? z.alias() : z * g.sum()).MoveToOuterDisposeScope();   // G = 0: identity (NaN/∞ propagate)
        var h = 1.0 / norm;
        var steps = (t.detach() / h).round();
        var r = t - steps * h;                                   // |r| ≤ h/2, differentiable in t
        var m = steps.to(ScalarType.Int64);
        var maxSteps = m.abs().max().item<long>();
        var result = z;
        if (maxSteps > 0)
        {
            var bits = 64 - long.LeadingZeroCount(maxSteps);
            var magnitude = m.abs();
            foreach (var sign in new[] { 1, -1 })
            {
                var rows = sign > 0 ? m > 0 : m < 0;
                if (!rows.any().item<bool>()) continue;
                var power = linalg.matrix_exp(g * (sign * h));   // exp(±h G), then its squares exp(±2ʲ h G)
                for (var j = 0; j < bits; j++)
                {
                    if (j > 0) power = power.matmul(power);
                    var use = (rows & (magnitude.bitwise_right_shift(j).bitwise_and(1) == 1)).unsqueeze(1);
                    result = where(use, result.matmul(power.t()), result);
                }
            }
        }
        // exp(r G) z by its Taylor series, all rows at once: Σₖ (r^k / k!) G^k z.
        var term = result;
        var sum = result;
        var rc = r.unsqueeze(1);
        for (var k = 1; k <= TaylorTerms; k++)
        {
            term = term.matmul(g.t()) * rc / k;
            sum = sum + term;
        }
        return sum.MoveToOuterDisposeScope();
    }
}
