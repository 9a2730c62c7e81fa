using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// Every transformer saved here is loaded and scored by a separate process that only references
/// Microsoft.ML.Symmetry (the LoadOnly child, <c>--binary</c> mode: rows travel as ML.NET binary IDataView files, so
/// floats are exact). Its appended columns must equal, bit for bit, those of the same file loaded in this process.
/// </summary>
[TestClass]
public sealed class CrossProcessTests
{
    private static (ITransformer Model, IDataView Data, string[] Columns) Fit(string method)
    {
        var ml = new MLContext(3);
        switch (method)
        {
            case "LieDetector":
            {
                var data = LieDetectorTests.Shifts(64, 1);
                var options = LieDetectorTests.Quick(o => { o.Epochs = 1; o.ReconstructionColumnName = "Reconstruction"; });
                return (ml.Transforms.SymmetryDiscovery.LieDetector(options).Fit(data), data, ["T", "Reconstruction"]);
            }
            case "LatentLieGan":
            {
                var data = LatentLieGanTests.Ring(128, 1);
                var options = new LatentLieGanEstimator.Options { HiddenLayers = [16], DiscriminatorHiddenLayers = [16], Epochs = 2, Seed = 1 };
                return (ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data), data, ["Latent"]);
            }
            case "OracleFlows":
            {
                var rng = new Random(2);
                var data = new ArrayView(100).Vector("Features", 3, Enumerable.Range(0, 300).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
                var options = new OracleFlowsEstimator.Options { Oracle = x => x.pow(2).sum(1), Generators = 2, Epochs = 50, LearningRate = 1e-2, Seed = 0 };
                return (ml.Transforms.SymmetryDiscovery.OracleFlows(options).Fit(data), data, ["Flow"]);
            }
            default: throw new ArgumentException(method);
        }
    }

    [TestMethod]
    [DataRow("LieDetector")]
    [DataRow("LatentLieGan")]
    [DataRow("OracleFlows")]
    public void ASeparateProcessLoadsAndScoresBitForBit(string method)
    {
        var (model, data, columns) = Fit(method);
        var dir = Path.Combine(Path.GetTempPath(), $"symmetry-crossprocess-{method}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var ml = new MLContext(0);
            var path = Path.Combine(dir, "model.zip");
            var input = Path.Combine(dir, "input.idv");
            var output = Path.Combine(dir, "output.idv");
            ml.Model.Save(model, data.Schema, path);
            using (var stream = File.Create(input)) ml.Data.SaveAsBinary(data, stream);
            var stdout = PersistenceTests.RunLoadOnly("--binary", path, input, output);
            StringAssert.Contains(stdout, "preloaded=False");                 // ml.Model.Load alone found our loader
            StringAssert.Contains(stdout, $"transformer=Microsoft.ML.Symmetry.{method}Transformer");
            var here = ml.Model.Load(path, out _);
            var there = ml.Data.LoadFromBinary(output);
            var mine = here.Transform(ml.Data.LoadFromBinary(input));
            foreach (var column in columns)
            {
                Assert.AreEqual(mine.Schema[column].Type, there.Schema[column].Type, column);
                CollectionAssert.AreEqual(Values(mine, column), Values(there, column), $"{method}: column {column}");
            }
            (here as IDisposable)?.Dispose();
        }
        finally
        {
            (model as IDisposable)?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    // Every float of a scalar or vector column, as raw bits.
    private static int[] Values(IDataView data, string column) => data.Schema[column].Type is VectorDataViewType
        ? TestData.Read(data, column).Select(BitConverter.SingleToInt32Bits).ToArray()
        : data.GetColumn<float>(column).Select(BitConverter.SingleToInt32Bits).ToArray();
}
