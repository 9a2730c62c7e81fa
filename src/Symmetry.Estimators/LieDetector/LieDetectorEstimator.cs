using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The latent Lie symmetry detector (Gabel, Quax, Gavves): from image pairs (x, y = T_t x) sharing one
/// unknown one-parameter transformation, learns a t-network giving each pair's magnitude t, an autoencoder whose
/// latent patch is moved by exp(t G), and the generator G = Σ aᵢ Dᵢ in a basis of derivative operators, tied to pixel
/// space by α-matching. <see cref="Fit"/> returns a <see cref="LieDetectorTransformer"/> that appends <c>T</c> (and
/// optionally the reconstruction) and carries a <see cref="LieDetectorReport"/>.
/// </summary>
public sealed partial class LieDetectorEstimator : IEstimator<LieDetectorTransformer>
{
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
        var result = LieDetectorCore.Train(data.Features[0].Values, data.Features[1].Values, data.Labels, height, width, options.ToTraining(),
                                           fit.Seed(options.Seed), fit.Device, fit.Loop(options.Progress), fit.Info, fit.CheckAlive);
        try
        {
            var report = LieDetectorReport.Create(result);
            fit.Info($"LieDetector: {report.Summary}");
            // The transformer takes the model over: the result is disposed only when that fails.
            return new LieDetectorTransformer(env, result.Model, options.SourceColumnName, options.TargetColumnName, options.OutputColumnName,
                options.ReconstructionColumnName, report, fit.Device);
        }
        catch
        {
            result.Dispose();
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
}
