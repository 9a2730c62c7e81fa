using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Symmetry.Torch;

/// <summary>
/// A dense autoencoder (float32): encoder input → hidden … (ReLU) → latent ℓ, decoder ℓ → hidden reversed (ReLU) →
/// input, no output activation. The flows of paper 001 §4 act on its latent space (for images paper 001 Figure 3
/// uses convolutions: <see cref="ConvAutoencoder"/>). State-dict keys <c>encoder.{i}.weight/bias</c>,
/// <c>decoder.{i}.weight/bias</c>.
/// </summary>
public sealed class Autoencoder : nn.Module<Tensor, Tensor>, ILatentAutoencoder
{
    private readonly ModuleList<Linear> encoder = new();
    private readonly ModuleList<Linear> decoder = new();

    /// <summary>Builds the network with PyTorch's default Linear initialisation U(±1/√fan_in) from <paramref name="generator"/>.</summary>
    public Autoencoder(int inputSize, IReadOnlyList<int> hidden, int latentSize, Generator? generator = null)
        : base(Runtime.Named(nameof(Autoencoder)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(hidden), "Every hidden width must be at least 1.");
        InputSize = inputSize;
        Hidden = hidden.ToArray();
        LatentSize = latentSize;
        var down = new[] { inputSize }.Concat(Hidden).Append(latentSize).ToArray();
        var up = down.Reverse().ToArray();
        using (no_grad())
        {
            foreach (var (widths, list) in new[] { (down, encoder), (up, decoder) })
                for (var k = 0; k + 1 < widths.Length; k++)
                {
                    var layer = nn.Linear(widths[k], widths[k + 1]);
                    var bound = 1.0 / Math.Sqrt(widths[k]);
                    layer.weight!.uniform_(-bound, bound, generator);
                    layer.bias!.uniform_(-bound, bound, generator);
                    list.Add(layer);
                }
        }
        RegisterComponents();
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>Hidden widths of the encoder (the decoder mirrors them).</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>ℓ.</summary>
    public int LatentSize { get; }

    /// <summary>rows × input → rows × ℓ.</summary>
    public Tensor Encode(Tensor x) => Run(encoder, x);

    /// <summary>rows × ℓ → rows × input.</summary>
    public Tensor Decode(Tensor z) => Run(decoder, z);

    /// <summary>The reconstruction decode(encode(x)).</summary>
    public override Tensor forward(Tensor x) => Decode(Encode(x));

    private static Tensor Run(ModuleList<Linear> layers, Tensor x)
    {
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = layers[k].forward(h);
            if (k + 1 < layers.Count) h = nn.functional.relu(h);
        }
        return h;
    }

    /// <summary>
    /// Trains an autoencoder on rows × input float32 <paramref name="data"/> (on the training device) with the mean
    /// squared reconstruction error, Adam, mini-batches shuffled per epoch by <paramref name="loop"/>.
    /// </summary>
    public static (Autoencoder Model, IReadOnlyList<EpochLosses> History) Train(Tensor data, IReadOnlyList<int> hidden, int latentSize, int epochs, int batchSize,
                                                                             double learningRate, int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loop);
        Runtime.Ensure();
        var model = new Autoencoder((int)data.shape[1], hidden, latentSize, new Generator((ulong)(uint)seed + 7UL));
        return (model, AutoencoderTraining.Fit(model, data, epochs, batchSize, learningRate, seed, loop));
    }
}
