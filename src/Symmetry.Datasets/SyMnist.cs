using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry;

/// <summary>The one-parameter transformation groups of SyMNIST (Gabel, Quax, Gavves).</summary>
/// <remarks>
/// All act on normalised canvas coordinates (x right, y up, both in [−1, 1] at the canvas edges, as
/// <c>affine_grid</c> with <c>align_corners = false</c>), about the canvas centre. The image is transported:
/// (T_t I)(p) = I(g_−t(p)).
/// </remarks>
public enum SyMnistTransformation
{
    /// <summary>Counter-clockwise rotation by t radians: generator (−y, x).</summary>
    Rotation,
    /// <summary>Shift right by t pixels: generator (2/W, 0).</summary>
    TranslationX,
    /// <summary>Shift up by t pixels: generator (0, 2/H).</summary>
    TranslationY,
    /// <summary>Isotropic scaling by the factor e^t: generator (x, y).</summary>
    Scale,
    /// <summary>Horizontal shear x → x + t y: generator (y, 0).</summary>
    Shear,
    /// <summary>Special conformal transformation with b = (t, 0): x → (x − b x²)/(1 − 2 b·x + b² x²); generator (x² − y², 2xy).</summary>
    SpecialConformalX,
    /// <summary>Special conformal transformation with b = (0, t): generator (2xy, y² − x²).</summary>
    SpecialConformalY,
}

/// <summary>Distribution of the transformation magnitude t of SyMNIST pairs.</summary>
public abstract class MagnitudeDistribution
{
    /// <summary>Draws one magnitude.</summary>
    /// <param name="rng">The random source.</param>
    internal abstract double Sample(SymmetryRandom rng);

    /// <summary>Uniform on [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound (&gt; min).</param>
    public static MagnitudeDistribution Uniform(double min, double max) => new UniformMagnitude(min, max);

    /// <summary>Categorical (multi-modal): one of <paramref name="values"/> with probabilities ∝ <paramref name="weights"/> (equal by default).</summary>
    /// <param name="values">The possible magnitudes.</param>
    /// <param name="weights">Non-negative weights, same length, or null for equal weights.</param>
    public static MagnitudeDistribution Categorical(IReadOnlyList<double> values, IReadOnlyList<double>? weights = null) => new CategoricalMagnitude(values, weights);

    /// <summary>Normal N(<paramref name="mean"/>, <paramref name="std"/>²) (the SCT magnitudes of the LiePaper repository).</summary>
    /// <param name="mean">Mean.</param>
    /// <param name="std">Standard deviation (&gt; 0).</param>
    public static MagnitudeDistribution Normal(double mean, double std) => new NormalMagnitude(mean, std);

    private sealed class UniformMagnitude : MagnitudeDistribution
    {
        private readonly double _min, _max;
        public UniformMagnitude(double min, double max)
        {
            if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"Uniform magnitudes need finite min < max (got {min}, {max}).");
            _min = min; _max = max;
        }
        internal override double Sample(SymmetryRandom rng) => rng.NextDouble(_min, _max);
        public override string ToString() => FormattableString.Invariant($"Uniform({_min}, {_max})");
    }

    private sealed class CategoricalMagnitude : MagnitudeDistribution
    {
        private readonly double[] _values, _cdf;
        public CategoricalMagnitude(IReadOnlyList<double> values, IReadOnlyList<double>? weights)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Count == 0) throw new ArgumentException("A categorical distribution needs at least one value.", nameof(values));
            if (weights is not null && weights.Count != values.Count) throw new ArgumentException("Weights and values must have the same length.", nameof(weights));
            _values = [.. values];
            int bad = Array.FindIndex(_values, v => !double.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"Magnitudes must be finite; values[{bad}] is {_values[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(values));
            _cdf = new double[values.Count];
            double acc = 0;
            for (int i = 0; i < values.Count; i++)
            {
                double w = weights?[i] ?? 1;
                if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException("Weights must be finite and non-negative.", nameof(weights));
                acc += w;
                _cdf[i] = acc;
            }
            if (!(acc > 0)) throw new ArgumentException("Weights must not all be zero.", nameof(weights));
            for (int i = 0; i < _cdf.Length; i++) _cdf[i] /= acc;
        }
        internal override double Sample(SymmetryRandom rng)
        {
            double u = rng.NextDouble();
            for (int i = 0; i < _cdf.Length; i++) if (u < _cdf[i]) return _values[i];
            return _values[^1];
        }
        public override string ToString() => $"Categorical({string.Join(", ", _values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
    }

    private sealed class NormalMagnitude : MagnitudeDistribution
    {
        private readonly double _mean, _std;
        public NormalMagnitude(double mean, double std)
        {
            Check.Finite(mean, nameof(mean));
            Check.Positive(std, nameof(std));
            _mean = mean; _std = std;
        }
        internal override double Sample(SymmetryRandom rng) => _mean + _std * rng.NextGaussian();
        public override string ToString() => FormattableString.Invariant($"Normal({_mean}, {_std})");
    }
}

