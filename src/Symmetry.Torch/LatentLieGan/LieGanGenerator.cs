using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The LieGAN generator (Yang et al.): k Lie-algebra basis matrices L_i (m × m, initialised N(0, 1)) and a group element
/// g = exp(Σ_i w_i L_i) with w ~ N(0, σ²) per row (σ learnable or fixed). Sequential thresholding zeroes small
/// entries of L for good (<see cref="Threshold"/>); the mask multiplies L from then on. State-dict keys
/// <c>algebra</c>, <c>logSigma</c>, <c>mask</c> (a buffer).
/// </summary>
internal sealed class LieGanGenerator : nn.Module<Tensor, Generator?, Tensor>
{
    private readonly Parameter algebra;
    private readonly Parameter logSigma;
    private readonly Tensor mask;

    /// <summary>Creates the generator (float32, CPU) from <paramref name="generator"/>.</summary>
    /// <param name="generators">k ≥ 1.</param>
    /// <param name="latent">m ≥ 1.</param>
    /// <param name="sigma">σ &gt; 0 of the coefficient distribution (the code's sigma_init is 1).</param>
    /// <param name="learnSigma">Whether σ is trained.</param>
    /// <param name="generator">Random source of the initial L.</param>
    public LieGanGenerator(int generators, int latent, double sigma = 1, bool learnSigma = false, Generator? generator = null)
        : base(Runtime.Named(nameof(LieGanGenerator)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(generators, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latent, 1);
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be a positive finite number.");
        Generators = generators;
        Latent = latent;
        algebra = nn.Parameter(randn([generators, latent, latent], float32, generator: generator));
        logSigma = nn.Parameter(tensor(new[] { (float)Math.Log(sigma) }), learnSigma);
        mask = ones([generators, latent, latent], float32);
        RegisterComponents();
    }

    /// <summary>k.</summary>
    public int Generators { get; }

    /// <summary>m.</summary>
    public int Latent { get; }

    /// <summary>The masked basis L (k × m × m).</summary>
    public Tensor Algebra => algebra * mask;

    /// <summary>σ of the coefficients.</summary>
    public Tensor Sigma => logSigma.exp();

    /// <summary>The trainable tensors (L, and log σ when learned).</summary>
    public IEnumerable<Parameter> Trainable => logSigma.requires_grad ? [algebra, logSigma] : [algebra];

    /// <summary>Draws rows × k coefficients w ~ N(0, σ²).</summary>
    public Tensor SampleCoefficients(long rows, Generator? generator) =>
        randn([rows, Generators], float32, algebra.device, generator: generator) * Sigma;

    /// <summary>g = exp(Σ_i w_i L_i) for rows × k coefficients: rows × m × m.</summary>
    public Tensor GroupElements(Tensor coefficients) =>
        linalg.matrix_exp(einsum("bk,kij->bij", coefficients.to(algebra.dtype), Algebra));

    /// <summary>
    /// Moves latent codes z (rows × T × m: T time steps moved by the same g) by freshly drawn group elements:
    /// z' = g z.
    /// </summary>
    public override Tensor forward(Tensor z, Generator? generator) => Apply(z, GroupElements(SampleCoefficients(z.shape[0], generator)), null);

    /// <summary>z' = g (z − c) + c (c = 0 when <paramref name="center"/> is null) for rows × T × m codes and rows × m × m elements.</summary>
    public static Tensor Apply(Tensor z, Tensor g, Tensor? center)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(g);
        var shifted = center is null ? z : z - center;
        var moved = einsum("bij,btj->bti", g, shifted);
        return center is null ? moved : moved + center;
    }

    /// <summary>
    /// Sequential thresholding: entries with |L| &lt; <paramref name="relative"/> · max|L| (over all k matrices) are set
    /// to 0 and masked for the rest of training. Returns the number of entries still active.
    /// </summary>
    public long Threshold(double relative)
    {
        if (!(relative >= 0) || !double.IsFinite(relative)) throw new ArgumentOutOfRangeException(nameof(relative), relative, "The relative threshold must be a non-negative finite number.");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var current = (algebra * mask).abs();
        var limit = current.max().item<float>() * relative;
        var keep = current.ge(limit).to(float32);
        mask.mul_(keep);
        algebra.mul_(mask);
        return (long)mask.sum().item<float>();
    }

    /// <summary>The masked L_i as float64 arrays (CPU copies).</summary>
    public double[][,] ToArrays()
    {
        using var _ = no_grad();
        using var host = Algebra.detach().to(float64).cpu().contiguous();
        var values = host.data<double>().ToArray();
        var result = new double[Generators][,];
        for (var a = 0; a < Generators; a++)
        {
            result[a] = new double[Latent, Latent];
            for (var i = 0; i < Latent; i++)
                for (var j = 0; j < Latent; j++) result[a][i, j] = values[(a * Latent + i) * Latent + j];
        }
        return result;
    }
}

/// <summary>The LieGAN discriminator: an MLP T·m → hidden (ReLU) → 1 with a sigmoid (probability that codes are untransformed).</summary>
internal sealed class LieGanDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers = new();

    /// <summary>Builds it with PyTorch's default Linear initialisation U(±1/√fan_in) from <paramref name="generator"/>.</summary>
    public LieGanDiscriminator(int inputSize, IReadOnlyList<int> hidden, Generator? generator = null)
        : base(Runtime.Named(nameof(LieGanDiscriminator)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        var widths = new[] { inputSize }.Concat(hidden).Append(1).ToArray();
        using (no_grad())
            for (var k = 0; k + 1 < widths.Length; k++)
            {
                var layer = nn.Linear(widths[k], widths[k + 1]);
                var bound = 1.0 / Math.Sqrt(widths[k]);
                layer.weight!.uniform_(-bound, bound, generator);
                layer.bias!.uniform_(-bound, bound, generator);
                layers.Add(layer);
            }
        RegisterComponents();
    }

    /// <summary>The Linear layers in order (ReLU between them, a sigmoid after the last), for the hand-written backward.</summary>
    internal IReadOnlyList<Linear> Layers => [.. layers];

    /// <summary>rows × T·m → rows × 1 probabilities.</summary>
    public override Tensor forward(Tensor x)
    {
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = layers[k].forward(h);
            if (k + 1 < layers.Count) h = h.relu_();                // in place: Linear's backward does not read its output
        }
        return sigmoid(h);
    }
}
