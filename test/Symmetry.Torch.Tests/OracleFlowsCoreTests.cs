using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The ML.NET-free entry point of oracle-preserving flows: split, oracle, flows and analysis from plain arrays.</summary>
[TestClass]
public sealed class OracleFlowsCoreTests
{
    private static float[] Points(int rows, int d, int seed)
    {
        using var t = randn([rows, d], float32, generator: new Generator((ulong)seed));
        return t.data<float>().ToArray();
    }

    private static TrainingLoop Quiet() => new(null, null, CancellationToken.None);

    [TestMethod]
    public void OneGeneratorOfTheSquaredNormIsARotation()
    {
        var lines = new List<string>();
        var options = new OracleFlowsTrainingOptions { Epochs = 300, LearningRate = 1e-2 };
        using var result = OracleFlowsCore.Train(Points(120, 2, 1), 120, ["x", "y"], x => x.pow(2).sum(1), null, options, 0, CPU, Quiet(), lines.Add);
        Assert.AreEqual("function", result.OracleKind);
        Assert.IsNull(result.LearnedOracle);
        Assert.IsNull(result.Autoencoder);
        Assert.IsNull(result.OracleLoss);
        CollectionAssert.AreEqual(new[] { "x", "y" }, result.FeatureNames.ToArray());
        Assert.AreEqual(1, result.Scan.Count);
        Assert.AreEqual(0, result.KeptIndex);
        Assert.IsTrue(result.Kept.AllSymmetries, $"relative invariance {result.Kept.Relative[0]}");
        Assert.AreEqual(300, result.Kept.History.Count);
        var w = result.Kept.Matrices[0];
        // A rotation generator is antisymmetric; normalised to ‖W‖_F² = 2 its off-diagonal entries are ±1.
        Assert.AreEqual(0, w[0, 1] + w[1, 0], 0.05);
        Assert.AreEqual(1, Math.Abs(w[0, 1]), 0.05);
        Assert.AreEqual(1, lines.Count);
    }

    [TestMethod]
    public void ASingleClassIsRefusedNamingTheLabels()
    {
        var labels = OracleLabels.OfClasses(Enumerable.Repeat(2.0, 40).ToArray(), "Label column 'Shell'");
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            OracleFlowsCore.Train(Points(40, 2, 2), 40, ["x", "y"], null, labels, new OracleFlowsTrainingOptions { Epochs = 1, OracleEpochs = 1 }, 0, CPU, Quiet(), _ => { }));
        StringAssert.StartsWith(e.Message, "Label column 'Shell' holds a single class (2)");
        Assert.AreEqual("LabelColumnName", e.ParamName);
    }

    [TestMethod]
    public void ExactlyOneOracle()
    {
        var labels = OracleLabels.OfValues(new double[8], "Label column 'Y'");
        Assert.ThrowsExactly<ArgumentException>(() => OracleFlowsCore.Train(Points(8, 2, 3), 8, ["x", "y"], x => x.sum(1), labels, new(), 0, CPU, Quiet(), _ => { }));
        Assert.ThrowsExactly<ArgumentException>(() => OracleFlowsCore.Train(Points(8, 2, 3), 8, ["x", "y"], null, null, new(), 0, CPU, Quiet(), _ => { }));
    }
}
