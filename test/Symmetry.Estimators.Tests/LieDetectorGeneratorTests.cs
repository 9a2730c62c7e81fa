using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// The truth LieDetector's report is compared with: a SyMNIST transformation's field converted to basis coefficients
/// must act on an image as the transformation itself does for a small magnitude; and the rank/transport statistics.
/// </summary>
[TestClass]
public sealed class LieDetectorGeneratorTests
{
    // A smooth, nearly band-limited blob off the centre (σ = 3.5 px): bilinear sampling and the spectral derivative agree on it.
    private static float[] Blob(int side)
    {
        var v = new float[side * side];
        for (var i = 0; i < side; i++)
            for (var j = 0; j < side; j++)
            {
                double x = j - 16.0, y = i - 12.0;
                v[i * side + j] = (float)(Math.Exp(-(x * x + y * y) / (2 * 3.5 * 3.5)) + 0.5 * Math.Exp(-((j - 10.0) * (j - 10.0) + (i - 17.0) * (i - 17.0)) / (2 * 3.0 * 3.0)));
            }
        return v;
    }

    [TestMethod]
    [DataRow(SyMnistTransformation.Rotation, DetectorBasis.Affine)]
    [DataRow(SyMnistTransformation.TranslationX, DetectorBasis.Affine)]
    [DataRow(SyMnistTransformation.TranslationY, DetectorBasis.Affine)]
    [DataRow(SyMnistTransformation.Scale, DetectorBasis.Affine)]
    [DataRow(SyMnistTransformation.Shear, DetectorBasis.Affine)]
    [DataRow(SyMnistTransformation.SpecialConformalX, DetectorBasis.Quadratic)]
    [DataRow(SyMnistTransformation.SpecialConformalY, DetectorBasis.Quadratic)]
    public void CanvasFieldCoefficientsActLikeTheTransformationItself(SyMnistTransformation transformation, DetectorBasis basis)
    {
        const int side = 28;
        var field = ImageTransforms.Generator(transformation, side, side).QuadraticCoefficients!;
        var a = DetectorGenerators.FromCanvasField(field, side, side, basis);
        var image = Blob(side);
        // Central difference of the transformation (grid_sample) at ±δ: (T_δ f − T_−δ f)/(2δ) → G f.
        const double delta = 1e-2;
        var plus = new float[image.Length];
        var minus = new float[image.Length];
        ImageTransforms.Apply(image, plus, side, side, transformation, delta);
        ImageTransforms.Apply(image, minus, side, side, transformation, -delta);
        using var scope = NewDisposeScope();
        var gf = DerivativeBasis.Apply(tensor(image.Select(v => (double)v).ToArray(), [1, side, side]), tensor(DerivativeBasis.Matrix(side)),
                                       DerivativeBasis.Fields(basis, side), tensor(a)).reshape(-1).data<double>().ToArray();
        double err = 0, norm = 0;
        for (var k = 0; k < image.Length; k++)
        {
            var fd = (plus[k] - minus[k]) / (2 * delta);
            err += (gf[k] - fd) * (gf[k] - fd);
            norm += fd * fd;
        }
        // 10 %: bilinear interpolation's derivative of a σ ≈ 3 px blob and float32 images are accurate to a few per cent.
        Assert.IsLessThan(0.1, Math.Sqrt(err / norm), $"relative L2 error of G f against the transformation's finite difference");
    }

    [TestMethod]
    public void CanonicalRotationIsThePapersVectorAndMatchesItself()
    {
        var rotation = DetectorGenerators.Canonical(DetectorBasis.Affine).Single(c => c.Name == "rotation").Coefficients;
        CollectionAssert.AreEqual(new double[] { 0, 0, -1, 0, 1, 0 }, rotation);     // methods.md: rotation = (0,0,−1,0,1,0)/√2
        var field = ImageTransforms.Generator(SyMnistTransformation.Rotation, 28, 28).QuadraticCoefficients!;
        var truth = DetectorGenerators.FromCanvasField(field, 28, 28, DetectorBasis.Affine);
        var best = DetectorGenerators.Compare(truth, DetectorBasis.Affine)[0];
        Assert.AreEqual("rotation", best.Name);
        Assert.AreEqual(1, best.Cosine, 1e-12);                                      // exact: the same vector up to scale
        Assert.ThrowsExactly<ArgumentException>(() => DetectorGenerators.FromCanvasField(
            ImageTransforms.Generator(SyMnistTransformation.SpecialConformalX, 28, 28).QuadraticCoefficients!, 28, 28, DetectorBasis.Affine));
    }

    [TestMethod]
    public void SpearmanMatchesHandComputedRanks()
    {
        Assert.AreEqual(1, Statistics.Spearman([1, 2, 3, 4], [10, 20, 30, 100]), 1e-12);   // monotone
        Assert.AreEqual(-1, Statistics.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 1e-12);
        // x ranks 1, 2, 3, 4, 5; y = (2, 1, 4, 3, 5) → 1 − 6 Σd²/(n(n²−1)) = 1 − 6·4/120 = 0.8.
        Assert.AreEqual(0.8, Statistics.Spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 1e-12);
        // Ties share the average rank: x = (1, 1, 2) → ranks (1.5, 1.5, 3), y ranks (1, 2, 3): Pearson = √3/2.
        Assert.AreEqual(Math.Sqrt(3) / 2, Statistics.Spearman([1, 1, 2], [1, 2, 3]), 1e-12);
    }

    [TestMethod]
    public void StandardizedWassersteinMatchesClosedForms()
    {
        // Affine images of one sample standardise to the same sample: distance 0.
        Assert.AreEqual(0, Statistics.StandardizedWasserstein1([1, 2, 4, 8], [3, 5, 9, 17]), 1e-12);
        // {−1, 1} against {−1, 0, 0, 1}, which standardises to {−√2, 0, 0, √2}: on the quarters of [0, 1] the quantiles
        // differ by √2 − 1, 1, 1, √2 − 1, so W1 = ¼(2(√2 − 1) + 2) = √2/2.
        Assert.AreEqual(Math.Sqrt(2) / 2, Statistics.StandardizedWasserstein1([-1, 1], [-1, 0, 0, 1]), 1e-12);
    }
}
