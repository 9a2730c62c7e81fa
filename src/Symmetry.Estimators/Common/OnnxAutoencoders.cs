using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The encoders of the shared autoencoders as ONNX nodes, read from their state dicts (whose keys each module
/// documents): the dense one as Gemm (+ BatchNormalization with the running statistics, eval mode) + ReLU, the
/// convolutional one as Reshape to 1 × H × W, Conv (kernel 3, stride 2, padding 1) + ReLU, Flatten and Gemm.
/// </summary>
internal static class OnnxAutoencoders
{
    // PyTorch's BatchNorm1d default, which Autoencoder keeps.
    private const double BatchNormEpsilon = 1e-5;

    /// <summary>rows × input (float32) → rows × ℓ (float32), as <see cref="ILatentAutoencoder.Encode"/>.</summary>
    public static string Encode(OnnxGraph g, ILatentAutoencoder autoencoder, string x, string name) => autoencoder switch
    {
        Autoencoder dense => EncodeDense(g, dense, x, name),
        ConvAutoencoder conv => EncodeConvolutional(g, conv, x, name),
        _ => throw new NotSupportedException($"An autoencoder of type {autoencoder.GetType().Name} has no ONNX export."),
    };

    private static string EncodeDense(OnnxGraph g, Autoencoder ae, string x, string name)
    {
        var state = ae.state_dict();
        var layers = ae.Hidden.Count + 1;
        var h = x;
        for (var k = 0; k < layers; k++)
        {
            h = g.Linear(h, state[$"encoder.{k}.weight"], state[$"encoder.{k}.bias"], $"{name}.encoder.{k}");
            if (ae.BatchNorm)
            {
                var norm = $"encoderNorms.{k}";
                h = g.Node("BatchNormalization",
                    [h, g.Constant($"{name}.{norm}.weight", state[norm + ".weight"]), g.Constant($"{name}.{norm}.bias", state[norm + ".bias"]),
                     g.Constant($"{name}.{norm}.running_mean", state[norm + ".running_mean"]), g.Constant($"{name}.{norm}.running_var", state[norm + ".running_var"])],
                    ("epsilon", BatchNormEpsilon));
            }
            if (k + 1 < layers) h = g.Node("Relu", [h]);
        }
        return h;
    }

    private static string EncodeConvolutional(OnnxGraph g, ConvAutoencoder ae, string x, string name)
    {
        var state = ae.state_dict();
        var h = g.Node("Reshape", [x, g.Constant(name + ".image", [-1L, 1, ae.Height, ae.Width], [4])]);
        for (var k = 0; k < ae.Channels.Count; k++)
        {
            // Sequential children: Conv2d at 2k, ReLU at 2k + 1.
            var conv = $"encoder.{2 * k}";
            h = g.Node("Conv", [h, g.Constant($"{name}.{conv}.weight", state[conv + ".weight"]), g.Constant($"{name}.{conv}.bias", state[conv + ".bias"])],
                ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }));
            h = g.Node("Relu", [h]);
        }
        // Flatten at 2C (row-major C × h × w, as torch's flatten), then the Linear at 2C + 1.
        var linear = $"encoder.{2 * ae.Channels.Count + 1}";
        h = g.Node("Flatten", [h], ("axis", 1L));
        return g.Linear(h, state[linear + ".weight"], state[linear + ".bias"], $"{name}.{linear}");
    }
}
