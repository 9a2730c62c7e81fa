using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// <c>ml.Model.ConvertToOnnx</c> cannot export our transformers yet; instead of ML.NET's silent result (a graph in
/// which the transformer is missing and its input and output columns are graph inputs) it throws
/// <see cref="NotSupportedException"/> naming the transformer, wherever it sits in the pipeline.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    [TestMethod]
    [DataRow("relevance-pipeline", "LatentRelevanceTransformer")]
    [DataRow("flows-learned-oracle", "OracleFlowsTransformer")]
    [DataRow("liegan-sindy", "LatentLieGanTransformer")]
    [DataRow("detector-reconstruction", "LieDetectorTransformer")]
    public void ExportingAPipelineWithOurTransformerFailsNamingIt(string fixture, string transformer)
    {
        var ml = new MLContext(0);
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var model = ml.Model.Load(Path.Combine(dir, fixture + ".zip"), out _);
        var input = ml.Data.LoadFromBinary(Path.Combine(dir, fixture + ".input.idv"));
        using var stream = new MemoryStream();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, input, stream));
        StringAssert.StartsWith(e.Message, $"{transformer} cannot be exported to ONNX yet");
        Assert.AreEqual(0, stream.Length, "nothing was written");
    }

    [TestMethod]
    public void OurTransformerFollowedByAStockTransformFailsToo()
    {
        // The converter walks back from the last transform; ours is found upstream of ML.NET's own.
        var ml = new MLContext(1);
        var data = TestData.CircleView(128, seed: 2);
        var model = TestData.FitQuick(ml, data, o => { o.Epochs = 1; o.Runs = 1; });
        var chain = new TransformerChain<ITransformer>(model, ml.Transforms.NormalizeMinMax("Latent").Fit(model.Transform(data)));
        using var stream = new MemoryStream();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(chain, data, stream));
        StringAssert.StartsWith(e.Message, "LatentRelevanceTransformer cannot be exported to ONNX yet");
    }
}
