using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// Marks a class whose saved entries a loader can read: <c>[assembly: LoadableClass(typeof(MyTransformer),
/// MyTransformer.LoaderSignature)]</c>. The class must have a static method <c>Create(IHostEnvironment,
/// ModelLoadContext)</c> (any accessibility) that returns the loaded instance. ML.NET's attribute takes more
/// arguments (summary, signature types); this keeps the two that loading needs.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class LoadableClassAttribute : Attribute
{
    /// <summary>Declares that <paramref name="instanceType"/> loads entries saved with <paramref name="loaderSignature"/>.</summary>
    public LoadableClassAttribute(Type instanceType, string loaderSignature)
    {
        InstanceType = instanceType;
        LoaderSignature = loaderSignature;
    }

    /// <summary>The class with the static <c>Create</c> method.</summary>
    public Type InstanceType { get; }

    /// <summary>The signature its entries record.</summary>
    public string LoaderSignature { get; }
}

/// <summary>
/// The loaders of saved components, keyed by loader signature. A signature is found, in order: among explicit
/// <see cref="Register"/> calls; among <see cref="LoadableClassAttribute"/>s of loaded assemblies; among those of
/// the assembly named in the entry (loaded on demand). So an assembly that declares its loaders with the attribute
/// needs no registration code at all.
/// </summary>
public static class ModelLoaderRegistry
{
    private static readonly ConcurrentDictionary<string, Func<IHostEnvironment, ModelLoadContext, object>> Loaders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, bool> Scanned = new();

    /// <summary>Registers (or replaces) the loader of entries saved with <paramref name="loaderSignature"/>.</summary>
    public static void Register(string loaderSignature, Func<IHostEnvironment, ModelLoadContext, object> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(loaderSignature);
        ArgumentNullException.ThrowIfNull(factory);
        Loaders[loaderSignature] = factory;
    }

    /// <summary>Registers every <see cref="LoadableClassAttribute"/> of <paramref name="assembly"/> (ML.NET's <c>ComponentCatalog.RegisterAssembly</c>).</summary>
    public static void RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!Scanned.TryAdd(assembly, true))
            return;
        foreach (var attr in assembly.GetCustomAttributes<LoadableClassAttribute>())
        {
            var create = attr.InstanceType.GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic,
                [typeof(IHostEnvironment), typeof(ModelLoadContext)])
                ?? throw new InvalidOperationException(
                    $"{attr.InstanceType.FullName} is declared loadable for '{attr.LoaderSignature}' but has no static Create(IHostEnvironment, ModelLoadContext).");
            var factory = (Func<IHostEnvironment, ModelLoadContext, object>)((env, ctx) =>
            {
                try
                {
                    return create.Invoke(null, [env, ctx])
                        ?? throw new FormatException($"{attr.InstanceType.Name}.Create returned null.");
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                    throw;
                }
            });
            Loaders.TryAdd(attr.LoaderSignature, factory);
        }
    }

    /// <summary>Whether a loader for <paramref name="loaderSignature"/> is known (after scanning loaded assemblies).</summary>
    public static bool IsRegistered(string loaderSignature)
    {
        if (Loaders.ContainsKey(loaderSignature))
            return true;
        ScanLoadedAssemblies();
        return Loaders.ContainsKey(loaderSignature);
    }

    internal static object Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        string sig = ctx.LoaderSignature;
        if (!IsRegistered(sig) && !string.IsNullOrEmpty(ctx.Header.LoaderAssemblyName))
        {
            try
            {
                RegisterAssembly(Assembly.Load(new AssemblyName(ctx.Header.LoaderAssemblyName)));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new FormatException(
                    $"No loader is registered for signature '{sig}' in model entry '{ctx.Directory}', and its assembly '{ctx.Header.LoaderAssemblyName}' could not be loaded: {e.Message}", e);
            }
        }
        if (!Loaders.TryGetValue(sig, out var factory))
            throw new FormatException(
                $"No loader is registered for signature '{sig}' in model entry '{ctx.Directory}' (saved by assembly '{ctx.Header.LoaderAssemblyName}'). Reference that assembly, or call ModelLoaderRegistry.Register.");
        try
        {
            return factory(env, ctx);
        }
        catch (Exception e) when (e is EndOfStreamException or OverflowException or InvalidDataException or DecoderFallbackException
            or IndexOutOfRangeException or ArgumentException)
        {
            // A payload that does not match its loader's format: report it as a corrupt model entry, naming the entry.
            throw new FormatException($"Model entry '{ctx.Directory}' ({sig}) is corrupt or not in the format its loader reads: {e.Message}", e);
        }
    }

    private static void ScanLoadedAssemblies()
    {
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
            if (!a.IsDynamic && !Scanned.ContainsKey(a))
                RegisterAssembly(a);
    }
}
