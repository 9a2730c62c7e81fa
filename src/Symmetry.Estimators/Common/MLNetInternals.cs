// The ONE file that uses ML.NET internals. Why: ML.NET 5 keeps everything a third-party transformer needs to be
// saved by ml.Model.Save and found again by ml.Model.Load in a fresh process internal — the model-context writers
// and readers, VersionInfo, [LoadableClass] (the only route ComponentCatalog discovers loaders by), the catalog's
// environment, SchemaShape.Column's constructor, the context's cancellation flag and GPU settings on a host
// (docs/mlnet-integration.md, "How: publicized references and IgnoresAccessChecksTo"). The project compiles against "publicized" copies of
// Microsoft.ML.Core/Data (eng/Publicizer, wired in Symmetry.Estimators.csproj); at run time the real signed
// assemblies load and the runtime honours IgnoresAccessChecksTo below. Microsoft.ML is pinned to [5.0.1, 6.0) in
// Directory.Packages.props because a changed internal would surface as MissingMethodException.
// Everything else in the project compiles against public API only. The byte format of each entry is not here: it
// lives beside each transformer (ModelEntry), so reflection could replace this bridge without a format change.

using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Symmetry;

[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]

// One loader per transformer: ml.Model.Load reads the entry's loader signature and assembly name, loads this
// assembly, registers its [LoadableClass] attributes and calls the loader's static Create(env, ctx).
[assembly: LoadableClass(typeof(LatentRelevanceTransformer), typeof(MLNetInternals.LatentRelevanceLoader), null, typeof(SignatureLoadModel),
    "Latent Relevance Transformer", LatentRelevanceTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(OracleFlowsTransformer), typeof(MLNetInternals.OracleFlowsLoader), null, typeof(SignatureLoadModel),
    "Oracle Flows Transformer", OracleFlowsTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(LatentLieGanTransformer), typeof(MLNetInternals.LatentLieGanLoader), null, typeof(SignatureLoadModel),
    "Latent LieGAN Transformer", LatentLieGanTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(LieDetectorTransformer), typeof(MLNetInternals.LieDetectorLoader), null, typeof(SignatureLoadModel),
    "Lie Detector Transformer", LieDetectorTransformer.LoaderSignature)]

namespace System.Runtime.CompilerServices
{
    /// <summary>Recognised by the runtime by name: lets this assembly reach the named assembly's internals.</summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
    {
        public string AssemblyName { get; } = assemblyName;
    }
}

namespace Microsoft.ML.Symmetry
{
    internal static class MLNetInternals
    {
        /// <summary>The environment behind <c>ml.Transforms</c> (internal <c>IInternalCatalog.Environment</c>).</summary>
        public static IHostEnvironment Environment(TransformsCatalog catalog) => CatalogUtils.GetEnvironment(catalog);

        /// <summary><c>MLContext.CancelExecution()</c>, internal in 5.0.1.</summary>
        public static void CancelExecution(MLContext ml) => ml.CancelExecution();

        /// <summary>True once the host's context was cancelled (internal <c>ICancelable</c>).</summary>
        public static bool IsCanceled(IHostEnvironment env) => env is ICancelable c && c.IsCanceled;

        /// <summary>GpuDeviceId and FallbackToCpu as copied into a host (internal <c>IHostEnvironmentInternal</c>).</summary>
        public static (int? GpuDeviceId, bool FallbackToCpu) GpuSettings(IHostEnvironment env) =>
            env is IHostEnvironmentInternal i ? (i.GpuDeviceId, i.FallbackToCpu) : (null, false);

        /// <summary>A column of an output <see cref="SchemaShape"/> (the constructor is internal).</summary>
        public static SchemaShape.Column ShapeColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false) =>
            new(name, kind, itemType, isKey);

        /// <summary>The column named <paramref name="name"/> of a shape, if any.</summary>
        public static bool TryFindColumn(SchemaShape shape, string name, out SchemaShape.Column column) => shape.TryFindColumn(name, out column);

        /// <summary>ML.NET's own text for a column's type in a shape, e.g. "Vector&lt;Single&gt;".</summary>
        public static string TypeString(SchemaShape.Column column) => column.GetTypeString();

        /// <summary>ML.NET's "Could not find input column 'X'" exception.</summary>
        public static Exception MissingColumn(string paramName, string columnRole, string columnName) =>
            Contracts.ExceptSchemaMismatch(paramName, columnRole, columnName);

        /// <summary>ML.NET's "Schema mismatch for input column 'X': expected …, got …" exception.</summary>
        public static Exception ColumnMismatch(string paramName, string columnRole, string columnName, string expected, string actual) =>
            Contracts.ExceptSchemaMismatch(paramName, columnRole, columnName, expected, actual);

        /// <summary>Writes one model entry: ML.NET's header for <paramref name="entry"/>, then its payload.</summary>
        public static void Save(ModelSaveContext ctx, ModelEntry entry, Action<BinaryWriter> payload)
        {
            ctx.CheckAtModel();
            ctx.SetVersionInfo(VersionOf(entry));
            payload(ctx.Writer);
        }

        /// <summary>Checks the header against <paramref name="entry"/> and reads the payload, passing the body version ML.NET's header recorded.</summary>
        private static T Load<T>(ModelLoadContext ctx, ModelEntry entry, Func<BinaryReader, uint, T> read)
        {
            ctx.CheckAtModel(VersionOf(entry));
            return read(ctx.Reader, ctx.Header.ModelVerWritten);
        }

        private static VersionInfo VersionOf(ModelEntry entry) => new(entry.ModelSignature, entry.Version, entry.Version, entry.OldestReadable,
            loaderAssemblyName: typeof(MLNetInternals).Assembly.GetName().Name!, loaderSignature: entry.LoaderSignature);

        internal static class LatentRelevanceLoader
        {
            private static LatentRelevanceTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
                Load(ctx, LatentRelevanceTransformer.Entry, (r, version) => LatentRelevanceTransformer.Read(env, r, version));
        }

        internal static class LatentLieGanLoader
        {
            private static LatentLieGanTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
                Load(ctx, LatentLieGanTransformer.Entry, (r, version) => LatentLieGanTransformer.Read(env, r, version));
        }

        internal static class LieDetectorLoader
        {
            private static LieDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
                Load(ctx, LieDetectorTransformer.Entry, (r, version) => LieDetectorTransformer.Read(env, r, version));
        }

        internal static class OracleFlowsLoader
        {
            private static OracleFlowsTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
                Load(ctx, OracleFlowsTransformer.Entry, (r, version) => OracleFlowsTransformer.Read(env, r, version));
        }
    }
}
