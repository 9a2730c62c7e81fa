using System.Collections.Immutable;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.ML.Transforms;

[assembly: Symmetry.ML.LoadableClass(typeof(ColumnCopyingTransformer), ColumnCopyingTransformer.LoaderSignature)]

namespace Symmetry.ML.Transforms;

/// <summary>Copies columns under new names (<c>mlContext.Transforms.CopyColumns</c>). Trivial estimator: nothing to learn.</summary>
public sealed class ColumnCopyingEstimator : IEstimator<ColumnCopyingTransformer>
{
    private readonly IHost _host;
    private readonly (string OutputColumnName, string InputColumnName)[] _columns;

    internal ColumnCopyingEstimator(IHostEnvironment env, params (string OutputColumnName, string InputColumnName)[] columns)
    {
        _host = env.Register(nameof(ColumnCopyingEstimator));
        if (columns.Length == 0)
            throw new ArgumentException("At least one column pair is required.", nameof(columns));
        _columns = columns;
    }

    /// <summary>Checks the schema and returns the transformer (nothing to train).</summary>
    public ColumnCopyingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = new ColumnCopyingTransformer(_host, _columns);
        t.GetOutputSchema(input.Schema);
        return t;
    }

    /// <summary>Each output has its input's shape; a missing input throws "Could not find input column 'X'".</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var outs = _columns.Select(p =>
        {
            var c = SchemaChecks.Find(inputSchema, p.InputColumnName);
            return new SchemaShape.Column(p.OutputColumnName, c.Kind, c.ItemType, c.IsKey, c.Annotations);
        }).ToArray();
        return SchemaChecks.With(inputSchema, outs);
    }
}

/// <summary>Appends copies of input columns under new names; values are read from the input when requested.</summary>
public sealed class ColumnCopyingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "CopyTransform";

    internal ColumnCopyingTransformer(IHost host, (string OutputColumnName, string InputColumnName)[] columns) : base(host)
    {
        Columns = [.. columns];
    }

    /// <summary>The (output, input) name pairs.</summary>
    public ImmutableArray<(string OutputColumnName, string InputColumnName)> Columns { get; }

    private static VersionInfo GetVersionInfo() => new("COPYCOLS", 0x00010001, 0x00010001, 0x00010001,
        typeof(ColumnCopyingTransformer).Assembly.GetName().Name!, LoaderSignature);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    // Binary format: int32 count; per pair: string output name, string input name.
    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(Columns.Length);
        foreach (var (o, i) in Columns)
        {
            ctx.SaveNonEmptyString(o);
            ctx.SaveNonEmptyString(i);
        }
    }

    private static ColumnCopyingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        int n = ctx.Reader.ReadInt32();
        var cols = new (string, string)[n];
        for (int k = 0; k < n; k++)
            cols[k] = (ctx.LoadNonEmptyString(), ctx.LoadNonEmptyString());
        return new ColumnCopyingTransformer(env.Register(nameof(ColumnCopyingTransformer)), cols);
    }

    private sealed class Mapper : MapperBase
    {
        private readonly ColumnCopyingTransformer _parent;
        private readonly DataViewSchema.Column[] _inputs;

        public Mapper(ColumnCopyingTransformer parent, DataViewSchema schema) : base(parent.Host, schema)
        {
            _parent = parent;
            _inputs = parent.Columns.Select(p => SchemaChecks.Find(schema, p.InputColumnName)).ToArray();
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
            _inputs.Select((c, i) => new DataViewSchema.DetachedColumn(_parent.Columns[i].OutputColumnName, c.Type, c.Annotations)).ToArray();

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            var needed = new HashSet<int>(_inputs.Where((c, i) => activeOutput(i)).Select(c => c.Index));
            return needed.Contains;
        }

        // The input's getter already has the right delegate type and reuses the caller's buffer.
        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
        {
            disposer = null;
            var method = typeof(DataViewRow).GetMethod(nameof(DataViewRow.GetGetter))!.MakeGenericMethod(_inputs[iinfo].Type.RawType);
            return (Delegate)method.Invoke(input, [_inputs[iinfo]])!;
        }
    }
}
