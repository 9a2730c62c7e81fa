using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The LieDetector model of Gabel, Quax and Gavves (float32): an encoder MLP P → 512 → 256 → 128 → 64 → L
/// (LeakyReLU 0.2), a mirrored decoder, a t-network 2P → 512 → 256 → 128 → 64 → 1 on concat(x, y), and the generator
/// coefficients a (terms, a uniformly drawn unit vector); G = Σ (aᵢ/‖a‖) Dᵢ. The latent code is an s × s patch (L = s²)
/// transformed by exp(t G_s); α-matching applies the same normalised coefficients at image size as derivative operators.
/// State-dict keys <c>encoder.{i}.*</c>, <c>decoder.{i}.*</c>, <c>tnet.{i}.*</c>, <c>coefficients</c>.
/// </summary>
internal sealed class LieDetectorModel : nn.Module
{
    internal static readonly int[] HiddenWidths = [512, 256, 128, 64];
    private readonly ModuleList<Linear> encoder = new();
    private readonly ModuleList<Linear> decoder = new();
    private readonly ModuleList<Linear> tnet = new();
    private readonly Parameter coefficients;
    private readonly Tensor latentD;
    private readonly Tensor latentFields;
    private readonly Tensor imageDy;
    private readonly Tensor imageDx;
    private readonly Tensor imageFields;

    /// <summary>Builds the model for square n × n images (see the height × width constructor).</summary>
    public LieDetectorModel(int side, int latentSide, DetectorBasis basis, Generator? generator = null, Device? device = null)
        : this(side, side, latentSide, basis, generator, device)
    {
    }

    /// <summary>Builds the model with PyTorch's default Linear initialisation and a ~ N(0, 1) (by default divided by its norm), all from <paramref name="generator"/>.</summary>
    /// <param name="height">Image height H in pixels (rows).</param>
    /// <param name="width">Image width W in pixels (columns; P = H · W, images row-major).</param>
    /// <param name="latentSide">Latent patch side s (L = s²).</param>
    /// <param name="basis">Affine (6) or quadratic (12) terms.</param>
    /// <param name="generator">Seeded generator for every initial value (drawn on the CPU).</param>
    /// <param name="device">Where the model lives; the CPU by default.</param>
    /// <param name="unitRmsFields">
    /// Whether the coefficients act on unit-RMS coordinate fields (<see cref="DerivativeBasis.RmsScales"/>), on the
    /// latent patch and the image alike, rather than raw pixel units (the method's basis, and the default: unit-RMS
    /// fields did not fix the long-axis failures they were meant to, docs/reproduction.md, so the format keeps raw units).
    /// </param>
    /// <param name="unitStart">
    /// Whether a starts at a unit vector (the N(0, 1) draw divided by its norm, a uniform direction): G depends only on
    /// a/‖a‖, and from ‖a‖ = 1 an Adam step of the coefficient learning rate turns it by about that many radians, where
    /// the paper's N(0, 1) start (‖a‖ ≈ √terms) turns it 2.4–3.5× less and 160 steps did not converge (docs/reproduction.md).
    /// </param>
    public LieDetectorModel(int height, int width, int latentSide, DetectorBasis basis, Generator? generator = null, Device? device = null,
                            bool unitRmsFields = false, bool unitStart = true)
        : base(Runtime.Named(nameof(LieDetectorModel)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSide, 2);
        Height = height;
        Width = width;
        LatentSide = latentSide;
        Basis = basis;
        UnitRmsFields = unitRmsFields;
        var pixels = height * width;
        var latent = latentSide * latentSide;
        int[] down = [pixels, .. HiddenWidths, latent];
        int[] up = [.. down.Reverse()];
        int[] t = [2 * pixels, .. HiddenWidths, 1];
        using (no_grad())
        {
            foreach (var (widths, list) in new[] { (down, encoder), (up, decoder), (t, tnet) })
                for (var k = 0; k + 1 < widths.Length; k++)
                {
                    var layer = nn.Linear(widths[k], widths[k + 1]);
                    var bound = 1.0 / Math.Sqrt(widths[k]);
                    layer.weight!.uniform_(-bound, bound, generator);
                    layer.bias!.uniform_(-bound, bound, generator);
                    list.Add(device is null ? layer : layer.to(device));
                }
            var a = randn([DerivativeBasis.TermCount(basis)], generator: generator);
            if (unitStart) a = a / a.norm();
            coefficients = new Parameter(device is null ? a : a.to(device));
        }
        latentD = tensor(DerivativeBasis.Matrix(latentSide), float32, device);
        latentFields = DerivativeBasis.Fields(basis, latentSide, latentSide, unitRmsFields, device).to_type(float32);
        imageDy = tensor(DerivativeBasis.Matrix(height), float32, device);
        imageDx = tensor(DerivativeBasis.Matrix(width), float32, device);
        imageFields = DerivativeBasis.Fields(basis, height, width, unitRmsFields, device).to_type(float32);
        register_module("encoder", encoder);
        register_module("decoder", decoder);
        register_module("tnet", tnet);
        register_parameter("coefficients", coefficients);
    }

    /// <summary>Image height H (rows).</summary>
    public int Height { get; }

