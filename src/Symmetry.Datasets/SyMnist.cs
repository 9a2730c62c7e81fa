namespace Symmetry.Datasets;

/// <summary>The one-parameter transformation groups of SyMNIST (Gabel, Quax, Gavves, paper 003).</summary>
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
    public abstract double Sample(SymmetryRandom rng);

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
        public override double Sample(SymmetryRandom rng) => rng.NextDouble(_min, _max);
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
        public override double Sample(SymmetryRandom rng)
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
            Check.Positive(std, nameof(std));
            _mean = mean; _std = std;
        }
        public override double Sample(SymmetryRandom rng) => _mean + _std * rng.NextGaussian();
        public override string ToString() => FormattableString.Invariant($"Normal({_mean}, {_std})");
    }
}

/// <summary>
/// Image transformations with the semantics of PyTorch's <c>affine_grid</c> + <c>grid_sample</c>
/// (<c>mode = "bilinear"</c>, <c>padding_mode = "zeros"</c>, <c>align_corners = false</c>): output pixel centre
/// (i, j) has normalised coordinates x = (2j + 1)/W − 1, y = 1 − (2i + 1)/H; its value is the bilinear
/// interpolation of the source at g_−t(x, y), zero outside the image.
/// </summary>
public static class ImageTransforms
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

    /// <summary>Transforms one image: output = T_t(source) with bilinear sampling and zero padding.</summary>
    /// <param name="source">Source image, row-major, <paramref name="height"/> × <paramref name="width"/>.</param>
    /// <param name="output">Destination of the same size.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="t">Magnitude.</param>
    public static void Apply(ReadOnlySpan<float> source, Span<float> output, int width, int height, SyMnistTransformation transformation, double t)
    {
        if (source.Length != width * height || output.Length != width * height)
            throw new ArgumentException($"Images must hold {width}×{height} values.");
        for (int i = 0; i < height; i++)
            for (int j = 0; j < width; j++)
            {
                double x = (2.0 * j + 1) / width - 1, y = 1 - (2.0 * i + 1) / height;
                var (xs, ys) = Map(transformation, -t, x, y, width, height);
                output[i * width + j] = (float)Bilinear(source, width, height, xs, ys);
            }
    }

    /// <summary>Bilinear value of an image at normalised (x right, y up), zero outside (grid_sample, align_corners = false).</summary>
    /// <param name="image">Row-major image.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="x">Normalised x.</param>
    /// <param name="y">Normalised y (up).</param>
    public static double Bilinear(ReadOnlySpan<float> image, int width, int height, double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y)) return 0;
        double px = ((x + 1) * width - 1) / 2, py = ((1 - y) * height - 1) / 2;   // pixel coordinates (column, row)
        double fx = Math.Floor(px), fy = Math.Floor(py);
        if (fx < -1 || fy < -1 || fx > width || fy > height) return 0;
        int x0 = (int)fx, y0 = (int)fy;
        double wx = px - fx, wy = py - fy;
        double v = 0;
        for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
            {
                int xx = x0 + dx, yy = y0 + dy;
                if ((uint)xx >= (uint)width || (uint)yy >= (uint)height) continue;
                double w = (dx == 1 ? wx : 1 - wx) * (dy == 1 ? wy : 1 - wy);
                v += w * image[yy * width + xx];
            }
        return v;
    }
}

/// <summary>Array generator for SyMNIST pairs (paper 003).</summary>
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
        MagnitudeDistribution? distribution, int canvasSize, bool super, long seed, string imageSource)
    {
        Check.Count(count);
        if (canvasSize < side) throw new ArgumentOutOfRangeException(nameof(canvasSize), canvasSize, $"'canvasSize' must be at least the image side {side}.");
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
        var canvas = new float[size];
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
            Place(images, b, side, c, off, canvas);
            ImageTransforms.Apply(canvas, dst.AsSpan(k * size, size), c, c, transformation, t);
            mag[k] = (float)t;
            lab[k] = labels[a];
            partner[k] = b;
        }
        var gen = ImageTransforms.Generator(transformation, c, c);
        var info = new DatasetInfo(
            "symnist",
            $"{(super ? "SuperSyMNIST" : "SyMNIST")}: pairs (x, T_t x{(super ? "′ with x′ another digit of the same class" : "")}) of {imageSource} digits on a {c}×{c} canvas, " +
            $"T_t = {transformation} with t ~ {dist}; bilinear sampling with zero padding (grid_sample semantics, align_corners = false). " +
            "Features = Source = x, Target = transformed image, Magnitude = t, Label = digit class.",
            "A. Gabel, R. Quax, E. Gavves, \"Type-II neural symmetry detection with Lie theory\", Sci. Rep. (2025) (paper 003); alexgabel/LiePaper data_loader",
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
