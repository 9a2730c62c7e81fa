using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class OracleFlowsConvAutoencoderTests
{
    [TestMethod]
    [DataRow(28, 28, DisplayName = "28 × 28 (MNIST)")]
    [DataRow(13, 10, DisplayName = "13 × 10 (sides not multiples of 4: the decoder's map is cropped)")]
    public void EncodesToTheLatentAndDecodesToTheImage(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var ae = new ConvAutoencoder(height, width, [32, 64], 5, new Generator(3));
        var x = rand([4, height * width], generator: new Generator(4));
        var z = ae.Encode(x);
        CollectionAssert.AreEqual(new long[] { 4, 5 }, z.shape);
        CollectionAssert.AreEqual(new long[] { 4, height * width }, ae.Decode(z).shape);
        CollectionAssert.AreEqual(new long[] { 4, height * width }, ae.forward(x).shape);
        // ⌈⌈H/2⌉/2⌉ after two stride-2 convolutions.
        Assert.AreEqual((height + 3) / 4, ae.BottomHeight);
        Assert.AreEqual((width + 3) / 4, ae.BottomWidth);
        Assert.AreEqual(height * width, ae.InputSize);
    }

    [TestMethod]
    public void StateDictNamesAreThoseOfPyTorchSequentials()
    {
        using var ae = new ConvAutoencoder(28, 28, [32, 64], 2, new Generator(1));
        var keys = ae.state_dict().Keys.ToArray();
        // nn.Sequential(Conv2d, ReLU, Conv2d, ReLU, Flatten, Linear) and (Linear, ReLU, Unflatten, ConvT, ReLU, ConvT).
        string[] expected =
        [
            "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "encoder.5.weight", "encoder.5.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.3.weight", "decoder.3.bias", "decoder.5.weight", "decoder.5.bias",
        ];
        CollectionAssert.AreEquivalent(expected, keys);
        var sd = ae.state_dict();
        CollectionAssert.AreEqual(new long[] { 32, 1, 3, 3 }, sd["encoder.0.weight"].shape);
        CollectionAssert.AreEqual(new long[] { 2, 64 * 7 * 7 }, sd["encoder.5.weight"].shape);
        CollectionAssert.AreEqual(new long[] { 64, 32, 4, 4 }, sd["decoder.3.weight"].shape);
        CollectionAssert.AreEqual(new long[] { 32, 1, 4, 4 }, sd["decoder.5.weight"].shape);
    }

    [TestMethod]
    public void ASeedGivesTheSameNetwork()
    {
        using var a = new ConvAutoencoder(8, 8, [4], 2, new Generator(9));
        using var b = new ConvAutoencoder(8, 8, [4], 2, new Generator(9));
        foreach (var (name, p) in a.state_dict())
            Assert.AreEqual(0f, (p - b.state_dict()[name]).abs().max().item<float>(), name);
        // U(±1/√fan_in): the first convolution has fan-in 1·3·3, so |w| ≤ 1/3.
        Assert.IsLessThanOrEqualTo(1.0 / 3, a.state_dict()["encoder.0.weight"].abs().max().item<float>());
    }
}
