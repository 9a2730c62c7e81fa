// The ONE file that uses ML.NET internals. Why: ML.NET 5 keeps everything a third-party transformer needs to be
// saved by ml.Model.Save and found again by ml.Model.Load in a fresh process internal — the model-context writers
// and readers, VersionInfo, [LoadableClass] (the only route ComponentCatalog discovers loaders by), the catalog's
// environment, SchemaShape.Column's constructor, the context's cancellation flag and GPU settings on a host, and
// the interfaces ML.NET's ONNX converter asks a view about and its graph-building context (OnnxExportingView,
// ContextGraph)
// (docs/mlnet-integration.md, "How: publicized references and IgnoresAccessChecksTo"). The project compiles against "publicized" copies of
// Microsoft.ML.Core/Data (eng/Publicizer, wired in Symmetry.Estimators.csproj); at run time the real signed
// assemblies load and the runtime honours IgnoresAccessChecksTo below. Microsoft.ML is pinned to exactly [6.0.0] in
// Directory.Packages.props (every use below was checked on 5.0.1 and 6.0.0) because a changed internal would
// surface as MissingMethodException or TypeLoadException.
// Everything else in the project compiles against public API only. The byte format of each entry is not here: it
// lives beside each transformer (ModelEntry), so reflection could replace this bridge without a format change.

using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Model.OnnxConverter;
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

        /// <summary><c>MLContext.CancelExecution()</c>, internal in 5.0.1 and 6.0.0.</summary>
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

    /// <summary>
    /// Base of the view our transformers' <c>Transform</c> returns, shaped as ML.NET's ONNX converter expects a
    /// transform to be (internal <c>ITransformCanSaveOnnx</c>, an <c>IDataTransform</c>). <c>ml.Model.ConvertToOnnx</c>
    /// walks back from the scored view through <c>IDataTransform</c>s, asks each <c>CanSaveOnnx</c> and then has each,
    /// in pipeline order, write its nodes. At the first view that cannot be exported ML.NET stops with only a warning
    /// and makes everything upstream a graph input (a silent drop), so <c>CanSaveOnnx</c> never answers false: it
    /// answers true or throws the transformer's <see cref="NotSupportedException"/> naming the column it cannot export.
    /// </summary>
    internal abstract class OnnxExportingView(IDataView source, OnnxExport export) : ITransformCanSaveOnnx
    {
        /// <summary>The view that was transformed.</summary>
        public IDataView Source => source;

        public abstract DataViewSchema Schema { get; }
        public abstract bool CanShuffle { get; }
        public abstract long? GetRowCount();
        public abstract DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);
        public abstract DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null);

        bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx)
        {
            export.Check();
            return true;
        }

        void ISaveAsOnnx.SaveAsOnnx(OnnxContext ctx) => export.Write(new ContextGraph(ctx));

        // ML.NET saves transformers, not views; a legacy path that saves a view's pipeline gets told what to save instead.
        void ICanSaveModel.Save(ModelSaveContext ctx) =>
            throw new NotSupportedException($"A view scored by {export.TransformerName} cannot be saved as a data transform; save the transformer with ml.Model.Save.");
    }

    /// <summary>
    /// <see cref="OnnxGraph"/> over ML.NET's converter context (internal <c>OnnxContext</c>, opset 12). Columns map to
    /// variables through the context, as ML.NET's own transforms do: <c>GetVariableName</c> for an input column,
    /// <c>AddIntermediateVariable</c> for an output column (which later transforms and the graph outputs then read).
    /// </summary>
    internal sealed class ContextGraph(OnnxContext ctx) : OnnxGraph
    {
        public override string Input(string column) => ctx.ContainsColumn(column)
            ? ctx.GetVariableName(column)
            : throw new InvalidOperationException($"The ONNX graph has no variable for input column '{column}'.");

        public override string Constant(string name, float[] values, long[] dims) => ctx.AddInitializer(values, dims, name);

        public override string Constant(string name, double[] values, long[] dims) => ctx.AddInitializer(values, dims, name);

        public override string Constant(string name, long[] values, long[] dims) => ctx.AddInitializer(values, dims, name);

        public override string Node(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes)
        {
            // skip: no declared type or shape for an intermediate value; ONNX Runtime infers them.
            var output = ctx.AddIntermediateVariable(null, "sym." + op, skip: true);
            var node = ctx.CreateNode(op, inputs, [output], ctx.GetNodeName(op), "");
            foreach (var (name, value) in attributes)
            {
                switch (value)
                {
                    case long l: node.AddAttribute(name, l); break;
                    case double d: node.AddAttribute(name, d); break;
                    case string s: node.AddAttribute(name, s); break;
                    case long[] ls: node.AddAttribute(name, ls); break;
                    case float[] fs: node.AddAttribute(name, fs); break;
                    default: throw new ArgumentException($"Attribute '{name}' of {op} has unsupported type {value?.GetType().Name}.", nameof(attributes));
                }
            }
            return output;
        }

        public override void Output(string column, DataViewType type, string value)
        {
            var output = ctx.AddIntermediateVariable(type, column);
            ctx.CreateNode("Identity", value, output, ctx.GetNodeName("Identity"), "");
        }
    }
}
