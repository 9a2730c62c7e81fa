using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The training objective of one <see cref="VaeModel"/> (reconstruction and closed-form KL), kept off the module so
/// that it holds layers and the forward pass only. Training itself uses the batched form,
/// <see cref="BatchedVae.Loss(Tensor, Tensor, double)"/>; this one is its single-model reference.
/// </summary>
internal static class VaeLoss
{
    /// <summary>
    /// The loss terms of Sanz's β-VAE for a batch x (events × input): reconstruction = mean over events of
    /// ‖x − x̂‖², and KL = mean over events of Σ_j KL(N(μ_j, σ_j²) ‖ N(0, 1)), with x̂ decoded from z = μ + σ ε,
    /// ε ~ N(0, 1) drawn (events × latent) from <paramref name="generator"/> on the CPU and moved to x's device, so a
    /// seed means the same noise on any device.
    /// </summary>
    public static (Tensor Reconstruction, Tensor Kl) Loss(this VaeModel model, Tensor x, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var eps = randn([x.shape[0], model.LatentSize], dtype: x.dtype, generator: generator);
        if (x.device_type != DeviceType.CPU) eps = eps.to(x.device);
        var (rec, kl) = model.LossWithNoise(x, eps);
        return (rec.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope());
    }

    /// <summary><see cref="Loss(VaeModel, Tensor, Generator?)"/> with the noise ε (events × latent) given.</summary>
    public static (Tensor Reconstruction, Tensor Kl) LossWithNoise(this VaeModel model, Tensor x, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(noise);
        using var scope = NewDisposeScope();
        var (m, lv) = model.Encode(x);
        var z = addcmul(m, lv.exp().sqrt(), noise, Scalars.One);
        var xhat = model.Decode(z);
        // Mean over events of ‖x − x̂‖² = (sum of all squared errors) / events: one fused kernel.
        var rec = nn.functional.mse_loss(xhat, x, nn.Reduction.Sum) / (double)x.shape[0];
        var kl = KlDivergence(m, lv);
        return (rec.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Mean over events (rows) of Σ_j −½(1 + log σ_j² − μ_j² − σ_j²), the closed-form KL divergence of
    /// N(μ, diag σ²) from N(0, 1), for <paramref name="mean"/> and <paramref name="logVar"/> (events × latent).
    /// </summary>
    public static Tensor KlDivergence(Tensor mean, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVar);
        if (mean.ndim != 2 || !mean.shape.SequenceEqual(logVar.shape))
            throw new ArgumentException($"mean and logVar must both be events × latent; got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", logVar.shape)}].");
        using var scope = NewDisposeScope();
        // Σ (σ² − log σ² + μ²) in two fused kernels, then ½ (that / events − latent).
        var terms = addcmul(logVar.exp() - logVar, mean, mean, Scalars.One);
        var kl = (terms.sum() / (double)mean.shape[0] - (double)mean.shape[1]) * 0.5;
        return kl.MoveToOuterDisposeScope();
    }
}
