using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// LaLiGAN (Yang et al., "Latent Space Symmetry Discovery"): an autoencoder whose latent space carries a
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
        var training = options.ToTraining();
        double[,]? trajectory = null;
        if (training.Sindy?.SortedHorizons is { } horizons)
        {
            int keep;
            (keep, trajectory) = LatentLieGanCore.HoldOut(features.Values, features.Rows, features.Size, t, horizons[^1]);
            features = Head(features, keep);
            velocities = velocities is null ? null : Head(velocities, keep);
        }
        var seed = fit.Seed(options.Seed);
        var scaling = options.Standardize ? StandardizePerState(features, t) : Standardization.Identity(features.Size);
        fit.Info($"LatentLieGan: {features.Rows} rows × {t} step(s) × {features.Size / t} features, latent {options.LatentDimension}, {options.Generators} generator(s), {options.Epochs} epochs on {fit.Device}.");
        var data = new LatentLieGanInput(scaling.Apply(features).Values, features.Rows, features.Size, velocities?.Values, scaling.Mean, scaling.Scale, trajectory);
        using var result = LatentLieGanCore.Train(data, training, seed, fit.Device, fit.Loop(options.Progress));
        var report = LatentLieGanReport.Create(result);
        var transformer = new LatentLieGanTransformer(env, result.Autoencoder, scaling, t, InputName, options.OutputColumnName, report, fit.Device);
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