    /// <summary>Image width W (columns).</summary>
    public int Width { get; }

    /// <summary>Pixels per image, P = H · W.</summary>
    public int Pixels => Height * Width;

    /// <summary>Latent patch side s.</summary>
    public int LatentSide { get; }

    /// <summary>The basis of the generator.</summary>
    public DetectorBasis Basis { get; }

    /// <summary>The raw coefficients a (the parameter; the generator uses a/‖a‖).</summary>
    public Parameter Coefficients => coefficients;

    /// <summary>The parameters of the encoder, decoder and t-network (the group trained at the network learning rate).</summary>
    public IEnumerable<Parameter> NetworkParameters() =>
        encoder.parameters().Concat(decoder.parameters()).Concat(tnet.parameters());

    /// <summary>Whether the coefficients act on unit-RMS coordinate fields rather than raw pixel units.</summary>
    public bool UnitRmsFields { get; }

    /// <summary>
    /// The generator in raw pixel units at image size (the documented reporting basis of <see cref="DerivativeBasis"/>),
    /// normalised to unit norm: aᵢ / sᵢ over the image's <see cref="DerivativeBasis.RmsScales"/>, or a/‖a‖ for a
    /// raw-unit model. Float64 on the host.
    /// </summary>
    public double[] PixelCoefficients()
    {
        using var _ = no_grad();
        // Raw units: a/‖a‖ as before (normalised in float32), so results and saved reports are unchanged.
        using var a = (UnitRmsFields ? coefficients.detach() : NormalizedCoefficients()).to(ScalarType.Float64).cpu();
        var values = a.data<double>().ToArray();
        if (!UnitRmsFields) return values;
        var scales = DerivativeBasis.RmsScales(Basis, Height, Width);
        for (var i = 0; i < values.Length; i++) values[i] /= scales[i];
        var norm = Math.Sqrt(values.Sum(v => v * v));
        return norm > 0 ? values.Select(v => v / norm).ToArray() : values;
    }

    /// <summary>The <see cref="DetectorStart.Spectral"/> coefficients for <paramref name="pairs"/> (rows × 2P) in this model's basis.</summary>
    public double[] SpectralCoefficients(Tensor pairs, Action? checkpoint = null) => DetectorSpectralStart.Compute(pairs, imageDy, imageDx, imageFields, checkpoint);

    /// <summary>Sets a (terms values, in this model's basis) without recording a gradient.</summary>
    public void SetCoefficients(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != coefficients.shape[0]) throw new ArgumentException($"Expected {coefficients.shape[0]} coefficients; got {values.Length}.", nameof(values));
        using var _ = no_grad();
        using var a = tensor(values, float32, coefficients.device);
        coefficients.copy_(a);
    }

    /// <summary>a/‖a‖.</summary>
    public Tensor NormalizedCoefficients() => coefficients / coefficients.norm();

    /// <summary>rows × P → rows × L.</summary>
    public Tensor Encode(Tensor x) => Run(encoder, x);

    /// <summary>rows × L → rows × P.</summary>
    public Tensor Decode(Tensor z) => Run(decoder, z);

    /// <summary>The magnitude t of each pair: rows × P and rows × P → rows.</summary>
    public Tensor Magnitude(Tensor x, Tensor y) => Run(tnet, cat([x, y], 1)).squeeze(1);

    /// <summary>
    /// exp(t G_s) z for each row: z is rows × L, t rows; returns rows × L. G_s is shared by all rows, so this is
    /// <see cref="SharedExponential.Apply"/> (two L × L exponentials) rather than a rows × L × L batch of them.
    /// </summary>
    public Tensor TransformLatent(Tensor z, Tensor t)
    {
        using var scope = NewDisposeScope();
        return SharedExponential.Apply(LatentGenerator(), z, t).MoveToOuterDisposeScope();
    }

    /// <summary>The dense L × L latent generator G_s = Σ (aᵢ/‖a‖) Dᵢ on the s × s patch.</summary>
    public Tensor LatentGenerator() => DerivativeBasis.DenseGenerator(latentD, latentFields, NormalizedCoefficients());

    /// <summary>G x at image size (rows × P → rows × P), applied as derivative operators.</summary>
    public Tensor ApplyImageGenerator(Tensor x)
    {
        using var scope = NewDisposeScope();
        var images = x.reshape(-1, Height, Width);
        return DerivativeBasis.Apply(images, imageDy, imageDx, imageFields, NormalizedCoefficients()).reshape(-1, Pixels).MoveToOuterDisposeScope();
    }

    /// <summary>The decoded exp(tG) enc(x): rows × P.</summary>
    public Tensor Reconstruct(Tensor x, Tensor t) => Decode(TransformLatent(Encode(x), t));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            latentD.Dispose();
            latentFields.Dispose();
            imageDy.Dispose();
            imageDx.Dispose();
            imageFields.Dispose();
        }
        base.Dispose(disposing);
    }

    private static Tensor Run(ModuleList<Linear> layers, Tensor x)
    {
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = layers[k].forward(h);
            if (k + 1 < layers.Count) h = nn.functional.leaky_relu(h, 0.2);
        }
        return h;
    }
}
