using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// What one trained set of generators (one N_g of a scan) does: their matrices, how well each keeps the oracle on the
/// held-out rows, their orthogonality, the learned structure constants, and the algebra the symmetric ones span.
/// </summary>
/// <param name="History">Loss terms per epoch of the training.</param>
/// <param name="Matrices">d × d per generator: W_α for linear generators, the Jacobian of g_α at the training mean for neural ones.</param>
/// <param name="Invariance">Eq. (10) per generator on the held-out rows.</param>
/// <param name="Relative">Relative invariance per generator (<see cref="FlowLosses.RelativeInvariance"/>).</param>
/// <param name="FieldNorms">RMS over the held-out rows of ‖g_α(x)‖.</param>
/// <param name="Orthogonality">Cosines between the generators, N_g × N_g.</param>
/// <param name="Structure">The learned a[α, β, γ], antisymmetric in α, β.</param>
/// <param name="AllSymmetries">Whether every generator keeps the oracle and has not collapsed.</param>
/// <param name="Distinct">Whether the matrices span N_g dimensions.</param>
/// <param name="Algebra">The algebra the symmetric generators span; null when none is symmetric.</param>
internal sealed record FlowAnalysis(IReadOnlyList<EpochLosses> History, double[][,] Matrices, double[] Invariance, double[] Relative, double[] FieldNorms,
                                    double[,] Orthogonality, double[,,] Structure, bool AllSymmetries, bool Distinct, LieAlgebraInfo? Algebra)
{
    /// <summary>N_g.</summary>
    public int Generators => Matrices.Length;

    /// <summary>Whether the symmetric generators' brackets close.</summary>
    public bool Closed => Algebra?.IsClosed ?? false;

    /// <summary>The name of <see cref="Algebra"/>, "none" without one.</summary>
    public string AlgebraName => Algebra?.Name ?? "none";

    /// <summary>What a scan keeps: all symmetries, distinct, closed.</summary>
    public bool Acceptable => AllSymmetries && Distinct && Closed;

    /// <summary>Total loss of the last epoch.</summary>
    public double FinalLoss => History[^1].Losses["total"];

    /// <summary>The closure term of the last epoch.</summary>
    public double ClosureLoss => History[^1].Losses["closure"];

    /// <summary>Held-out rows measured at once by default (see <see cref="Evaluate"/>; tests pass fewer).</summary>
    internal const long ChunkRows = LinearFlowObjective.ChunkRows;

    // target += share × values (a float64 tensor's elements, in order).
    private static void Add(double[] target, Tensor values, double share)
    {
        var v = values.cpu().contiguous().data<double>().ToArray();
        for (var i = 0; i < target.Length; i++) target[i] += share * v[i];
    }

    /// <summary>
    /// Analyses <paramref name="result"/> on the held-out rows <paramref name="valid"/> (rows × d float64), the
    /// Jacobians of neural generators taken at <paramref name="mean"/> (1 × d, the training rows' mean).
    /// </summary>
    public static FlowAnalysis Evaluate(FlowTrainingResult result, Func<Tensor, Tensor> oracle, Tensor valid, Tensor mean, OracleFlowsTrainingOptions options,
                                        long chunkRows = ChunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        var g = result.Generators;
        var n = g.Count;
        var d = g.Dimension;
        var matrices = new double[n][,];
        Tensor jac;
        if (g.Kind == GeneratorKind.Linear) jac = g.Weight.detach();
        else jac = g.JacobiansAndFields(mean, createGraph: false).Jacobians.select(1, 0).detach();
        var flat = jac.cpu().contiguous().data<double>().ToArray();
        for (var a = 0; a < n; a++)
        {
            matrices[a] = new double[d, d];
            for (var i = 0; i < d; i++) for (var j = 0; j < d; j++) matrices[a][i, j] = flat[(a * d + i) * d + j];
        }
        double[,] orthogonality = new double[n, n];
        if (g.Kind == GeneratorKind.Linear)
        {
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++)
                    orthogonality[a, b] = LieAlgebraMath.Inner(matrices[a], matrices[b]) /
                                          Math.Max(1e-300, Math.Sqrt(LieAlgebraMath.Inner(matrices[a], matrices[a]) * LieAlgebraMath.Inner(matrices[b], matrices[b])));
        }
        // The measures over the held-out rows, ChunkRows at a time: their tensors (a few hundred bytes a row) are freed
        // after each chunk, so memory does not grow with the rows. Means are combined weighted by the chunks' shares
        // of the rows; with a single chunk (at most ChunkRows rows) that is exactly one pass over every row.
        var rows = valid.shape[0];
        double[] squares = new double[n], invariance = new double[n], changes = new double[n], scales = new double[n], cosines = new double[n * n];
        for (long start = 0; start < rows; start += chunkRows)
        {
            using var chunkScope = NewDisposeScope();
            var count = Math.Min(chunkRows, rows - start);
            var share = (double)count / rows;
            var chunk = valid.narrow(0, start, count);
            using (no_grad())
            {
                var fields = g.forward(chunk);
                Add(squares, fields.pow(2).sum(2).mean([1]), share);
                Add(invariance, FlowLosses.Invariance(oracle, chunk, fields, options.Epsilon), share);
                if (g.Kind != GeneratorKind.Linear)
                {
                    var unit = fields / fields.norm(2, keepdim: true).clamp_min(1e-300);
                    Add(cosines, einsum("ard,brd->ab", unit, unit) / count, share);
                }
            }
            var (change, scale) = FlowLosses.RelativeInvarianceSums(oracle, g, chunk, options.Epsilon);
            for (var a = 0; a < n; a++) { changes[a] += change[a]; scales[a] += scale[a]; }
        }
        var fieldNorms = squares.Select(Math.Sqrt).ToArray();
        var relative = changes.Select((c, a) => c / Math.Max(scales[a], 1e-300)).ToArray();
        if (g.Kind != GeneratorKind.Linear)
            for (var a = 0; a < n; a++) for (var b = 0; b < n; b++) orthogonality[a, b] = cosines[a * n + b];
        var structure = new double[n, n, n];
        var p = 0;
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++, p++)
                for (var k = 0; k < n; k++)
                {
                    structure[a, b, k] = result.Structure[p, k];
                    structure[b, a, k] = -result.Structure[p, k];
                }
        // A symmetry keeps the oracle without collapsing to zero (the trivial way to keep any oracle).
        var symmetric = relative.Select((r, i) => r < options.InvarianceTolerance &&
            (g.Kind == GeneratorKind.Linear
                ? Math.Sqrt(LieAlgebraMath.Inner(matrices[i], matrices[i])) >= OracleFlowsDefaults.TrivialShare * Math.Sqrt(2)
                : fieldNorms[i] >= OracleFlowsDefaults.TrivialShare)).ToArray();
        var keptMatrices = matrices.Where((_, i) => symmetric[i]).ToArray();
        var distinct = LieAlgebraMath.Orthonormalize(matrices, 1, options.AlgebraTolerances.Independence).Length == n;
        var info = keptMatrices.Length > 0 ? LieAlgebraMath.Identify(keptMatrices, options.AlgebraTolerances) : null;
        return new FlowAnalysis(result.History, matrices, invariance, relative, fieldNorms, orthogonality, structure, symmetric.All(s => s), distinct, info);
    }
}
