using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Encodes whole data sets with a trained <see cref="VaeModel"/>, batch by batch, into host arrays.</summary>
internal static class VaeEncoding
{
    /// <summary>
    /// μ and σ of every row of <paramref name="data"/> (rows × input, on <paramref name="model"/>'s device), encoded
    /// under no_grad in batches of <paramref name="batchSize"/> rows, as rows × latent arrays (row-major).
    /// </summary>
    public static (double[] Mean, double[] Sigma) EncodeAll(this VaeModel model, Tensor data, int batchSize)
    {
        Check(model, data, batchSize);
        var rows = data.shape[0];
        var meanValues = new double[rows * model.LatentSize];
        var sigmaValues = new double[rows * model.LatentSize];
        if (rows == 0) return (meanValues, sigmaValues);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        // The arrays themselves, as CPU float64 tensors: each batch is converted and copied into them in one kernel.
        var mu = frombuffer(meanValues, ScalarType.Float64).view(rows, model.LatentSize);
        var sigma = frombuffer(sigmaValues, ScalarType.Float64).view(rows, model.LatentSize);
        for (long start = 0; start < rows; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var n = Math.Min(batchSize, rows - start);
            var (m, lv) = model.Encode(data.narrow(0, start, n));
            mu.narrow(0, start, n).copy_(m);
            sigma.narrow(0, start, n).copy_(lv.mul_(Scalars.Half).exp_());
        }
        return (meanValues, sigmaValues);
    }

    /// <summary>
    /// What <see cref="RelevanceMath.Relevance(ReadOnlySpan{float}, IReadOnlyList{double}, int, int)"/> needs of every
    /// row, without <see cref="EncodeAll"/>'s rows × latent float64 arrays: μ as float32 (the model's own values, which
    /// EncodeAll widens exactly) and, per latent, the mean of σ over the rows, summed in row order in float64 as
    /// <see cref="Statistics.ColumnMeans(ReadOnlySpan{double}, int, int)"/> sums EncodeAll's σ, so the same number.
    /// </summary>
    /// <returns>μ (rows × latent, row-major) and the mean σ of each latent.</returns>
    public static (float[] Mean, double[] MeanSigma) EncodeMeans(this VaeModel model, Tensor data, int batchSize)
    {
        Check(model, data, batchSize);
        var rows = data.shape[0];
        var latent = model.LatentSize;
        var meanValues = new float[rows * latent];
        var sigmaSums = new double[latent];
        if (rows == 0) return (meanValues, sigmaSums);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var mu = frombuffer(meanValues, ScalarType.Float32).view(rows, latent);
        for (long start = 0; start < rows; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var n = Math.Min(batchSize, rows - start);
            var (m, lv) = model.Encode(data.narrow(0, start, n));
            mu.narrow(0, start, n).copy_(m);
            var sigma = MemoryMarshal.Cast<byte, float>(lv.mul_(Scalars.Half).exp_().cpu().contiguous().bytes);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < latent; j++) sigmaSums[j] += sigma[(int)(i * latent + j)];
        }
        for (var j = 0; j < latent; j++) sigmaSums[j] /= rows;
        return (meanValues, sigmaSums);
    }

    private static void Check(VaeModel model, Tensor data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.ndim != 2 || data.shape[1] != model.InputSize)
            throw new ArgumentException($"The data must be rows × {model.InputSize}; got [{string.Join(", ", data.shape)}].", nameof(data));
    }
}
