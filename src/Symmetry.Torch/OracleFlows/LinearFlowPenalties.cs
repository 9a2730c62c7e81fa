namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The normalization, orthogonality and closure terms of linear generators and their gradients, in closed form on
/// host arrays: for a few small matrices (the so(3) demo: 3 × 3 × 3 weights, 9 constants) these polynomials are a
/// few hundred multiplications, far below the cost of one libtorch call each.
/// </summary>
/// <remarks>
/// The forms of <see cref="FlowLosses"/> (and <see cref="LinearFlowObjective"/>): with F the flattened W (N_g × d²)
/// and G = F Fᵀ, normalization Σ_α (G_αα − 2)², orthogonality Σ_{α&lt;β} G_αβ², closure Σ_{α&lt;β} ‖R_αβ‖² with
/// R_αβ = [W_α, W_β] − Σ_γ a_[αβ]γ W_γ (pairs in the order (0,1), (0,2), …, (1,2), …). Gradients of the weighted
/// sum: with S = 2C∘(G − 2I) (C: h_norm on the diagonal, h_orth above it), ∂/∂F = (S + Sᵀ)F; with g = 2 h_clos R,
/// ∂/∂W_α += g W_βᵀ − W_βᵀ g, ∂/∂W_β += W_αᵀ g − g W_αᵀ, ∂/∂W_γ −= a_γ g, ∂/∂a_γ = −⟨g, W_γ⟩.
/// </remarks>
internal static class LinearFlowPenalties
{
    /// <summary>
    /// Evaluates the three terms at <paramref name="w"/> (N_g × d × d, row-major) and <paramref name="a"/> (P × N_g;
    /// unused without closure) and adds the gradient of h_norm·norm + h_orth·orth + h_clos·closure to
    /// <paramref name="gradW"/> and <paramref name="gradA"/> (same layouts); <paramref name="scratch"/> is work space
    /// of at least N_g² + 3·d² doubles.
    /// </summary>
    public static (double Normalization, double Orthogonality, double Closure) AddGradients(ReadOnlySpan<double> w, ReadOnlySpan<double> a, int count, int dimension,
        bool closure, (double Norm, double Orth, double Clos) weights, Span<double> gradW, Span<double> gradA, Span<double> scratch)
    {
        var dd = dimension * dimension;
        var seed = scratch[..(count * count)];
        double normalization = 0, orthogonality = 0;
        for (var p = 0; p < count; p++)
        {
            for (var q = p; q < count; q++)
            {
                var g = Dot(w.Slice(p * dd, dd), w.Slice(q * dd, dd));
                if (p == q)
                {
                    var r = g - 2;
                    normalization += r * r;
                    seed[p * count + p] = 4 * weights.Norm * r;       // S_pp + S_pp
                }
                else
                {
                    orthogonality += g * g;
                    seed[p * count + q] = seed[q * count + p] = 2 * weights.Orth * g;   // S_pq + S_qp (S_qp = 0)
                }
            }
        }
        for (var p = 0; p < count; p++)
        {
            var target = gradW.Slice(p * dd, dd);
            for (var q = 0; q < count; q++)
            {
                var s = seed[p * count + q];
                var source = w.Slice(q * dd, dd);
                for (var e = 0; e < dd; e++) target[e] += s * source[e];
            }
        }
        if (!closure || count < 2) return (normalization, orthogonality, 0);

        var bracket = scratch.Slice(count * count, dd);
        var left = scratch.Slice(count * count + dd, dd);
        var right = scratch.Slice(count * count + 2 * dd, dd);
        double closureSum = 0;
        var pair = 0;
        for (var p = 0; p < count; p++)
        {
            for (var q = p + 1; q < count; q++, pair++)
            {
                var wp = w.Slice(p * dd, dd);
                var wq = w.Slice(q * dd, dd);
                var constants = a.Slice(pair * count, count);
                // R = W_p W_q − W_q W_p − Σ_γ a_γ W_γ, then g = 2 h_clos R in place.
                Product(wp, wq, bracket, dimension, transposeLeft: false, transposeRight: false);
                Product(wq, wp, left, dimension, transposeLeft: false, transposeRight: false);
                for (var e = 0; e < dd; e++) bracket[e] -= left[e];
                for (var c = 0; c < count; c++)
                {
                    var ac = constants[c];
                    var wc = w.Slice(c * dd, dd);
                    for (var e = 0; e < dd; e++) bracket[e] -= ac * wc[e];
                }
                closureSum += Dot(bracket, bracket);
                var scale = 2 * weights.Clos;
                for (var e = 0; e < dd; e++) bracket[e] *= scale;
                // ∂/∂W_p += g W_qᵀ − W_qᵀ g; ∂/∂W_q += W_pᵀ g − g W_pᵀ.
                Product(bracket, wq, left, dimension, transposeLeft: false, transposeRight: true);
                Product(wq, bracket, right, dimension, transposeLeft: true, transposeRight: false);
                var gp = gradW.Slice(p * dd, dd);
                for (var e = 0; e < dd; e++) gp[e] += left[e] - right[e];
                Product(wp, bracket, left, dimension, transposeLeft: true, transposeRight: false);
                Product(bracket, wp, right, dimension, transposeLeft: false, transposeRight: true);
                var gq = gradW.Slice(q * dd, dd);
                for (var e = 0; e < dd; e++) gq[e] += left[e] - right[e];
                for (var c = 0; c < count; c++)
                {
                    var ac = constants[c];
                    var wc = w.Slice(c * dd, dd);
                    var gc = gradW.Slice(c * dd, dd);
                    for (var e = 0; e < dd; e++) gc[e] -= ac * bracket[e];
                    gradA[pair * count + c] -= Dot(bracket, wc);
                }
            }
        }
        return (normalization, orthogonality, closureSum);
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (var i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    // target = op(left) op(right) for d × d row-major matrices, op the transpose where asked.
    private static void Product(ReadOnlySpan<double> left, ReadOnlySpan<double> right, Span<double> target, int d, bool transposeLeft, bool transposeRight)
    {
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                double s = 0;
                for (var k = 0; k < d; k++)
                    s += (transposeLeft ? left[k * d + i] : left[i * d + k]) * (transposeRight ? right[j * d + k] : right[k * d + j]);
                target[i * d + j] = s;
            }
        }
    }
}