/// <summary>
/// SyMNIST's image transformations, sampled in batches by <c>torch.nn.functional.grid_sample</c> (bilinear, zero
/// padding, <c>align_corners = false</c>) on sampling grids from <c>affine_grid</c> (rotation, translation, scale,
/// shear) or built with tensor ops from the closed form (special conformal, which is not affine).
/// </summary>
/// <remarks>
/// Conventions (those of <c>affine_grid</c>/<c>grid_sample</c> with <c>align_corners = false</c>): normalised
/// coordinates are ±1 at the outer edges of the border pixels, so the centre of pixel (row i, column j) of a W×H
/// image is x = (2j + 1)/W − 1 (right), y = 1 − (2i + 1)/H (up; torch's grid y = −y points down). The image is
/// transported, (T_t I)(p) = I(g_−t(p)): the output at pixel centre p is the bilinear interpolation of the input at
/// g_−t(p) between the four surrounding pixel centres, with zeros outside the image. Grids and sampling are float64;
/// results are stored as float32.
/// </remarks>
internal static class ImageTransforms
{
    /// <summary>Maps a point by the group element g_t of <paramref name="transformation"/>.</summary>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="t">Magnitude.</param>
    /// <param name="x">Normalised x (right).</param>
    /// <param name="y">Normalised y (up).</param>
    /// <param name="width">Canvas width in pixels (for translations).</param>
    /// <param name="height">Canvas height in pixels (for translations).</param>
    public static (double X, double Y) Map(SyMnistTransformation transformation, double t, double x, double y, int width, int height)
    {
        switch (transformation)
        {
            case SyMnistTransformation.Rotation:
            {
                double c = Math.Cos(t), s = Math.Sin(t);
                return (c * x - s * y, s * x + c * y);
            }
            case SyMnistTransformation.TranslationX: return (x + 2 * t / width, y);
            case SyMnistTransformation.TranslationY: return (x, y + 2 * t / height);
            case SyMnistTransformation.Scale: { double k = Math.Exp(t); return (k * x, k * y); }
            case SyMnistTransformation.Shear: return (x + t * y, y);
            case SyMnistTransformation.SpecialConformalX: return Sct(x, y, t, 0);
            case SyMnistTransformation.SpecialConformalY: return Sct(x, y, 0, t);
            default: throw new ArgumentOutOfRangeException(nameof(transformation), transformation, "Unknown transformation.");
        }
    }

    /// <summary>Special conformal transformation x' = (x − b x²)/(1 − 2 b·x + b² x²) (Di Francesco et al., Conformal Field Theory, Eq. 4.14).</summary>
    /// <param name="x">x.</param>
    /// <param name="y">y.</param>
    /// <param name="bx">b_x.</param>
    /// <param name="by">b_y.</param>
    public static (double X, double Y) Sct(double x, double y, double bx, double by)
    {
        double r2 = x * x + y * y, bdot = bx * x + by * y, b2 = bx * bx + by * by;
        double den = 1 - 2 * bdot + b2 * r2;
        return ((x - bx * r2) / den, (y - by * r2) / den);
    }

