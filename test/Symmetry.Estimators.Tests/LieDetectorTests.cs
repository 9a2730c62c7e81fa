using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

[TestClass]
public sealed class LieDetectorTests
{
    private const int Side = 8;

    /// <summary>
    /// Pairs of 8 × 8 periodic patterns with a random phase and y = x shifted right by t ~ U(−1, 1) pixels, exactly
    /// (the pattern is band-limited): Source, Target, Magnitude (= t).
    /// </summary>
    internal static ArrayView Shifts(int rows, int seed, bool poison = false, int side = Side)
    {
        var rng = new Random(seed);
        var p = side * side;
        var x = new float[rows * p];
        var y = new float[rows * p];
        var t = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            double ph = rng.NextDouble() * 2 * Math.PI, ph2 = rng.NextDouble() * 2 * Math.PI, shift = rng.NextDouble() * 2 - 1;
            t[r] = (float)shift;
            for (var i = 0; i < side; i++)
                for (var j = 0; j < side; j++)
                {
                    double V(double c) => Math.Sin(2 * Math.PI * c / side + ph) * (1 + 0.5 * Math.Cos(2 * Math.PI * i / side + ph2));
                    x[r * p + i * side + j] = (float)V(j);
                    y[r * p + i * side + j] = (float)V(j - shift);
                }
        }
        if (poison) y[3 * p + 5] = float.NaN;
        return new ArrayView(rows).Vector("Source", p, x).Vector("Target", p, y).Scalar("Magnitude", NumberDataViewType.Single, t);
    }

    internal static LieDetectorEstimator.Options Quick(Action<LieDetectorEstimator.Options>? configure = null)
    {
        var o = new LieDetectorEstimator.Options
        {
            LatentSide = 3, Epochs = 10, BatchSize = 32, Seed = 1, AlphaWeight = 100,
            TrueMagnitudeColumnName = "Magnitude", TrueCoefficients = [-1, 0, 0, 0, 0, 0],
        };
        configure?.Invoke(o);
        return o;
    }

    private static readonly Lazy<LieDetectorTransformer> Shared = new(() =>
        new MLContext(1).Transforms.SymmetryDiscovery.LieDetector(Quick(o => o.ReconstructionColumnName = "Reconstruction")).Fit(Shifts(320, 1)));

    [ClassCleanup]
    public static void DisposeShared()
    {
        if (Shared.IsValueCreated) Shared.Value.Dispose();
    }

    [TestMethod]
    public void TheReportHoldsAUnitGeneratorItsCanonicalCosinesAndHeldOutMetrics()
    {
        // Discovery itself is asserted on SyMNIST (LieDetectorSyMnistTests) and on these pairs at the torch level; here the
        // report's bookkeeping, which holds whatever the 10 epochs found.
        var report = Shared.Value.Report;
        Assert.AreEqual(32, report.EvaluationPairs);                                          // 10 % of 320 held out
        Assert.IsTrue(report.HeldOut);
        Assert.AreEqual(1.0, report.CoefficientVector.Sum(v => v * v), 1e-6);                 // normalised (float32 model)
        Assert.AreEqual(report.CoefficientVector.Sum(v => v * v), report.Drift * report.Drift + report.Diffusion * report.Diffusion, 1e-12);   // one vector split in two
        Assert.AreEqual(Math.Abs(report.CoefficientVector[0]), report.CanonicalMatches.Single(m => m.Name == "translation x").Cosine, 1e-6);   // ‖a‖ = 1 to float32 rounding
        Assert.AreEqual(report.CanonicalMatches.Max(m => m.Cosine), report.ClosestGenerator.Cosine);
        Assert.AreEqual(Math.Abs(report.CoefficientVector[0]), Math.Abs(report.TruthCosine!.Value), 1e-6);    // truth = −Lx
        Assert.AreEqual(32, report.Histogram.Sum(b => b.Count));
        Assert.HasCount(10, report.History);
        CollectionAssert.AreEqual(new[] { "total", "transformed", "auxiliary", "latent", "lasso", "alpha" }, report.History[0].Losses.Keys.ToArray());
        Assert.IsNotNull(report.Spearman);
        Assert.IsNotNull(report.Wasserstein1);
        CollectionAssert.AreEqual(new[] { "Generator coefficients", "Canonical generators", "Metrics", "Magnitudes", "Training" }, report.Tables().Select(t => t.Title).ToArray());
        Assert.AreEqual(6L, report.ToDataFrame().Rows.Count);
    }

    [TestMethod]
    public void VelocityIsTheGeneratorsFieldOnThePixelGrid()
    {
        // Independent path: Σ aₜ Fields[t] from DerivativeBasis (the tensors the model trains with), at every pixel.
        var report = Shared.Value.Report;
        using var scope = TorchSharp.torch.NewDisposeScope();
        var fields = DerivativeBasis.Fields(DetectorBasis.Affine, Side).data<double>().ToArray();   // 6 × 2 × 8 × 8
        var c = (Side - 1) / 2.0;
        for (var i = 0; i < Side; i++)
            for (var j = 0; j < Side; j++)
            {
                double u = 0, v = 0;
                for (var t = 0; t < 6; t++)
                {
                    u += report.CoefficientVector[t] * fields[((t * 2 + 0) * Side + i) * Side + j];
                    v += report.CoefficientVector[t] * fields[((t * 2 + 1) * Side + i) * Side + j];
                }
                var got = report.Velocity(j - c, i - c);
                Assert.AreEqual(u, got.U, 1e-12);
                Assert.AreEqual(v, got.V, 1e-12);
            }
    }

    [TestMethod]
    public void TransformAppendsTAndTheReconstructionWithTheirTypes()
    {
        var model = Shared.Value;
        var data = Shifts(40, 3);
        var scored = model.Transform(data);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["T"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, Side * Side), scored.Schema["Reconstruction"].Type);
        var recon = TestData.Read(scored, "Reconstruction", out var rows, out var size);
        Assert.AreEqual(40, rows);
        Assert.AreEqual(64, size);
        // The reconstruction of the target must beat predicting the source itself (an independent baseline).
        var target = TestData.Read(data, "Target");
        var source = TestData.Read(data, "Source");
        double mseRecon = 0, mseSource = 0;
        for (var k = 0; k < recon.Length; k++)
        {
            mseRecon += Math.Pow(recon[k] - target[k], 2);
            mseSource += Math.Pow(source[k] - target[k], 2);
        }
        Assert.IsLessThan(mseSource, mseRecon, "reconstruction MSE against the identity baseline");
        var estimator = new MLContext(1).Transforms.SymmetryDiscovery.LieDetector(Quick(o => o.ReconstructionColumnName = "R"));
        var shape = estimator.GetOutputSchema(BadInputTests.ShapeOf(data.Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "T" && c.Kind == SchemaShape.Column.VectorKind.Scalar));
        Assert.IsTrue(shape.Any(c => c.Name == "R" && c.Kind == SchemaShape.Column.VectorKind.Vector));
    }

    [TestMethod]
    public void SaveLoadRoundTripGivesIdenticalMagnitudesAndReport()
    {
        var model = Shared.Value;
        var ml = new MLContext(2);
        var data = Shifts(50, 4);
        var path = Path.Combine(Path.GetTempPath(), $"symmetry-liedetector-{Environment.ProcessId}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out var schema);
            using var disposable = loaded as IDisposable;
            var restored = (LieDetectorTransformer)loaded;
            // Trained parameters are views into FlatAdam's one buffer, loaded ones are separate tensors: their alignment can
            // select other SIMD kernels, so trained and loaded scores agree to float32 rounding (1e-5), not bit for bit.
            var before = model.Transform(data).GetColumn<float>("T").ToArray();
            var after = loaded.Transform(data).GetColumn<float>("T").ToArray();
            for (var i = 0; i < before.Length; i++) Assert.AreEqual(before[i], after[i], 1e-5 * (1 + Math.Abs(before[i])), $"row {i}");
            var reconBefore = TestData.Read(model.Transform(data), "Reconstruction");
            var reconAfter = TestData.Read(loaded.Transform(data), "Reconstruction");
            for (var i = 0; i < reconBefore.Length; i++) Assert.AreEqual(reconBefore[i], reconAfter[i], 1e-5 * (1 + Math.Abs(reconBefore[i])), $"slot {i}");
            // A model loaded twice from the same file scores bit for bit alike.
            var again = ml.Model.Load(path, out _);
            using var disposableAgain = again as IDisposable;
            CollectionAssert.AreEqual(after, again.Transform(data).GetColumn<float>("T").ToArray());
            Assert.AreEqual(model.Report.Summary, restored.Report.Summary);
            CollectionAssert.AreEqual(model.Report.CoefficientVector.ToArray(), restored.Report.CoefficientVector.ToArray());
            Assert.AreEqual(model.Report.Spearman, restored.Report.Spearman);
            Assert.HasCount(model.Report.History.Count, restored.Report.History);
            Assert.AreEqual(Side, restored.ImageHeight);
            Assert.AreEqual(3, restored.LatentSide);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ThePipelineFailsClearlyOnBadPairs()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.SymmetryDiscovery.LieDetector(Quick(o => o.Epochs = 1));
        var nan = Assert.ThrowsExactly<InvalidOperationException>(() => estimator.Fit(Shifts(40, 1, poison: true)));
        StringAssert.Contains(nan.Message, "Column 'Target' holds NaN at row 3, slot 5");
        var sizes = new ArrayView(10).Vector("Source", 64, new float[640]).Vector("Target", 49, new float[490]);
        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(sizes));
        StringAssert.Contains(mismatch.Message, "Source column 'Source' has 64 values per row and the Target column 'Target' 49");
        var oblong = new ArrayView(10).Vector("Source", 24, new float[240]).Vector("Target", 24, new float[240]);
        var square = Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(oblong));
        StringAssert.Contains(square.Message, "24 values per row, which is not a square image and carries no image dimensions; set ImageHeight and ImageWidth");
        var wrong = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Transforms.SymmetryDiscovery.LieDetector(Quick(o => { o.ImageHeight = 5; o.ImageWidth = 5; })).Fit(oblong));
        StringAssert.Contains(wrong.Message, "ImageHeight × ImageWidth = 5 × 5 = 25, but the column 'Source' holds 24 values per row");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(new ArrayView(10).Vector("Source", 64, new float[640])));
        Assert.AreEqual("Could not find input column 'Target' (Parameter 'inputSchema')", missing.Message);
    }

    [TestMethod]
    public void BadOptionsNameTheOption()
    {
        var ml = new MLContext(1);
        void Bad<T>(Action<LieDetectorEstimator.Options> configure, string option) where T : ArgumentException
        {
            var e = Assert.ThrowsExactly<T>(() => ml.Transforms.SymmetryDiscovery.LieDetector(Quick(configure)));
            Assert.AreEqual(option, e.ParamName);
        }
        Bad<ArgumentOutOfRangeException>(o => o.LatentSide = 1, "LatentSide");
        Bad<ArgumentOutOfRangeException>(o => o.AlphaOrder = 3, "AlphaOrder");
        Bad<ArgumentOutOfRangeException>(o => o.AlphaMagnitude = (DetectorAlphaMagnitude)7, "AlphaMagnitude");
        Bad<ArgumentOutOfRangeException>(o => o.Start = (DetectorStart)7, "Start");
        Bad<ArgumentOutOfRangeException>(o => o.Epochs = 0, "Epochs");
        Bad<ArgumentOutOfRangeException>(o => o.AlphaWeight = double.NaN, "AlphaWeight");
        Bad<ArgumentOutOfRangeException>(o => o.CoefficientLearningRate = 0, "CoefficientLearningRate");
        Bad<ArgumentOutOfRangeException>(o => o.ValidationFraction = 1, "ValidationFraction");
        Bad<ArgumentException>(o => o.ImageHeight = 8, "ImageWidth");
        Bad<ArgumentException>(o => o.TargetColumnName = "Source", "TargetColumnName");
        Bad<ArgumentException>(o => o.TrueCoefficients = [1, 0], "TrueCoefficients");
        Bad<ArgumentException>(o => o.TrueCoefficients = new double[6], "TrueCoefficients");
    }

    [TestMethod]
    public void ImageDimensionsComeFromTheColumnType()
    {
        // A 4 × 6 image column declared with VectorType(4, 6): no options needed, and the model is 4 × 6.
        var ml = new MLContext(1);
        var rng = new Random(2);
        var rows = Enumerable.Range(0, 24).Select(_ => new Oblong
        {
            Source = Enumerable.Range(0, 24).Select(_ => (float)rng.NextDouble()).ToArray(),
            Target = Enumerable.Range(0, 24).Select(_ => (float)rng.NextDouble()).ToArray(),
        }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.SymmetryDiscovery.LieDetector(new LieDetectorEstimator.Options { LatentSide = 2, Epochs = 1, BatchSize = 8, Seed = 1 }).Fit(data);
        Assert.AreEqual(4, model.ImageHeight);
        Assert.AreEqual(6, model.ImageWidth);
        Assert.IsNull(model.Report.Spearman);
        Assert.IsNull(model.Report.GeneratorMse);
        Assert.HasCount(24, model.Transform(data).GetColumn<float>("T").ToArray());
    }

    private sealed class Oblong
    {
        [VectorType(4, 6)]
        public float[] Source { get; set; } = [];

        [VectorType(4, 6)]
        public float[] Target { get; set; } = [];
    }
}
