using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>Save/load of the BatchNorm and orthogonal-latent-layer options, int64 state tensors, and the version-1 body.</summary>
[TestClass]
public sealed class LatentLieGanPersistenceTests
{
    [TestMethod]
    public void BatchNormAndOrthogonalModelsRoundTripAndScoreInEvalMode()
    {
        var ml = new MLContext(1);
        var data = LatentLieGanTests.Ring(200, 3);
        var options = new LatentLieGanEstimator.Options
        {
            HiddenLayers = [16, 16], DiscriminatorHiddenLayers = [16], Epochs = 3, BatchSize = 64, Seed = 2, BatchNorm = true, OrthogonalLatentLayer = true,
        };
        var model = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(data);
        var all = TestData.Read(model.Transform(data), "Latent");
        // Eval mode: a row's code does not depend on the rows scored with it (batch statistics would make it so).
        var one = model.Encode(new double[,] { { 1, 0, Math.Tanh(1), 0, -0.3 } });
        var two = model.Encode(new double[,] { { 1, 0, Math.Tanh(1), 0, -0.3 }, { 0, 1, 0.2, 0, Math.Sin(1) } });
        Assert.AreEqual(one[0, 0], two[0, 0], 1e-6);                 // float32 batch size changes nothing but round-off
        Assert.AreEqual(one[0, 1], two[0, 1], 1e-6);
        var path = Path.Combine(Path.GetTempPath(), $"laligan-bn-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = (LatentLieGanTransformer)ml.Model.Load(path, out _);
            CollectionAssert.AreEqual(all, TestData.Read(loaded.Transform(data), "Latent"), "same weights, same running statistics");
            CollectionAssert.AreEqual(model.Report.Generators[0], loaded.Report.Generators[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TorchStateKeepsInt64CountersAndRejectsNegativeOnes()
    {
        using var scope = NewDisposeScope();
        var source = nn.BatchNorm1d(3);
        source.forward(randn(8, 3));
        source.forward(randn(8, 3));
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) TorchState.Write(w, source);
        var target = nn.BatchNorm1d(3);
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) TorchState.Read(r, target, LatentLieGanTransformer.Entry);
        Assert.AreEqual(2L, target.state_dict()["num_batches_tracked"].item<long>());
        CollectionAssert.AreEqual(source.state_dict()["running_var"].data<float>().ToArray(), target.state_dict()["running_var"].data<float>().ToArray());
        // The counter is the last tensor: its 8 bytes end the state. A negative count is refused as corrupt.
        var bytes = buffer.ToArray();
        BitConverter.GetBytes(-5L).CopyTo(bytes, bytes.Length - 8);
        using var bad = new BinaryReader(new MemoryStream(bytes));
        var e = Assert.ThrowsExactly<FormatException>(() => TorchState.Read(bad, nn.BatchNorm1d(3), LatentLieGanTransformer.Entry));
        StringAssert.Contains(e.Message, "num_batches_tracked");
    }

    [TestMethod]
    public void AVersion1BodyIsStillReadAsAPlainAutoencoderWithoutRollout()
    {
        // Written field by field as format 0x00010001 did: no marker, flags or rollout between the report and the state.
        Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
        var ml = new MLContext(1);
        using var ae = new Microsoft.ML.Symmetry.Torch.Autoencoder(5, [8], 2, new Generator(1));
        var report = LatentLieGanReport.Create([new double[,] { { 0, -1 }, { 1, 0 } }], [], null);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            LatentLieGanTransformer.Entry.Write(w, b =>
            {
                b.Write("Features");
                b.Write("Latent");
                b.Write(1);
                b.Write(5);
                b.Write(2);
                b.Write(1);
                b.Write(8);
                Standardization.Identity(5).Write(b);
                report.Write(b);
                TorchState.Write(b, ae);
            });
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var loaded = LatentLieGanTransformer.Read((IHostEnvironment)ml, reader, version: 0x00010001);
        Assert.IsNull(loaded.Report.Rollout);
        var x = new double[,] { { 0.5, -1, 2, 0, 1 } };
        double[] expected;
        using (no_grad()) expected = ae.Encode(tensor(new float[] { 0.5f, -1, 2, 0, 1 }, [1, 5])).to(float64).data<double>().ToArray();
        var got = loaded.Encode(x);
        Assert.AreEqual(expected[0], got[0, 0], 1e-6);               // the same float32 network
        Assert.AreEqual(expected[1], got[0, 1], 1e-6);
    }
}
