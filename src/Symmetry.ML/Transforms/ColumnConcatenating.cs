using System.Collections.Immutable;
using System.Reflection;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.ML.Transforms;

[assembly: Symmetry.ML.LoadableClass(typeof(ColumnConcatenatingTransformer), ColumnConcatenatingTransformer.LoaderSignature)]

namespace Symmetry.ML.Transforms;

/// <summary>
/// Concatenates scalar and vector columns of one item type into a vector (<c>mlContext.Transforms.Concatenate</c>).
/// The output has a known size when every input does.
/// </summary>
public sealed class ColumnConcatenatingEstimator : IEstimator<ColumnConcatenatingTransformer>
{
    private readonly IHost _host;
    private readonly string _outputColumnName;
    private readonly string[] _inputColumnNames;

    internal ColumnConcatenatingEstimator(IHostEnvironment env, string outputColumnName, params string[] inputColumnNames)
    {
        _host = env.Register(nameof(ColumnConcatenatingEstimator));
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Length == 0)
            throw new ArgumentException("At least one input column is required.", nameof(inputColumnNames));
        _outputColumnName = outputColumnName;
        _inputColumnNames = inputColumnNames;
    }

    /// <summary>Checks the schema and returns the transformer.</summary>
    public ColumnConcatenatingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = new ColumnConcatenatingTransformer(_host, _outputColumnName, _inputColumnNames);
        t.GetOutputSchema(input.Schema);
        return t;
    }

    /// <summary>
    /// The output vector's shape. Missing input: "Could not find input column 'X'"; an input whose item type differs
    /// from the first input's: "Schema mismatch for input column 'X': expected {first item type}, got {its type}".
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        DataViewType? item = null;
        bool variable = false;
        foreach (var name in _inputColumnNames)
        {
            var c = SchemaChecks.Find(inputSchema, name);
            item ??= c.ItemType;
            if (!c.ItemType.Equals(item))
                throw Contracts.ExceptSchemaMismatch(nameof(inputSchema), "input", name, item.ToString()!, c.GetTypeString());
            variable |= c.Kind == SchemaShape.Column.VectorKind.VariableVector;
        }
        var kind = variable ? SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Vector;
        return SchemaChecks.With(inputSchema, [new SchemaShape.Column(_outputColumnName, kind, item!, false)]);
    }
}

