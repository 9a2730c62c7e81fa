using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

[assembly: Symmetry.ML.LoadableClass(typeof(TransformerChainLoader), "TransformerChain")]

namespace Symmetry.ML.Data;

/// <summary>Loader entry for saved transformer chains (a non-generic home for the registry attribute).</summary>
internal static class TransformerChainLoader
{
    internal static object Create(IHostEnvironment env, ModelLoadContext ctx) => TransformerChain<ITransformer>.Create(env, ctx);
}
