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
    public static float[] Make(int height, int width, bool alongX, int rows, int seed)
    {
        var rng = new Random(seed);
        var p = height * width;
        var data = new float[rows * 2 * p];
        for (var r = 0; r < rows; r++)
        {
            var t = rng.NextDouble() * 4 - 2;
            var blobs = Enumerable.Range(0, 2).Select(_ => (X: 4 + rng.NextDouble() * (width - 9), Y: 4 + rng.NextDouble() * (height - 9))).ToArray();
            for (var i = 0; i < height; i++)
                for (var j = 0; j < width; j++)
                {
                    double before = 0, after = 0;
                    foreach (var (bx, by) in blobs)
                    {
                        before += Gauss(j, i, bx, by);
                        after += alongX ? Gauss(j, i, bx + t, by) : Gauss(j, i, bx, by + t);
                    }
                    data[r * 2 * p + i * width + j] = (float)before;
                    data[r * 2 * p + p + i * width + j] = (float)after;
                }
        }
        return data;
    }

    private static double Gauss(double x, double y, double x0, double y0) =>
        Math.Exp(-((x - x0) * (x - x0) + (y - y0) * (y - y0)) / (2 * BlobSigma * BlobSigma));
}
