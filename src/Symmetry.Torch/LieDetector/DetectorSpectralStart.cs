using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The <see cref="DetectorStart.Spectral"/> start of the generator coefficients: with Bₚ the P × terms matrix whose
/// columns are the basis operators applied to xₚ and dₚ = yₚ − xₚ, the a maximising
/// Σₚ (aᵀBₚᵀdₚ)² / Σₚ aᵀBₚᵀBₚa, i.e. the top eigenvector of N a = λ M a with N = Σₚ bₚbₚᵀ (bₚ = Bₚᵀdₚ) and
/// M = Σₚ BₚᵀBₚ. λ is the fraction of Σ‖dₚ‖² that x + tₚ G xₚ explains with each pair's best tₚ when the pairs'
/// ‖G xₚ‖ are alike (a ratio of sums, so one closed-form solve instead of a search with local minima).
/// </summary>
internal static class DetectorSpectralStart
{
    // Rows per chunk so that a chunk's rows × terms × P operator images stay near 64 MB of float32.
    private const long ChunkElements = 1L << 24;

    /// <summary>
    /// The unit-norm start for <paramref name="pairs"/> (rows × 2P, x then y, on any device) in the basis of
    /// <paramref name="fields"/> (terms × 2 × H × W, the model's image fields) with the derivative matrices
    /// <paramref name="dy"/> (H × H) and <paramref name="dx"/> (W × W), all float32 on the pairs' device. Float64 on the host.
    /// The sign is fixed by making the largest |aᵢ| positive (G and −G describe the same one-parameter group).
    /// <paramref name="checkpoint"/> runs before each chunk (training passes its cancellation check).
    /// </summary>
    public static double[] Compute(Tensor pairs, Tensor dy, Tensor dx, Tensor fields, Action? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var terms = (int)fields.shape[0];
        int height = (int)dy.shape[0], width = (int)dx.shape[0], p = height * width;
        var rows = pairs.shape[0];
        var chunk = Math.Max(1, ChunkElements / (terms * (long)p));
        var n = zeros(terms, terms, float64);
        var m = zeros(terms, terms, float64);
        for (long start = 0; start < rows; start += chunk)
        {
            checkpoint?.Invoke();
            using var inner = NewDisposeScope();
            var block = pairs.narrow(0, start, Math.Min(chunk, rows - start));
            var images = block.narrow(1, 0, p).reshape(-1, height, width);
            var difference = (block.narrow(1, p, p) - block.narrow(1, 0, p)).unsqueeze(2);
            var ddx = images.matmul(dx.t());
            var ddy = dy.matmul(images);
            // Each term's operator on each image: rows × terms × P.
            var operators = (fields.select(1, 0).unsqueeze(0) * ddx.unsqueeze(1) + fields.select(1, 1).unsqueeze(0) * ddy.unsqueeze(1)).reshape(-1, terms, p);
            // Per chunk in float32 (one GEMM each), summed over chunks in float64.
            var b = operators.bmm(difference).squeeze(2);
            var flat = operators.permute(1, 0, 2).reshape(terms, -1);
            n.add_(b.t().matmul(b).to(float64).cpu());
            m.add_(flat.matmul(flat.t()).to(float64).cpu());
        }
        // A ridge of 1e-9 of the mean diagonal keeps M positive definite when a term moves nothing on these images (1 for blank images).
        var scale = m.diag().mean().item<double>();
        var ridge = scale > 0 ? 1e-9 * scale : 1;
        m.add_(eye(terms, dtype: float64).mul(ridge));
        var l = linalg.cholesky(m);
        var li = linalg.inv(l);
        var (_, vectors) = linalg.eigh(li.matmul(n).matmul(li.t()));
        var a = li.t().matmul(vectors.select(1, terms - 1));
        var values = a.data<double>().ToArray();
        var norm = Math.Sqrt(values.Sum(v => v * v));
        var largest = values.MaxBy(Math.Abs);
        var sign = largest < 0 ? -1 : 1;
        return values.Select(v => sign * v / norm).ToArray();
    }
}