    /// <summary>The generator of <paramref name="transformation"/> as a planar vector field (see <see cref="SymmetryGenerator"/>).</summary>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="width">Canvas width in pixels.</param>
    /// <param name="height">Canvas height in pixels.</param>
    public static SymmetryGenerator Generator(SyMnistTransformation transformation, int width, int height)
    {
        var a = new double[12];   // (1, x, y, x², xy, y²) for v_x, then for v_y
        switch (transformation)
        {
            case SyMnistTransformation.Rotation: a[2] = -1; a[7] = 1; break;
            case SyMnistTransformation.TranslationX: a[0] = 2.0 / width; break;
            case SyMnistTransformation.TranslationY: a[6] = 2.0 / height; break;
            case SyMnistTransformation.Scale: a[1] = 1; a[8] = 1; break;
            case SyMnistTransformation.Shear: a[2] = 1; break;
            case SyMnistTransformation.SpecialConformalX: a[3] = 1; a[5] = -1; a[10] = 2; break;
            case SyMnistTransformation.SpecialConformalY: a[4] = 2; a[9] = -1; a[11] = 1; break;
            default: throw new ArgumentOutOfRangeException(nameof(transformation), transformation, "Unknown transformation.");
        }
        return new SymmetryGenerator(transformation.ToString(), a, SymmetryKind.Transformation, "normalised canvas coordinates (x right, y up, ±1 at the edges)");
    }

    /// <summary>
    /// The affine map g_t as a 2×3 matrix [A | b] on (x, y up): g_t(p) = A p + b. Throws for the special conformal
    /// transformations, which are not affine.
    /// </summary>
    /// <param name="transformation">An affine one-parameter group (rotation, translations, scale, shear).</param>
    /// <param name="t">Magnitude.</param>
    /// <param name="width">Canvas width in pixels (for translations).</param>
    /// <param name="height">Canvas height in pixels (for translations).</param>
    public static double[,] AffineMatrix(SyMnistTransformation transformation, double t, int width, int height)
    {
        switch (transformation)
        {
            case SyMnistTransformation.Rotation:
            {
                double c = Math.Cos(t), s = Math.Sin(t);
                return new[,] { { c, -s, 0 }, { s, c, 0 } };
            }
            case SyMnistTransformation.TranslationX: return new[,] { { 1, 0, 2 * t / width }, { 0, 1, 0 } };
            case SyMnistTransformation.TranslationY: return new[,] { { 1, 0, 0 }, { 0, 1, 2 * t / height } };
            case SyMnistTransformation.Scale: { double k = Math.Exp(t); return new[,] { { k, 0, 0 }, { 0, k, 0 } }; }
            case SyMnistTransformation.Shear: return new[,] { { 1, t, 0 }, { 0, 1, 0 } };
            case SyMnistTransformation.SpecialConformalX or SyMnistTransformation.SpecialConformalY:
                throw new ArgumentException($"{transformation} is not affine; use SamplingGrid.", nameof(transformation));
            default: throw new ArgumentOutOfRangeException(nameof(transformation), transformation, "Unknown transformation.");
        }
    }

