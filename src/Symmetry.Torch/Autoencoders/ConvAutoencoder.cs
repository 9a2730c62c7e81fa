using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The convolutional autoencoder of Roman, Forestano et al.'s MNIST experiment (their Figure 3; float32), for one-channel images stored as rows of H·W
/// pixels (row-major): encoder = per entry c of <see cref="Channels"/> a Conv2d(kernel 3, stride 2, padding 1) + ReLU,
/// then flatten and one Linear to ℓ; decoder = Linear ℓ → (last channels × h × w) + ReLU, then per layer in reverse a
/// ConvTranspose2d(kernel 4, stride 2, padding 1) (ReLU between them, none after the last, which has one channel),
/// cropped to H × W. The figure gives the kinds of layers (convolutions, one fully connected mapping layer each side
/// of the bottleneck, transposed convolutions, ReLU); the widths 32, 64 and the kernels are this library's choice,
/// since the companion MNIST notebook is not public. State-dict keys as PyTorch's <c>nn.Sequential</c>:
/// <c>encoder.{0,2,…}</c> convolutions, the encoder's Linear after the Flatten, <c>decoder.0</c> the Linear and the
/// transposed convolutions after the Unflatten. Trained by <see cref="AutoencoderTraining.TrainConvolutional"/>.
/// </summary>
internal sealed class ConvAutoencoder : nn.Module<Tensor, Tensor>, ILatentAutoencoder
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    /// <summary>Builds the network with PyTorch's default initialisation U(±1/√fan_in), drawn from <paramref name="generator"/>.</summary>
    /// <param name="height">Image height H ≥ 1 (pixels).</param>
    /// <param name="width">Image width W ≥ 1 (pixels).</param>
    /// <param name="channels">Channels of the stride-2 convolutions, at least one, each ≥ 1 (e.g. 32, 64).</param>
    /// <param name="latentSize">ℓ ≥ 1.</param>
    /// <param name="generator">Random source of the initialisation (null: the global one).</param>
    public ConvAutoencoder(int height, int width, IReadOnlyList<int> channels, int latentSize, Generator? generator = null)
        : base(Runtime.Named(nameof(ConvAutoencoder)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0 || channels.Any(c => c < 1)) throw new ArgumentOutOfRangeException(nameof(channels), "At least one convolution, every channel count at least 1.");
        Height = height;
        Width = width;
        Channels = channels.ToArray();
        LatentSize = latentSize;
        // Each stride-2 convolution (kernel 3, padding 1) maps n pixels to ⌈n/2⌉.
        var (h, w) = (height, width);
        foreach (var _ in Channels) (h, w) = ((h + 1) / 2, (w + 1) / 2);
        (BottomHeight, BottomWidth) = (h, w);
        var last = Channels[^1];
        var down = new List<nn.Module<Tensor, Tensor>>();
        var inChannels = 1;
        foreach (var c in Channels)
        {
            down.Add(Init(nn.Conv2d(inChannels, c, 3, stride: 2, padding: 1), inChannels * 9, generator));
            down.Add(nn.ReLU());
            inChannels = c;
        }
        down.Add(nn.Flatten());
        down.Add(Init(nn.Linear(last * h * w, latentSize), last * h * w, generator));
        var up = new List<nn.Module<Tensor, Tensor>>
        {
            Init(nn.Linear(latentSize, last * h * w), latentSize, generator),
            nn.ReLU(),
            nn.Unflatten(1, [last, h, w]),
        };
        for (var k = Channels.Count - 1; k >= 0; k--)
        {
            var outChannels = k == 0 ? 1 : Channels[k - 1];
            // PyTorch computes a transposed convolution's fan-in from its weight (in, out, k, k) as out·k².
            up.Add(Init(nn.ConvTranspose2d(Channels[k], outChannels, 4, stride: 2, padding: 1), outChannels * 16, generator));
            if (k > 0) up.Add(nn.ReLU());
        }
        encoder = nn.Sequential(down);
        decoder = nn.Sequential(up);
        RegisterComponents();
    }

    private static T Init<T>(T layer, int fanIn, Generator? generator) where T : nn.Module
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        using (no_grad())
            foreach (var p in layer.parameters()) p.uniform_(-bound, bound, generator);
        return layer;
    }

    /// <summary>H, pixels.</summary>
    public int Height { get; }

    /// <summary>W, pixels.</summary>
    public int Width { get; }

    /// <summary>Channels of the stride-2 convolutions.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>Height of the last feature map, ⌈H / 2^L⌉ for L convolutions.</summary>
    public int BottomHeight { get; }

    /// <summary>Width of the last feature map, ⌈W / 2^L⌉.</summary>
    public int BottomWidth { get; }

    /// <inheritdoc/>
    public int InputSize => Height * Width;

    /// <inheritdoc/>
    public int LatentSize { get; }

    /// <summary>rows × H·W (row-major pixels) → rows × ℓ.</summary>
    public Tensor Encode(Tensor x) => encoder.forward(x.reshape(x.shape[0], 1, Height, Width));

    /// <summary>rows × ℓ → rows × H·W (row-major pixels).</summary>
    public Tensor Decode(Tensor z)
    {
        // The transposed convolutions double each side, so the map is (BottomHeight·2^L) × (BottomWidth·2^L) ≥ H × W: crop it.
        var image = decoder.forward(z);
        return image.narrow(2, 0, Height).narrow(3, 0, Width).reshape(z.shape[0], Height * Width);
    }

    /// <summary>The reconstruction decode(encode(x)).</summary>
    public override Tensor forward(Tensor x) => Decode(Encode(x));
}
