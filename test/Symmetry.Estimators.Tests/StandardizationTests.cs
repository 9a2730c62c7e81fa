using Microsoft.ML;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>Per-feature standardization: learned at fit, seen by the training, applied again when scoring.</summary>
[TestClass]
public sealed class StandardizationTests
{
    [TestMethod]
    public void FitLearnsMeansAndBesselStandardDeviations()
    {
        // Column 0: 1, 2, 3, 4 → mean 2.5, sample variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3. Column 1 is constant.
        var x = new FeatureMatrix([1, 10, 2, 10, 3, 10, 4, 10], 4, 2, ["a", "b"]);
        var s = Standardization.Fit(x);
        Assert.AreEqual(2.5, s.Mean[0], 1e-15);                // exact in float64
        Assert.AreEqual(10.0, s.Mean[1], 1e-15);               // exact in float64
        Assert.AreEqual(Math.Sqrt(5.0 / 3), s.Scale[0], 1e-15); // one rounding of a square root
        Assert.AreEqual(1.0, s.Scale[1], "a constant feature is only centred");
        Assert.IsFalse(s.IsIdentity);

        var z = s.Apply(x);
        CollectionAssert.AreEqual(new float[] { 1, 10, 2, 10, 3, 10, 4, 10 }, x.Values, "Apply copies");
        var col0 = new[] { z.Values[0], z.Values[2], z.Values[4], z.Values[6] }.Select(v => (double)v).ToArray();
        Assert.AreEqual(0.0, col0.Average(), 1e-7);                                        // float32 values of order 1
        Assert.AreEqual(1.0, col0.Sum(v => v * v) / 3, 1e-6);                               // float32 values of order 1
        Assert.AreEqual((float)(-1.5 / Math.Sqrt(5.0 / 3)), z.Values[0]);
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0 }, new[] { z.Values[1], z.Values[3], z.Values[5], z.Values[7] });
    }

    [TestMethod]
    public void ApplyToTensorHoldsTheValuesOfApply()
    {
        // Written straight into the tensor, in blocks of rows (4 values: blocks of 2 rows of 3, the last one shorter).
        var random = new Random(5);
        var x = new FeatureMatrix(Enumerable.Range(0, 7 * 3).Select(_ => (float)random.NextDouble() * 10).ToArray(), 7, 3, ["a", "b", "c"]);
        var s = Standardization.Fit(x);
        foreach (var scaling in new[] { s, Standardization.Identity(3) })
        {
            var expected = scaling.Apply(x).Values;
            using var whole = scaling.ApplyToTensor(x, TorchSharp.torch.CPU);
            using var blocks = scaling.ApplyToTensor(x, TorchSharp.torch.CPU, blockValues: 4);
            CollectionAssert.AreEqual(new long[] { 7, 3 }, whole.shape);
            CollectionAssert.AreEqual(expected, whole.data<float>().ToArray());
            CollectionAssert.AreEqual(expected, blocks.data<float>().ToArray());
        }
        CollectionAssert.AreEqual(x.Values, Standardization.Identity(3).Apply(x).Values, "the input is not changed");
    }

    [TestMethod]
    public void IdentityChangesNothing()
    {
        var id = Standardization.Identity(3);
        Assert.IsTrue(id.IsIdentity);
        float[] values = [1.5f, -2, 3e6f];
        id.ApplyInPlace(values, 1);
        CollectionAssert.AreEqual(new[] { 1.5f, -2, 3e6f }, values);
    }

    [TestMethod]
    public void TheTransformerCarriesTheTrainingStatisticsOrNone()
    {
        var data = TestData.CircleView(256, seed: 12);
        var on = TestData.FitQuick(new MLContext(1), data, o => o.Epochs = 1);
        var expected = Standardization.Fit(FeatureReader.Read(() => { }, data, "Features"));
        CollectionAssert.AreEqual(expected.Mean.ToArray(), on.Standardization.Mean.ToArray());
        CollectionAssert.AreEqual(expected.Scale.ToArray(), on.Standardization.Scale.ToArray());
        Assert.AreEqual(10.0 / Math.Sqrt(2), on.Standardization.Scale[0], 0.5, "a circle of radius 10: std ≈ 10/√2 per coordinate"); // sampling error of 256 angles
        var off = TestData.FitQuick(new MLContext(1), data, o => { o.Epochs = 1; o.Standardize = false; });
        Assert.IsTrue(off.Standardization.IsIdentity);
    }

    [TestMethod]
    public void StandardizedFitsAreBlindToTheUnitsOfEachFeature()
    {
        // Scaling feature 0 by 4 and feature 1 by 1/4 (powers of two, so every step of the standardization rounds
        // identically) must leave what the network sees, hence the whole fit and its scores, bit for bit unchanged:
        // in training (the statistics are the data's) and in scoring (the transformer standardizes its input).
        var xy = TestData.Circle(256, seed: 13);
        var scaledXy = xy.Select((v, i) => i % 2 == 0 ? v * 4 : v / 4).ToArray();
        var raw = new ArrayView(256).Vector("Features", 2, xy);
        var scaled = new ArrayView(256).Vector("Features", 2, scaledXy);
        var a = TestData.FitQuick(new MLContext(1), raw);
        var b = TestData.FitQuick(new MLContext(1), scaled);
        CollectionAssert.AreEqual(a.Report.Relevance.ToArray(), b.Report.Relevance.ToArray());
        CollectionAssert.AreEqual(TestData.Read(a.Transform(raw), "Latent"), TestData.Read(b.Transform(scaled), "Latent"));
        Assert.AreEqual(4 * a.Standardization.Scale[0], b.Standardization.Scale[0]);

        // Without standardization the same change of units does change the fit: the check above has teeth.
        var c = TestData.FitQuick(new MLContext(1), raw, o => o.Standardize = false);
        var d = TestData.FitQuick(new MLContext(1), scaled, o => o.Standardize = false);
        CollectionAssert.AreNotEqual(TestData.Read(c.Transform(raw), "Latent"), TestData.Read(d.Transform(scaled), "Latent"));
    }
}