    /// <summary>
    /// The sampling grid of T_t for each magnitude: (N, H, W, 2) float64 on <paramref name="device"/>, holding torch's
    /// normalised (x, y down) source location g_−t(p) of every output pixel centre p, for
    /// <c>grid_sample(..., align_corners: false)</c>. Affine groups go through <c>affine_grid</c>; the special conformal
    /// transformation x → (x − b r²)/(1 − 2 b·x + b² r²) is evaluated with tensor ops (points it sends to infinity
    /// are moved outside the image, where zero padding applies). Created in the caller's dispose scope.
    /// </summary>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="magnitudes">t of each batch member.</param>
    /// <param name="width">Canvas width W.</param>
    /// <param name="height">Canvas height H.</param>
    /// <param name="device">Where the grid is created (null: CPU).</param>
    public static torch.Tensor SamplingGrid(SyMnistTransformation transformation, ReadOnlySpan<double> magnitudes, int width, int height, torch.Device? device = null)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "The canvas must be at least 1×1.");
        if (magnitudes.Length == 0) throw new ArgumentException("At least one magnitude is needed.", nameof(magnitudes));
        TorchRuntime.EnsureAvailable();
        var dev = device ?? torch.CPU;
        int n = magnitudes.Length;
        torch.Tensor grid;
        using (var scope = torch.NewDisposeScope())
        {
            if (transformation is SyMnistTransformation.SpecialConformalX or SyMnistTransformation.SpecialConformalY)
            {
                // Pixel centres (align_corners = false), y up; g_−t is the SCT with b = −t ê.
                var x = ((torch.arange(width, torch.float64, dev) * 2.0 + 1.0) / width - 1.0).view(1, 1, width);
                var y = (1.0 - (torch.arange(height, torch.float64, dev) * 2.0 + 1.0) / height).view(1, height, 1);
                var b = torch.tensor(magnitudes.ToArray(), [n, 1, 1], torch.float64, dev).neg();
                var zero = torch.zeros([n, 1, 1], torch.float64, dev);
                var (bx, by) = transformation == SyMnistTransformation.SpecialConformalX ? (b, zero) : (zero, b);
                var r2 = x * x + y * y;
                var den = 1.0 - (bx * x + by * y) * 2.0 + (bx * bx + by * by) * r2;
                var sx = (x - bx * r2) / den;
                var sy = (y - by * r2) / den;
                // A non-finite or far-away source reads zero padding, as a point beyond ±2 does.
                var far = torch.full([], 4.0, torch.float64, dev);
                sx = sx.where(sx.isfinite(), far).clamp(-4.0, 4.0);
                sy = sy.where(sy.isfinite(), far).clamp(-4.0, 4.0);
                grid = torch.stack([sx, sy.neg()], -1);
            }
            else
            {
                // theta maps torch's (x, y down) output coordinates to input ones: S A S and S b with S = diag(1, −1).
                var theta = new double[n * 6];
                for (int k = 0; k < n; k++)
                {
                    var m = AffineMatrix(transformation, -magnitudes[k], width, height);
                    theta[k * 6 + 0] = m[0, 0]; theta[k * 6 + 1] = -m[0, 1]; theta[k * 6 + 2] = m[0, 2];
                    theta[k * 6 + 3] = -m[1, 0]; theta[k * 6 + 4] = m[1, 1]; theta[k * 6 + 5] = -m[1, 2];
                }
                var th = torch.tensor(theta, [n, 2, 3], torch.float64, dev);
                grid = torch.nn.functional.affine_grid(th, [n, 1, height, width], align_corners: false);
            }
            grid = scope.MoveToOuter(grid);
        }
        return grid;
    }

    /// <summary>
    /// Transforms a batch: images (N, C, H, W) (float32 or float64, any device) → T_t(images) of the same shape and
    /// dtype, by <c>grid_sample</c> (bilinear, zeros, align_corners = false) on <see cref="SamplingGrid"/>, computed in
    /// float64. Created in the caller's dispose scope.
    /// </summary>
    /// <param name="images">(N, C, H, W) images.</param>
    /// <param name="magnitudes">t per image (length N).</param>
    /// <param name="transformation">The one-parameter group.</param>
    public static torch.Tensor Transform(torch.Tensor images, ReadOnlySpan<double> magnitudes, SyMnistTransformation transformation)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4) throw new ArgumentException($"Images must be (N, C, H, W); got {images.ndim} dims.", nameof(images));
        var shape = images.shape;
        if (shape[0] != magnitudes.Length) throw new ArgumentException($"{shape[0]} images but {magnitudes.Length} magnitudes.", nameof(magnitudes));
        TorchRuntime.EnsureAvailable();
        torch.Tensor result;
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var grid = SamplingGrid(transformation, magnitudes, (int)shape[3], (int)shape[2], images.device);
            var sampled = torch.nn.functional.grid_sample(images.to(torch.float64), grid, torch.GridSampleMode.Bilinear,
                torch.GridSamplePaddingMode.Zeros, align_corners: false);
            result = scope.MoveToOuter(sampled.to(images.dtype));
        }
        return result;
    }

    /// <summary>Transforms one image: output = T_t(source) (see <see cref="Transform"/>).</summary>
    /// <param name="source">Source image, row-major, <paramref name="height"/> × <paramref name="width"/>.</param>
    /// <param name="output">Destination of the same size.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="t">Magnitude.</param>
    public static void Apply(ReadOnlySpan<float> source, Span<float> output, int width, int height, SyMnistTransformation transformation, double t) =>
        Apply(source, [t], output, width, height, transformation);

    /// <summary>
    /// Transforms a batch of row-major images laid end to end (N = <paramref name="magnitudes"/>.Length), in batches of
    /// <paramref name="batchSize"/> on <paramref name="device"/> (see <see cref="Transform"/>).
    /// </summary>
    /// <param name="sources">N images of <paramref name="height"/> × <paramref name="width"/>, row-major.</param>
    /// <param name="magnitudes">t per image.</param>
    /// <param name="outputs">Destination, same size as <paramref name="sources"/> (may not overlap it).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="device">Where the sampling runs (null: CPU).</param>
    /// <param name="batchSize">Images per <c>grid_sample</c> call.</param>
    public static void Apply(ReadOnlySpan<float> sources, ReadOnlySpan<double> magnitudes, Span<float> outputs, int width, int height,
        SyMnistTransformation transformation, torch.Device? device = null, int batchSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int size = width * height, n = magnitudes.Length;
        if (sources.Length != (long)n * size || outputs.Length != (long)n * size)
            throw new ArgumentException($"Sources and outputs must hold {n} images of {width}×{height} values.");
        TorchRuntime.EnsureAvailable();
        var dev = device ?? torch.CPU;
        for (int first = 0; first < n; first += batchSize)
        {
            int count = Math.Min(batchSize, n - first);
            using var scope = torch.NewDisposeScope();
            var input = TensorSpans.FromSpan(sources.Slice(first * size, count * size), [count, 1, height, width], dev);
            Transform(input, magnitudes.Slice(first, count), transformation).cpu().contiguous().CopyTo(outputs.Slice(first * size, count * size));
        }
    }
}

