using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// Issue 20, item 3: the spectral start of the LieDetector generator (<see cref="DetectorSpectralStart"/>) and what it
/// fixes: translations along long image axes, and beyond them rotations on non-square images, found on the seeds where
/// a random start fell into a translation–stretch mixture (docs/reproduction.md, "LieDetector on long image axes").
/// </summary>
[TestClass]
public sealed class LieDetectorSpectralStartTests
{
    private const int Height = 12, Width = 16, Pixels = Height * Width;

    [TestMethod]
    public void ExactFirstOrderPairsOfOneImageGiveTheirGenerator()
    {
        // y = x + t G₀x for one image x: every pair's operator matrix Bₚ is the same, so the ratio of sums is the
        // per-pair objective and its maximiser is G₀ exactly.
        using var scope = NewDisposeScope();
        using var model = new LieDetectorModel(Height, Width, 3, DetectorBasis.Affine, new Generator(1));
        var truth = Unit([0.3, -0.5, 0.2, 0.7, 0.1, -0.4]);
        var pairs = FirstOrderPairs(model, truth, rows: 16);
        var found = model.SpectralCoefficients(pairs);
        // float32 operators: directions agree to ~1e-6; 1e-5 leaves room for the summation order.
        Assert.AreEqual(1, Math.Abs(Dot(found, truth)), 1e-5);
        Assert.AreEqual(1, Math.Sqrt(Dot(found, found)), 1e-12, "The start is a unit vector.");
        Assert.IsGreaterThan(0, found.MaxBy(Math.Abs), "The sign makes the largest coefficient positive.");
    }

    [TestMethod]
    public void TheStartDoesNotDependOnHowTheTermsAreScaled()
    {
        // The generalised eigenvector is covariant under a rescaling of the basis: unit-RMS fields give the same G.
        using var scope = NewDisposeScope();
        using var raw = new LieDetectorModel(Height, Width, 3, DetectorBasis.Affine, new Generator(1));
        using var scaled = new LieDetectorModel(Height, Width, 3, DetectorBasis.Affine, new Generator(1), unitRmsFields: true);
        // Pairs that are not exactly first order (moved blobs) so that the answer is not trivially the truth.
        var pairs = tensor(LongAxisPairs.Make(Height, Width, LongAxisPairs.Motion.Rotation, rows: 64, seed: 3), [64, 2 * Pixels]);
        var inRaw = raw.SpectralCoefficients(pairs);
        var scales = DerivativeBasis.RmsScales(DetectorBasis.Affine, Height, Width);
        var inScaled = Unit(scaled.SpectralCoefficients(pairs).Select((a, i) => a / scales[i]).ToArray());
        // float32 operators in both bases: 1e-5.
        Assert.AreEqual(1, Math.Abs(Dot(inRaw, inScaled)), 1e-5);
    }

    [TestMethod]
    public void BlankImagesGiveAUnitVectorNotAnException()
    {
        using var scope = NewDisposeScope();
        using var model = new LieDetectorModel(Height, Width, 3, DetectorBasis.Quadratic, new Generator(1));
        var found = model.SpectralCoefficients(zeros(8, 2 * Pixels));
        Assert.HasCount(12, found);
        Assert.AreEqual(1, Math.Sqrt(Dot(found, found)), 1e-12);
    }

    [TestMethod]
    [DataRow(24, 12, (int)LongAxisPairs.Motion.AlongY, DisplayName = "24 × 12, translation along the long axis y")]
    [DataRow(36, 36, (int)LongAxisPairs.Motion.AlongX, DisplayName = "36 × 36, translation along x")]
    [DataRow(20, 36, (int)LongAxisPairs.Motion.Rotation, DisplayName = "20 × 36, rotation (beyond the cases that suggested the fix)")]
    public void TheGeneratorIsFoundOnAtLeastFourOfFiveSeeds(int height, int width, int motionIndex)
    {
        var motion = (LongAxisPairs.Motion)motionIndex;
        // The target, 160 steps (20 epochs, batch 32) on 256 pairs, seeds 1–5. Measured: |cos| ≥ 0.999 on
        // 5 of 5 seeds in each case (a random start: 2/5, 0/5 and not measured; docs/reproduction.md).
        var truth = LongAxisPairs.Truth(motion);
        var found = 0;
        foreach (var seed in Enumerable.Range(1, 5))
        {
            using var scope = NewDisposeScope();
            var pairs = tensor(LongAxisPairs.Make(height, width, motion, rows: 256, seed), [256, 2 * height * width]);
            var options = new LieDetectorTrainingOptions { Epochs = 20, BatchSize = 32 };
            var (model, _) = LieDetectorTraining.Train(pairs, height, width, options, seed, new TrainingLoop(null, null, CancellationToken.None));
            using (model)
                if (Math.Abs(Dot(Unit(model.PixelCoefficients()), truth)) >= 0.99) found++;
        }
        Assert.IsGreaterThanOrEqualTo(4, found, $"{found} of 5 seeds found the generator.");
    }

    // Rows pairs (x, x + t G x) of one smooth image x (three Gaussian bumps), t ~ U(−1, 1), G with coefficients a.
    private static Tensor FirstOrderPairs(LieDetectorModel model, double[] a, int rows)
    {
        var rng = new Random(5);
        var image = new float[Pixels];
        (double X, double Y, double S)[] bumps = [(4.5, 3.5, 1.8), (10.2, 7.1, 2.2), (7.3, 5.9, 1.4)];
        for (var i = 0; i < Height; i++)
            for (var j = 0; j < Width; j++)
                image[i * Width + j] = (float)bumps.Sum(b => Math.Exp(-((j - b.X) * (j - b.X) + (i - b.Y) * (i - b.Y)) / (2 * b.S * b.S)));
        var x = tensor(image).reshape(1, Pixels).expand(rows, Pixels);
        model.SetCoefficients(a);
        using var _ = no_grad();
        var gx = model.ApplyImageGenerator(x);
        var t = tensor(Enumerable.Range(0, rows).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray()).unsqueeze(1);
        return cat([x, x + t * gx], 1);
    }

    private static double Dot(double[] u, double[] v) => u.Zip(v, (p, q) => p * q).Sum();

    private static double[] Unit(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        return v.Select(p => p / norm).ToArray();
    }
}
