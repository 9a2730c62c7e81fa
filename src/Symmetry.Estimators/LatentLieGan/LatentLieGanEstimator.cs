using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// LaLiGAN (Yang et al., "Latent Space Symmetry Discovery"): an autoencoder whose latent space carries a
/// linear Lie group action g = exp(Σ_i w_i L_i), learned adversarially with a discriminator, and optionally SINDy
/// equations of the latent dynamics. <c>Fit</c> returns a <see cref="LatentLieGanTransformer"/> that appends
/// <c>Latent</c> and carries a <see cref="LatentLieGanReport"/>.
/// </summary>
public sealed partial class LatentLieGanEstimator : SymmetryEstimator<LatentLieGanTransformer, LatentLieGanEstimator.Options>
{
    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LatentLieGan</c>).</summary>
    public LatentLieGanEstimator(IHostEnvironment env, Options options) : base(env, options, nameof(LatentLieGanEstimator)) { }

    private string InputName => Settings.InputColumnName ?? Defaults.InputColumnName;

    private protected override IEnumerable<string> VectorInputs =>
        Settings.Sindy?.DerivativeColumnName is { } d ? [InputName, d] : [InputName];

    // Latent, and LatentDot with SINDy; m is the options' latent dimension.
    private protected override IEnumerable<OutputColumn> Outputs => LatentLieGanTransformer.Columns(Settings.OutputColumnName, Settings.LatentDimension, Settings.Sindy is not null);

    /// <summary>
    /// Trains the options' <see cref="Options.Shard"/> of the <see cref="Options.Runs"/> (every run without one) and returns
    /// it as a partial result: the shard's kept model with the shard's runs in its report, the shard, and a fingerprint of
    /// the options (but the shard), package version and data. Save it, and <see cref="SymmetryPartialResult.Merge"/>
    /// every shard's into the transformer one <c>Fit</c> would have made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options have no fixed Seed.</exception>
    /// <exception cref="OperationCanceledException">The options' token or <c>MLContext.CancelExecution</c> stopped the fit.</exception>
    public SymmetryPartialResult FitPartial(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Settings.Seed is null) throw new InvalidOperationException("A partial result needs a fixed Seed in the options: every shard must train its runs from the seeds a single fit would use.");
        using var fit = new FitEnvironment(Environment.Register(nameof(LatentLieGanEstimator)), Settings);
        string? fingerprint = null;
        var transformer = FitCore(input, fit, data => fingerprint = Fingerprint(data));
        return new SymmetryPartialResult("LatentLieGan", Settings.Shard ?? new SymmetryShard(0, 1), Settings.Runs, fingerprint!,
                                         ShardFingerprint.PackageVersion, transformer, input.Schema);
    }

    /// <summary>The fingerprint <see cref="FitPartial"/> gives these options on <paramref name="input"/> (for a merge to check it has the shards' data).</summary>
    internal string FingerprintOf(IDataView input) => Fingerprint(Read(() => { }, input));

    // Every option (ShardFingerprint.OptionsOf), with the input column as resolved; the states (and derivatives) as data.
    private string Fingerprint(TrainingData data) =>
        ShardFingerprint.Of("LatentLieGan", ShardFingerprint.OptionsOf(Settings).Append(("InputColumn", InputName)), data.Features);

    private TrainingData Read(Action checkAlive, IDataView input) =>
        FeatureReader.ReadColumns(checkAlive, input, Settings.Sindy?.DerivativeColumnName is { } d ? [InputName, d] : [InputName], minimumRows: 2);

    private protected override LatentLieGanTransformer FitCore(IDataView input, FitEnvironment fit) => FitCore(input, fit, null);

    /// <exception cref="ArgumentException">
    /// The input vector size is not a multiple of <see cref="Options.TimeSteps"/>, the derivative column's size differs
    /// from the input's, or too few rows remain after holding out the rollout trajectory.
    /// </exception>
    /// <exception cref="InvalidOperationException">The input holds NaN or ±∞, or the held-out rows are not one trajectory.</exception>
    private LatentLieGanTransformer FitCore(IDataView input, FitEnvironment fit, Action<TrainingData>? readData)
    {
        var options = Settings;
        var derivativeName = options.Sindy?.DerivativeColumnName;
        var read = Read(fit.CheckAlive, input);
        readData?.Invoke(read);
        var features = read.Features[0];
        var velocities = derivativeName is null ? null : read.Features[1];
        var t = options.TimeSteps;
        if (features.Size % t != 0)
            throw new ArgumentException($"The input column '{InputName}' has {features.Size} slots, which TimeSteps = {t} does not divide: each vector must hold {t} states of one size.", nameof(input));
        if (features.Size > LatentLieGanTransformer.MaxInputSize)
            throw new ArgumentException($"The input column '{InputName}' has {features.Size} slots; a LatentLieGan model holds at most {LatentLieGanTransformer.MaxInputSize}.", nameof(input));
        if (velocities is not null && velocities.Size != features.Size)
            throw new ArgumentException($"Sindy.DerivativeColumnName '{derivativeName}' has {velocities.Size} slots; it must match the input column '{InputName}' ({features.Size}: ẋ of each state).", nameof(input));
        var training = options.ToTraining();
        double[,]? trajectory = null;
        if (training.Sindy?.SortedHorizons is { } horizons)
        {
            int keep;
            (keep, trajectory) = LatentLieGanCore.HoldOut(features.Values, features.Rows, features.Size, t, horizons[^1]);
            features = Head(features, keep);
            velocities = velocities is null ? null : Head(velocities, keep);
        }
        var scaling = options.Standardize ? StandardizePerState(features, t) : Standardization.Identity(features.Size);
        fit.Info($"LatentLieGan: {features.Rows} rows × {t} step(s) × {features.Size / t} features, latent {options.LatentDimension}, {options.Generators} generator(s), {options.Epochs} epochs on {fit.Device}.");
        // The column's values are the estimator's own (FeatureReader's fresh array), so they are standardized in place:
        // no second host copy of the data (the training tensor is built over this array).
        scaling.ApplyInPlace(features.Values, features.Rows);
        var data = new LatentLieGanInput(features.Values, features.Rows, features.Size, velocities?.Values, scaling.Mean, scaling.Scale, trajectory);
        // One step: every state of a batch through the autoencoder, and the discriminator on real and moved codes.
        int[] hidden = [.. training.AutoencoderHidden];
        var n = features.Size / t;
        fit.UseThreads("LatentLieGan",
            ThreadRule.Dense((long)training.BatchSize * t, [n, .. hidden, training.Latent], [training.Latent, .. hidden.Reverse(), n])
            + ThreadRule.Dense(2L * training.BatchSize, [t * training.Latent, .. training.DiscriminatorHidden, 1]));
        var (kept, runs, keptRun) = SeedProtocol.Train(options.Runs, options.Shard, fit.Seed, fit.Info,
            seed => LatentLieGanCore.Train(data, training, seed, fit.Device, fit.Loop()), LatentLieGanReport.RunOf);
        using var result = kept;
        var report = LatentLieGanReport.Create(result).WithSeedRuns(runs, keptRun);
        report.Threads = fit.Threads;
        var transformer = new LatentLieGanTransformer(Environment, result.Autoencoder, scaling, t, InputName, options.OutputColumnName, report, fit.Device);
        _ = result.TakeAutoencoder();                       // the transformer owns it now
        fit.Info(string.Create(CultureInfo.InvariantCulture, $"LatentLieGan: {transformer.Report.Summary}"));
        return transformer;
    }

    // The first rows, trained on when the rest is held out.
    private static FeatureMatrix Head(FeatureMatrix m, int rows) => new(m.Values.AsSpan(0, rows * m.Size).ToArray(), rows, m.Size, m.SlotNames);

    // One mean and scale per state slot, shared by the T time steps (so every step is encoded alike).
    private static Standardization StandardizePerState(FeatureMatrix features, int t)
    {
        var n = features.Size / t;
        var stacked = new FeatureMatrix(features.Values, features.Rows * t, n, features.SlotNames.Take(n).ToArray());
        return Standardization.Fit(stacked).Tiled(t);
    }
}
