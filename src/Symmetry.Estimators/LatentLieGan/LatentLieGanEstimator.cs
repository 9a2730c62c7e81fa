using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// LaLiGAN (Yang et al., "Latent Space Symmetry Discovery", paper 002): an autoencoder whose latent space carries a
/// linear Lie group action g = exp(Σ_i w_i L_i), learned adversarially with a discriminator, and optionally SINDy
/// equations of the latent dynamics. <see cref="Fit"/> returns a <see cref="LatentLieGanTransformer"/> that appends
/// <c>Latent</c> and carries a <see cref="LatentLieGanReport"/>.
/// </summary>
public sealed partial class LatentLieGanEstimator : IEstimator<LatentLieGanTransformer>
{
    private readonly IHostEnvironment env;
    private readonly Options options;

    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LatentLieGan</c>).</summary>
    public LatentLieGanEstimator(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.env = env;
        this.options = options.Clone();
    }

    private string InputName => options.InputColumnName ?? Defaults.InputColumnName;

    /// <summary>The input schema plus <c>Latent</c> (and <c>LatentDot</c> with SINDy), known-size vectors of Single.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureReader.CheckVectorColumn(inputSchema, InputName, nameof(inputSchema));
        if (options.Sindy?.DerivativeColumnName is { } d) FeatureReader.CheckVectorColumn(inputSchema, d, "Sindy.DerivativeColumnName");
        var result = inputSchema.ToDictionary(c => c.Name);
        var names = options.Sindy is null ? [options.OutputColumnName] : new[] { options.OutputColumnName, LatentLieGanTransformer.DotName(options.OutputColumnName) };
        foreach (var name in names)
            result[name] = MLNetInternals.ShapeColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        return new SchemaShape(result.Values);
    }

    /// <summary>Trains the autoencoder, generator and discriminator, fits SINDy when on, and returns the transformer.</summary>
    /// <exception cref="ArgumentException">
    /// The input vector size is not a multiple of <see cref="Options.TimeSteps"/>, the derivative column's size differs
    /// from the input's, or too few rows remain after holding out the rollout trajectory.
    /// </exception>
    /// <exception cref="InvalidOperationException">The input holds NaN or ±∞, or the held-out rows are not one trajectory.</exception>
    public LatentLieGanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = env.Register(nameof(LatentLieGanEstimator));
        using var fit = new FitEnvironment(host, "Fit", options.CancellationToken);
        var derivativeName = options.Sindy?.DerivativeColumnName;
        var read = FeatureReader.ReadColumns(fit.CheckAlive, input, derivativeName is null ? [InputName] : [InputName, derivativeName], minimumRows: 2);
        var features = read.Features[0];
        var velocities = derivativeName is null ? null : read.Features[1];
        var t = options.TimeSteps;
        if (features.Size % t != 0)
            throw new ArgumentException($"The input column '{InputName}' has {features.Size} slots, which TimeSteps = {t} does not divide: each vector must hold {t} states of one size.", nameof(input));
        if (velocities is not null && velocities.Size != features.Size)
            throw new ArgumentException($"Sindy.DerivativeColumnName '{derivativeName}' has {velocities.Size} slots; it must match the input column '{InputName}' ({features.Size}: ẋ of each state).", nameof(input));
        var n = features.Size / t;
        var horizons = options.Sindy?.RolloutHorizons is { Length: > 0 } hs ? hs.Distinct().Order().ToArray() : null;
        double[,]? trajectory = null;
        if (horizons is not null)
            (features, velocities, trajectory) = HoldOutTrajectory(features, velocities, t, horizons[^1]);
        var seed = fit.Seed(options.Seed);
        var scaling = options.Standardize ? StandardizePerState(features, t) : Standardization.Identity(features.Size);
        fit.Info($"LatentLieGan: {features.Rows} rows × {t} step(s) × {n} features, latent {options.LatentDimension}, {options.Generators} generator(s), {options.Epochs} epochs on {fit.Device}.");
        using var data = scaling.Apply(features).ToTensor(fit.Device);
        var chainRuleJointly = options.Sindy is { TrainJointly: true } && velocities is not null;
        // The joint chain-rule term reads ẋ beside its states, so the training loop shuffles both rows together.
        using var velocityData = chainRuleJointly ? LatentSindyData.ScaledVelocities(velocities!, scaling, fit.Device) : null;
        using var trainingData = velocityData is null ? null : cat([data, velocityData], 1);
        var training = new LieGanTrainingOptions
        {
            Latent = options.LatentDimension,
            Generators = options.Generators,
            TimeSteps = t,
            AutoencoderHidden = options.HiddenLayers,
            BatchNorm = options.BatchNorm,
            OrthogonalLatentLayer = options.OrthogonalLatentLayer,
            DiscriminatorHidden = options.DiscriminatorHiddenLayers,
            Sigma = options.Sigma,
            LearnSigma = options.LearnSigma,
            KeepCenter = options.KeepCenter,
            GanWeight = options.GanWeight,
            RegularizerWeight = options.RegularizerWeight,
            ReconstructionWeight = options.ReconstructionWeight,
            AutoencoderLearningRate = options.AutoencoderLearningRate,
            GeneratorLearningRate = options.GeneratorLearningRate,
            DiscriminatorLearningRate = options.DiscriminatorLearningRate,
            Threshold = options.Threshold,
            ThresholdEvery = options.ThresholdEvery,
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            SeparateUpdates = options.SeparateUpdates,
            JointSindy = options.Sindy is { TrainJointly: true } j ? new SindyLibrary(options.LatentDimension, j.PolynomialOrder, j.IncludeSine, j.IncludeExp) : null,
            SindyWeight = options.Sindy?.JointWeight ?? 0,
            SindyL1 = options.Sindy?.L1 ?? 0,
            TimeStep = options.Sindy?.TimeStep ?? 1,
            VelocitiesInData = chainRuleJointly,
        };
        var result = LieGanTraining.Train(trainingData ?? data, training, seed, fit.Loop(options.Progress));
        try
        {
            using var gen = result.Generator;
            var generators = gen.ToArrays();
            SindyModel? sindy = null;
            if (options.Sindy is { } s)
            {
                var (z, zDot) = velocities is null
                    ? LatentSindyData.FiniteDifferences(result.Autoencoder, data, t, s.TimeStep)
                    : LatentSindyData.ChainRule(result.Autoencoder, data, velocities, scaling, t);
                var m = options.LatentDimension;
                sindy = Torch.Sindy.Fit(z, zDot, new SindyLibrary(m, s.PolynomialOrder, s.IncludeSine, s.IncludeExp), s.Threshold, s.L1);
            }
            var report = LatentLieGanReport.Create(generators, result.History, sindy);
            var transformer = new LatentLieGanTransformer(env, result.Autoencoder, scaling, t, InputName, options.OutputColumnName, report, fit.Device);
            if (trajectory is not null) transformer.AttachRollout(transformer.RolloutError(trajectory, options.Sindy!.TimeStep, horizons!));
            fit.Info(string.Create(CultureInfo.InvariantCulture, $"LatentLieGan: {transformer.Report.Summary}"));
            return transformer;
        }
        catch
        {
            result.Autoencoder.Dispose();
            throw;
        }
    }

    // The last h + 1 rows become the held-out trajectory (their first states, input units); the rest is trained on.
    private static (FeatureMatrix Train, FeatureMatrix? Velocities, double[,] Trajectory) HoldOutTrajectory(FeatureMatrix features, FeatureMatrix? velocities, int t, int horizon)
    {
        var n = features.Size / t;
        var held = horizon + 1;
        var keep = features.Rows - held;
        if (keep < 2)
            throw new ArgumentException($"Sindy.RolloutHorizons holds out the last {held} rows (the longest horizon + 1); the data has {features.Rows}, leaving {keep} to train on (at least 2 are needed).", "Sindy.RolloutHorizons");
        var v = features.Values;
        for (var r = keep; r + 1 < features.Rows; r++)
            for (var j = 0; j < n; j++)
            {
                double next = v[(long)r * features.Size + n + j], first = v[(long)(r + 1) * features.Size + j];
                // Consecutive pair rows copy the same frame, so only float rounding of a CSV round trip may differ.
                if (Math.Abs(next - first) > 1e-5 * (1 + Math.Abs(first)))
                    throw new InvalidOperationException($"Sindy.RolloutHorizons needs the last {held} rows to be one trajectory (each row's second state equal to the next row's first); row {r + 1}'s second state differs from row {r + 2}'s first at slot {j}.");
            }
        var trajectory = new double[held, n];
        for (var r = 0; r < held; r++)
            for (var j = 0; j < n; j++) trajectory[r, j] = v[(long)(keep + r) * features.Size + j];
        FeatureMatrix Head(FeatureMatrix m) => new(m.Values.AsSpan(0, keep * m.Size).ToArray(), keep, m.Size, m.SlotNames);
        return (Head(features), velocities is null ? null : Head(velocities), trajectory);
    }

    // One mean and scale per state slot, shared by the T time steps (so every step is encoded alike).
    private static Standardization StandardizePerState(FeatureMatrix features, int t)
    {
        var n = features.Size / t;
        var stacked = new FeatureMatrix(features.Values, features.Rows * t, n, features.SlotNames.Take(n).ToArray());
        var perState = Standardization.Fit(stacked);
        // Built through Standardization's own binary format (int32 size; means; scales).
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(features.Size);
            for (var k = 0; k < t; k++) foreach (var v in perState.Mean) w.Write(v);
            for (var k = 0; k < t; k++) foreach (var v in perState.Scale) w.Write(v);
        }
        buffer.Position = 0;
        using var r = new BinaryReader(buffer);
        return Standardization.Read(r, features.Size, LatentLieGanTransformer.Entry);
    }
}
