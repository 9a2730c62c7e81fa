using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The optimisation of <see cref="LieDetectorModel"/> on <see cref="TrainingLoop"/> with two <see cref="FlatAdam"/>
/// groups: the training step of <see cref="LieDetectorCore.Train"/>, and what the detector benchmark times on its own.
/// </summary>
internal static class LieDetectorTraining
{
    /// <summary>The loss term names, in the order of the history.</summary>
    public static IReadOnlyList<string> TermNames { get; } = ["total", "transformed", "auxiliary", "latent", "lasso", "alpha"];

    /// <summary>
    /// Trains on pairs: <paramref name="pairs"/> is rows × 2P float32 (x then y, each a row-major
    /// <paramref name="height"/> × <paramref name="width"/> image) on the training device; <paramref name="seed"/> seeds
    /// the initial values and (plus one) the shuffles. Returns the model (in eval-free inference use; it has no dropout
    /// or batch norm) and the per-epoch mean of each loss term.
    /// </summary>
    public static (LieDetectorModel Model, IReadOnlyList<EpochLosses> History) Train(Tensor pairs, int height, int width, LieDetectorTrainingOptions options,
                                                                                     int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loop);
        var p = height * width;
        if (pairs.ndim != 2 || pairs.shape[1] != 2 * p)
            throw new ArgumentException($"The pairs must be rows × {2 * p} (two {height} × {width} images); got [{string.Join(", ", pairs.shape)}].", nameof(pairs));
        if (options.AlphaOrder is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(options), options.AlphaOrder, "The α-matching order must be 1 or 2.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        Runtime.Ensure();
        using var init = new Generator((ulong)seed);
        using var shuffle = new Generator((ulong)seed + 1);
        var model = new LieDetectorModel(height, width, options.LatentSide, options.Basis, init, pairs.device, options.UnitRmsFields, options.UnitStart);
        try
        {
            if (options.Start == DetectorStart.Spectral) model.SetCoefficients(model.SpectralCoefficients(pairs, loop.ThrowIfCancelled));
            using var networks = new FlatAdam(model.NetworkParameters(), options.LearningRate);
            using var group = new FlatAdam([model.Coefficients], options.CoefficientLearningRate);
            var history = loop.Run(pairs, Math.Min(options.BatchSize, (int)pairs.shape[0]), options.Epochs, shuffle, batch =>
            {
                networks.ZeroGrad();
                group.ZeroGrad();
                var terms = Losses(model, batch.narrow(1, 0, p), batch.narrow(1, p, p), options);
                terms[0].backward();
                networks.Step();
                group.Step();
                // Left on the device: the loop reads the terms back once per epoch, not after every step.
                return stack(terms);
            }, TermNames);
            return (model, history);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The weighted total and the unweighted terms (transformed, auxiliary, latent, lasso, alpha) for pairs x → y (rows × P each).</summary>
    public static Tensor[] Losses(LieDetectorModel model, Tensor x, Tensor y, LieDetectorTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(options);
        var t = model.Magnitude(x, y);
        var zx = model.Encode(x);
        var zy = model.Encode(y);
        var zt = model.TransformLatent(zx, t);
        var transformed = nn.functional.mse_loss(model.Decode(zt), y);
        var auxiliary = nn.functional.mse_loss(model.Decode(zx), x) + nn.functional.mse_loss(model.Decode(zy), y);
        var latent = nn.functional.mse_loss(zt, zy);
        var lasso = model.Coefficients.abs().sum();
        var gx = model.ApplyImageGenerator(x);
        var td = options.AlphaMagnitude == DetectorAlphaMagnitude.LeastSquares ? LeastSquaresMagnitude(gx, y - x) : t.detach().unsqueeze(1);
        var moved = x + td * gx;
        if (options.AlphaOrder == 2) moved = moved + 0.5 * td * td * model.ApplyImageGenerator(gx);
        var alpha = nn.functional.mse_loss(moved, y);
        var total = options.TransformedWeight * transformed + options.AuxiliaryWeight * auxiliary + options.LatentWeight * latent
                    + options.LassoWeight * lasso + options.AlphaWeight * alpha;
        return [total, transformed, auxiliary, latent, lasso, alpha];
    }

    // Each pair's t* = ⟨Gx, y − x⟩ / ⟨Gx, Gx⟩ (rows × 1, detached): the magnitude that makes x + t Gx closest to y.
    private static Tensor LeastSquaresMagnitude(Tensor gx, Tensor difference)
    {
        using var _ = no_grad();
        return ((gx * difference).sum(1, keepdim: true) / (gx * gx).sum(1, keepdim: true).clamp_min(1e-12)).detach();
    }
}
