using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>An autoencoder whose latent space the flows of paper 001 §4 act on (dense or convolutional).</summary>
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

/// <summary>The reconstruction training shared by the autoencoders.</summary>
internal static class AutoencoderTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> (already built, on any device; moved to the data's) on rows × input float32
    /// <paramref name="data"/> with the mean squared reconstruction error, Adam, mini-batches shuffled per epoch by
    /// <paramref name="loop"/> from a generator seeded by <paramref name="seed"/>. Leaves the model in eval mode with
    /// gradients off; disposes it when training fails.
    /// </summary>
    /// <returns>Per epoch the mean "reconstruction" loss (squared error per value).</returns>
    public static IReadOnlyList<EpochLosses> Fit<TModel>(TModel model, Tensor data, int epochs, int batchSize, double learningRate, int seed, TrainingLoop loop)
        where TModel : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loop);
        try
        {
            model.to(data.device);
            using var adam = new FlatAdam(model.parameters(), learningRate);
            var history = loop.Run(data, Math.Min(batchSize, (int)data.shape[0]), epochs, new Generator((ulong)(uint)seed + 11UL), batch =>
            {
                adam.ZeroGrad();
                var loss = (model.forward(batch) - batch).pow(2).mean();
                loss.backward();
                adam.Step();
                return new Dictionary<string, double>(StringComparer.Ordinal) { ["reconstruction"] = loss.item<float>() };
            });
            model.eval();
            foreach (var p in model.parameters()) p.requires_grad_(false);
            return history;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
