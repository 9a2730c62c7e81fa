using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// N_g infinitesimal generators on R^d, evaluated together: <c>forward(x)</c> with x rows × d returns
/// N_g × rows × d, the fields g_α(x). Linear generators hold <c>weight</c> (N_g × d × d); neural ones hold, per
/// layer k, <c>w{k}</c> (N_g × in × out) and <c>b{k}</c> (N_g × 1 × out), applied to all generators at once with
/// batched matrix products. Parameters are float64 (the ε-expansion divides by ε² = 10⁻⁶). The module is built on
/// its device and is not meant to be moved with <c>to(device)</c> (the layer list would keep the old tensors).
/// </summary>
internal sealed class FlowGenerators : nn.Module<Tensor, Tensor>
{
    private readonly List<(Tensor W, Tensor B)> layers = [];
    private readonly Tensor? weight;

    /// <summary>Builds N_g generators with PyTorch's default Linear initialisation U(±1/√fan_in), drawn from <paramref name="generator"/>.</summary>
    /// <param name="kind">Linear matrices or neural vector fields.</param>
    /// <param name="count">N_g ≥ 1.</param>
    /// <param name="dimension">d ≥ 1, the space the flows act on.</param>
    /// <param name="hidden">Hidden widths of a neural field (ignored for linear generators).</param>
    /// <param name="generator">Random source of the initialisation (null: the global one); drawn on the CPU, so a seed gives the same start on any device.</param>
    /// <param name="device">Where the parameters live (null: the CPU).</param>
    public FlowGenerators(GeneratorKind kind, int count, int dimension, IReadOnlyList<int> hidden, Generator? generator = null, Device? device = null)
        : base(Runtime.Named(nameof(FlowGenerators)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        Kind = kind;
        Count = count;
        Dimension = dimension;
        Hidden = kind == GeneratorKind.Neural ? hidden.ToArray() : [];
        if (Hidden.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(hidden), "Every hidden width must be at least 1.");
        using (no_grad())
        {
            if (kind == GeneratorKind.Linear)
            {
                var bound = 1.0 / Math.Sqrt(dimension);
                weight = nn.Parameter(OnDevice(empty([count, dimension, dimension], float64).uniform_(-bound, bound, generator), device));
                register_parameter("weight", (TorchSharp.Modules.Parameter)weight);
            }
            else
            {
                var widths = new[] { dimension }.Concat(Hidden).Append(dimension).ToArray();
                for (var k = 0; k + 1 < widths.Length; k++)
                {
                    var bound = 1.0 / Math.Sqrt(widths[k]);
                    var w = nn.Parameter(OnDevice(empty([count, widths[k], widths[k + 1]], float64).uniform_(-bound, bound, generator), device));
                    var b = nn.Parameter(OnDevice(empty([count, 1, widths[k + 1]], float64).uniform_(-bound, bound, generator), device));
                    register_parameter($"w{k}", w);
                    register_parameter($"b{k}", b);
                    layers.Add((w, b));
                }
            }
        }
    }

    private static Tensor OnDevice(Tensor cpu, Device? device)
    {
        if (device is null || device.type == DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }

    /// <summary>Linear or neural.</summary>
    public GeneratorKind Kind { get; }

    /// <summary>N_g.</summary>
    public int Count { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>Hidden widths of a neural field (empty for linear).</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>The matrices W (N_g × d × d) of linear generators; throws for neural ones.</summary>
    public Tensor Weight => weight ?? throw new InvalidOperationException("Neural generators have no matrices; use Jacobians.");

    /// <summary>g_α(x) for every α: x is rows × d (float64), the result N_g × rows × d.</summary>
    public override Tensor forward(Tensor x) => Fields(x.unsqueeze(0).expand(Count, -1, -1));

    /// <summary>g_α evaluated on its own copy of the points: x is N_g × rows × d, the result N_g × rows × d.</summary>
    public Tensor Fields(Tensor x)
    {
        if (weight is not null) return matmul(x, weight.transpose(1, 2));
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = matmul(h, layers[k].W) + layers[k].B;
            if (k + 1 < layers.Count) h = h.tanh();
        }
        return h;
    }

    /// <summary>The field of generator <paramref name="alpha"/> alone at x (rows × d → rows × d).</summary>
    public Tensor Field(int alpha, Tensor x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, Count);
        if (weight is not null) return matmul(x, weight[alpha].t());
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = matmul(h, layers[k].W[alpha]) + layers[k].B[alpha];
            if (k + 1 < layers.Count) h = h.tanh();
        }
        return h;
    }

