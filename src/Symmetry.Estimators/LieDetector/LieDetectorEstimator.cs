using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The latent Lie symmetry detector (Gabel, Quax, Gavves, paper 003): from image pairs (x, y = T_t x) sharing one
/// unknown one-parameter transformation, learns a t-network giving each pair's magnitude t, an autoencoder whose
/// latent patch is moved by exp(t G), and the generator G = Σ aᵢ Dᵢ in a basis of derivative operators, tied to pixel
/// space by α-matching. <see cref="Fit"/> returns a <see cref="LieDetectorTransformer"/> that appends <c>T</c> (and
/// optionally the reconstruction) and carries a <see cref="LieDetectorReport"/>.
/// </summary>
public sealed partial class LieDetectorEstimator : IEstimator<LieDetectorTransformer>
{
    private const int ScoringBatch = 1024;
    private readonly IHostEnvironment env;
    private readonly Options options;

    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LieDetector</c>).</summary>
    public LieDetectorEstimator(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.env = env;
        this.options = options.Clone();
    }

    /// <summary>The input schema plus <c>T</c> (Single) and, when asked, the reconstruction (vector of Single).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureReader.CheckVectorColumn(inputSchema, options.SourceColumnName, nameof(inputSchema));
        FeatureReader.CheckVectorColumn(inputSchema, options.TargetColumnName, nameof(inputSchema));
        var result = inputSchema.ToDictionary(c => c.Name);
        result[options.OutputColumnName] = MLNetInternals.ShapeColumn(options.OutputColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single);
        if (options.ReconstructionColumnName is { } r)
            result[r] = MLNetInternals.ShapeColumn(r, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        return new SchemaShape(result.Values);
    }

    /// <summary>Trains the model on the pairs and returns the transformer with its report.</summary>
    /// <exception cref="ArgumentException">Source and Target differ in size, or the image shape cannot be known.</exception>
    /// <exception cref="InvalidOperationException">An image or a true magnitude holds NaN or ±∞.</exception>
    public LieDetectorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (height, width) = ImageShape(input.Schema);
        var host = env.Register(nameof(LieDetectorEstimator));
        using var fit = new FitEnvironment(host, "Fit", options.CancellationToken);
        var data = FeatureReader.ReadColumns(fit.CheckAlive, input, [options.SourceColumnName, options.TargetColumnName], options.TrueMagnitudeColumnName, minimumRows: 2);
        var seed = fit.Seed(options.Seed);
        var (train, evaluation) = Split(data.Rows, options.ValidationFraction, seed);
        var pixels = height * width;
        fit.Info(string.Create(CultureInfo.InvariantCulture,
            $"LieDetector: {train.Length} training pairs of {height} × {width} images{(options.ValidationFraction > 0 ? $", {evaluation.Length} held out" : "")}, latent {options.LatentSide} × {options.LatentSide}, {options.Basis} basis, {options.Epochs} epochs on {fit.Device}."));
        var settings = new LieDetectorSettings(height, width, options.LatentSide, options.Basis, options.Epochs, options.BatchSize, seed,
            options.TransformedWeight, options.AuxiliaryWeight, options.LatentWeight, options.LassoWeight, options.AlphaWeight, options.AlphaOrder,
            options.LearningRate, options.CoefficientLearningRate);
        LieDetectorModel model;
        IReadOnlyList<EpochLosses> history;
        using (var pairs = Pairs(data, train, pixels, fit.Device))
            (model, history) = LieDetectorTraining.Train(pairs, settings, fit.Loop(options.Progress));
        try
        {
            foreach (var p in model.parameters()) p.requires_grad_(false);
            var predicted = Magnitudes(model, data, evaluation, pixels, fit.Device, fit.CheckAlive);
            var truth = data.Labels is { } l ? evaluation.Select(i => l[i]).ToArray() : null;
            double[] coefficients;
            using (no_grad())
            using (var a = model.NormalizedCoefficients())
            using (var host64 = a.to(ScalarType.Float64).cpu())
                coefficients = host64.data<double>().ToArray();
            var report = LieDetectorReport.Create(options.Basis, height, width, coefficients, predicted, truth, options.ValidationFraction > 0, options.TrueCoefficients, history);
            fit.Info($"LieDetector: {report.Summary}");
            return new LieDetectorTransformer(env, model, options.SourceColumnName, options.TargetColumnName, options.OutputColumnName,
                options.ReconstructionColumnName, report, fit.Device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // H and W from the options, else the column's two dimensions, else the side of a square image.
    private (int Height, int Width) ImageShape(DataViewSchema schema)
    {
        var (source, size) = FeatureReader.CheckVectorColumn(schema, options.SourceColumnName, "inputSchema");
        var (_, targetSize) = FeatureReader.CheckVectorColumn(schema, options.TargetColumnName, "inputSchema");
        if (targetSize != size)
            throw new ArgumentException($"The Source column '{options.SourceColumnName}' has {size} values per row and the Target column '{options.TargetColumnName}' {targetSize}; each pair needs two images of one size.", nameof(schema));
        if (options.ImageHeight is { } h && options.ImageWidth is { } w)
        {
            if (h * w != size)
                throw new ArgumentException($"ImageHeight × ImageWidth = {h} × {w} = {h * w}, but the column '{options.SourceColumnName}' holds {size} values per row.", nameof(Options.ImageHeight));
            return (h, w);
        }
        var dims = ((VectorDataViewType)source.Type).Dimensions;
        if (dims.Length == 2) return (dims[0], dims[1]);
        var side = (int)Math.Round(Math.Sqrt(size));
        if (side * side != size || side < 2)
            throw new ArgumentException($"The column '{options.SourceColumnName}' holds {size} values per row, which is not a square image and carries no image dimensions; set ImageHeight and ImageWidth.", nameof(Options.ImageHeight));
        return (side, side);
    }

    // A seeded random subset of round(fraction · rows) pairs (at least one when fraction > 0) is held out.
    private static (int[] Train, int[] Evaluation) Split(int rows, double fraction, int seed)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        if (fraction <= 0) return (all, all);
        var held = Math.Clamp((int)Math.Round(fraction * rows), 1, rows - 1);
        new Random(seed).Shuffle(all);
        return (all[held..], all[..held]);
    }

    // rows × 2P: x then y of each selected pair.
    private static Tensor Pairs(TrainingData data, int[] rows, int pixels, Device device)
    {
        var values = new float[rows.Length * 2L * pixels];
        var source = data.Features[0].Values;
        var target = data.Features[1].Values;
        for (var k = 0; k < rows.Length; k++)
        {
            Array.Copy(source, (long)rows[k] * pixels, values, 2L * k * pixels, pixels);
            Array.Copy(target, (long)rows[k] * pixels, values, (2L * k + 1) * pixels, pixels);
        }
        using var host = tensor(values, [rows.Length, 2L * pixels]);
        return host.to(device, copy: true);
    }

    private static double[] Magnitudes(LieDetectorModel model, TrainingData data, int[] rows, int pixels, Device device, Action checkAlive)
    {
        var result = new double[rows.Length];
        for (var first = 0; first < rows.Length; first += ScoringBatch)
        {
            checkAlive();
            var count = Math.Min(ScoringBatch, rows.Length - first);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var batch = Pairs(data, rows[first..(first + count)], pixels, device);
            var t = model.Magnitude(batch.narrow(1, 0, pixels), batch.narrow(1, pixels, pixels)).to(ScalarType.Float64).cpu();
            t.data<double>().CopyTo(result, first);
        }
        return result;
    }
}
