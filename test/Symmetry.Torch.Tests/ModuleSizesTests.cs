using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// The sizes a model file's reader checks before it builds a network equal the state of that network built for real
/// (every parameter and buffer value), for several shapes of every module a model file holds.
/// </summary>
[TestClass]
public sealed class ModuleSizesTests
{
    private static long Values(nn.Module module) => module.state_dict().Values.Sum(t => t.numel());

    [TestMethod]
    public void EachCountIsTheStateOfTheBuiltModule()
    {
        using var g = new Generator(1);
        foreach (var (input, hidden, latent) in new[] { (3, new int[0], 1), (7, new[] { 5 }, 2), (12, new[] { 9, 4, 6 }, 3) })
        {
            using (var m = new VaeModel(input, hidden, latent, g)) Assert.AreEqual(Values(m), ModuleSizes.Vae(input, hidden, latent), "VAE");
            using (var m = new Autoencoder(input, hidden, latent, g)) Assert.AreEqual(Values(m), ModuleSizes.Autoencoder(input, hidden, latent, false), $"autoencoder {input} {hidden.Length} {latent}");
            using (var m = new Autoencoder(input, hidden, latent, g, batchNorm: true)) Assert.AreEqual(Values(m), ModuleSizes.Autoencoder(input, hidden, latent, true), "autoencoder + batch norm");
            using (var m = new OracleNetwork(input, hidden, latent + 1, g)) Assert.AreEqual(Values(m), ModuleSizes.Oracle(input, hidden, latent + 1), "oracle");
            foreach (var kind in new[] { GeneratorKind.Linear, GeneratorKind.Neural })
            {
                var widths = kind == GeneratorKind.Neural && hidden.Length == 0 ? [4] : hidden;
                using var m = new FlowGenerators(kind, 3, input, widths, g);
                Assert.AreEqual(Values(m), ModuleSizes.Flows(kind, 3, input, widths), $"{kind} flows");
            }
        }
        foreach (var (h, w, channels, latent) in new[] { (5, 7, new[] { 2 }, 3), (28, 28, new[] { 4, 8 }, 5), (9, 4, new[] { 3, 1, 2 }, 2) })
            using (var m = new ConvAutoencoder(h, w, channels, latent, g)) Assert.AreEqual(Values(m), ModuleSizes.ConvAutoencoder(h, w, channels, latent), $"conv {h}×{w}");
        foreach (var (h, w, s, basis) in new[] { (6, 6, 2, DetectorBasis.Affine), (5, 8, 3, DetectorBasis.Quadratic) })
            using (var m = new LieDetectorModel(h, w, s, basis, g)) Assert.AreEqual(Values(m), ModuleSizes.LieDetector(h, w, s, basis), $"detector {h}×{w}");
    }

    [TestMethod]
    public void CountsThatOverflowThrowInsteadOfWrapping()
    {
        // (2^20 + 1) · 2^16 overflows 32 bits; in 64 bits it is exact.
        Assert.AreEqual(((1L << 20) + 1) * (1 << 16) + ((1L << 16) + 1) * 3, ModuleSizes.Oracle(1 << 20, [1 << 16], 3));
        Assert.ThrowsExactly<OverflowException>(() => ModuleSizes.Flows(GeneratorKind.Linear, int.MaxValue, int.MaxValue, []));
    }
}
