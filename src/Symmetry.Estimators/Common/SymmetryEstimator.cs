using System.Diagnostics;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Base of the symmetry-discovery estimators. It owns the <see cref="Fit"/> template — null checks, a host registered
/// at fit time (so the context's GPU and cancellation settings of that moment apply), the fit environment (device,
/// seed, log, cancellation), timing, and disposing whatever the fit made when it fails — and
/// <see cref="GetOutputSchema"/> from the columns each method declares once. A method supplies only its input
/// columns, its output columns and <c>FitCore</c>: read columns → call its core → wrap transformer and report.
/// </summary>
/// <typeparam name="TTransformer">The transformer <see cref="Fit"/> returns.</typeparam>
public abstract class SymmetryEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : SymmetryTransformerBase
{
    private readonly IHostEnvironment env;
    private readonly string name;

    private protected SymmetryEstimator(IHostEnvironment env, string name)
    {
        ArgumentNullException.ThrowIfNull(env);
        this.env = env;
        this.name = name;
    }

    /// <summary>The environment the estimator was made in (transformers register their own host in it).</summary>
    private protected IHostEnvironment Environment => env;

    /// <summary>The known-size vector&lt;Single&gt; input columns every fit reads (checked by <see cref="GetOutputSchema"/>).</summary>
    private protected abstract IEnumerable<(string Column, string ParamName)> VectorInputs { get; }

    /// <summary>The appended columns, as the transformer declares them (sizes are not known before fitting; only names and kinds matter here).</summary>
    private protected abstract IEnumerable<OutputColumn> Outputs { get; }

    /// <summary>The options' cancellation token.</summary>
    private protected abstract CancellationToken Cancellation { get; }

    /// <summary>Checks a method's further input requirements on a schema shape (e.g. a label column); throws ML.NET's schema exceptions.</summary>
    private protected virtual void CheckInputShape(SchemaShape inputSchema) { }

    /// <summary>Trains on <paramref name="input"/> and returns the transformer; whatever it allocated and does not return it disposes.</summary>
    private protected abstract TTransformer FitCore(IDataView input, FitEnvironment fit, Stopwatch clock);

    /// <summary>The input schema plus the appended columns (known-size vectors of Single, or Single scalars).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var (column, paramName) in VectorInputs) FeatureReader.CheckVectorColumn(inputSchema, column, paramName);
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
        var clock = Stopwatch.StartNew();
        // Registered here, not in the constructor: ML.NET copies the context's GpuDeviceId/FallbackToCpu into a host
        // when it is registered, so a host made at construction would miss settings changed before Fit.
        using var fit = new FitEnvironment(env.Register(name), "Fit", Cancellation);
        return FitCore(input, fit, clock);
    }
}
