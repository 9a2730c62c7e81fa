using Symmetry.ML.Data;

// In the root namespace, as ML.NET's Microsoft.ML.LearningPipelineExtensions, so `using Symmetry.ML;` brings Append.
namespace Symmetry.ML;

/// <summary>Starting a pipeline from a single estimator: <c>a.Append(b)</c>.</summary>
public static class LearningPipelineExtensions
{
    /// <summary>A chain of <paramref name="start"/> followed by <paramref name="estimator"/>.</summary>
    public static EstimatorChain<TTrans> Append<TTrans>(this IEstimator<ITransformer> start, IEstimator<TTrans> estimator,
        TransformerScope scope = TransformerScope.Everything)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return new EstimatorChain<ITransformer>().Append(start, scope).Append(estimator, scope);
    }

    /// <summary>A transformer chain of <paramref name="start"/> followed by <paramref name="transformer"/>.</summary>
    public static TransformerChain<TTrans> Append<TTrans>(this ITransformer start, TTrans transformer)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return new TransformerChain<ITransformer>(start).Append(transformer);
    }
}