/// <summary>Array generator for SyMNIST pairs (Gabel, Quax, Gavves).</summary>
internal static class SyMnistData
{
    public static MagnitudeDistribution DefaultDistribution(SyMnistTransformation tr) => tr switch
    {
        SyMnistTransformation.Rotation => MagnitudeDistribution.Uniform(-Math.PI / 4, Math.PI / 4),
        SyMnistTransformation.TranslationX or SyMnistTransformation.TranslationY => MagnitudeDistribution.Uniform(-3, 3),
        SyMnistTransformation.Scale => MagnitudeDistribution.Uniform(-0.4, 0.4),
        SyMnistTransformation.Shear => MagnitudeDistribution.Uniform(-0.5, 0.5),
        _ => MagnitudeDistribution.Uniform(-0.3, 0.3),
    };

    public static DatasetTable Generate(float[] images, float[] labels, int side, int count, SyMnistTransformation transformation,
        MagnitudeDistribution? distribution, int canvasSize, bool super, long seed, string imageSource, torch.Device? device = null)
    {
        Check.Count(count);
        if (canvasSize < side) throw new ArgumentOutOfRangeException(nameof(canvasSize), canvasSize, $"'canvasSize' must be at least the image side {side}.");
        Check.ArraySize((long)count * canvasSize * canvasSize, nameof(count), "'count' × 'canvasSize'²");
        var dist = distribution ?? DefaultDistribution(transformation);
        int n = labels.Length, c = canvasSize, size = c * c, off = (c - side) / 2;
        var rng = new SymmetryRandom(seed);
        var order = rng.Permutation(n);
        var byLabel = new Dictionary<float, List<int>>();
        for (int i = 0; i < n; i++)
        {
            if (!byLabel.TryGetValue(labels[i], out var list)) byLabel[labels[i]] = list = [];
            list.Add(i);
        }
        var src = new float[count * size];
        var dst = new float[count * size];
        var mag = new float[count];
        var lab = new float[count];
        var partner = new float[count];
        // The images to transform, a batch of Apply's at a time (the same batches as transforming all at once, so the
        // same pixels; a canvas for every pair would be as large as the sources).
        const int batch = 1024;
        var partnerCanvas = new float[Math.Min(count, batch) * size];
        var magnitudes = new double[count];
        for (int k = 0; k < count; k++)
        {
            int a = order[k % n];
            int b = a;
            if (super)
            {
                var same = byLabel[labels[a]];
                if (same.Count > 1) do { b = same[rng.NextInt(same.Count)]; } while (b == a);
            }
            double t = dist.Sample(rng);
            Place(images, a, side, c, off, src.AsSpan(k * size, size));
            Place(images, b, side, c, off, partnerCanvas.AsSpan(k % batch * size, size));
            magnitudes[k] = t;
            mag[k] = (float)t;
            lab[k] = labels[a];
            partner[k] = b;
            if (k % batch == batch - 1 || k == count - 1)
            {
                int first = k - k % batch, m = k - first + 1;
                ImageTransforms.Apply(partnerCanvas.AsSpan(0, m * size), magnitudes.AsSpan(first, m), dst.AsSpan(first * size, m * size), c, c, transformation, device, batch);
            }
        }
        var gen = ImageTransforms.Generator(transformation, c, c);
        var info = new DatasetInfo(
            "symnist",
            $"{(super ? "SuperSyMNIST" : "SyMNIST")}: pairs (x, T_t x{(super ? "′ with x′ another digit of the same class" : "")}) of {imageSource} digits on a {c}×{c} canvas, " +
            $"T_t = {transformation} with t ~ {dist}; grid_sample: bilinear, zero padding, align_corners = false. " +
            "Features = Source = x, Target = transformed image, Magnitude = t, Label = digit class.",
            "A. Gabel, R. Quax, E. Gavves, \"Type-II neural symmetry detection with Lie theory\", Sci. Rep. (2025); alexgabel/LiePaper data_loader",
            ["pixel[row,col]"], ["1"],
            intrinsicDimension: -1, embeddingDimension: size,
            generators: [gen],
            referenceValues: new Dictionary<string, double> { ["CanvasSize"] = c, ["Count"] = count, ["Super"] = super ? 1 : 0 },
            parameters: Geometry.Params(("count", count), ("transformation", transformation.ToString()), ("distribution", dist.ToString() ?? ""),
                ("canvasSize", c), ("super", super), ("seed", seed), ("images", imageSource)));
        var feat = DatasetColumn.Vector("Features", src, size);
        return new DatasetTable(info, count,
        [
            feat,
            feat.Alias("Source"),
            DatasetColumn.Vector("Target", dst, size),
            DatasetColumn.Scalar("Magnitude", mag),
            DatasetColumn.Scalar("Label", lab),
            DatasetColumn.Scalar("PartnerIndex", partner),
        ]);
    }

    private static void Place(float[] images, int index, int side, int canvas, int off, Span<float> dest)
    {
        dest.Clear();
        for (int r = 0; r < side; r++)
            images.AsSpan((index * side + r) * side, side).CopyTo(dest.Slice((r + off) * canvas + off, side));
    }
}
