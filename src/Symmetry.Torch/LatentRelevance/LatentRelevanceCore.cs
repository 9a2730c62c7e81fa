using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// LatentRelevance (Sanz, "Learning symmetries in datasets"): trains a β-VAE <see cref="LatentRelevanceTrainingOptions.Runs"/>
/// times, measures the relevance of each latent on the training data, aggregates the runs' profiles into an intrinsic
/// dimension, and relates the kept run's latents to the features.
/// </summary>
internal static class LatentRelevanceCore
{
    /// <summary>
    /// Trains one VAE per seed <paramref name="baseSeed"/>, <paramref name="baseSeed"/> + 1, … (see
    /// <see cref="VaeTraining.Train"/>) on <paramref name="data"/> (rows × D float32, as the VAE sees it: standardized
    /// or not), encodes the data with each, keeps the lowest-loss run and correlates its latents, by rank, with
    /// <paramref name="features"/> (the same rows × D, row-major, in the units the caller reports them in).
    /// </summary>
    /// <exception cref="ArgumentException">Bad data, features or options (the message names which).</exception>
    /// <exception cref="OperationCanceledException">Cancelled through <paramref name="loop"/>.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (a non-finite loss).</exception>
    public static LatentRelevanceResult Train(Tensor data, ReadOnlySpan<float> features, LatentRelevanceTrainingOptions options, int baseSeed,
                                              Device device, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loop);
        if (data.ndim != 2)
            throw new ArgumentException($"The training data must be rows × features; got [{string.Join(", ", data.shape)}].", nameof(data));
        var rows = (int)data.shape[0];
        var size = (int)data.shape[1];
        if (features.Length != (long)rows * size)
            throw new ArgumentException($"The features hold {features.Length} values but the data is {rows} × {size}.", nameof(features));
        if (options.Runs < 1) throw new ArgumentException($"Runs must be ≥ 1; got {options.Runs}.", nameof(options));
        if (options.EncodeBatchSize < 1) throw new ArgumentException($"EncodeBatchSize must be ≥ 1; got {options.EncodeBatchSize}.", nameof(options));
        var latent = options.LatentSizeFor(size);
        var seeds = Enumerable.Range(0, options.Runs).Select(r => unchecked(baseSeed + r)).ToArray();
        // The data is encoded where the models are after training.
        using var onDevice = data.device_type == device.type && (device.index < 0 || data.device_index == device.index) ? data.alias() : data.to(device);
        var trained = VaeTraining.Train(onDevice, options, seeds, device, loop);
        var best = 0;
        for (var r = 1; r < trained.Count; r++)
            if (trained[r].FinalLoss < trained[best].FinalLoss) best = r;

        var runs = new LatentRelevanceRun[trained.Count];
        float[] bestMean = [];
        var disposed = new bool[trained.Count];
        try
        {
            // The kept run last: the other runs' μ are garbage by then, so at most one rows × L array is live besides it.
            foreach (var r in Enumerable.Range(0, trained.Count).Where(r => r != best).Append(best))
            {
                var run = trained[r];
                var (mu, meanSigma) = run.Model.EncodeMeans(onDevice, options.EncodeBatchSize);
                var relevance = RelevanceMath.Relevance(mu, meanSigma, rows, latent);
                var order = RelevanceMath.DescendingOrder(relevance);
                runs[r] = new LatentRelevanceRun(run.Seed, relevance, order, order.Select(j => relevance[j]).ToArray(), run.History, run.FinalLoss);
                if (r == best) bestMean = mu;
                else
                {
                    // Only the kept run's model and latents outlive the measurement.
                    run.Model.Dispose();
                    disposed[r] = true;
                }
            }
            var profile = RelevanceProfile.Of(runs.Select(r => r.SortedRelevance).ToArray(), options.RelevanceThreshold, options.MinimumDropRatio);
            var (correlations, r2) = LatentsAgainstFeatures(bestMean, runs[best].Order, latent, features, size, rows, loop.ThrowIfCancelled);
            return new LatentRelevanceResult(trained[best].Model, best, runs, profile, correlations, r2);
        }
        catch
        {
            for (var r = 0; r < trained.Count; r++)
                if (!disposed[r]) trained[r].Model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pearson correlation of each latent mean, by rank, with each feature, and the linear R² of each on all features
    /// (Sanz's check of which features a relevant latent encodes). <paramref name="mean"/> (rows × L, model order) is
    /// put in rank order in place; both it and the features are read as float32, which the statistics widen exactly
    /// (no float64 copies of the rows).
    /// </summary>
    private static (double[][] Correlations, double[] LinearR2) LatentsAgainstFeatures(float[] mean, int[] order, int latent,
                                                                                         ReadOnlySpan<float> features, int size, int rows, Action checkAlive)
    {
        Span<float> row = stackalloc float[latent];
        for (var i = 0; i < rows; i++)
        {
            var values = mean.AsSpan(i * latent, latent);
            for (var k = 0; k < latent; k++) row[k] = values[order[k]];
            row.CopyTo(values);
        }
        ReadOnlySpan<float> ordered = mean;
        checkAlive();
        var corr = Statistics.PearsonMatrix(ordered, latent, features, size, rows);
        var correlations = Enumerable.Range(0, latent).Select(k => corr.AsSpan(k * size, size).ToArray()).ToArray();
        // One XᵀX and one factorisation for every latent. With no more rows than features a least-squares fit is
        // exact whatever the latent, so R² says nothing: NaN, and the cost (cols³) is not paid.
        var r2 = rows > size + 1 ? Statistics.LinearR2(features, rows, size, ordered, latent, checkAlive) : Enumerable.Repeat(double.NaN, latent).ToArray();
        return (correlations, r2);
    }
}