/// <summary>Appends the concatenation of its input columns; computed only when the output is requested.</summary>
public sealed class ColumnConcatenatingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "ConcatTransform";

    internal ColumnConcatenatingTransformer(IHost host, string outputColumnName, string[] inputColumnNames) : base(host)
    {
        OutputColumnName = outputColumnName;
        InputColumnNames = [.. inputColumnNames];
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input columns, in order.</summary>
    public ImmutableArray<string> InputColumnNames { get; }

    private static VersionInfo GetVersionInfo() => new("CONCAT T", 0x00010001, 0x00010001, 0x00010001,
        typeof(ColumnConcatenatingTransformer).Assembly.GetName().Name!, LoaderSignature);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    // Binary format: string output name; int32 input count; input names.
    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveNonEmptyString(OutputColumnName);
        ctx.Writer.Write(InputColumnNames.Length);
        foreach (var n in InputColumnNames)
            ctx.SaveNonEmptyString(n);
    }

    private static ColumnConcatenatingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        string output = ctx.LoadNonEmptyString();
        int n = ctx.Reader.ReadInt32();
        if (n <= 0)
            throw new FormatException($"Model entry '{ctx.Directory}' has {n} input columns.");
        var inputs = new string[n];
        for (int i = 0; i < n; i++)
            inputs[i] = ctx.LoadNonEmptyString();
        return new ColumnConcatenatingTransformer(env.Register(nameof(ColumnConcatenatingTransformer)), output, inputs);
    }

    private sealed class Mapper : MapperBase
    {
        private readonly ColumnConcatenatingTransformer _parent;
        private readonly DataViewSchema.Column[] _inputs;
        private readonly PrimitiveDataViewType _item;
        private readonly VectorDataViewType _outputType;

        public Mapper(ColumnConcatenatingTransformer parent, DataViewSchema schema) : base(parent.Host, schema)
        {
            _parent = parent;
            _inputs = parent.InputColumnNames.Select(n => SchemaChecks.Find(schema, n)).ToArray();
            PrimitiveDataViewType? item = null;
            int size = 0;
            bool variable = false;
            foreach (var c in _inputs)
            {
                var (ci, cs) = c.Type switch
                {
                    VectorDataViewType v => (v.ItemType, v.Size),
                    PrimitiveDataViewType p => (p, 1),
                    _ => throw Contracts.ExceptSchemaMismatch("inputSchema", "input", c.Name, "a scalar or vector", c.Type.ToString()!),
                };
                item ??= ci;
                if (!ci.Equals(item))
                    throw Contracts.ExceptSchemaMismatch("inputSchema", "input", c.Name, item.ToString()!, c.Type.ToString()!);
                variable |= cs == 0;
                size += cs;
            }
            _item = item!;
            _outputType = new VectorDataViewType(_item, variable ? 0 : size);
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
            [new DataViewSchema.DetachedColumn(_parent.OutputColumnName, _outputType, MakeSlotNames())];

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            var needed = activeOutput(0) ? _inputs.Select(c => c.Index).ToHashSet() : [];
            return needed.Contains;
        }

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
        {
            disposer = null;
            var m = typeof(Mapper).GetMethod(nameof(MakeGetterCore), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(_item.RawType);
            return (Delegate)m.Invoke(this, [input])!;
        }

        private ValueGetter<VBuffer<T>> MakeGetterCore<T>(DataViewRow input)
        {
            // One reader per input: scalars write one element; vectors write their dense values.
            var readers = new Func<int, Span<T>, int>[_inputs.Length];
            var lengths = new Func<int>[_inputs.Length];
            for (int k = 0; k < _inputs.Length; k++)
            {
                var c = _inputs[k];
                if (c.Type is VectorDataViewType)
                {
                    var g = input.GetGetter<VBuffer<T>>(c);
                    VBuffer<T> buf = default;
                    lengths[k] = () =>
                    {
                        g(ref buf);
                        return buf.Length;
                    };
                    readers[k] = (offset, dst) =>
                    {
                        buf.CopyTo(dst.Slice(offset, buf.Length));
                        return buf.Length;
                    };
                }
                else
                {
                    var g = input.GetGetter<T>(c);
                    T v = default!;
                    lengths[k] = () =>
                    {
                        g(ref v);
                        return 1;
                    };
                    readers[k] = (offset, dst) =>
                    {
                        dst[offset] = v;
                        return 1;
                    };
                }
            }
            int fixedSize = _outputType.Size;
            string name = _parent.OutputColumnName;
            return (ref VBuffer<T> dst) =>
            {
                int total = 0;
                foreach (var len in lengths)
                    total += len();
                if (fixedSize > 0 && total != fixedSize)
                    throw new InvalidOperationException($"Column '{name}' should have {fixedSize} elements but the inputs gave {total}.");
                var editor = VBufferEditor.Create(ref dst, total);
                var values = editor.Values;
                int offset = 0;
                foreach (var read in readers)
                    offset += read(offset, values);
                dst = editor.Commit();
            };
        }

        /// <summary>Slot names: a scalar input's slot is named after the column; a vector's keeps its own slot names (or empty).</summary>
        private DataViewSchema.Annotations? MakeSlotNames()
        {
            if (!_outputType.IsKnownSize || !_inputs.Any(c => c.Type is not VectorDataViewType || c.HasSlotNames()))
                return null;
            var names = new List<ReadOnlyMemory<char>>();
            foreach (var c in _inputs)
            {
                if (c.Type is VectorDataViewType v)
                {
                    if (c.HasSlotNames())
                    {
                        VBuffer<ReadOnlyMemory<char>> sn = default;
                        c.GetSlotNames(ref sn);
                        names.AddRange(sn.DenseValues());
                    }
                    else
                        names.AddRange(Enumerable.Repeat(ReadOnlyMemory<char>.Empty, v.Size));
                }
                else
                    names.Add(c.Name.AsMemory());
            }
            var arr = names.ToArray();
            var b = new DataViewSchema.Annotations.Builder();
            b.AddSlotNames(arr.Length, (ref VBuffer<ReadOnlyMemory<char>> dst) =>
            {
                var e = VBufferEditor.Create(ref dst, arr.Length);
                arr.CopyTo(e.Values);
                dst = e.Commit();
            });
            return b.ToAnnotations();
        }
    }
}
