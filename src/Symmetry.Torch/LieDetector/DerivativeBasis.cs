using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Shannon–Whittaker derivative operators on an n × n periodic grid and the basis of first-order differential
/// operators G = Σ aᵢ cᵢ(x, y) ∂ built from them (Gabel, Quax, Gavves, Equation 10). Images are row-major n × n with
/// the row index as y and the column index as x; coordinates are in pixels, centred: x_j = j − (n − 1)/2. A generator
/// is applied as u ⊙ ∂ₓf + v ⊙ ∂ᵧf with ∂ₓf = f Dᵀ and ∂ᵧf = D f (two n × n matrix products per image), never as
/// an n² × n² matrix; <see cref="DenseGenerator"/> builds that matrix only for small (latent) grids.
/// </summary>
internal static class DerivativeBasis
{
    private static readonly string[] Names = ["Lx", "xLx", "yLx", "Ly", "xLy", "yLy", "x^2Lx", "xyLx", "y^2Lx", "x^2Ly", "xyLy", "y^2Ly"];

    /// <summary>Number of terms of <paramref name="basis"/> (6 or 12).</summary>
    public static int TermCount(DetectorBasis basis) => basis switch
    {
        DetectorBasis.Affine => 6,
        DetectorBasis.Quadratic => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Unknown basis."),
    };

    /// <summary>The term names of <paramref name="basis"/>, in coefficient order (e.g. "Lx", "xLx", …, "y^2Ly").</summary>
    public static IReadOnlyList<string> TermNames(DetectorBasis basis) => Names[..TermCount(basis)];

