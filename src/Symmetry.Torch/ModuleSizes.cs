namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// How many values each module's state holds (parameters and buffers), from the same hyperparameters its constructor
/// takes, in 64-bit arithmetic. A model file's reader compares this with the bytes the file holds before building the
/// module, so a file that claims a huge network is refused before anything is allocated. ModuleSizesTests check each
/// count against the state of a module built for real.
/// </summary>
internal static class ModuleSizes
{
    /// <summary>A chain of biased Linear layers through <paramref name="widths"/>.</summary>
    public static long Dense(IReadOnlyList<int> widths)
    {
        long n = 0;
        for (var k = 0; k + 1 < widths.Count; k++) n = checked(n + ((long)widths[k] + 1) * widths[k + 1]);
        return n;
    }

    /// <summary><see cref="Autoencoder"/>: encoder and mirrored decoder; with batch norm, weight, bias, running mean and variance and a counter per encoder layer.</summary>
    public static long Autoencoder(int input, IReadOnlyList<int> hidden, int latent, bool batchNorm)
    {
        int[] down = [input, .. hidden, latent];
        var n = checked(Dense(down) + Dense([.. down.Reverse()]));
        if (batchNorm)
            for (var k = 1; k < down.Length; k++) n = checked(n + 4L * down[k] + 1);
        return n;
    }

    /// <summary><see cref="ConvAutoencoder"/>: stride-2 convolutions (3 × 3) down, a Linear each way, transposed convolutions (4 × 4) up.</summary>
    public static long ConvAutoencoder(int height, int width, IReadOnlyList<int> channels, int latent)
    {
        long h = height, w = width, n = 0, inChannels = 1;
        foreach (var c in channels)
        {
            n = checked(n + inChannels * c * 9 + c);
            inChannels = c;
            (h, w) = ((h + 1) / 2, (w + 1) / 2);
        }
        var flat = checked(channels[^1] * h * w);
        n = checked(n + flat * latent + latent + (long)latent * flat + flat);
        for (var k = channels.Count - 1; k >= 0; k--)
        {
            long outChannels = k == 0 ? 1 : channels[k - 1];
            n = checked(n + channels[k] * outChannels * 16 + outChannels);
        }
        return n;
    }

    /// <summary><see cref="OracleNetwork"/>: a dense network input → hidden … → outputs.</summary>
    public static long Oracle(int input, IReadOnlyList<int> hidden, int outputs) => Dense([input, .. hidden, outputs]);

    /// <summary><see cref="FlowGenerators"/>: N_g matrices d × d, or N_g batched networks d → hidden … → d.</summary>
    public static long Flows(GeneratorKind kind, int count, int dimension, IReadOnlyList<int> hidden) =>
        kind == GeneratorKind.Linear ? checked((long)count * dimension * dimension) : checked(count * Dense([dimension, .. hidden, dimension]));

    /// <summary><see cref="VaeModel"/>: its layers as <see cref="VaeModel.LayerShapes"/> lists them.</summary>
    public static long Vae(int input, IReadOnlyList<int> hidden, int latent) =>
        VaeModel.LayerShapes(input, hidden, latent).Aggregate(0L, (n, l) => checked(n + (long)l.In * l.Out + l.Out));

    /// <summary><see cref="LieDetectorModel"/>: encoder P → 512 → 256 → 128 → 64 → s², its mirror, the t-network 2P → … → 1, and the coefficients.</summary>
    public static long LieDetector(int height, int width, int latentSide, DetectorBasis basis)
    {
        var pixels = checked((int)((long)height * width));
        int[] down = [pixels, .. LieDetectorModel.HiddenWidths, checked(latentSide * latentSide)];
        return checked(Dense(down) + Dense([.. down.Reverse()]) + Dense([checked(2 * pixels), .. LieDetectorModel.HiddenWidths, 1]) + DerivativeBasis.TermCount(basis));
    }
}
