using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// A sequence of estimators fitted in order: each is fitted on the output of the transformers before it.
/// Immutable: <see cref="Append{TNewTrans}"/> returns a new chain.
/// </summary>
/// <typeparam name="TLastTransformer">The transformer the last estimator produces.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;
    private readonly TransformerScope[] _scopes;

    /// <summary>An empty chain; fitting it gives an empty transformer chain.</summary>
    public EstimatorChain() : this([], [])
    {
    }

    private EstimatorChain(IEstimator<ITransformer>[] estimators, TransformerScope[] scopes)
    {
        _estimators = estimators;
        _scopes = scopes;
        LastEstimator = estimators.Length == 0 ? null : estimators[^1] as IEstimator<TLastTransformer>;
    }

    /// <summary>The last estimator, or null for an empty chain.</summary>
    public IEstimator<TLastTransformer>? LastEstimator { get; }

    /// <summary>A new chain with <paramref name="estimator"/> added at the end.</summary>
    public EstimatorChain<TNewTrans> Append<TNewTrans>(IEstimator<TNewTrans> estimator, TransformerScope scope = TransformerScope.Everything)
        where TNewTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNewTrans>([.. _estimators, estimator], [.. _scopes, scope]);
    }

    /// <summary>Fits each estimator on the data transformed by the ones before it.</summary>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Fail before any training when the pipeline cannot work on this schema.
        GetOutputSchema(SchemaShape.Create(input.Schema));
        var current = input;
        var fitted = new ITransformer[_estimators.Length];
        for (int i = 0; i < _estimators.Length; i++)
        {
            fitted[i] = _estimators[i].Fit(current);
            if (i < _estimators.Length - 1)
                current = fitted[i].Transform(current);
        }
        return new TransformerChain<TLastTransformer>(fitted, _scopes);
    }

    /// <summary>Propagates the shape through every estimator.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var s = inputSchema;
        foreach (var e in _estimators)
            s = e.GetOutputSchema(s);
        return s;
    }
}
