using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// <c>ml.Model.ConvertToOnnx</c> exports our transformers' scoring: ONNX Runtime, run on rows the models never saw,
/// gives every column <c>Transform</c> gives (to float32 rounding), and <c>ApplyOnnxModel</c> loads the file back
/// into an ML.NET pipeline. A column that cannot be exported (LieDetector's reconstruction) fails the export with a
/// <see cref="NotSupportedException"/> naming it, wherever the transformer sits in the pipeline.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    // Times (1 + the column's largest magnitude): the same float32 weights and ops, but ONNX Runtime's GEMM (MLAS) and
    // libtorch's (MKL) sum products in different orders, so results may differ by a few ε₃₂ (1.2e-7); measured at most
    // 1.1e-7 (LatentDot). 2e-6 is ~16 ε₃₂, while a wrong weight, slot order or activation gives errors of order 0.1–1.
    private const double Tolerance = 2e-6;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [TestMethod]
    [DataRow("relevance-pipeline")]       // NormalizeMeanVariance → LatentRelevance: Latent, LatentSigma
    [DataRow("flows-learned-oracle")]     // dense autoencoder + neural generators: Flow, Latent
    [DataRow("flows-function-oracle")]    // linear generators on the input: Flow
    [DataRow("liegan-sindy")]             // 2-step rows, SINDy: Latent, LatentDot
    public void AFixtureModelExportsAndOnnxRuntimeScoresAsTransformDoes(string fixture)
    {
        var ml = new MLContext(0);
        var model = ml.Model.Load(Fixture(fixture + ".zip"), out _);
        var input = ml.Data.LoadFromBinary(Fixture(fixture + ".input.idv"));
        var compared = CompareWithOnnxRuntime(ml, model, input);
        Assert.IsGreaterThanOrEqualTo(1, compared.Count(c => c is "Latent" or "Flow"), $"an appended column was compared ({string.Join(", ", compared)})");
    }

    [TestMethod]
    public void AMixedPipelineIsOneGraph()
    {
        // ML.NET's min-max scaling, ours, then ML.NET's concatenation of our two columns: one graph from input to output.
        var ml = new MLContext(1);
        var train = TestData.CircleView(128, seed: 2);
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Transforms.SymmetryDiscovery.LatentRelevance(TestData.Quick(o => { o.Epochs = 2; o.Runs = 1; })))
            .Append(ml.Transforms.Concatenate("Both", "Latent", "LatentSigma"));
        var model = pipeline.Fit(train);
        var compared = CompareWithOnnxRuntime(ml, model, TestData.CircleView(40, seed: 3));
        CollectionAssert.IsSubsetOf(new[] { "Features", "Latent", "LatentSigma", "Both" }, compared);
    }

    [TestMethod]
    public void LieDetectorsMagnitudeExports()
    {
        var ml = new MLContext(1);
        var model = ml.Transforms.SymmetryDiscovery.LieDetector(new LieDetectorEstimator.Options { LatentSide = 2, Epochs = 1, BatchSize = 8, Seed = 1 })
            .Fit(LieDetectorTests.Shifts(32, 1));
        var compared = CompareWithOnnxRuntime(ml, model, LieDetectorTests.Shifts(20, 2));
        CollectionAssert.Contains(compared, "T");
    }

    [TestMethod]
    public void LatentLieGanWithBatchNormExports()
    {
        // BatchNorm in eval mode: the running statistics, as BatchNormalization in ONNX.
        var ml = new MLContext(1);
        var options = new LatentLieGanEstimator.Options { HiddenLayers = [16], DiscriminatorHiddenLayers = [16], Epochs = 2, BatchSize = 32, Seed = 5, BatchNorm = true };
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(LatentLieGanTests.Ring(128, 1));
        CollectionAssert.Contains(CompareWithOnnxRuntime(ml, model, LatentLieGanTests.Ring(30, 2)), "Latent");
    }

    [TestMethod]
    public void AConvolutionalAutoencoderExports()
    {
        var ml = new MLContext(1);
        var options = new OracleFlowsEstimator.Options
        {
            LabelColumnName = "Label", LatentDimension = 2, AutoencoderKind = AutoencoderKind.Convolutional, ImageHeight = 6, ImageWidth = 5,
            AutoencoderChannels = [3, 4], AutoencoderEpochs = 1, OracleEpochs = 1, OracleHiddenLayers = [8], Epochs = 2, Seed = 0,
        };
        var model = ml.Transforms.SymmetryDiscovery.OracleFlows(options).Fit(Images(64, 1));
        var compared = CompareWithOnnxRuntime(ml, model, Images(20, 2));
        CollectionAssert.IsSubsetOf(new[] { "Flow", "Latent" }, compared);
    }

    [TestMethod]
    public void TheReconstructionColumnFailsTheExportNamingIt()
    {
        var ml = new MLContext(0);
        var model = ml.Model.Load(Fixture("detector-reconstruction.zip"), out _);
        var input = ml.Data.LoadFromBinary(Fixture("detector-reconstruction.input.idv"));
        using var stream = new MemoryStream();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, input, stream));
        StringAssert.StartsWith(e.Message, "LieDetectorTransformer cannot export column 'Reconstruction' to ONNX: the reconstruction dec(exp(tG) enc(x)) needs a matrix exponential per row");
        Assert.AreEqual(0, stream.Length, "nothing was written");

        // Downstream of a stock transform the converter still reaches it (it walks back from the last transform).
        var chain = new TransformerChain<ITransformer>(model, ml.Transforms.NormalizeMinMax("T").Fit(model.Transform(input)));
        var again = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(chain, input, stream));
        StringAssert.StartsWith(again.Message, "LieDetectorTransformer cannot export column 'Reconstruction'");
    }

    [TestMethod]
    public void DivergedWeightsFailTheExportNamingThem()
    {
        var ml = new MLContext(1);
        var data = TestData.CircleView(64, seed: 2);
        var model = TestData.FitQuick(ml, data, o => { o.Epochs = 1; o.Runs = 1; });
        // A fit that diverged: the first encoder layer's weights hold NaN (the fit itself refuses NaN inputs, so set it here).
        var vae = (Torch.VaeModel)typeof(LatentRelevanceTransformer).GetField("model", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(model)!;
        using (TorchSharp.torch.no_grad()) vae.Layers.First().weight!.fill_(float.NaN);
        using var stream = new MemoryStream();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Model.ConvertToOnnx(model, data, stream));
        Assert.AreEqual("The weights 'Latent.encoder.0.weight' hold NaN or infinite values; a model that diverged cannot be exported to ONNX.", e.Message);
        model.Dispose();
    }

    [TestMethod]
    public void ADisposedTransformerRefusesTheExport()
    {
        var ml = new MLContext(1);
        var data = TestData.CircleView(64, seed: 2);
        var model = TestData.FitQuick(ml, data, o => { o.Epochs = 1; o.Runs = 1; });
        model.Dispose();
        using var stream = new MemoryStream();
        Assert.ThrowsExactly<ObjectDisposedException>(() => ml.Model.ConvertToOnnx(model, data, stream));
    }

    /// <summary>
    /// Exports <paramref name="model"/>, runs the file with ONNX Runtime on <paramref name="input"/> and with
    /// <c>ApplyOnnxModel</c>, and compares every Single column of <c>Transform</c>'s output with both; returns the
    /// names of the columns compared.
    /// </summary>
    private static List<string> CompareWithOnnxRuntime(MLContext ml, ITransformer model, IDataView input)
    {
        var path = Path.Combine(Path.GetTempPath(), $"onnx-export-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var file = File.Create(path)) ml.Model.ConvertToOnnx(model, input, file);
            var expected = model.Transform(input);
            var rows = (int)(input.GetRowCount() ?? throw new InvalidOperationException("rows"));
            var compared = new List<string>();

            using var session = new InferenceSession(path);
            var feeds = session.InputMetadata.Select(m => Feed(input, m.Key, rows)).ToList();
            using var results = session.Run(feeds);
            var byName = results.ToDictionary(r => r.Name, r => r.AsTensor<float>());
            foreach (var column in expected.Schema.Where(c => !c.IsHidden && ItemType(c.Type) == NumberDataViewType.Single))
            {
                var want = ReadFloats(expected, column.Name, out var width);
                Assert.IsTrue(byName.TryGetValue(column.Name + ".output", out var got), $"the graph outputs {column.Name}.output");
                CollectionAssert.AreEqual(new[] { rows, width }, got!.Dimensions.ToArray(), $"shape of {column.Name}");
                AssertClose(want, got.ToArray(), column.Name + " (ONNX Runtime)");
                compared.Add(column.Name);
            }

            // The same file in an ML.NET pipeline: OnnxTransformer names the graph's "<column>.output" back "<column>"
            // (hiding the input column of that name), as rows × 1 × size vectors.
            var applied = ml.Transforms.ApplyOnnxModel(path).Fit(input).Transform(input);
            foreach (var name in compared)
                AssertClose(ReadFloats(expected, name, out _), ReadFloats(applied, name, out _), name + " (ApplyOnnxModel)");
            return compared;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        var scale = 1 + expected.Max(v => Math.Abs((double)v));
        var worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.IsLessThanOrEqualTo(Tolerance * scale, worst, $"{what}: largest difference {worst:G3} (scale {scale:G3})");
    }

    /// <summary>Column <paramref name="name"/> as a rows × width tensor of its type (Single, Int32 or Single vectors).</summary>
    private static NamedOnnxValue Feed(IDataView view, string name, int rows)
    {
        var column = view.Schema[name];
        if (ItemType(column.Type) == NumberDataViewType.Single)
        {
            var values = ReadFloats(view, name, out var width);
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [rows, width]));
        }
        if (column.Type == NumberDataViewType.Int32)
        {
            var values = view.GetColumn<int>(column).ToArray();
            return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(values, [rows, 1]));
        }
        throw new AssertInconclusiveException($"The test feeds Single and Int32 columns; '{name}' is {column.Type}.");
    }

    private static DataViewType ItemType(DataViewType type) => type is VectorDataViewType v ? v.ItemType : type;

    /// <summary>A Single or vector-of-Single column, row-major.</summary>
    private static float[] ReadFloats(IDataView view, string name, out int width)
    {
        var column = view.Schema[name];
        if (column.Type is VectorDataViewType vector)
        {
            width = vector.Size;
            return view.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray();
        }
        width = 1;
        return view.GetColumn<float>(column).ToArray();
    }

    /// <summary>H = 6, W = 5 images of a bright pixel pair at a seeded place; the label is its row.</summary>
    private static IDataView Images(int rows, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[rows * 30];
        var labels = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            int i = rng.Next(6), j = rng.Next(4);
            pixels[r * 30 + i * 5 + j] = pixels[r * 30 + i * 5 + j + 1] = 1;
            for (var p = 0; p < 30; p++) pixels[r * 30 + p] += (float)(0.05 * rng.NextDouble());
            labels[r] = i;
        }
        return new ArrayView(rows).Vector("Features", 30, pixels).Scalar("Label", NumberDataViewType.Single, labels);
    }
}
