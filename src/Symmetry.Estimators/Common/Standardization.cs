using System.Runtime.InteropServices;
using TorchSharp;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Per-feature centring and scaling x' = (x − Mean) / Scale learned from training data and applied again when
/// scoring. A constant feature keeps Scale 1 (it is only centred). Binary format: int32 n; n doubles Mean; n doubles Scale.
/// </summary>
public sealed class Standardization
{
    private Standardization(double[] mean, double[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    /// <summary>The subtracted mean of each feature.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The divisor of each feature (its Bessel-corrected standard deviation, or 1).</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>True when the transformation changes nothing.</summary>
    public bool IsIdentity => Mean.All(m => m == 0) && Scale.All(s => s == 1);

    /// <summary>No centring, no scaling.</summary>
    internal static Standardization Identity(int size) => new(new double[size], Enumerable.Repeat(1.0, size).ToArray());

    /// <summary>This standardization repeated <paramref name="times"/> times end to end (one per time step of a row).</summary>
    internal Standardization Tiled(int times) =>
        new(Enumerable.Repeat(Mean, times).SelectMany(m => m).ToArray(), Enumerable.Repeat(Scale, times).SelectMany(s => s).ToArray());

    /// <summary>The mean and standard deviation of each column of <paramref name="x"/>.</summary>
    internal static Standardization Fit(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        // The float32 values as they are: the statistics widen each exactly, as a float64 copy (8 bytes a value) would.
        ReadOnlySpan<float> values = x.Values;
        var mean = Statistics.ColumnMeans(values, x.Rows, x.Size);
        var std = Statistics.ColumnStd(values, x.Rows, x.Size);
        return new(mean, std.Select(s => s > 0 && double.IsFinite(s) ? s : 1).ToArray());
    }

    /// <summary>A standardized copy of <paramref name="x"/>.</summary>
    internal FeatureMatrix Apply(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var copy = (float[])x.Values.Clone();
        ApplyInPlace(copy, x.Rows);
        return x with { Values = copy };
    }

    /// <summary>
    /// The standardized rows of <paramref name="x"/> as a rows × size float32 tensor on <paramref name="device"/> (the
    /// caller disposes it), the same values as <see cref="Apply"/>'s: on the CPU they are written straight into the
    /// tensor's memory, so no standardized host copy of the data is made. They are written in blocks of at most
    /// <paramref name="blockValues"/> values (a Span addresses at most 2 GB; tests pass less to cover several blocks).
    /// </summary>
    internal torch.Tensor ApplyToTensor(FeatureMatrix x, torch.Device device, int blockValues = 1 << 28)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(device);
        if (device.type != DeviceType.CPU)
        {
            using var host = ApplyToTensor(x, torch.CPU, blockValues);
            return host.to(device, copy: true);
        }
        var result = torch.empty([x.Rows, x.Size], torch.float32);
        try
        {
            var blockRows = Math.Max(1, blockValues / x.Size);
            for (var start = 0; start < x.Rows; start += blockRows)
            {
                var n = Math.Min(blockRows, x.Rows - start);
                using var block = result.narrow(0, start, n);
                var target = MemoryMarshal.Cast<byte, float>(block.bytes);
                x.Values.AsSpan(start * x.Size, n * x.Size).CopyTo(target);
                Standardize(target, n);
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Standardizes the first <paramref name="rows"/> rows of a row-major buffer in place.</summary>
    internal void ApplyInPlace(float[] values, int rows) => Standardize(values, rows);

    private void Standardize(Span<float> values, int rows)
    {
        if (IsIdentity) return;
        var n = Mean.Count;
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < n; j++)
                values[i * n + j] = (float)((values[i * n + j] - Mean[j]) / Scale[j]);
    }

    /// <summary>Writes the statistics.</summary>
    internal void Write(BinaryWriter w)
    {
        w.Write(Mean.Count);
        foreach (var m in Mean) w.Write(m);
        foreach (var s in Scale) w.Write(s);
    }

    /// <summary>Reads statistics for <paramref name="size"/> features, rejecting non-finite or non-positive scales.</summary>
    internal static Standardization Read(BinaryReader r, int size, ModelEntry entry)
    {
        var n = r.ReadInt32();
        if (n != size) throw entry.Corrupt($"its standardization has {n} features where the model has {size}");
        TorchState.RequireBytes(r, 2L * n * sizeof(double), entry, "its standardization");
        var mean = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
        var scale = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
        if (mean.Any(m => !double.IsFinite(m)) || scale.Any(s => !(s > 0) || !double.IsFinite(s)))
            throw entry.Corrupt("its standardization holds a non-finite mean or a non-positive scale");
        return new(mean, scale);
    }
}