    /// <summary>
    /// Integrates the flow of generator <paramref name="alpha"/>, dx/dt = g_α(x), from <paramref name="start"/>
    /// (rows × d) for <paramref name="steps"/> classical Runge–Kutta steps of size <paramref name="epsilon"/> (negative
    /// runs the flow backwards). Returns (steps + 1) × rows × d, the start first. No gradients are kept.
    /// </summary>
    public Tensor Integrate(int alpha, Tensor start, int steps, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!double.IsFinite(epsilon) || epsilon == 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The step size must be a finite non-zero number.");
        using var _ = no_grad();
        var path = empty([steps + 1, start.shape[0], start.shape[1]], start.dtype, start.device);
        path[0].copy_(start);
        var x = start.clone();
        for (var s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var k1 = Field(alpha, x);
            var k2 = Field(alpha, x + k1 * (epsilon / 2));
            var k3 = Field(alpha, x + k2 * (epsilon / 2));
            var k4 = Field(alpha, x + k3 * epsilon);
            x.add_((k1 + k2 * 2 + k3 * 2 + k4) * (epsilon / 6));
            path[s + 1].copy_(x);
        }
        x.Dispose();
        return path;
    }

    /// <summary>
    /// The Jacobians J_α(x)_ij = ∂g_α,i/∂x_j (N_g × rows × d × d) and the fields (N_g × rows × d). For linear
    /// generators J_α = W_α; for neural ones d reverse passes of <c>torch.autograd.grad</c>, with
    /// <paramref name="createGraph"/> keeping them differentiable (for the closure loss).
    /// </summary>
    public (Tensor Jacobians, Tensor Fields) JacobiansAndFields(Tensor x, bool createGraph)
    {
        var rows = x.shape[0];
        if (weight is not null)
        {
            var f = forward(x);
            return (weight.unsqueeze(1).expand(-1, rows, -1, -1), f);
        }
        var copy = x.detach().unsqueeze(0).expand(Count, -1, -1).clone().requires_grad_(true);
        var fields = Fields(copy);
        var rowsOfJ = new Tensor[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            var component = fields.select(2, i).sum();
            rowsOfJ[i] = torch.autograd.grad([component], [copy], retain_graph: true, create_graph: createGraph)[0];
        }
        return (stack(rowsOfJ, 2), fields);
    }

    /// <summary>
    /// Brackets of every pair α &lt; β (in the order (0,1), (0,2), …, (1,2), …): for neural fields the Lie bracket of
    /// vector fields [g_α, g_β](x) = J_β(x) g_α(x) − J_α(x) g_β(x) (P × rows × d, through autograd); for linear
    /// generators the matrix commutators [W_α, W_β] (P × d × d), the companion code's convention.
    /// </summary>
    public Tensor Brackets(Tensor x, bool createGraph)
    {
        var (a, b) = Pairs(Count, x.device);
        if (weight is not null)
        {
            var wa = weight.index_select(0, a);
            var wb = weight.index_select(0, b);
            return matmul(wa, wb) - matmul(wb, wa);
        }
        var (j, f) = JacobiansAndFields(x, createGraph);
        var ja = j.index_select(0, a);
        var jb = j.index_select(0, b);
        var fa = f.index_select(0, a).unsqueeze(-1);
        var fb = f.index_select(0, b).unsqueeze(-1);
        return (matmul(jb, fa) - matmul(ja, fb)).squeeze(-1);
    }

    /// <summary>The index pairs α &lt; β as two int64 tensors on <paramref name="device"/> (P = N_g(N_g − 1)/2 each).</summary>
    public static (Tensor First, Tensor Second) Pairs(int count, Device? device = null)
    {
        var first = new List<long>();
        var second = new List<long>();
        for (var a = 0; a < count; a++)
            for (var b = a + 1; b < count; b++)
            {
                first.Add(a);
                second.Add(b);
            }
        return (tensor(first.ToArray(), int64, device), tensor(second.ToArray(), int64, device));
    }
}
