namespace Microsoft.ML.Symmetry;

/// <summary>
/// Base of the symmetry-discovery estimators. It owns the <c>Fit</c> template — null checks, a host registered
/// at fit time (so the context's GPU and cancellation settings of that moment apply), the fit environment (device,
/// seed, log, progress, cancellation, clock) — and <see cref="GetOutputSchema"/> from the columns each method declares
/// once. A method supplies only its input and output columns and <c>FitCore</c>: read columns → call its core → wrap
/// the transformer and report.
/// </summary>
/// <typeparam name="TTransformer">The transformer <c>Fit</c> returns.</typeparam>
/// <typeparam name="TOptions">The method's options.</typeparam>
public abstract class SymmetryEstimator<TTransformer, TOptions> : IEstimator<TTransformer>
    where TTransformer : SymmetryTransformerBase
    where TOptions : SymmetryOptions
{
    private readonly IHostEnvironment env;
    private readonly string name;

    private protected SymmetryEstimator(IHostEnvironment env, TOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateShared();
        options.Validate();
        this.env = env;
        this.name = name;
        Settings = (TOptions)options.Clone();
    }

    /// <summary>A validated copy of the options the estimator was made with.</summary>
    private protected TOptions Settings { get; }

    /// <summary>The environment the estimator was made in.</summary>
    private protected IHostEnvironment Environment => env;

    /// <summary>The known-size vector&lt;Single&gt; input columns every fit reads (checked by <see cref="GetOutputSchema"/>).</summary>
    private protected abstract IEnumerable<string> VectorInputs { get; }

    /// <summary>The appended columns as the transformer declares them; only names and kinds (vector or scalar) are used here.</summary>
    private protected abstract IEnumerable<OutputColumn> Outputs { get; }

    /// <summary>Checks a method's further input requirements on a schema shape; throws ML.NET's schema exceptions.</summary>
    private protected virtual void CheckInputShape(SchemaShape inputSchema) { }

    /// <summary>Trains on <paramref name="input"/> and returns the transformer; it disposes whatever it made and does not return.</summary>
    private protected abstract TTransformer FitCore(IDataView input, FitEnvironment fit);

    /// <summary>The input schema plus the appended columns (known-size vectors of Single, or Single scalars).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var column in VectorInputs) FeatureReader.CheckVectorColumn(inputSchema, column, nameof(inputSchema));
        CheckInputShape(inputSchema);
        var result = inputSchema.ToDictionary(c => c.Name);
        foreach (var output in Outputs)
            result[output.Name] = MLNetInternals.ShapeColumn(output.Name,
                output.Size == 0 ? SchemaShape.Column.VectorKind.Scalar : SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        return new SchemaShape(result.Values);
    }

    /// <summary>Trains the method on <paramref name="input"/> and returns the transformer, which carries the report.</summary>
    /// <exception cref="OperationCanceledException">The options' token or <c>MLContext.CancelExecution</c> stopped the fit.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Registered here, not in the constructor: ML.NET copies the context's GpuDeviceId/FallbackToCpu into a host
        // when it is registered, so a host made at construction would miss settings changed before Fit.
        using var fit = new FitEnvironment(env.Register(name), Settings);
        return FitCore(input, fit);
    }
}
