using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// A trained autoencoder seen from input units: single states are standardized with the first time step's
/// statistics, encoded on the model's device, and decoded back. Borrows the autoencoder (does not dispose it).
/// </summary>
internal sealed class LatentCodec
{
    private readonly Autoencoder autoencoder;
    private readonly IReadOnlyList<double> mean;
    private readonly IReadOnlyList<double> scale;
    private readonly Device device;

    /// <summary>Wraps <paramref name="autoencoder"/> with the per-slot standardization x' = (x − mean)/scale of its rows (T·n slots; the first n are used).</summary>
    public LatentCodec(Autoencoder autoencoder, IReadOnlyList<double> mean, IReadOnlyList<double> scale, Device device)
    {
        ArgumentNullException.ThrowIfNull(autoencoder);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(device);
        if (mean.Count < autoencoder.InputSize || scale.Count < autoencoder.InputSize)
            throw new ArgumentException($"The standardization has {mean.Count} slots; one state has {autoencoder.InputSize}.", nameof(mean));
        this.autoencoder = autoencoder;
        this.mean = mean;
        this.scale = scale;
        this.device = device;
    }

    /// <summary>n, the size of one state.</summary>
    public int StateSize => autoencoder.InputSize;

    /// <summary>m.</summary>
    public int LatentSize => autoencoder.LatentSize;

    /// <summary>Latent codes (rows × m) of rows × n states in input units (not checked: the caller validates).</summary>
    public double[,] Encode(double[,] states)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = Scale(states, forward: true);
        return ToArray(autoencoder.Encode(ToDevice32(x)));
    }

    /// <summary>Decoded states (rows × n, input units) of rows × m latent codes (not checked: the caller validates).</summary>
    public double[,] Decode(double[,] latent)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Scale(ToArray(autoencoder.Decode(ToDevice32(latent))), forward: false);
    }

    /// <summary>Throws unless <paramref name="points"/> has <paramref name="width"/> columns of finite values.</summary>
    public static void Check(double[,] points, int width, string name)
    {
        ArgumentNullException.ThrowIfNull(points, name);
        if (points.GetLength(1) != width) throw new ArgumentException($"The array must have {width} columns; got {points.GetLength(1)}.", name);
        foreach (var v in points) if (!double.IsFinite(v)) throw new ArgumentException("The array holds NaN or infinite values.", name);
    }

    // Standardizes (forward) or un-standardizes states of one time step with the first state's statistics.
    private double[,] Scale(double[,] states, bool forward)
    {
        var rows = states.GetLength(0);
        var n = StateSize;
        var result = new double[rows, n];
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < n; j++)
                result[r, j] = forward ? (states[r, j] - mean[j]) / scale[j] : states[r, j] * scale[j] + mean[j];
        return result;
    }

    private Tensor ToDevice32(double[,] points)
    {
        var host = tensor(points.Cast<double>().Select(v => (float)v).ToArray(), [points.GetLength(0), points.GetLength(1)]);
        return device.type == DeviceType.CPU ? host : host.to(device);
    }

    private static double[,] ToArray(Tensor t)
    {
        var host = t.to(float64).cpu().contiguous();
        var values = host.data<double>().ToArray();
        var result = new double[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }
}
