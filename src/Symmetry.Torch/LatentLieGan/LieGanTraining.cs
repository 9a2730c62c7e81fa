using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>What the adversarial training of LaLiGAN produced.</summary>
/// <param name="Autoencoder">The trained autoencoder (eval mode, gradients off; the caller owns it).</param>
/// <param name="Generator">The trained LieGAN generator (the caller owns it).</param>
/// <param name="History">Per-epoch mean terms: "reconstruction", "gan", "regularizer", "discriminator", "accuracy", "total" (and "sindy" when trained jointly).</param>
/// <param name="JointSindyCoefficients">The jointly trained Ξ (terms × m) when <see cref="LatentSindyTrainingOptions.TrainJointly"/> was set, else null.</param>
internal sealed record LieGanTrainingResult(Autoencoder Autoencoder, LieGanGenerator Generator, IReadOnlyList<EpochLosses> History, double[,]? JointSindyCoefficients = null);

/// <summary>The losses and adversarial training of LaLiGAN (Yang et al.; the public code's train_lassi recipe).</summary>
internal static class LieGanTraining
{
    /// <summary>The per-epoch loss terms, in the order of the history ("sindy" follows when trained jointly).</summary>
    public static IReadOnlyList<string> TermNames { get; } = ["reconstruction", "gan", "regularizer", "discriminator", "accuracy", "total"];

