using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The VAE of paper 000 §3: encoder input → hidden… (ReLU) → (μ, log σ²) of a diagonal Gaussian in
/// <see cref="LatentSize"/> dimensions; decoder latent → hidden reversed (ReLU) → input, no output activation. The
/// forward pass returns the deterministic reconstruction decode(μ).
/// </summary>
/// <remarks>
/// State-dict keys are PyTorch's for the same layers: <c>encoder.{i}.weight/bias</c>, <c>mean.weight/bias</c>,
/// <c>logvar.weight/bias</c>, <c>decoder.{i}.weight/bias</c> (weights out × in, as <c>nn.Linear</c>).
/// </remarks>
internal sealed class VaeModel : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> encoder;
    private readonly Linear mean;
    private readonly Linear logvar;
    private readonly ModuleList<Linear> decoder;

    /// <summary>
    /// Builds the network with PyTorch's default <c>nn.Linear</c> initialisation (weights kaiming-uniform with
    /// a = √5, biases U(±1/√fan_in); both are U(±1/√fan_in)), drawn layer by layer in <see cref="LayerShapes"/> order,
    /// weight then bias, from <paramref name="generator"/> (or the global generator when null), on the CPU.
    /// </summary>
    public VaeModel(int inputSize, IReadOnlyList<int> hidden, int latentSize, Generator? generator = null)
        : this(inputSize, hidden, latentSize, InitialLayers(inputSize, hidden, latentSize, generator))
    {
    }

    private VaeModel(int inputSize, IReadOnlyList<int> hidden, int latentSize, IReadOnlyList<(Tensor Weight, Tensor Bias)> layers)
        : this(inputSize, hidden, latentSize, (i, _, _) => layers[i])
    {
    }

    /// <summary>
    /// The initial weights (out × in) and biases of every layer in <see cref="LayerShapes"/> order, drawn as the
    /// public constructor does (on the CPU). The caller owns them.
    /// </summary>
    internal static (Tensor Weight, Tensor Bias)[] InitialLayers(int inputSize, IReadOnlyList<int> hidden, int latentSize, Generator? generator)
    {
        ValidateShape(inputSize, hidden, latentSize);
        Runtime.Ensure();
        var shapes = LayerShapes(inputSize, hidden, latentSize).ToArray();
        var layers = new (Tensor Weight, Tensor Bias)[shapes.Length];
        using var mode = no_grad();
        for (var i = 0; i < shapes.Length; i++)
        {
            var (fanIn, fanOut) = shapes[i];
            // kaiming_uniform_(a = √5) has bound gain·√(3 / fan_in) with gain = √(2 / (1 + 5)): that is 1/√fan_in.
            var bound = 1.0 / Math.Sqrt(fanIn);
            var w = empty(fanOut, fanIn).uniform_(-bound, bound, generator).DetachFromDisposeScope();
            var b = empty(fanOut).uniform_(-bound, bound, generator).DetachFromDisposeScope();
            layers[i] = (w, b);
        }
        return layers;
    }

    /// <summary>Builds the network from given layer weights (out × in) and biases (out), in <see cref="LayerShapes"/> order.</summary>
    internal VaeModel(int inputSize, IReadOnlyList<int> hidden, int latentSize, Func<int, long, long, (Tensor Weight, Tensor Bias)> layer)
        : base(Runtime.Named("VAE"))
    {
        ValidateShape(inputSize, hidden, latentSize);
        InputSize = inputSize;
        LatentSize = latentSize;
        HiddenLayers = hidden.ToArray();
        var linears = new List<Linear>();
        var index = 0;
        foreach (var (fanIn, fanOut) in LayerShapes(inputSize, hidden, latentSize))
        {
            var (w, b) = layer(index++, fanIn, fanOut);
            if (!w.shape.SequenceEqual([fanOut, fanIn]) || !b.shape.SequenceEqual([fanOut]))
                throw new ArgumentException($"Layer {index - 1} must be {fanOut}×{fanIn} with {fanOut} biases; got [{string.Join(", ", w.shape)}] and [{string.Join(", ", b.shape)}].");
            linears.Add(nn.Linear(new Parameter(w), new Parameter(b)));
        }
        var n = hidden.Count;
        encoder = new ModuleList<Linear>([.. linears.Take(n)]);
        mean = linears[n];
        logvar = linears[n + 1];
        decoder = new ModuleList<Linear>([.. linears.Skip(n + 2)]);
        RegisterComponents();
    }

    private static void ValidateShape(int inputSize, IReadOnlyList<int> hidden, int latentSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        foreach (var h in hidden)
            if (h < 1) throw new ArgumentOutOfRangeException(nameof(hidden), h, "Every hidden layer must have at least one unit.");
    }

    /// <summary>Input size D.</summary>
    public int InputSize { get; }

    /// <summary>Latent dimension L.</summary>
    public int LatentSize { get; }

    /// <summary>Widths of the encoder's hidden layers (the decoder mirrors them).</summary>
    public IReadOnlyList<int> HiddenLayers { get; }

    /// <summary>
    /// (in, out) of every linear layer, in the order the constructor builds them: the encoder's hidden layers, the
    /// μ head, the log σ² head, then the decoder's layers.
    /// </summary>
    public static IEnumerable<(long In, long Out)> LayerShapes(int inputSize, IReadOnlyList<int> hidden, int latentSize)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        return Shapes();

        IEnumerable<(long In, long Out)> Shapes()
        {
            long prev = inputSize;
            foreach (var h in hidden) { yield return (prev, h); prev = h; }
            yield return (prev, latentSize);
            yield return (prev, latentSize);
            prev = latentSize;
            for (var i = hidden.Count - 1; i >= 0; i--) { yield return (prev, hidden[i]); prev = hidden[i]; }
            yield return (prev, inputSize);
        }
    }

    /// <summary>The linear layers in <see cref="LayerShapes"/> order.</summary>
    internal IEnumerable<Linear> Layers => encoder.Concat([mean, logvar]).Concat(decoder);

    /// <summary>μ and log σ² for a batch x (batch × input).</summary>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var h = x;
        foreach (var layer in encoder) h = nn.functional.relu(layer.forward(h));
        var m = mean.forward(h);
        var lv = logvar.forward(h);
        return (m.MoveToOuterDisposeScope(), lv.MoveToOuterDisposeScope());
    }

    /// <summary>The reconstruction of latent points z (batch × latent).</summary>
    public Tensor Decode(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        using var scope = NewDisposeScope();
        var h = z;
        for (var i = 0; i < decoder.Count; i++)
        {
            h = decoder[i].forward(h);
            if (i < decoder.Count - 1) h = nn.functional.relu(h);
        }
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>The deterministic reconstruction decode(μ(x)) of a batch (batch × input).</summary>
    public override Tensor forward(Tensor input)
    {
        var (m, lv) = Encode(input);
        lv.Dispose();
        using (m) return Decode(m);
    }

    /// <summary>
    /// The loss terms of paper 000 eq. 3.1–3.2 for a batch x (events × input): reconstruction = mean over events of
    /// ‖x − x̂‖², and KL = mean over events of Σ_j KL(N(μ_j, σ_j²) ‖ N(0, 1)), with x̂ decoded from z = μ + σ ε,
    /// ε ~ N(0, 1) drawn (events × latent) from <paramref name="generator"/> on the CPU and moved to x's device, so a
    /// seed means the same noise on any device.
    /// </summary>
    public (Tensor Reconstruction, Tensor Kl) Loss(Tensor x, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var eps = randn([x.shape[0], LatentSize], dtype: x.dtype, generator: generator);
        if (x.device_type != DeviceType.CPU) eps = eps.to(x.device);
        var (rec, kl) = LossWithNoise(x, eps);
        return (rec.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope());
    }

    /// <summary><see cref="Loss(Tensor, Generator?)"/> with the noise ε (events × latent) given.</summary>
    public (Tensor Reconstruction, Tensor Kl) LossWithNoise(Tensor x, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(noise);
        using var scope = NewDisposeScope();
        var (m, lv) = Encode(x);
        var z = addcmul(m, lv.exp().sqrt(), noise, Scalars.One);
        var xhat = Decode(z);
        // Mean over events of ‖x − x̂‖² = (sum of all squared errors) / events: one fused kernel.
        var rec = nn.functional.mse_loss(xhat, x, nn.Reduction.Sum) / (double)x.shape[0];
        var kl = KlDivergence(m, lv);
        return (rec.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Mean over events (rows) of Σ_j −½(1 + log σ_j² − μ_j² − σ_j²), the closed-form KL divergence of
    /// N(μ, diag σ²) from N(0, 1), for <paramref name="mean"/> and <paramref name="logVar"/> (events × latent).
    /// </summary>
    public static Tensor KlDivergence(Tensor mean, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        if (mean.ndim != 2 || !mean.shape.SequenceEqual(logVar.shape))
            throw new ArgumentException($"mean and logVar must both be events × latent; got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", logVar.shape)}].");
        using var scope = NewDisposeScope();
        // Σ (σ² − log σ² + μ²) in two fused kernels, then ½ (that / events − latent).
        var terms = addcmul(logVar.exp() - logVar, mean, mean, Scalars.One);
        var kl = (terms.sum() / (double)mean.shape[0] - (double)mean.shape[1]) * 0.5;
        return kl.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// μ and σ of every row of <paramref name="data"/> (rows × input, on this model's device), encoded under no_grad in
    /// batches of <paramref name="batchSize"/> rows, as rows × latent arrays (row-major).
    /// </summary>
    public (double[] Mean, double[] Sigma) EncodeAll(Tensor data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.ndim != 2 || data.shape[1] != InputSize)
            throw new ArgumentException($"The data must be rows × {InputSize}; got [{string.Join(", ", data.shape)}].", nameof(data));
        var rows = data.shape[0];
        var meanValues = new double[rows * LatentSize];
        var sigmaValues = new double[rows * LatentSize];
        if (rows == 0) return (meanValues, sigmaValues);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        // The arrays themselves, as CPU float64 tensors: each batch is converted and copied into them in one kernel.
        var mu = frombuffer(meanValues, ScalarType.Float64).view(rows, LatentSize);
        var sigma = frombuffer(sigmaValues, ScalarType.Float64).view(rows, LatentSize);
        for (long start = 0; start < rows; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var n = Math.Min(batchSize, rows - start);
            var (m, lv) = Encode(data.narrow(0, start, n));
            mu.narrow(0, start, n).copy_(m);
            sigma.narrow(0, start, n).copy_(lv.mul_(Scalars.Half).exp_());
        }
        return (meanValues, sigmaValues);
    }
}
