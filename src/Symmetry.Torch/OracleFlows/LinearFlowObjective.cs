using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The training objective of linear generators (the companion code's forms, as in <see cref="FlowLosses"/>) in a few
/// large kernels: on a problem of 3 × 3 matrices and a few hundred points the time of a step is the number of
/// TorchSharp calls (each one a native dispatch plus an autograd node), not arithmetic, so the terms are built from
/// batched products and one-hot reductions of constants made once here.
/// </summary>
/// <remarks>
/// Same quantities as <see cref="FlowLosses.Invariance"/>, <see cref="FlowLosses.Normalization"/>,
/// <see cref="FlowLosses.Orthogonality"/> and <see cref="FlowLosses.Closure"/> (only the order of floating-point
/// sums differs): L_inv = Σ_α mean_i Σ_k [φ_k((I + εW_α)x_i) − φ_k(x_i)]² / ε² (with (I + εW_α)x_i formed as x_i + ε W_α x_i), the
/// norms and overlaps from the Gram matrix G_αβ = Σ_ij W_αij W_βij, and the closure from one batched product of all
/// pair products.
/// </remarks>
internal sealed class LinearFlowObjective : IDisposable
{
    private readonly Tensor pairsThenSwapped; // 2P: α of each pair, then β
    private readonly Tensor swappedThenPairs; // 2P: β of each pair, then α
    private readonly Tensor gramTarget;      // N × N: 2 on the diagonal (‖W_α‖² = 2), 0 elsewhere
    private readonly Tensor commutatorSigns; // 2: +1 for W_a W_b, −1 for W_b W_a
    private readonly Tensor report;          // 5 × (2 + N²): (invariance, closure, squared Gram residuals) → the 5 terms
    private readonly Tensor invarianceScale; // ∂total/∂(invariance mean) = N_g·k/ε²
    private readonly Tensor gramWeights;     // N × N: 2 h_norm on the diagonal, 2 h_orth above it, 0 below
    private readonly Tensor closureGradient; // ∂total/∂(each bracket residual) per unit residual = 2 h_clos
    private readonly int count;
    private readonly int dimension;
    private readonly int pairs;
    private readonly Scalar epsilon;

    /// <summary>Prepares the constants for N_g generators on R^d, oracles with <paramref name="outputs"/> values per point.</summary>
    /// <param name="count">N_g ≥ 1.</param>
    /// <param name="dimension">d.</param>
    /// <param name="outputs">k, the oracle's values per point.</param>
    /// <param name="epsilon">ε of the expansion.</param>
    /// <param name="weights">h_norm, h_orth, h_clos.</param>
    /// <param name="closure">False: the closure term is 0 and the structure constants are not used (N_g = 1 or h_clos = 0).</param>
    /// <param name="device">Where the training tensors live.</param>
    public LinearFlowObjective(int count, int dimension, int outputs, double epsilon, (double Norm, double Orth, double Clos) weights, bool closure, Device device)
    {
        this.count = count;
        this.dimension = dimension;
        this.epsilon = epsilon.ToScalar();

        pairs = closure ? count * (count - 1) / 2 : 0;
        using var scope = NewDisposeScope();
        var first = new long[2 * pairs];
        var second = new long[2 * pairs];
        var p = 0;
        for (var a = 0; a < count; a++)
        {
            for (var b = a + 1; b < count && pairs > 0; b++, p++)
            {
                first[p] = a;
                second[p] = b;
                first[pairs + p] = b;
                second[pairs + p] = a;
            }
        }
        pairsThenSwapped = tensor(first, int64, device).DetachFromDisposeScope();
        swappedThenPairs = tensor(second, int64, device).DetachFromDisposeScope();
        gramTarget = (eye(count, dtype: float64, device: device) * 2).DetachFromDisposeScope();
        commutatorSigns = tensor(new double[] { 1, -1 }, float64, device).DetachFromDisposeScope();
        // Columns of `report`: the invariance (a mean over N_g·rows·k squared differences, so its scale N_g·k/ε² does
        // not depend on the batch length), the closure and the N² squared Gram residuals (the diagonal is the
        // normalization, α < β the orthogonality); rows: the four terms, then their weighted total.
        var columns = 2 + count * count;
        var matrix = new double[5 * columns];
        void Put(int term, int column, double scale)
        {
            matrix[term * columns + column] = scale;
            matrix[4 * columns + column] = scale * (term switch { 1 => weights.Norm, 2 => weights.Orth, 3 => weights.Clos, _ => 1 });
        }
        Put(0, 0, count * (double)outputs / (epsilon * epsilon));
        Put(3, 1, 1);
        for (var a = 0; a < count; a++)
        {
            Put(1, 2 + a * count + a, 1);
            for (var b = a + 1; b < count; b++) Put(2, 2 + a * count + b, 1);
        }
        report = tensor(matrix, [5, columns], float64, device).DetachFromDisposeScope();
        invarianceScale = tensor(matrix[4 * columns], float64, device).DetachFromDisposeScope();
        closureGradient = tensor(2 * matrix[4 * columns + 1], float64, device).DetachFromDisposeScope();
        gramWeights = (tensor(matrix[(4 * columns + 2)..], [count, count], float64, device) * 2).DetachFromDisposeScope();
    }

    /// <summary>
    /// Evaluates the loss terms at <paramref name="x"/> (rows × d) and accumulates the gradient of their weighted
    /// total into the parameters' <c>.grad</c>. Returns the 5 values (invariance, normalization, orthogonality,
    /// closure, total) as a tensor without a graph. <paramref name="repeated"/> is x once per generator
    /// (rows × N_g·d) and <paramref name="reference"/> the oracle's values φ(x_i), likewise once per generator
    /// (rows × N_g·k, column α·k + j is φ_j(x_i)). <paramref name="weight"/> is N_g × d × d, <paramref name="structure"/>
    /// P × N_g (unused without closure).
    /// </summary>
    /// <remarks>
    /// Autograd differentiates only the invariance (through the caller's oracle), starting from its mean with the
    /// total's derivative with respect to it; the Gram and closure terms, fixed polynomials of W and a, add their
    /// gradients in closed form (tested against autograd to 1e-9): same gradient, fewer native calls.
    /// </remarks>
    public Tensor Backward(Func<Tensor, Tensor> oracle, Tensor x, Tensor repeated, Tensor reference, Tensor weight, Tensor structure)
    {
        var invariance = Invariance(oracle, x, repeated, reference, weight);
        return BackwardOthers(invariance, invariance, weight, structure);
    }

    /// <summary>Rows a chunk of <see cref="BackwardInChunks"/> holds by default (its graph: a few KB a row).</summary>
    public const long ChunkRows = 1 << 15;

    /// <summary>
    /// <see cref="Backward"/> over all of <paramref name="x"/> (rows × d) with the invariance taken
    /// <paramref name="chunkRows"/> rows at a time: each chunk's mean is differentiated with its share of the rows and
    /// its graph freed before the next, and its layouts (x and <paramref name="reference"/>, rows × k, once per
    /// generator) are made for the chunk only, so memory does not grow with the rows. The same terms and gradient up
    /// to the order of the float64 sums.
    /// </summary>
    public Tensor BackwardInChunks(Func<Tensor, Tensor> oracle, Tensor x, Tensor reference, Tensor weight, Tensor structure, long chunkRows = ChunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        var rows = x.shape[0];
        // Σ_c (rows_c / rows) · mean_c = the mean over every row.
        var invariance = zeros([], float64, x.device);
        for (long start = 0; start < rows; start += chunkRows)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(chunkRows, rows - start);
            var chunk = x.narrow(0, start, n);
            var mean = Invariance(oracle, chunk, chunk.repeat(1, count), reference.narrow(0, start, n).repeat(1, count), weight);
            var share = (double)n / rows;
            torch.autograd.backward([mean], [invarianceScale * share]);
            using (no_grad()) invariance.add_(mean, share);
        }
        return BackwardOthers(null, invariance, weight, structure);
    }

    // The mean squared change of the oracle under x ↦ x + ε W_α x for every α (see Backward).
    private Tensor Invariance(Func<Tensor, Tensor> oracle, Tensor x, Tensor repeated, Tensor reference, Tensor weight)
    {
        var rows = x.shape[0];
        // x_i + ε W_α x_i for every α at once: [x | x | …] + ε x [W_0ᵀ | W_1ᵀ | …] (the right factor a view of the
        // stacked W_α); row i·N_g + α of `moved` is then x_i + ε W_α x_i, lined up with `reference` row by row.
        var moved = repeated.add(x.mm(weight.view(count * dimension, dimension).t()), epsilon).view(rows * count, dimension);
        var y1 = FlowLosses.CallOracle(oracle, moved);
        return nn.functional.mse_loss(y1, reference.reshape(y1.shape));
    }

    // The Gram and closure terms with their gradients in closed form (added to the parameters' .grad after the
    // invariance's backward, if `differentiate` is given); returns the 5 reported values with `invariance` as the
    // invariance mean. Closed form because on 3 × 3 matrices a step's time is its number of native calls, and these
    // terms' autograd graph (nodes recorded, then walked) costs more calls than the formulas: with S = ∂total/∂G =
    // 2C∘(G − T), ∂/∂F of the Gram terms is (S + Sᵀ)F (F the flattened W); with R = [W_a, W_b] − Σ_c a_c W_c and
    // g = 2 h_clos R, ∂/∂W_a = g W_bᵀ − W_bᵀ g, ∂/∂W_b = W_aᵀ g − g W_aᵀ, ∂/∂W_c −= a_c g, ∂/∂a = −g Fᵀ.
    private Tensor BackwardOthers(Tensor? differentiate, Tensor invariance, Tensor weight, Tensor structure)
    {
        if (differentiate is not null) torch.autograd.backward([differentiate], [invarianceScale]);
        using var _ = no_grad();
        var w = weight.detach();
        var flat = w.view(count, dimension * dimension);
        var residual = flat.mm(flat.t()).sub_(gramTarget);
        var seed = residual * gramWeights;
        var gradFlat = seed.add(seed.t()).mm(flat);
        Tensor closure;
        if (pairs == 0)
        {
            closure = zeros([], float64, weight.device);
        }
        else
        {
            var a = w.index_select(0, pairsThenSwapped);  // 2P: W_a of each pair, then W_b
            var b = w.index_select(0, swappedThenPairs);  // 2P: W_b of each pair, then W_a
            var brackets = commutatorSigns.matmul(a.bmm(b).view(2, pairs * dimension * dimension));
            var coefficients = structure.detach();
            var r = brackets.sub_(coefficients.mm(flat).view(pairs * dimension * dimension));
            closure = r.dot(r);
            var g = r.view(pairs, dimension, dimension).mul_(closureGradient);
            // Rows p < P of a (W_a) and b (W_b): W_a gets g W_bᵀ − W_bᵀ g and W_b gets W_aᵀ g − g W_aᵀ, both index-added.
            var wa = a.narrow(0, 0, pairs).transpose(1, 2);
            var wb = b.narrow(0, 0, pairs).transpose(1, 2);
            var both = cat([g.bmm(wb).sub_(wb.bmm(g)), wa.bmm(g).sub_(g.bmm(wa))], 0);
            var byPair = g.view(pairs, dimension * dimension);
            gradFlat.sub_(coefficients.t().mm(byPair)).view(count, dimension, dimension).index_add_(0, pairsThenSwapped, both, Scalars.One);
            Accumulate(structure, byPair.mm(flat.t()).neg_());
        }
        Accumulate(weight, gradFlat.view(weight.shape));
        return report.mv(cat([stack([invariance, closure]), residual.pow(2).view(count * count)]));
    }

    // Adds g to p's gradient (FlatAdam presets it; without it the first call sets it).
    private static void Accumulate(Tensor p, Tensor g)
    {
        if (p.grad is { } existing) existing.add_(g);
        else p.grad = g.detach().clone();
    }

    /// <summary>Frees the constants.</summary>
    public void Dispose()
    {
        pairsThenSwapped.Dispose();
        swappedThenPairs.Dispose();
        gramTarget.Dispose();
        commutatorSigns.Dispose();
        report.Dispose();
        invarianceScale.Dispose();
        gramWeights.Dispose();
        closureGradient.Dispose();
        epsilon.Dispose();
    }
}
