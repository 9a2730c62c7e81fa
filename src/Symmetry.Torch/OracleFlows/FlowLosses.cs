using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The loss terms of oracle-preserving flows (Roman, Forestano et al.; for linear generators the first-principles companion
/// code's forms). Inputs are float64; every term is a scalar tensor unless stated.
/// </summary>
internal static class FlowLosses
{
    /// <summary>
    /// Calls the oracle on rows × d points and checks its answer: rows × k (a 1-D answer of length rows is taken as
    /// rows × 1), finite. Throws <see cref="ArgumentException"/> naming the <c>Oracle</c> option otherwise.
    /// </summary>
    public static Tensor CallOracle(Func<Tensor, Tensor> oracle, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(x);
        var y = oracle(x) ?? throw new ArgumentException("The Oracle function returned null; it must return a rows × k tensor.", "Oracle");
        if (y.ndim == 1) y = y.unsqueeze(1);
        if (y.ndim != 2 || y.shape[0] != x.shape[0])
            throw new ArgumentException($"The Oracle function must map rows × {x.shape[1]} to rows × k; for {x.shape[0]} rows it returned shape [{string.Join(", ", y.shape)}].", "Oracle");
        if (!is_floating_point(y)) throw new ArgumentException($"The Oracle function must return floating-point values; it returned {y.dtype}.", "Oracle");
        return y.dtype == float64 ? y : y.to(float64);
    }

    /// <summary>
    /// Eq. (10) per generator: (1/m ε²) Σ_i Σ_k [φ_k(x_i + ε g_α(x_i)) − φ_k(x_i)]², a tensor of N_g values.
    /// <paramref name="fields"/> is N_g × rows × d; <paramref name="reference"/> is φ(x) (computed when null).
    /// </summary>
    public static Tensor Invariance(Func<Tensor, Tensor> oracle, Tensor x, Tensor fields, double epsilon, Tensor? reference = null)
    {
        var n = fields.shape[0];
        var rows = x.shape[0];
        var d = x.shape[1];
        var y0 = reference ?? CallOracle(oracle, x);
        var moved = (x.unsqueeze(0) + fields * epsilon).reshape(n * rows, d);
        var y1 = CallOracle(oracle, moved).reshape(n, rows, -1);
        return (y1 - y0.unsqueeze(0)).pow(2).sum(2).mean([1]) / (epsilon * epsilon);
    }

    /// <summary>
    /// Normalisation: for linear generators Σ_α (Σ_ij W_αij² − 2)² (companion code); for neural ones eq. (11),
    /// Σ_α [mean_i (‖g_α(x_i)‖ − 1)² + mean_i (‖g_α(x_i)‖ − mean ‖g_α‖)²].
    /// </summary>
    public static Tensor Normalization(FlowGenerators generators, Tensor fields)
    {
        if (generators.Kind == GeneratorKind.Linear)
            return (generators.Weight.pow(2).sum([1, 2]) - 2).pow(2).sum();
        var norm = fields.pow(2).sum(2).add(1e-12).sqrt();
        var mean = norm.mean([1], keepdim: true);
        return ((norm - 1).pow(2).mean([1]) + (norm - mean).pow(2).mean([1])).sum();
    }

    /// <summary>
    /// Orthogonality: for linear generators Σ_{α&lt;β} (Σ_ij W_αij W_βij)² (companion code); for neural ones eq. (14),
    /// mean_i Σ_{α&lt;β} (g_α(x_i) · g_β(x_i))². Zero for one generator.
    /// </summary>
    public static Tensor Orthogonality(FlowGenerators generators, Tensor fields)
    {
        if (generators.Count < 2) return zeros(1, fields.dtype, fields.device).sum();
        var (a, b) = FlowGenerators.Pairs(generators.Count, fields.device);
        if (generators.Kind == GeneratorKind.Linear)
        {
            var w = generators.Weight;
            return (w.index_select(0, a) * w.index_select(0, b)).sum([1, 2]).pow(2).sum();
        }
        var dots = (fields.index_select(0, a) * fields.index_select(0, b)).sum(2);   // P × rows
        return dots.pow(2).sum([0L]).mean();
    }

    /// <summary>
    /// Closure, eqs. (15–16): Σ_{α&lt;β} ‖[J_α, J_β] − Σ_γ a_[αβ]γ J_γ‖², with <paramref name="structure"/> the
    /// P × N_g candidate constants a_[αβ]γ of the pairs α &lt; β. Linear: Frobenius norms of matrix commutators.
    /// Neural: mean over the rows of the squared norm of the vector-field mismatch, the bracket through autograd.
    /// Zero for one generator.
    /// </summary>
    public static Tensor Closure(FlowGenerators generators, Tensor x, Tensor structure, bool createGraph = true)
    {
        if (generators.Count < 2) return zeros(1, x.dtype, x.device).sum();
        var brackets = generators.Brackets(x, createGraph);
        if (generators.Kind == GeneratorKind.Linear)
        {
            var combo = einsum("pg,gij->pij", structure, generators.Weight);
            return (brackets - combo).pow(2).sum();
        }
        var fields = generators.forward(x);                              // N × rows × d
        var mix = einsum("pg,grd->prd", structure, fields);
        return (brackets - mix).pow(2).sum(2).mean([1]).sum();
    }

    /// <summary>
    /// Relative invariance per generator: Σ_i Σ_k [φ_k(x_i + ε g_α) − φ_k(x_i)]² / Σ_i ε² ‖g_α(x_i)‖² Σ_k ‖∇φ_k(x_i)‖² — a
    /// weighted mean of cos² between the field and the oracle's gradients: 0 for a symmetry, of order 1/d for a
    /// random direction, 1 along the gradient. Returns N_g doubles (computed without keeping a graph).
    /// </summary>
    public static double[] RelativeInvariance(Func<Tensor, Tensor> oracle, FlowGenerators generators, Tensor x, double epsilon)
    {
        var (changes, scales) = RelativeInvarianceSums(oracle, generators, x, epsilon);
        return changes.Select((c, a) => c / Math.Max(scales[a], 1e-300)).ToArray();
    }

    /// <summary>
    /// The two sums over the rows of <paramref name="x"/> whose ratio is <see cref="RelativeInvariance"/>, per generator:
    /// the squared changes of the oracle and ε² ‖g_α‖² Σ_k ‖∇φ_k‖² (so that chunks of rows can be added up).
    /// </summary>
    public static (double[] Changes, double[] Scales) RelativeInvarianceSums(Func<Tensor, Tensor> oracle, FlowGenerators generators, Tensor x, double epsilon)
    {
        using var scope = NewDisposeScope();
        Tensor fields, inv;
        using (no_grad())
        {
            fields = generators.forward(x);
            inv = Invariance(oracle, x, fields, epsilon) * x.shape[0] * (epsilon * epsilon);
        }
        var xg = x.detach().clone().requires_grad_(true);
        var y = CallOracle(oracle, xg);
        var gradSq = zeros(x.shape[0], float64, x.device);
        for (var k = 0; k < y.shape[1]; k++)
        {
            var g = torch.autograd.grad([y.select(1, k).sum()], [xg], retain_graph: true, allow_unused: true)[0];
            if (g is null || g.IsInvalid) continue;
            gradSq = gradSq + g.detach().pow(2).sum(1);
        }
        using (no_grad())
        {
            var denom = (fields.pow(2).sum(2) * gradSq.unsqueeze(0)).sum(1) * (epsilon * epsilon);
            return (inv.cpu().data<double>().ToArray(), denom.cpu().data<double>().ToArray());
        }
    }
}
