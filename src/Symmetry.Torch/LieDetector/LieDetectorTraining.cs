using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Settings of <see cref="LieDetectorTraining.Train"/> (paper 003's loss weights and optimizer groups).</summary>
/// <param name="Height">Image height H (rows).</param>
/// <param name="Width">Image width W (columns).</param>
/// <param name="LatentSide">Latent patch side s (9 → 81 latent pixels in the SyMNIST configuration).</param>
/// <param name="Basis">Affine (6) or quadratic (12) terms.</param>
/// <param name="Epochs">Passes over the pairs.</param>
/// <param name="BatchSize">Pairs per step.</param>
/// <param name="Seed">Seeds the initial values and the shuffles.</param>
/// <param name="TransformedWeight">Weight of MSE(dec(exp(tG) enc(x)), y).</param>
/// <param name="AuxiliaryWeight">l_r: weight of MSE(AE(x), x) + MSE(AE(y), y).</param>
/// <param name="LatentWeight">l_z: weight of MSE(enc(y), exp(tG) enc(x)).</param>
/// <param name="LassoWeight">l_lasso: weight of ‖a‖₁.</param>
/// <param name="AlphaWeight">l_a: weight of the α-matching term MSE(x + t̄ Gx [+ t̄²/2 G²x], y), t̄ = t detached.</param>
/// <param name="AlphaOrder">1 or 2: Taylor order of the α-matching term.</param>
/// <param name="LearningRate">Adam step of the networks (1e-3).</param>
/// <param name="CoefficientLearningRate">Adam step of the coefficients a (1e-2).</param>
internal sealed record LieDetectorSettings(
    int Height, int Width, int LatentSide = 9, DetectorBasis Basis = DetectorBasis.Affine, int Epochs = 20, int BatchSize = 256, int Seed = 0,
    double TransformedWeight = 1, double AuxiliaryWeight = 1, double LatentWeight = 1, double LassoWeight = 0,
    double AlphaWeight = 1, int AlphaOrder = 1, double LearningRate = 1e-3, double CoefficientLearningRate = 1e-2);

/// <summary>Training of <see cref="LieDetectorModel"/> on <see cref="TrainingLoop"/> with two <see cref="FlatAdam"/> groups.</summary>
internal static class LieDetectorTraining
{
    /// <summary>The loss term names, in the order of the history.</summary>
    public static IReadOnlyList<string> TermNames { get; } = ["total", "transformed", "auxiliary", "latent", "lasso", "alpha"];

    /// <summary>
    /// Trains on pairs: <paramref name="pairs"/> is rows × 2P float32 (x then y, each a row-major n × n image) on the
    /// training device. Returns the model (in eval-free inference use; it has no dropout or batch norm) and the
    /// per-epoch mean of each loss term.
    /// </summary>
    public static (LieDetectorModel Model, IReadOnlyList<EpochLosses> History) Train(Tensor pairs, LieDetectorSettings settings, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loop);
        var p = settings.Height * settings.Width;
        if (pairs.ndim != 2 || pairs.shape[1] != 2 * p)
            throw new ArgumentException($"The pairs must be rows × {2 * p} (two {settings.Height} × {settings.Width} images); got [{string.Join(", ", pairs.shape)}].", nameof(pairs));
        if (settings.AlphaOrder is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(settings), settings.AlphaOrder, "The α-matching order must be 1 or 2.");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1);
        Runtime.Ensure();
        using var init = new Generator((ulong)settings.Seed);
        using var shuffle = new Generator((ulong)settings.Seed + 1);
        var model = new LieDetectorModel(settings.Height, settings.Width, settings.LatentSide, settings.Basis, init, pairs.device);
        try
        {
            using var networks = new FlatAdam(model.NetworkParameters(), settings.LearningRate);
            using var group = new FlatAdam([model.Coefficients], settings.CoefficientLearningRate);
            var history = loop.Run(pairs, Math.Min(settings.BatchSize, (int)pairs.shape[0]), settings.Epochs, shuffle, batch =>
            {
                networks.ZeroGrad();
                group.ZeroGrad();
                var terms = Losses(model, batch.narrow(1, 0, p), batch.narrow(1, p, p), settings);
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
    public static Tensor[] Losses(LieDetectorModel model, Tensor x, Tensor y, LieDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(settings);
        var t = model.Magnitude(x, y);
        var zx = model.Encode(x);
        var zy = model.Encode(y);
        var zt = model.TransformLatent(zx, t);
        var transformed = nn.functional.mse_loss(model.Decode(zt), y);
        var auxiliary = nn.functional.mse_loss(model.Decode(zx), x) + nn.functional.mse_loss(model.Decode(zy), y);
        var latent = nn.functional.mse_loss(zt, zy);
        var lasso = model.Coefficients.abs().sum();
        var td = t.detach().unsqueeze(1);
        var gx = model.ApplyImageGenerator(x);
        var moved = x + td * gx;
        if (settings.AlphaOrder == 2) moved = moved + 0.5 * td * td * model.ApplyImageGenerator(gx);
        var alpha = nn.functional.mse_loss(moved, y);
        var total = settings.TransformedWeight * transformed + settings.AuxiliaryWeight * auxiliary + settings.LatentWeight * latent
                    + settings.LassoWeight * lasso + settings.AlphaWeight * alpha;
        return [total, transformed, auxiliary, latent, lasso, alpha];
    }
}
