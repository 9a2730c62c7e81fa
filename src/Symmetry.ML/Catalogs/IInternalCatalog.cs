using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// A catalog that knows the environment (the <see cref="MLContext"/>) it came from. ML.NET keeps this internal;
/// here external components read the environment with <see cref="CatalogUtils.GetEnvironment"/>.
/// </summary>
public interface IInternalCatalog
{
    /// <summary>The environment of the context that owns the catalog.</summary>
    IHostEnvironment Environment { get; }
}

/// <summary>Helpers for components that extend catalogs.</summary>
public static class CatalogUtils
{
    /// <summary>
    /// The environment behind a catalog: register a host with it (<c>env.Register(name)</c>) to get a seeded
    /// <see cref="IHost.Rand"/>, logging channels, progress channels, the GPU settings and <c>CheckAlive()</c>.
    /// </summary>
    public static IHostEnvironment GetEnvironment(this IInternalCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Environment;
    }
}

/// <summary>
/// Base of sub-catalogs (for example <c>mlContext.Transforms.SymmetryDiscovery</c>): holds the environment of the
/// parent catalog. Expose a sub-catalog from another assembly with a C# 14 extension property on
/// <see cref="TransformsCatalog"/>.
/// </summary>
public abstract class CatalogInstantiatorBase : IInternalCatalog
{
    /// <summary>A sub-catalog of <paramref name="parent"/>.</summary>
    protected CatalogInstantiatorBase(IInternalCatalog parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        Environment = parent.Environment;
    }

    /// <summary>The environment of the owning context.</summary>
    protected IHostEnvironment Environment { get; }

    IHostEnvironment IInternalCatalog.Environment => Environment;
}
