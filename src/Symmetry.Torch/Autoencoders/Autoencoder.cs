using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// A dense autoencoder (float32): encoder input → hidden … (ReLU) → latent ℓ, decoder ℓ → hidden reversed (ReLU) →
/// input, no output activation. The oracle-preserving flows of Roman, Forestano et al. can act on its latent space
/// (for images they use convolutions: <see cref="ConvAutoencoder"/>); LaLiGAN (Yang et al.) learns its latent
/// symmetries with it. Trained by <see cref="AutoencoderTraining.TrainDense"/>. State-dict keys <c>encoder.{i}.weight/bias</c>,
/// <c>decoder.{i}.weight/bias</c>; with batch normalisation also <c>encoderNorms.{i}.weight/bias/running_mean/
/// running_var/num_batches_tracked</c> (the last int64), one per encoder layer.
/// </summary>
internal sealed class Autoencoder : nn.Module<Tensor, Tensor>, ILatentAutoencoder
{
    private readonly ModuleList<Linear> encoder = new();
    private readonly ModuleList<Linear> decoder = new();
    private readonly ModuleList<BatchNorm1d> encoderNorms = new();

    /// <summary>Builds the network with PyTorch's default Linear initialisation U(±1/√fan_in) from <paramref name="generator"/>.</summary>
    /// <param name="inputSize">Input size ≥ 1.</param>
    /// <param name="hidden">Hidden widths of the encoder (the decoder mirrors them).</param>
    /// <param name="latentSize">ℓ ≥ 1.</param>
    /// <param name="generator">Random source of the initial weights.</param>
    /// <param name="batchNorm">
    /// Puts a BatchNorm1d (PyTorch defaults: ε 1e-5, momentum 0.1, affine) after every Linear of the encoder — before
    /// the ReLU of the hidden ones, and on the latent codes themselves — and none in the decoder, as LaLiGAN's MLP
    /// autoencoder does with batch_norm. Batch statistics in training mode, running statistics in eval mode (call
    /// <c>eval()</c> before scoring).
    /// </param>
    /// <param name="orthogonalLatent">
    /// Starts the last encoder layer's weight (ℓ × h) with orthonormal rows (or columns when ℓ &gt; h); keep it so during
    /// training with <see cref="RetractLatentLayer"/> after every optimizer step.
    /// </param>
    public Autoencoder(int inputSize, IReadOnlyList<int> hidden, int latentSize, Generator? generator = null, bool batchNorm = false, bool orthogonalLatent = false)
        : base(Runtime.Named(nameof(Autoencoder)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(hidden), "Every hidden width must be at least 1.");
        InputSize = inputSize;
        Hidden = hidden.ToArray();
        LatentSize = latentSize;
        BatchNorm = batchNorm;
        OrthogonalLatent = orthogonalLatent;
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
            if (batchNorm)
                for (var k = 1; k < down.Length; k++) encoderNorms.Add(nn.BatchNorm1d(down[k]));
        }
        RegisterComponents();
        if (orthogonalLatent) RetractLatentLayer();
    }

    /// <summary>Whether every hidden Linear is followed by a BatchNorm1d.</summary>
    public bool BatchNorm { get; }

    /// <summary>Whether the last encoder layer's weight is meant to stay orthogonal (see <see cref="RetractLatentLayer"/>).</summary>
    public bool OrthogonalLatent { get; }

    /// <summary>The last encoder layer's weight W (ℓ × h): the map from the last hidden layer to the latent codes.</summary>
    public Tensor LatentWeight => encoder[encoder.Count - 1].weight!;

    /// <summary>
    /// Replaces the last encoder layer's weight W by its polar factor U Vᵀ (W = U Σ Vᵀ, thin SVD): the orthogonal
    /// matrix nearest to W in the Frobenius norm, with W Wᵀ = I for ℓ ≤ h. A retraction onto the Stiefel manifold after
    /// each gradient step, in place (it keeps the parameter's storage, so an optimizer's views stay valid).
    /// </summary>
    public void RetractLatentLayer()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = LatentWeight;
        var (u, _, vh) = linalg.svd(w.to(float64), fullMatrices: false);
        w.copy_(matmul(u, vh).to(w.dtype));
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>Hidden widths of the encoder (the decoder mirrors them).</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>ℓ.</summary>
    public int LatentSize { get; }

    /// <summary>rows × input → rows × ℓ.</summary>
    public Tensor Encode(Tensor x) => Run(encoder, encoderNorms, x);

    /// <summary>rows × ℓ → rows × input.</summary>
    public Tensor Decode(Tensor z) => Run(decoder, null, z);

    /// <summary>The reconstruction decode(encode(x)).</summary>
    public override Tensor forward(Tensor x) => Decode(Encode(x));

    private static Tensor Run(ModuleList<Linear> layers, ModuleList<BatchNorm1d>? norms, Tensor x)
    {
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = layers[k].forward(h);
            if (norms is { Count: > 0 }) h = norms[k].forward(h);
            // In place: the Linear (and BatchNorm) backward does not read this output, so no extra buffer is needed.
            if (k + 1 < layers.Count) h = h.relu_();
        }
        return h;
    }
}
