using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>The reconstruction training shared by the autoencoders.</summary>
internal static class AutoencoderTraining
{
    /// <summary>
    /// Builds a dense <see cref="Autoencoder"/> input → <paramref name="hidden"/> → <paramref name="latentSize"/>
    /// (initialised from <paramref name="seed"/>) and trains it on rows × input float32 <paramref name="data"/> (on the
    /// training device) as <see cref="Fit"/> does.
    /// </summary>
    public static (Autoencoder Model, IReadOnlyList<EpochLosses> History) TrainDense(Tensor data, IReadOnlyList<int> hidden, int latentSize, int epochs, int batchSize,
                                                                                  double learningRate, int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loop);
        Runtime.Ensure();
        var model = new Autoencoder((int)data.shape[1], hidden, latentSize, InitGenerator(seed));
        return (model, Fit(model, data, epochs, batchSize, learningRate, seed, loop));
    }

    /// <summary>
    /// Builds a <see cref="ConvAutoencoder"/> for <paramref name="height"/> × <paramref name="width"/> images
    /// (initialised from <paramref name="seed"/>) and trains it on rows × H·W float32 <paramref name="data"/> (on the
    /// training device) as <see cref="Fit"/> does.
    /// </summary>
    public static (ConvAutoencoder Model, IReadOnlyList<EpochLosses> History) TrainConvolutional(Tensor data, int height, int width, IReadOnlyList<int> channels, int latentSize,
                                                                                              int epochs, int batchSize, double learningRate, int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ndim != 2 || data.shape[1] != (long)height * width)
            throw new ArgumentException($"The autoencoder's data must be rows × {height}·{width}; it is [{string.Join(", ", data.shape)}].", nameof(data));
        Runtime.Ensure();
        var model = new ConvAutoencoder(height, width, channels, latentSize, InitGenerator(seed));
        return (model, Fit(model, data, epochs, batchSize, learningRate, seed, loop));
    }

    // The initialisation and the shuffle draw from their own streams of the seed.
    private static Generator InitGenerator(int seed) => new((ulong)(uint)seed + 7UL);

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