    /// <summary>Mean binary cross-entropy −[t log p + (1 − t) log(1 − p)] of probabilities against a constant target (log clamped at −100 as PyTorch).</summary>
    public static Tensor Bce(Tensor probabilities, double target)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        using var t = full_like(probabilities, target);
        return nn.functional.binary_cross_entropy(probabilities, t);
    }

    /// <summary>The cosine regulariser |mean over rows and time steps of cos(z', z)| for rows × T × m codes.</summary>
    public static Tensor CosineRegularizer(Tensor moved, Tensor original)
    {
        ArgumentNullException.ThrowIfNull(moved);
        ArgumentNullException.ThrowIfNull(original);
        return nn.functional.cosine_similarity(moved, original, 2).mean().abs();
    }

    /// <summary>
    /// The public LieGAN code's "rel_diff" term −min(mean |(z' − z) / (|z| + 10⁻⁶)|, 1): rewards moving codes by a relative
    /// amount, whatever the direction, so a dilation (cos(gz, z) = 1) is not penalised like the identity.
    /// </summary>
    public static Tensor RelativeDifferenceRegularizer(Tensor moved, Tensor original)
    {
        ArgumentNullException.ThrowIfNull(moved);
        ArgumentNullException.ThrowIfNull(original);
        return -((moved - original) / (original.abs() + 1e-6)).abs().mean().clamp_max(1.0);
    }

    /// <summary>
    /// The public LieGAN code's "Li_norm" term −min(‖L‖_F, k·m): rewards a nonzero generator of any kind, saturating once
    /// the norm reaches k·m so it cannot grow without bound.
    /// </summary>
    public static Tensor GeneratorNormRegularizer(Tensor algebra)
    {
        ArgumentNullException.ThrowIfNull(algebra);
        return -algebra.norm().clamp_max(algebra.shape[0] * algebra.shape[1]);
    }

    /// <summary>The regulariser <paramref name="kind"/> for moved and original rows × T × m codes and the masked k × m × m algebra.</summary>
    public static Tensor Regularizer(LieGanRegularizer kind, Tensor moved, Tensor original, Tensor algebra) => kind switch
    {
        LieGanRegularizer.RelativeDifference => RelativeDifferenceRegularizer(moved, original),
        LieGanRegularizer.GeneratorNorm => GeneratorNormRegularizer(algebra),
        _ => CosineRegularizer(moved, original),
    };

    /// <summary>Encodes rows × (T·n) inputs step by step: rows × T × m.</summary>
    public static Tensor EncodeSteps(Autoencoder autoencoder, Tensor x, int timeSteps)
    {
        ArgumentNullException.ThrowIfNull(autoencoder);
        ArgumentNullException.ThrowIfNull(x);
        var rows = x.shape[0];
        return autoencoder.Encode(x.reshape(rows * timeSteps, -1)).reshape(rows, timeSteps, -1);
    }

    /// <summary>
    /// Trains an autoencoder, generator and discriminator on rows × (T·n) float32 <paramref name="data"/> (rows × (2·T·n)
    /// with <see cref="LatentLieGanTrainingOptions.VelocitiesInData"/>; on the training device) with one summed backward of MSE
    /// recon + w_gan BCE(D(z'), 1) + w_reg |mean cos(z', z)| + ½[BCE(D(z̄), 1) + BCE(D(z̄'), 0)] (z̄: detached) and three
    /// Adam optimizers, thresholding L every <see cref="LatentLieGanTrainingOptions.ThresholdEvery"/> epochs. The gradients are
    /// those of that summed backward, computed with D(z') evaluated once and two backward passes each pruned to its
    /// parameters (≈ 10 % fewer products than the recipe written out; tested against it).
    /// </summary>
    public static LieGanTrainingResult Train(Tensor data, LatentLieGanTrainingOptions options, int seed, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loop);
        Runtime.Ensure();
        if (data.dtype != float32 || data.ndim != 2) throw new ArgumentException("The LaLiGAN training data must be a rows × (T·n) float32 tensor.", nameof(data));
        var t = options.TimeSteps;
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThresholdEvery, 1);
        var blocks = options.VelocitiesInData ? 2 * t : t;
        if (data.shape[1] % blocks != 0)
            throw new ArgumentException(options.VelocitiesInData
                ? $"With VelocitiesInData the row size {data.shape[1]} must be 2 · TimeSteps · n (TimeSteps = {t} states, then as many velocities)."
                : $"The row size {data.shape[1]} is not a multiple of TimeSteps = {t}.", nameof(data));
        var n = (int)(data.shape[1] / blocks);
        var m = options.Latent;
        var init = new Generator((ulong)(uint)seed + 101UL);
        var noise = new Generator((ulong)(uint)seed + 211UL);
        var shuffle = new Generator((ulong)(uint)seed + 307UL);
        var rowsTotal = data.shape[0];
        var batchRows = Math.Min(options.BatchSize, rowsTotal);
        // BatchNorm's batch statistics need two samples; the loop's last, shorter batch may hold one state.
        if (options.BatchNorm && t * (rowsTotal % batchRows == 0 ? batchRows : rowsTotal % batchRows) < 2)
            throw new ArgumentException($"With BatchNorm every batch needs at least 2 states: {rowsTotal} rows in batches of {batchRows} leave a last batch of 1 row × {t} step. Change BatchSize.", nameof(options));
        var jointLibrary = options.JointLibrary;
        if (options.VelocitiesInData && jointLibrary is null)
            throw new ArgumentException("VelocitiesInData needs Sindy.TrainJointly: only the joint SINDy term reads the velocities.", nameof(options));
        var sindy = options.Sindy;
        if (jointLibrary is not null && !options.VelocitiesInData)
        {
            if (t < 2) throw new ArgumentException("The joint SINDy term needs TimeSteps ≥ 2 to difference consecutive codes, or VelocitiesInData (ẋ per state).", nameof(options));
            if (!(sindy!.TimeStep > 0) || !double.IsFinite(sindy.TimeStep)) throw new ArgumentOutOfRangeException(nameof(options), sindy.TimeStep, "Sindy.TimeStep must be a positive finite number.");
        }
        var ae = new Autoencoder(n, options.AutoencoderHidden, m, init, options.BatchNorm, options.OrthogonalLatentLayer);
        var gen = new LieGanGenerator(options.Generators, m, options.Sigma, options.LearnSigma, init);
        var disc = new LieGanDiscriminator(t * m, options.DiscriminatorHidden, init);
        try
        {
            ae.to(data.device);
            gen.to(data.device);
            disc.to(data.device);
            using var aeAdam = new FlatAdam(ae.parameters(), options.AutoencoderLearningRate);
            using var genAdam = new FlatAdam(gen.Trainable, options.GeneratorLearningRate);
            using var discAdam = new FlatAdam(disc.parameters(), options.DiscriminatorLearningRate);
            using var xi = jointLibrary is null ? null : nn.Parameter(zeros([jointLibrary.Count, m], float32, data.device));
            using var xiAdam = xi is null ? null : new FlatAdam([xi], options.GeneratorLearningRate);
            var stepper = new LieGanStep(ae, gen, disc, options, noise, xi, jointLibrary, n);
            var rows = data.shape[0];
            var batch = (int)Math.Min(options.BatchSize, rows);
            var stepsPerEpoch = (rows + batch - 1) / batch;
            long step = 0;
            IReadOnlyList<EpochLosses> history = loop.Run(data, batch, options.Epochs, shuffle, rowsOfBatch =>
            {
                if (step > 0 && step % stepsPerEpoch == 0 && (step / stepsPerEpoch) % options.ThresholdEvery == 0 && options.Threshold > 0)
                    gen.Threshold(options.Threshold);
                step++;
                aeAdam.ZeroGrad();
                genAdam.ZeroGrad();
                discAdam.ZeroGrad();
                xiAdam?.ZeroGrad();
                var terms = stepper.Gradients(rowsOfBatch);
                aeAdam.Step();
                if (options.OrthogonalLatentLayer) ae.RetractLatentLayer();
                genAdam.Step();
                discAdam.Step();
                xiAdam?.Step();
                return terms;
            }, jointLibrary is null ? TermNames : [.. TermNames, "sindy"]);
            ae.eval();
            foreach (var p in ae.parameters()) p.requires_grad_(false);
            foreach (var p in gen.parameters()) p.requires_grad_(false);
            // Each chunk frees tens of MB of activations that the next one allocates again: kept for reuse while the pass
            // runs (as in training) instead of returned to the kernel and faulted back in, chunk after chunk.
            using (MallocTuning.ForTraining())
                history = WithFinalAccuracy(history, FinalAccuracy(ae, gen, disc, data, t, n, options.KeepCenter, seed));
            disc.Dispose();
            double[,]? coefficients = null;
            if (xi is not null)
            {
                using var host = xi.detach().to(float64).cpu().contiguous();
                var values = host.data<double>().ToArray();
                coefficients = new double[xi.shape[0], m];
                Buffer.BlockCopy(values, 0, coefficients, 0, values.Length * sizeof(double));
            }
            return new LieGanTrainingResult(ae, gen, history, coefficients);
        }
        catch
        {
            ae.Dispose();
            gen.Dispose();
            disc.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The trained discriminator's accuracy on all training rows, real codes against codes moved by freshly drawn group
    /// elements (½ [P(D(z) ≥ ½) + P(D(z') &lt; ½)]): ½ means it cannot tell them apart, the method's own evidence that a
    /// symmetry was reached. Evaluated in chunks with the trained (eval-mode) encoder.
    /// </summary>
    internal static double FinalAccuracy(Autoencoder ae, LieGanGenerator gen, LieGanDiscriminator disc, Tensor data, int t, int n, bool keepCenter, int seed)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        disc.eval();
        var draw = new Generator((ulong)(uint)seed + 401UL);
        var rows = data.shape[0];
        var m = gen.Latent;
        double correct = 0;
        // 1,024 rows: a chunk's activations (kept by its scope until it ends; ≈ 4 KB a row at the default widths, ≈ 30 KB
        // with LaLiGAN's 512-wide layers) stay ≈ 30 MB at most; 4,096 added ≈ 120 MB to the bench's peak.
        const long chunk = 1024;
        var states = data.narrow(1, 0, t * n);
        for (long start = 0; start < rows; start += chunk)
        {
            // One scope per chunk: the outer scope alone would keep every chunk's activations (about 4 KB a row with
            // the default widths) until the end, so memory grew with the rows instead of staying at one chunk's.
            using var chunkScope = NewDisposeScope();
            var b = Math.Min(chunk, rows - start);
            var z = EncodeSteps(ae, states.narrow(0, start, b), t);
            var center = keepCenter ? null : z.reshape(b * t, m).mean([0], keepdim: true).unsqueeze(0);
            var moved = LieGanGenerator.Apply(z, gen.GroupElements(gen.SampleCoefficients(b, draw)), center);
            var real = disc.forward(z.reshape(b, -1)).ge(0.5).to(float64).sum().item<double>();
            var fake = disc.forward(moved.reshape(b, -1)).lt(0.5).to(float64).sum().item<double>();
            correct += real + fake;
        }
        return rows == 0 ? double.NaN : correct / (2.0 * rows);
    }

    /// <summary>The history with <paramref name="accuracy"/> added to its last epoch as "finalAccuracy".</summary>
    internal static IReadOnlyList<EpochLosses> WithFinalAccuracy(IReadOnlyList<EpochLosses> history, double accuracy)
    {
        if (history.Count == 0) return history;
        var last = history[^1];
        var losses = new Dictionary<string, double>(last.Losses, StringComparer.Ordinal) { [FinalAccuracyKey] = accuracy };
        return [.. history.Take(history.Count - 1), last with { Losses = losses }];
    }

    /// <summary>The key of the end-of-training discriminator accuracy in the last epoch's losses.</summary>
    public const string FinalAccuracyKey = "finalAccuracy";
}
