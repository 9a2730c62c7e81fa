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
    private readonly Tensor closureWeight;   // ∂total/∂(closure sum) = h_clos
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
        closureWeight = tensor(matrix[4 * columns + 1], float64, device).DetachFromDisposeScope();
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
    /// Backward starts from the three quantities the total is a fixed quadratic form of (the invariance mean, the
    /// Gram matrix, the closure sum), each with the total's derivative with respect to it, so the reduction into
    /// the total never enters the graph: same gradient, fewer autograd nodes.
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

    // The Gram and closure terms, differentiated together with `differentiate` (the invariance, unless the caller
    // already has); returns the 5 reported values with `invariance` as the invariance mean.
    private Tensor BackwardOthers(Tensor? differentiate, Tensor invariance, Tensor weight, Tensor structure)
    {
        var flat = weight.view(count, dimension * dimension);
        var gram = flat.mm(flat.t());
        Tensor closure;
        if (pairs == 0)
        {
            closure = zeros([], float64, weight.device);
        }
        else
        {
            // W_a W_b for the pairs (a, b) and then W_b W_a: one batched product, and the commutators as a signed sum of the halves.
            var products = weight.index_select(0, pairsThenSwapped).bmm(weight.index_select(0, swappedThenPairs));
            var brackets = commutatorSigns.matmul(products.view(2, pairs * dimension * dimension));
            closure = nn.functional.mse_loss(brackets, structure.mm(flat).view(pairs * dimension * dimension), nn.Reduction.Sum);
        }
        Tensor residual;
        using (no_grad()) residual = gram - gramTarget;
        // ∂total/∂G = 2 C∘(G − T), C the normalization/orthogonality weights of the Gram entries.
        var roots = new List<Tensor> { gram };
        var seeds = new List<Tensor> { residual * gramWeights };
        if (pairs > 0) { roots.Add(closure); seeds.Add(closureWeight); }
        if (differentiate is not null) { roots.Insert(0, differentiate); seeds.Insert(0, invarianceScale); }
        torch.autograd.backward(roots, seeds);
        using (no_grad()) return report.mv(cat([stack([invariance, closure]), residual.pow(2).view(count * count)]));
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
        closureWeight.Dispose();
        epsilon.Dispose();
    }
}
