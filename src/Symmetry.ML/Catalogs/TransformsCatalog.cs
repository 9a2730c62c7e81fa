using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// The catalog of transforms, <see cref="MLContext.Transforms"/>. Transforms are extension methods on it
/// (see <c>TransformExtensionsCatalog</c> and <c>NormalizationCatalog</c>).
/// </summary>
public sealed class TransformsCatalog : IInternalCatalog
{
    internal TransformsCatalog(IHostEnvironment env) => Environment = env;

    /// <summary>The owning context's environment.</summary>
    internal IHostEnvironment Environment { get; }

    IHostEnvironment IInternalCatalog.Environment => Environment;
}
