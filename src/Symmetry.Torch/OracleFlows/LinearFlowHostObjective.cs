using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The objective of <see cref="LinearFlowObjective"/> for small linear generators on the CPU, with everything but the
/// oracle on host arrays: a full-batch so(3) step is a few thousand multiplications, and through libtorch each
/// product, sum and its autograd node is a native call costing more than its arithmetic (the step took ~60 of them).
/// Here the step makes the shifted points x + ε W_α x in a buffer, calls the oracle on it, and asks autograd only for
/// the oracle's vector–Jacobian product at those points (<c>autograd.grad</c> into the buffer: the oracle's graph
/// alone is walked, a learned oracle's weights get no gradient); the mean squared change, its gradient with respect
/// to W and the Gram and closure terms (<see cref="LinearFlowPenalties"/>) are sums over host arrays.
/// </summary>
/// <remarks>
/// Same terms and gradient as <see cref="LinearFlowObjective.Backward"/> (the order of floating-point sums differs),
/// for CPU float64 tensors. Rows are taken <see cref="LinearFlowObjective.ChunkRows"/> at a time, so the oracle's
/// graph does not grow with a full batch of many rows.
/// </remarks>
internal sealed class LinearFlowHostObjective : IDisposable
{
    /// <summary>
    /// Largest N_g²·d² + P·(d³ + N_g·d²), the Gram and closure work of a step, done on host arrays (a few tens of
    /// microseconds); beyond it libtorch's batched kernels are faster than scalar loops, and <see cref="LinearFlowObjective"/> is used.
    /// </summary>
    internal const long MaxMatrixWork = 1 << 16;

    /// <summary>Largest N_g·d², the multiply–adds per row of the shifted points (and again of their gradient), done on host arrays.</summary>
    internal const long MaxRowWork = 256;

    private readonly int count;
    private readonly int dimension;
    private readonly int outputs;
    private readonly double epsilon;
    private readonly (double Norm, double Orth, double Clos) weights;
    private readonly bool closure;
    private readonly int pairs;
    private readonly long chunkRows;
    private readonly double[] w;
    private readonly double[] a;
    private readonly double[] gradW;
    private readonly double[] gradA;
    private readonly double[] scratch;
    private Tensor? moved;   // chunk·N_g × d leaf that requires grad: row i·N_g + α is x_i + ε W_α x_i
    private Tensor? seed;    // chunk·N_g × k: ∂total/∂φ at those points
    private long movedRows;
    private long seedRows;

    /// <summary>Prepares a step for N_g generators on R^d and oracles with <paramref name="outputs"/> values per point.</summary>
    /// <param name="count">N_g ≥ 1.</param>
    /// <param name="dimension">d.</param>
    /// <param name="outputs">k, the oracle's values per point.</param>
    /// <param name="epsilon">ε of the expansion.</param>
    /// <param name="weights">h_norm, h_orth, h_clos.</param>
    /// <param name="closure">False: the closure term is 0 and the structure constants are not used (N_g = 1 or h_clos = 0).</param>
    /// <param name="chunkRows">Rows per oracle call (memory bound of its graph).</param>
    public LinearFlowHostObjective(int count, int dimension, int outputs, double epsilon, (double Norm, double Orth, double Clos) weights, bool closure,
        long chunkRows = LinearFlowObjective.ChunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        this.count = count;
        this.dimension = dimension;
        this.outputs = outputs;
        this.epsilon = epsilon;
        this.weights = weights;
        this.closure = closure && count > 1;
        this.chunkRows = chunkRows;
        pairs = this.closure ? count * (count - 1) / 2 : 0;
        w = new double[count * dimension * dimension];
        a = new double[pairs * count];
        gradW = new double[w.Length];
        gradA = new double[a.Length];
        scratch = new double[count * count + 3 * dimension * dimension];
    }

