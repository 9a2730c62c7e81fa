using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The β-VAE of LatentRelevance (Sanz, "Learning symmetries in datasets"): encoder input → hidden… (ReLU) → (μ, log σ²)
/// of a diagonal Gaussian in <see cref="LatentSize"/> dimensions; decoder latent → hidden reversed (ReLU) → input, no
/// output activation. The forward pass returns the deterministic reconstruction decode(μ). Its loss is
/// <see cref="VaeLoss"/>, its batched encoding <see cref="VaeEncoding"/>.
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
}
