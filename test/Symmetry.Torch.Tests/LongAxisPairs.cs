namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// The held-out LieDetector long-axis data of docs/reproduction.md (issue 20): used by LieDetectorAlphaMagnitudeTests
/// and, compiled in, by eng/measure (the measurement behind the table).
/// </summary>
internal static class LongAxisPairs
{
    /// <summary>Gaussian blob width σ in pixels.</summary>
    public const double BlobSigma = 1.5;

    /// <summary>
    /// Rows pairs of height × width images with two Gaussian blobs at random places, y = x with the blobs moved by
    /// t ~ U(−2, 2) pixels along x (<paramref name="alongX"/>) or y; the blobs stay ≥ 4 px from the edges, so nothing
    /// leaves the frame. Rows × 2P float32 values, x then y, each row-major.
    /// </summary>
    public static float[] Make(int height, int width, bool alongX, int rows, int seed) =>
        Make(height, width, alongX ? Motion.AlongX : Motion.AlongY, rows, seed);

    /// <summary>The motions <see cref="Make(int, int, Motion, int, int)"/> applies.</summary>
    public enum Motion
    {
        /// <summary>Translation along x (columns) by t ~ U(−2, 2) px.</summary>
        AlongX,

        /// <summary>Translation along y (rows) by t ~ U(−2, 2) px.</summary>
        AlongY,

        /// <summary>Rotation about the image centre by t ~ U(−0.15, 0.15) rad (blob centres rotate; the blobs are round).</summary>
        Rotation,

        /// <summary>Isotropic scaling about the image centre by e^t, t ~ U(−0.1, 0.1): centres and widths scale, an exact image scaling.</summary>
        Scale,
    }

    /// <summary>
    /// The true generator in the affine pixel basis (Lx, xLx, yLx, Ly, xLy, yLy; velocity u ∂ₓ + v ∂ᵧ with centred
    /// pixel coordinates), unit norm, up to sign.
    /// </summary>
    public static double[] Truth(Motion motion) => motion switch
    {
        Motion.AlongX => [1, 0, 0, 0, 0, 0],
        Motion.AlongY => [0, 0, 0, 1, 0, 0],
        Motion.Rotation => [0, 0, -Math.Sqrt(0.5), 0, Math.Sqrt(0.5), 0],
        _ => [0, Math.Sqrt(0.5), 0, 0, 0, Math.Sqrt(0.5)],
    };

    /// <summary>
    /// Rows pairs of height × width images with two Gaussian blobs (σ = <see cref="BlobSigma"/>) at random places, y = x
    /// moved by <paramref name="motion"/>; blob centres start ≥ 4 px from the edges (translations) or within the
    /// central disc of radius min(H, W)/2 − 4 (rotation, scale), so nothing leaves the frame. Rows × 2P float32, x then y.
    /// </summary>
    public static float[] Make(int height, int width, Motion motion, int rows, int seed)
    {
        var rng = new Random(seed);
        var p = height * width;
        var data = new float[rows * 2 * p];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, radius = Math.Min(height, width) / 2.0 - 4;
        for (var r = 0; r < rows; r++)
        {
            var t = motion switch { Motion.Rotation => rng.NextDouble() * 0.3 - 0.15, Motion.Scale => rng.NextDouble() * 0.2 - 0.1, _ => rng.NextDouble() * 4 - 2 };
            var blobs = Enumerable.Range(0, 2).Select(_ => Place()).ToArray();
            var moved = blobs.Select(b => Move(b.X, b.Y, t)).ToArray();
            for (var i = 0; i < height; i++)
                for (var j = 0; j < width; j++)
                {
                    double before = 0, after = 0;
                    foreach (var (bx, by) in blobs) before += Gauss(j, i, bx, by, BlobSigma);
                    foreach (var (bx, by, sigma) in moved) after += Gauss(j, i, bx, by, sigma);
                    data[r * 2 * p + i * width + j] = (float)before;
                    data[r * 2 * p + p + i * width + j] = (float)after;
                }
        }
        return data;

        (double X, double Y) Place()
        {
            if (motion is Motion.AlongX or Motion.AlongY) return (4 + rng.NextDouble() * (width - 9), 4 + rng.NextDouble() * (height - 9));
            // Uniform in the central disc.
            var rho = radius * Math.Sqrt(rng.NextDouble());
            var phi = 2 * Math.PI * rng.NextDouble();
            return (cx + rho * Math.Cos(phi), cy + rho * Math.Sin(phi));
        }

        (double X, double Y, double Sigma) Move(double x, double y, double t) => motion switch
        {
            Motion.AlongX => (x + t, y, BlobSigma),
            Motion.AlongY => (x, y + t, BlobSigma),
            Motion.Rotation => (cx + (x - cx) * Math.Cos(t) - (y - cy) * Math.Sin(t), cy + (x - cx) * Math.Sin(t) + (y - cy) * Math.Cos(t), BlobSigma),
            _ => (cx + (x - cx) * Math.Exp(t), cy + (y - cy) * Math.Exp(t), BlobSigma * Math.Exp(t)),
        };
    }

    private static double Gauss(double x, double y, double x0, double y0, double sigma) =>
        Math.Exp(-((x - x0) * (x - x0) + (y - y0) * (y - y0)) / (2 * sigma * sigma));
}
