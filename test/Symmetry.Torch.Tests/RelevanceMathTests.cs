using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class RelevanceMathTests
{
    [TestMethod]
    public void RelevanceIsStdOfMeanOverMeanSigma()
    {
        // 3 events × 2 latents. Latent 0: μ = 1, 2, 3 (sample std 1), σ = 0.5 each → 2.
        // Latent 1: μ = 0, 0, 3 (mean 1, sample var (1+1+4)/2 = 3), σ = 1, 2, 3 (mean 2) → √3 / 2.
        double[] mu = [1, 0, 2, 0, 3, 3];
        double[] sigma = [0.5, 1, 0.5, 2, 0.5, 3];
        var r = RelevanceMath.Relevance(mu, sigma, 3, 2);
        Assert.AreEqual(2.0, r[0], 1e-15);             // exact arithmetic up to one rounding
        Assert.AreEqual(Math.Sqrt(3) / 2, r[1], 1e-15); // exact arithmetic up to one rounding
    }

    [TestMethod]
    public void DegenerateLatentsAreZeroOrInfinite()
    {
        // Latent 0: μ constant and σ = 0 → 0/0, reported as 0. Latent 1: μ varies and σ = 0 → +∞.
        double[] mu = [1, 0, 1, 1];
        double[] sigma = [0, 0, 0, 0];
        var r = RelevanceMath.Relevance(mu, sigma, 2, 2);
        Assert.AreEqual(0.0, r[0]);
        Assert.AreEqual(double.PositiveInfinity, r[1]);
    }

    [TestMethod]
    public void DescendingOrderKeepsTiesInOriginalOrder() =>
        CollectionAssert.AreEqual(new[] { 2, 0, 3, 1 }, RelevanceMath.DescendingOrder([1.0, 0.5, 3.0, 1.0]));

    [TestMethod]
    public void LargestGapRuleFindsTheGap()
    {
        Assert.AreEqual(3, RelevanceMath.IntrinsicDimension([5.4, 5.3, 4.0, 0.05, 0.048, 0.045]));
        Assert.AreEqual(1, RelevanceMath.IntrinsicDimension([30, 2, 1.5, 1.2]));
    }

    [TestMethod]
    public void OnlyLatentsAboveOneCount()
    {
        // A collapsed posterior: the largest drop (0.007 → 0.002, ratio 3.5) is a "gap", but no latent above it moves
        // more than its noise (relevance > 1), so the dimension is 0, not 2.
        Assert.AreEqual(0, RelevanceMath.IntrinsicDimension([0.010, 0.007, 0.002, 0.002]));
        // Above the gap, one latent is below 1: only the one above 1 counts.
        Assert.AreEqual(1, RelevanceMath.IntrinsicDimension([4.0, 0.9, 0.01, 0.01]));
        // Exactly 1 is not above 1.
        Assert.AreEqual(1, RelevanceMath.IntrinsicDimension([4.0, 1.0, 0.01, 0.01]));
    }

    [TestMethod]
    public void FlatProfileCountsLatentsAboveOne()
    {
        // No ratio ≥ 3 between neighbours: all informative latents count (L when all exceed 1, 0 when collapsed).
        Assert.AreEqual(4, RelevanceMath.IntrinsicDimension([4.0, 3.5, 3.0, 2.5]));
        Assert.AreEqual(0, RelevanceMath.IntrinsicDimension([0.06, 0.05, 0.05, 0.04]));
    }

    [TestMethod]
    public void MinimumDropRatioDecidesWhatIsAGap()
    {
        double[] profile = [8.7, 8.0, 3.0, 2.0]; // largest drop 8.0 → 3.0, ratio 2.67
        Assert.AreEqual(4, RelevanceMath.IntrinsicDimension(profile, minimumDropRatio: 3.0)); // no gap: all four exceed 1
        Assert.AreEqual(2, RelevanceMath.IntrinsicDimension(profile, minimumDropRatio: 2.5)); // a gap after two
    }

    [TestMethod]
    public void AbsoluteThresholdOverridesTheGapRule()
    {
        Assert.AreEqual(2, RelevanceMath.IntrinsicDimension([5.0, 1.0, 0.9, 0.01], threshold: 1.0));
    }

    [TestMethod]
    public void BadProfilesAreRejected()
    {
        var unsorted = Assert.ThrowsExactly<ArgumentException>(() => RelevanceMath.IntrinsicDimension([1.0, 2.0]));
        StringAssert.StartsWith(unsorted.Message, "The relevance profile must be sorted in decreasing order.");
        var empty = Assert.ThrowsExactly<ArgumentException>(() => RelevanceMath.IntrinsicDimension([]));
        StringAssert.StartsWith(empty.Message, "The relevance profile is empty.");
        var ratio = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RelevanceMath.IntrinsicDimension([2.0, 1.0], minimumDropRatio: 1));
        StringAssert.StartsWith(ratio.Message, "The minimum drop ratio must be greater than 1.");
    }

    [TestMethod]
    public void KlTermMatchesClosedFormForOneDimensionalGaussians()
    {
        // KL(N(μ, σ²) ‖ N(0, 1)) = ½(σ² + μ² − 1 − ln σ²), summed over latents, averaged over events.
        double[] mu = [0.3, -1.2, 2.0, 0.0];
        double[] lv = [0.1, -0.7, 0.4, 1.5];
        double expected = 0;
        for (var i = 0; i < 4; i++) expected += 0.5 * (Math.Exp(lv[i]) + mu[i] * mu[i] - 1 - lv[i]);
        expected /= 2; // two events of two latents
        using var m = tensor(mu, [2, 2]);
        using var l = tensor(lv, [2, 2]);
        using var kl = VaeLoss.KlDivergence(m, l);
        Assert.AreEqual(expected, kl.item<double>(), 1e-14); // float64 rounding of a handful of terms
    }

    [TestMethod]
    public void RelevanceOfAFixedLinearEncoderMatchesHandComputation()
    {
        // With no hidden layers the encoder is μ = W_μ x + b_μ and log σ² = W_v x + b_v; set the weights by hand.
        using var model = new VaeModel(2, [], 2);
        var state = model.state_dict();
        using (no_grad())
        {
            // copy_ is in place and returns the parameter itself: dispose only the sources.
            void Set(string name, float[] values, long[] shape) { using var src = tensor(values, shape); state[name].copy_(src); }
            Set("mean.weight", [2, 0, 0, 0.5f], [2, 2]);
            Set("mean.bias", [1, -1], [2]);
            Set("logvar.weight", [0, 0, 0, 0], [2, 2]);
            Set("logvar.bias", [(float)Math.Log(0.25), 0], [2]);
        }
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8];
        using var data = tensor(x, [4, 2]);
        var (mu, sigma) = model.EncodeAll(data, batchSize: 3);
        // μ0 = 2 x0 + 1 over x0 = 1,3,5,7 → sample std 2·std(1,3,5,7) = 2·√(20/3); σ0 = 0.5 → relevance 4√(20/3).
        // μ1 = 0.5 x1 − 1 over x1 = 2,4,6,8 → 0.5·√(20/3); σ1 = 1.
        var r = RelevanceMath.Relevance(mu, sigma, 4, 2);
        Assert.AreEqual(4 * Math.Sqrt(20.0 / 3), r[0], 1e-5); // float32 network: relative error ~1e-7 of a value ≈ 10
        Assert.AreEqual(0.5 * Math.Sqrt(20.0 / 3), r[1], 1e-6); // float32 network: relative error ~1e-7 of a value ≈ 1.3
    }

    [TestMethod]
    public void LinearR2IsOneForAnExactLinearRelationAndPearsonHasTheSign()
    {
        double[] x = [1, 0, 2, 1, 3, 5, 4, 2, 5, 7];
        double[] y = new double[5];
        for (var i = 0; i < 5; i++) y[i] = 3 * x[2 * i] - 2 * x[2 * i + 1] + 1;
        Assert.AreEqual(1.0, Statistics.LinearR2(x, 5, 2, y), 1e-9); // normal equations in float64 with a small ridge
        double[] a = [1, 2, 3, 4, 5];
        double[] two = new double[10];
        for (var i = 0; i < 5; i++) { two[2 * i] = 2 * a[i] + 1; two[2 * i + 1] = -3 * a[i] + 7; }
        var c = Statistics.PearsonMatrix(a, 1, two, 2, 5);
        Assert.AreEqual(1.0, c[0], 1e-12);  // exact affine relation, rounding only
        Assert.AreEqual(-1.0, c[1], 1e-12); // exact affine relation, rounding only
        var zero = Statistics.PearsonMatrix(a, 1, [3.0, 3, 3, 3, 3], 1, 5);
        Assert.AreEqual(0.0, zero[0]);       // a constant column is defined to correlate 0
    }

    [TestMethod]
    public void ManyTargetsAtOnceGiveEachTargetsR2BitForBit()
    {
        var rng = new Random(4);
        const int rows = 200, cols = 6, targets = 4;
        var x = Enumerable.Range(0, rows * cols).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var y = new double[rows * targets];
        for (var i = 0; i < rows; i++)
            for (var t = 0; t < targets; t++)
                y[i * targets + t] = t == 3 ? 5 : x[i * cols + t] * (t + 1) - x[i * cols + 5] + 0.3 * t * rng.NextDouble();
        var all = Statistics.LinearR2(x, rows, cols, y, targets);
        for (var t = 0; t < targets; t++)
        {
            var column = Enumerable.Range(0, rows).Select(i => y[i * targets + t]).ToArray();
            Assert.AreEqual(Statistics.LinearR2(x, rows, cols, column), all[t], 0.0, $"target {t}");   // the same arithmetic, once
        }
        Assert.AreEqual(0, all[3]);   // a constant target
    }

    [TestMethod]
    public void AWideFitStopsWhenCancelled()
    {
        // 300 rows × 400 features: the check is called during XᵀX and the factorisation, and its exception ends the work.
        var rng = new Random(5);
        var x = Enumerable.Range(0, 300 * 400).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 300).Select(_ => rng.NextDouble()).ToArray();
        var calls = 0;
        Assert.ThrowsExactly<OperationCanceledException>(() => Statistics.LinearR2(x, 300, 400, y, 1, () => { if (++calls == 3) throw new OperationCanceledException(); }));
        Assert.AreEqual(3, calls);
    }

    [TestMethod]
    public void Float32MatricesGiveTheStatisticsOfTheirFloat64Copies()
    {
        // The reports read float32 rows without widening them into float64 copies: the same sums in the same order of
        // the same (exactly widened) values, so the results are equal, not close.
        var random = new Random(21);
        const int rows = 257, cols = 3, targets = 2;
        var x = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 4 - 1)).ToArray();
        var y = Enumerable.Range(0, rows * targets).Select(i => x[i / targets * cols] * 0.5f + (float)random.NextDouble()).ToArray();
        var xd = Array.ConvertAll(x, v => (double)v);
        var yd = Array.ConvertAll(y, v => (double)v);
        CollectionAssert.AreEqual(Statistics.ColumnMeans(xd, rows, cols), Statistics.ColumnMeans<float>(x, rows, cols));
        CollectionAssert.AreEqual(Statistics.ColumnStd(xd, rows, cols), Statistics.ColumnStd<float>(x, rows, cols));
        CollectionAssert.AreEqual(Statistics.PearsonMatrix(yd, targets, xd, cols, rows), Statistics.PearsonMatrix<float, float>(y, targets, x, cols, rows));
        CollectionAssert.AreEqual(Statistics.LinearR2(xd, rows, cols, yd, targets), Statistics.LinearR2<float, float>(x, rows, cols, y, targets));
    }

    [TestMethod]
    public void EncodeMeansGivesTheRelevanceOfEncodeAll()
    {
        // μ kept as float32 and σ only as its mean per latent: the relevance EncodeAll's float64 arrays give, exactly.
        using var data = TestData.Circle(1000, 1.0, 3);
        using var model = new VaeModel(2, [8], 2, new TorchSharp.torch.Generator(4));
        model.eval();
        var (mu, sigma) = model.EncodeAll(data, 300);
        var (mean, meanSigma) = model.EncodeMeans(data, 300); // 300 does not divide 1000: the last batch is short
        CollectionAssert.AreEqual(mu, Array.ConvertAll(mean, v => (double)v));
        CollectionAssert.AreEqual(RelevanceMath.Relevance(mu, sigma, 1000, 2), RelevanceMath.Relevance(mean, meanSigma, 1000, 2));
    }
}
