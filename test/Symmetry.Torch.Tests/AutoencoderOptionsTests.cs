using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The autoencoder's BatchNorm and orthogonal-latent-layer options (LaLiGAN's), against hand computations.</summary>
[TestClass]
public sealed class AutoencoderOptionsTests
{
    [TestMethod]
    public void BatchNormUsesBatchStatisticsInTrainingAndRunningOnesInEval()
    {
        using var scope = NewDisposeScope();
        using var ae = new Autoencoder(3, [4], 2, new Generator(1), batchNorm: true);
        var keys = ae.state_dict().Keys.ToArray();
        CollectionAssert.IsSubsetOf(new[] { "encoder.0.weight", "encoder.1.bias", "encoderNorms.0.running_mean", "encoderNorms.0.running_var",
                                            "encoderNorms.0.num_batches_tracked", "encoderNorms.1.weight" }, keys);
        Assert.IsFalse(keys.Any(k => k.StartsWith("decoderNorms", StringComparison.Ordinal)), "LaLiGAN normalises the encoder and the codes only");
        Assert.AreEqual(ScalarType.Int64, ae.state_dict()["encoderNorms.0.num_batches_tracked"].dtype);
        var x = randn([16, 3], generator: new Generator(2));
        var linear = (TorchSharp.Modules.Linear)ae.named_modules().Single(m => m.name == "encoder.0").module;
        Tensor h;
        using (no_grad()) h = linear.forward(x);
        // Training mode: each hidden unit normalised by its batch mean and biased variance, and the running mean moves
        // 0.1 of the way to the batch mean (PyTorch's momentum), the running variance to the unbiased one.
        using (no_grad()) ae.Encode(x);
        var mean = h.mean([0]);
        var running = ae.state_dict()["encoderNorms.0.running_mean"];
        Assert.IsLessThan(1e-6, (running - mean * 0.1).abs().max().item<float>());                   // float32 sums of 16 rows
        var unbiased = h.var([0], unbiased: true);
        Assert.IsLessThan(1e-6, (ae.state_dict()["encoderNorms.0.running_var"] - (unbiased * 0.1 + 0.9)).abs().max().item<float>());
        Assert.AreEqual(1L, ae.state_dict()["encoderNorms.0.num_batches_tracked"].item<long>());
        // Eval mode: the running statistics, so a single row is scored alike whatever batch it comes in.
        ae.eval();
        using (no_grad())
        {
            var alone = ae.Encode(x.narrow(0, 0, 1));
            var batched = ae.Encode(x).narrow(0, 0, 1);
            Assert.IsLessThan(1e-6, (alone - batched).abs().max().item<float>());                    // float32 round-off
            var normalised = (h - running) / (ae.state_dict()["encoderNorms.0.running_var"] + 1e-5).sqrt();  // affine weight 1, bias 0 at init
            var last = (TorchSharp.Modules.Linear)ae.named_modules().Single(m => m.name == "encoder.1").module;
            // The latent codes have their own batch norm (LaLiGAN's), in eval mode with its running statistics too.
            var codes = last.forward(nn.functional.relu(normalised));
            var expected = (codes - ae.state_dict()["encoderNorms.1.running_mean"]) / (ae.state_dict()["encoderNorms.1.running_var"] + 1e-5).sqrt();
            Assert.IsLessThan(1e-5, (ae.Encode(x) - expected).abs().max().item<float>());              // float32 through two layers
        }
        Assert.AreEqual(1L, ae.state_dict()["encoderNorms.0.num_batches_tracked"].item<long>(), "eval mode does not count batches");
    }

    [TestMethod]
    public void TheRetractionIsThePolarFactor()
    {
        using var scope = NewDisposeScope();
        using var ae = new Autoencoder(5, [6], 3, new Generator(3));
        Tensor before;
        using (no_grad()) before = ae.LatentWeight.detach().clone().to(float64);
        ae.RetractLatentLayer();
        var w = ae.LatentWeight.detach().to(float64);
        // Orthonormal rows, and Qᵀ W₀ symmetric positive semi-definite: the defining properties of the polar factor Q of W₀.
        Assert.IsLessThan(1e-6, (w.matmul(w.t()) - eye(3, dtype: float64)).abs().max().item<double>());      // float32 storage of Q
        var p = w.t().matmul(before);
        Assert.IsLessThan(1e-6, (p - p.t()).abs().max().item<double>());
        Assert.IsGreaterThan(-1e-6, linalg.eigvalsh(p).min().item<double>());
        // Already orthogonal: unchanged.
        using (no_grad()) before = ae.LatentWeight.detach().clone();
        ae.RetractLatentLayer();
        Assert.IsLessThan(1e-6, (ae.LatentWeight - before).abs().max().item<float>());
    }

    [TestMethod]
    public void TrainingKeepsTheLatentLayerOrthogonalAndBatchNormRefusesASingleStateBatch()
    {
        using var scope = NewDisposeScope();
        var data = randn([96, 4], generator: new Generator(4));
        var options = new LatentLieGanTrainingOptions { Epochs = 3, BatchSize = 32, AutoencoderHidden = [16, 16], DiscriminatorHidden = [16], BatchNorm = true, OrthogonalLatentLayer = true };
        var result = LieGanTraining.Train(data, options, 1, new TrainingLoop(null, null, CancellationToken.None));
        using var ae = result.Autoencoder;
        result.Generator.Dispose();
        var w = ae.LatentWeight.detach().to(float64);
        Assert.IsLessThan(1e-5, (w.matmul(w.t()) - eye(2, dtype: float64)).abs().max().item<double>());      // float32 after the last retraction
        Assert.IsTrue(ae.BatchNorm);
        Assert.AreEqual(9L, ae.state_dict()["encoderNorms.1.num_batches_tracked"].item<long>(), "3 epochs × 3 batches");
        Assert.IsFalse(ae.training);
        var e = Assert.ThrowsExactly<ArgumentException>(() => LieGanTraining.Train(randn([33, 4]), options, 1, new TrainingLoop(null, null, CancellationToken.None)));
        StringAssert.Contains(e.Message, "BatchSize");
    }
}