    /// <summary>
    /// The n × n derivative matrix of the periodic Shannon–Whittaker (trigonometric) interpolant of n samples:
    /// D[i, j] = −(1/n) Σₚ (2πp/n) sin(2πp(i − j)/n), p = −K … K, with K = (n − 1)/2 for odd n and n/2 − 1 for even
    /// n (the Nyquist mode is dropped, as in the paper's L₀). It differentiates sin/cos of frequency ≤ K exactly.
    /// </summary>
    public static double[,] Matrix(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        var k = n % 2 == 1 ? (n - 1) / 2 : n / 2 - 1;
        var d = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 1; p <= k; p++) s += 2 * (2 * Math.PI * p / n) * Math.Sin(2 * Math.PI * p * (i - j) / n);
                d[i, j] = -s / n;
            }
        return d;
    }

    /// <summary>The coordinate fields of the terms on an n × n grid (see <see cref="Fields(DetectorBasis, int, int, Device?)"/>).</summary>
    public static Tensor Fields(DetectorBasis basis, int n, Device? device = null) => Fields(basis, n, n, device);

    /// <summary>
    /// The coordinate fields of the terms on a height × width grid: a terms × 2 × height × width float64 tensor whose
    /// [t, 0] is the coefficient of ∂ₓ and [t, 1] that of ∂ᵧ in term t (e.g. xLy: [t, 0] = 0, [t, 1] = x), with pixel
    /// coordinates x_j = j − (width − 1)/2 and y_i = i − (height − 1)/2.
    /// </summary>
    public static Tensor Fields(DetectorBasis basis, int height, int width, Device? device = null) => Fields(basis, height, width, unitRms: false, device);

    /// <summary>
    /// The coordinate fields of <see cref="Fields(DetectorBasis, int, int, Device?)"/>, each divided by its
    /// <see cref="RmsScales"/> when <paramref name="unitRms"/>: then every term moves the pixels by 1 pixel per unit
    /// coefficient in the root mean square over the grid, whatever the grid's size or aspect. In raw pixel units a
    /// stretch term (xLx) on a 36-pixel axis is ~10× (RMS) and up to 17.5× (edge) the translation term: the suspected
    /// cause of translations found as stretches on long axes, which measurement did not confirm (docs/reproduction.md,
    /// "LieDetector on long image axes"), so the method keeps raw units and this serves the measurement.
    /// </summary>
    public static Tensor Fields(DetectorBasis basis, int height, int width, bool unitRms, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        var terms = TermCount(basis);
        var values = new double[terms * 2 * height * width];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (var i = 0; i < height; i++)
            for (var j = 0; j < width; j++)
            {
                double x = j - cx, y = i - cy;
                double[] monomials = [1, x, y, x * x, x * y, y * y];
                for (var t = 0; t < terms; t++)
                {
                    // Affine: t 0..2 → ∂ₓ with 1, x, y; t 3..5 → ∂ᵧ. Quadratic: t 6..8 → ∂ₓ with x², xy, y²; 9..11 → ∂ᵧ.
                    var (axis, m) = t < 6 ? (t / 3, t % 3) : ((t - 6) / 3, 3 + (t - 6) % 3);
                    values[((t * 2 + axis) * height + i) * width + j] = monomials[m];
                }
            }
        if (unitRms)
        {
            var scales = RmsScales(basis, height, width);
            var block = 2 * height * width;
            for (var t = 0; t < terms; t++)
                for (var k = 0; k < block; k++) values[t * block + k] /= scales[t];
        }
        return tensor(values, [terms, 2, height, width], float64, device);
    }

    /// <summary>
    /// The root mean square over a height × width grid of each term's coordinate monomial (1 for Lx and Ly): the
    /// factor between a coefficient in the unit-RMS basis and one in raw pixel units, a_pixel = a_unit / scale.
    /// </summary>
    public static double[] RmsScales(DetectorBasis basis, int height, int width)
    {
        var terms = TermCount(basis);
        var sums = new double[6];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (var i = 0; i < height; i++)
            for (var j = 0; j < width; j++)
            {
                double x = j - cx, y = i - cy;
                double[] monomials = [1, x, y, x * x, x * y, y * y];
                for (var m = 0; m < 6; m++) sums[m] += monomials[m] * monomials[m];
            }
        var scales = new double[terms];
        for (var t = 0; t < terms; t++)
        {
            var m = t < 6 ? t % 3 : 3 + (t - 6) % 3;
            scales[t] = Math.Sqrt(sums[m] / (height * width));
        }
        return scales;
    }

    /// <summary>Applies G = Σ aₜ Dₜ to square images (see <see cref="Apply(Tensor, Tensor, Tensor, Tensor, Tensor)"/> with dᵧ = dₓ = <paramref name="d"/>).</summary>
    public static Tensor Apply(Tensor images, Tensor d, Tensor fields, Tensor coefficients) => Apply(images, d, d, fields, coefficients);

    /// <summary>
    /// Applies G = Σ aₜ Dₜ to images: <paramref name="images"/> is batch × H × W, <paramref name="dy"/> the H × H and
    /// <paramref name="dx"/> the W × W derivative matrices, <paramref name="fields"/> the terms × 2 × H × W coordinate
    /// fields (all of one dtype and device) and <paramref name="coefficients"/> the terms coefficients. Returns
    /// batch × H × W; memory is O(batch · H · W) (no (HW) × (HW) operator is formed).
    /// </summary>
    public static Tensor Apply(Tensor images, Tensor dy, Tensor dx, Tensor fields, Tensor coefficients)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(dx);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(coefficients);
        using var scope = NewDisposeScope();
        var velocity = einsum("t,tauv->auv", coefficients, fields);         // 2 × H × W: u (∂ₓ) and v (∂ᵧ)
        var ddx = images.matmul(dx.t());                                     // ∂ₓ: along columns
        var ddy = dy.matmul(images);                                         // ∂ᵧ: along rows
        return (velocity[0] * ddx + velocity[1] * ddy).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The dense n² × n² matrix of G = Σ aₜ Dₜ acting on row-major flattened n × n images (for small grids such as
    /// the latent patch, where exp(tG) is taken): G = diag(u)(I ⊗ D) + diag(v)(D ⊗ I).
    /// </summary>
    public static Tensor DenseGenerator(Tensor d, Tensor fields, Tensor coefficients)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(coefficients);
        using var scope = NewDisposeScope();
        var n = d.shape[0];
        var eye = torch.eye(n, dtype: d.dtype, device: d.device);
        var velocity = einsum("t,tauv->auv", coefficients, fields).reshape(2, n * n, 1);
        var gx = kron(eye, d);
        var gy = kron(d, eye);
        return (velocity[0] * gx + velocity[1] * gy).MoveToOuterDisposeScope();
    }
}
