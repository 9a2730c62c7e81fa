using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>An autoencoder whose latent space a method's symmetries act on (dense or convolutional).</summary>
internal interface ILatentAutoencoder
{
    /// <summary>Values per input row (pixels for an image).</summary>
    int InputSize { get; }

    /// <summary>ℓ.</summary>
    int LatentSize { get; }

    /// <summary>rows × input (float32) → rows × ℓ.</summary>
    Tensor Encode(Tensor x);

    /// <summary>rows × ℓ (float32) → rows × input.</summary>
    Tensor Decode(Tensor z);
}
