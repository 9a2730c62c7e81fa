using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>The (z, ż) pairs SINDy is fitted on, from the trained encoder φ and standardized rows × (T·n) data.</summary>
internal static class LatentSindyData
{
    /// <summary>
    /// Finite differences of consecutive steps: rows·(T − 1) pairs at the midpoints (z_k + z_{k+1})/2 with
    /// ż = (z_{k+1} − z_k)/Δt, second order there.
    /// </summary>
    public static (double[,] Z, double[,] ZDot) FiniteDifferences(Autoencoder autoencoder, Tensor data, int t, double dt)
    {
        var codes = Codes(autoencoder, data, t);
        var rows = (int)data.shape[0];
        var m = autoencoder.LatentSize;
        var pairs = rows * (t - 1);
        var z = new double[pairs, m];
        var zDot = new double[pairs, m];
        var p = 0;
        for (var r = 0; r < rows; r++)
            for (var k = 0; k + 1 < t; k++, p++)
                for (var j = 0; j < m; j++)
                {
                    double a = codes[(r * t + k) * m + j], b = codes[(r * t + k + 1) * m + j];
                    z[p, j] = (a + b) / 2;
                    zDot[p, j] = (b - a) / dt;
                }
        return (z, zDot);
    }

    /// <summary>
    /// The chain rule of Yang et al.'s eq. 5 at every state: rows·T pairs z = φ(x), ż = (∇ₓφ) ẋ, with ẋ (rows × (T·n)
    /// row-major, input units per unit time) given and <paramref name="data"/> standardized with the per-slot divisors
    /// <paramref name="scale"/>.
    /// </summary>
    public static (double[,] Z, double[,] ZDot) ChainRule(Autoencoder autoencoder, Tensor data, float[] velocities, IReadOnlyList<double> scale, int t)
    {
        var rows = data.shape[0];
        var m = autoencoder.LatentSize;
        var codes = Codes(autoencoder, data, t);
        double[] dots;
        using (NewDisposeScope())
        {
            var x = data.reshape(rows * t, -1);
            var v = ScaledVelocities(velocities, (int)rows, (int)data.shape[1], scale, data.device).reshape(rows * t, x.shape[1]);
            dots = LatentVelocity.ChainRule(autoencoder.Encode, x, v).to(float64).cpu().contiguous().data<double>().ToArray();
        }
        var count = (int)(rows * t);
        var z = new double[count, m];
        var zDot = new double[count, m];
        for (var i = 0; i < count; i++)
            for (var j = 0; j < m; j++) z[i, j] = codes[i * m + j];
        Buffer.BlockCopy(dots, 0, zDot, 0, dots.Length * sizeof(double));
        return (z, zDot);
    }

    /// <summary>ẋ (rows × size row-major, input units) in the units the encoder sees: rows × size float32 on <paramref name="device"/>.</summary>
    public static Tensor ScaledVelocities(float[] velocities, int rows, int size, IReadOnlyList<double> scale, Device device)
    {
        // The encoder sees (x − μ)/σ, so its input moves at ẋ/σ per slot; the mean shift does not move velocities.
        var scaled = new float[velocities.Length];
        for (var i = 0; i < scaled.Length; i++) scaled[i] = (float)(velocities[i] / scale[i % size]);
        var host = tensor(scaled, [rows, size]);
        if (device.type == DeviceType.CPU) return host;
        using (host) return host.to(device);
    }

    // Every state's code (rows·T × m, row-major) as the encoder's float32 values: its users widen them exactly, so a
    // float64 array of them (twice the bytes) would hold the same numbers.
    private static float[] Codes(Autoencoder autoencoder, Tensor data, int t)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var codes = LieGanTraining.EncodeSteps(autoencoder, data, t);
        var values = new float[codes.numel()];
        frombuffer(values, ScalarType.Float32).view(codes.shape).copy_(codes);
        return values;
    }
}
