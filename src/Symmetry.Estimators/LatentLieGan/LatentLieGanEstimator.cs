using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Symmetry.Estimators.Common;
using Symmetry.Torch;
using static TorchSharp.torch;

namespace Symmetry.Estimators.LatentLieGan;

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
        var result = inputSchema.ToDictionary(c => c.Name);
        var names = options.Sindy is null ? [options.OutputColumnName] : new[] { options.OutputColumnName, LatentLieGanTransformer.DotName(options.OutputColumnName) };
        foreach (var name in names)
            result[name] = MLNetInternals.ShapeColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        return new SchemaShape(result.Values);
    }

    /// <summary>Trains the autoencoder, generator and discriminator, fits SINDy when on, and returns the transformer.</summary>
    /// <exception cref="ArgumentException">The input vector size is not a multiple of <see cref="Options.TimeSteps"/>.</exception>
    /// <exception cref="InvalidOperationException">The input holds NaN or ±∞.</exception>
    public LatentLieGanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = env.Register(nameof(LatentLieGanEstimator));
        using var fit = new FitEnvironment(host, "Fit", options.CancellationToken);
        var features = FeatureReader.Read(fit.CheckAlive, input, InputName, minimumRows: 2);
        var t = options.TimeSteps;
        if (features.Size % t != 0)
            throw new ArgumentException($"The input column '{InputName}' has {features.Size} slots, which TimeSteps = {t} does not divide: each vector must hold {t} states of one size.", nameof(input));
        var n = features.Size / t;
        var seed = fit.Seed(options.Seed);
        var scaling = options.Standardize ? StandardizePerState(features, t) : Standardization.Identity(features.Size);
        fit.Info($"LatentLieGan: {features.Rows} rows × {t} step(s) × {n} features, latent {options.LatentDimension}, {options.Generators} generator(s), {options.Epochs} epochs on {fit.Device}.");
        using var data = scaling.Apply(features).ToTensor(fit.Device);
        var training = new LieGanTrainingOptions
        {
            Latent = options.LatentDimension,
            Generators = options.Generators,
            TimeSteps = t,
            AutoencoderHidden = options.HiddenLayers,
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
        };
        var result = LieGanTraining.Train(data, training, seed, fit.Loop(options.Progress));
        try
        {
            using var gen = result.Generator;
            var generators = gen.ToArrays();
            SindyModel? sindy = null;
            if (options.Sindy is { } s)
            {
                double[] codes;
                using (NewDisposeScope())
                using (no_grad())
                    codes = LieGanTraining.EncodeSteps(result.Autoencoder, data, t).to(float64).cpu().contiguous().data<double>().ToArray();
                var m = options.LatentDimension;
                var pairs = features.Rows * (t - 1);
                var z = new double[pairs, m];
                var zDot = new double[pairs, m];
                var p = 0;
                for (var r = 0; r < features.Rows; r++)
                    for (var k = 0; k + 1 < t; k++, p++)
                        for (var j = 0; j < m; j++)
                        {
                            double a = codes[(r * t + k) * m + j], b = codes[(r * t + k + 1) * m + j];
                            z[p, j] = (a + b) / 2;                    // the midpoint rule: (z_{k+1} − z_k)/Δt is second order there
                            zDot[p, j] = (b - a) / s.TimeStep;
                        }
                sindy = Torch.Sindy.Fit(z, zDot, new SindyLibrary(m, s.PolynomialOrder, s.IncludeSine, s.IncludeExp), s.Threshold, s.L1);
            }
            var report = LatentLieGanReport.Create(generators, result.History, sindy);
            fit.Info(string.Create(CultureInfo.InvariantCulture, $"LatentLieGan: {report.Summary}"));
            return new LatentLieGanTransformer(env, result.Autoencoder, scaling, t, InputName, options.OutputColumnName, report, fit.Device);
        }
        catch
        {
            result.Autoencoder.Dispose();
            throw;
        }
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