    /// <summary>Whether generators of this size on <paramref name="device"/> are worked on host arrays (see <see cref="MaxMatrixWork"/>, <see cref="MaxRowWork"/>).</summary>
    public static bool Applies(Device device, int count, int dimension, bool closure)
    {
        long n = count, d = dimension;
        var pairs = closure ? n * (n - 1) / 2 : 0;
        return device.type == DeviceType.CPU && n * d * d <= MaxRowWork && n * n * d * d + pairs * (d * d * d + n * d * d) <= MaxMatrixWork;
    }

    /// <summary>
    /// Evaluates the loss terms at the rows of <paramref name="rows"/> (rows × (d + k), CPU float64: each point x_i
    /// followed by the oracle's values φ(x_i)) and adds the gradient of their weighted total to the parameters'
    /// <c>.grad</c> (<paramref name="weight"/> N_g × d × d; <paramref name="structure"/> P × N_g, unused without
    /// closure). Returns the 5 values (invariance, normalization, orthogonality, closure, total).
    /// </summary>
    public double[] Backward(Func<Tensor, Tensor> oracle, Tensor rows, Tensor weight, Tensor structure)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(rows);
        var shape = rows.shape;
        if (rows.device_type != DeviceType.CPU || rows.dtype != float64 || shape.Length != 2 || shape[1] != dimension + outputs)
            throw new ArgumentException($"Expected CPU float64 rows × {dimension + outputs}.", nameof(rows));
        Read(weight, w);
        if (pairs > 0) Read(structure, a);
        Array.Clear(gradW);
        Array.Clear(gradA);
        var total = shape[0];
        double squares = 0;
        var copy = rows.is_contiguous() ? null : rows.contiguous();
        try
        {
            if (total <= chunkRows) squares = Invariance(oracle, copy ?? rows, total);
            else
            {
                for (long start = 0; start < total; start += chunkRows)
                {
                    using var chunk = (copy ?? rows).narrow(0, start, Math.Min(chunkRows, total - start));
                    squares += Invariance(oracle, chunk, total);
                }
            }
        }
        finally
        {
            copy?.Dispose();
        }
        var (norm, orth, clos) = LinearFlowPenalties.AddGradients(w, a, count, dimension, pairs > 0, weights, gradW, gradA, scratch);
        // The invariance is the mean over rows·N_g·k squared changes times N_g·k/ε² (FlowLosses.Invariance summed over α).
        var invariance = squares / (total * (double)count * outputs) * (count * (double)outputs / (epsilon * epsilon));
        Accumulate(weight, gradW);
        if (pairs > 0) Accumulate(structure, gradA);
        return [invariance, norm, orth, clos, invariance + norm * weights.Norm + orth * weights.Orth + clos * weights.Clos];
    }

    // One chunk of rows (contiguous, at most chunkRows of them): the shifted points, the oracle, its vector–Jacobian
    // product, and the W gradient from it; returns the chunk's sum of squared changes.
    private unsafe double Invariance(Func<Tensor, Tensor> oracle, Tensor rows, long total)
    {
        using var scope = NewDisposeScope();
        var n = (int)rows.shape[0];
        var width = dimension + outputs;
        var points = Buffer(ref moved, ref movedRows, n * count, dimension, requiresGrad: true);
        fixed (byte* source = rows.bytes, target = points.bytes)
            Shift((double*)source, (double*)target, n, width);
        var y = FlowLosses.CallOracle(oracle, points);
        var k = y.shape[1];
        if (k != outputs)
            throw new ArgumentException($"The Oracle function returned {k} values per point here and {outputs} at the data.", "Oracle");
        var seeds = Buffer(ref seed, ref seedRows, n * count, outputs, requiresGrad: false);
        double squares;
        fixed (byte* source = rows.bytes, values = (y.is_contiguous() ? y : y.contiguous()).bytes, target = seeds.bytes)
            squares = Seeds((double*)source + dimension, (double*)values, (double*)target, n, width, total);
        var vjp = torch.autograd.grad([y], [points], [seeds])[0];
        fixed (byte* source = rows.bytes, back = (vjp.is_contiguous() ? vjp : vjp.contiguous()).bytes)
            AddWeightGradient((double*)source, (double*)back, n, width);
        return squares;
    }

    // Row i·N_g + α of `target` ← x_i + ε W_α x_i, x_i the first d values of row i of `rows` (`width` values a row).
    private unsafe void Shift(double* rows, double* target, int n, int width)
    {
        var d = dimension;
        fixed (double* weight = w)
        {
            for (var i = 0; i < n; i++, rows += width)
            {
                var wr = weight;
                for (var g = 0; g < count; g++, target += d)
                {
                    for (var r = 0; r < d; r++, wr += d)
                    {
                        double s = 0;
                        for (var c = 0; c < d; c++) s += wr[c] * rows[c];
                        target[r] = rows[r] + epsilon * s;
                    }
                }
            }
        }
    }

    // ∂total/∂φ at each shifted point into `seeds` (mse_loss's backward: (2 / (rows·N_g·k)) (φ(x + εW_α x) − φ(x))
    // times ∂total/∂mean = N_g·k/ε²), `reference` the oracle's values at row i of the points; returns Σ (φ − φ(x))².
    private unsafe double Seeds(double* reference, double* values, double* seeds, int n, int width, long total)
    {
        var norm = 2.0 / (total * (double)count * outputs);
        var scale = count * (double)outputs / (epsilon * epsilon);
        double squares = 0;
        for (var i = 0; i < n; i++, reference += width)
        {
            for (var g = 0; g < count; g++, values += outputs, seeds += outputs)
            {
                for (var k = 0; k < outputs; k++)
                {
                    var diff = values[k] - reference[k];
                    squares += diff * diff;
                    seeds[k] = norm * diff * scale;
                }
            }
        }
        return squares;
    }

    // ∂/∂W_α[r, c] += ε Σ_i v_(i·N_g + α)[r] x_i[c], v the oracle's vector–Jacobian product at the shifted points.
    private unsafe void AddWeightGradient(double* rows, double* back, int n, int width)
    {
        var d = dimension;
        fixed (double* gradient = gradW)
        {
            for (var i = 0; i < n; i++, rows += width)
            {
                var gr = gradient;
                for (var g = 0; g < count; g++, back += d)
                {
                    for (var r = 0; r < d; r++, gr += d)
                    {
                        var e = epsilon * back[r];
                        for (var c = 0; c < d; c++) gr[c] += e * rows[c];
                    }
                }
            }
        }
    }

    // A reused rows × columns float64 buffer (made again when the batch length changes), outside any dispose scope.
    private static Tensor Buffer(ref Tensor? cached, ref long cachedRows, long rows, long columns, bool requiresGrad)
    {
        if (cached is not null && cachedRows == rows) return cached;
        cached?.Dispose();
        var made = empty([rows, columns], float64);
        if (requiresGrad) made.requires_grad_(true);
        cached = made.DetachFromDisposeScope();
        cachedRows = rows;
        return cached;
    }

    private static void Read(Tensor source, double[] target)
    {
        if (source.is_contiguous())
        {
            MemoryMarshal.Cast<byte, double>(source.bytes).CopyTo(target);
            return;
        }
        using var host = source.detach().contiguous();
        MemoryMarshal.Cast<byte, double>(host.bytes).CopyTo(target);
    }

    // Adds g to p's gradient (FlatAdam presets it as a view of its buffer; without one, the first call sets it).
    private static void Accumulate(Tensor p, double[] g)
    {
        using var existing = p.grad;
        if (existing is not null && existing.is_contiguous())
        {
            var span = MemoryMarshal.Cast<byte, double>(existing.bytes);
            for (var i = 0; i < g.Length; i++) span[i] += g[i];
            return;
        }
        using var update = tensor(g, p.shape, float64);
        if (existing is not null) existing.add_(update);
        else p.grad = update;
    }

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        moved?.Dispose();
        seed?.Dispose();
        moved = null;
        seed = null;
    }
}
