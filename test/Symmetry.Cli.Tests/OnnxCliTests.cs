using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary><c>--onnx FILE</c>: the graph the command writes scores as the model it saves does.</summary>
[TestClass]
public sealed class OnnxCliTests : CliTestBase
{
    [TestMethod]
    public void TheOnnxGraphScoresAsTheSavedModel()
    {
        var model = Path.Combine(Dir, "model.zip");
        var onnx = Path.Combine(Dir, "model.onnx");
        var (code, output) = Run("relevance", "--dataset", "circle", "--count", "300", "--latent", "2", "--epochs", "1", "--runs", "1", "--seed", "7",
                                 "--model", model, "--onnx", onnx);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, $"ONNX graph → {onnx}");

        // Independent of the CLI: ML.NET's loader and ONNX Runtime on the same rows, regenerated from the same seed.
        var ml = new MLContext(seed: 0);
        var data = SymmetryDatasets.ByName(ml, "circle", 300, 7);
        var expected = ml.Model.Load(model, out _).Transform(data).GetColumn<float[]>("Latent").SelectMany(v => v).ToArray();
        using var session = new InferenceSession(onnx);
        var feeds = session.InputMetadata.Select(m => Feed(data, m.Key)).ToList();
        using var results = session.Run(feeds);
        var latent = results.Single(r => r.Name == "Latent.output").AsTensor<float>().ToArray();
        Assert.HasCount(expected.Length, latent);
        // One model, one input; ONNX Runtime's and libtorch's matrix products may round the last bits differently.
        for (var i = 0; i < latent.Length; i++) Assert.AreEqual(expected[i], latent[i], 2e-6f * (1 + Math.Abs(expected[i])), $"value {i}");
    }

    private static NamedOnnxValue Feed(IDataView data, string name)
    {
        var column = data.Schema[name];
        var rows = (int)data.GetRowCount()!.Value;
        float[] values = column.Type switch
        {
            VectorDataViewType { ItemType: NumberDataViewType } => data.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray(),
            _ when column.Type == NumberDataViewType.Single => data.GetColumn<float>(column).ToArray(),
            _ => throw new AssertFailedException($"The circle dataset's column '{name}' is {column.Type}; this test feeds Single columns."),
        };
        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [rows, values.Length / rows]));
    }
}
