using System.Collections.Immutable;
using System.Reflection;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.ML.Transforms;

[assembly: Symmetry.ML.LoadableClass(typeof(NormalizingTransformer), NormalizingTransformer.LoaderSignature)]

namespace Symmetry.ML.Transforms;

/// <summary>
/// Learns an affine map per slot, <c>y = (x − offset) · scale</c>, from one pass over the data
/// (<c>NormalizeMeanVariance</c>, <c>NormalizeMinMax</c>). Inputs are Single or Double scalars or known-size vectors;
/// the output has the input's type. Statistics are accumulated in double and skip NaN and ±∞.
/// <list type="bullet">
/// <item>Mean–variance: offset = mean, scale = 1/σ (population σ); with fixZero, offset = 0 and
/// scale = 1/√(E[x²]) (as ML.NET), so zero stays zero.</item>
/// <item>Min–max: offset = min, scale = 1/(max − min), mapping to [0, 1]; with fixZero, offset = 0 and
/// scale = 1/max(|min|, |max|), mapping to [−1, 1].</item>
/// </list>
/// A slot without spread (or without finite values) gets scale 0, so it maps to 0 rather than to NaN or ∞.
/// </summary>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    /// <summary>Default values of the normalizers' parameters (ML.NET's).</summary>
    public static class Defaults
    {
        /// <summary>The most rows read to compute the statistics.</summary>
        public const long MaximumExampleCount = 1000000000;

        /// <summary>Whether zero maps to zero.</summary>
        public const bool EnsureZeroUntouched = true;

        /// <summary>Whether mean–variance uses the CDF of the normal distribution (not supported here).</summary>
        public const bool MeanVarCdf = false;
    }

    /// <summary>The normalization methods.</summary>
    public enum NormalizationMode
    {
        /// <summary>Scale to [0, 1] (or [−1, 1] with fixZero).</summary>
        MinMax = 0,

        /// <summary>Zero mean and unit variance (or unit root-mean-square with fixZero).</summary>
        MeanVariance = 1,
    }

    private readonly IHost _host;
    private readonly ColumnOptions[] _columns;

    internal NormalizingEstimator(IHostEnvironment env, params ColumnOptions[] columns)
    {
        _host = env.Register(nameof(NormalizingEstimator));
        if (columns.Length == 0)
            throw new ArgumentException("At least one column is required.", nameof(columns));
        _columns = columns;
    }

    /// <summary>What to normalize and how.</summary>
    public sealed class ColumnOptions
    {
        /// <summary>Normalizes <paramref name="inputColumnName"/> (default: <paramref name="name"/>) into <paramref name="name"/>.</summary>
        public ColumnOptions(string name, string? inputColumnName = null, NormalizationMode mode = NormalizationMode.MinMax,
            long maximumExampleCount = Defaults.MaximumExampleCount, bool ensureZeroUntouched = Defaults.EnsureZeroUntouched)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentOutOfRangeException.ThrowIfLessThan(maximumExampleCount, 2);
            Name = name;
            InputColumnName = inputColumnName ?? name;
            Mode = mode;
            MaximumExampleCount = maximumExampleCount;
            EnsureZeroUntouched = ensureZeroUntouched;
        }

        /// <summary>The output column.</summary>
        public string Name { get; }

        /// <summary>The input column.</summary>
        public string InputColumnName { get; }

        /// <summary>The method.</summary>
        public NormalizationMode Mode { get; }

        /// <summary>The most rows read.</summary>
        public long MaximumExampleCount { get; }

        /// <summary>Whether zero maps to zero.</summary>
        public bool EnsureZeroUntouched { get; }
    }

    /// <summary>Reads the input columns once (only those) and returns the fitted transformer.</summary>
    public NormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = _columns.Select(c => CheckColumn(input.Schema, c.InputColumnName)).ToArray();
        var stats = inputs.Select(c => new SlotStatistics(Size(c.Type))).ToArray();
        long maxRows = _columns.Max(c => c.MaximumExampleCount);
        using (var cursor = input.GetRowCursor(inputs.Distinct()))
        {
            var readers = inputs.Select((c, i) => MakeReader(cursor, c, stats[i])).ToArray();
            long row = 0;
            while (row < maxRows && cursor.MoveNext())
            {
                if ((row & 0xFFF) == 0)
                    _host.CheckAlive();
                for (int i = 0; i < readers.Length; i++)
                    if (row < _columns[i].MaximumExampleCount)
                        readers[i]();
                row++;
            }
        }
        var fitted = _columns.Select((c, i) =>
        {
            var (scale, offset) = stats[i].Compute(c.Mode, c.EnsureZeroUntouched);
            return new NormalizingTransformer.ColumnParameters(c.Name, c.InputColumnName, inputs[i].Type, c.Mode, c.EnsureZeroUntouched, scale, offset);
        }).ToArray();
        return new NormalizingTransformer(_host, fitted);
    }

    /// <summary>
    /// Each output has its input's shape. Missing input: "Could not find input column 'X'"; not a Single or Double
    /// scalar or known-size vector: "Schema mismatch for input column 'X': expected scalar or known-size vector of Single or Double, got …".
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var outs = new List<SchemaShape.Column>();
        foreach (var c in _columns)
        {
            var col = SchemaChecks.Find(inputSchema, c.InputColumnName);
            bool ok = col.Kind != SchemaShape.Column.VectorKind.VariableVector &&
                (col.ItemType.Equals(NumberDataViewType.Single) || col.ItemType.Equals(NumberDataViewType.Double));
            if (!ok)
                throw Contracts.ExceptSchemaMismatch(nameof(inputSchema), "input", c.InputColumnName, ExpectedType, col.GetTypeString());
            outs.Add(new SchemaShape.Column(c.Name, col.Kind, col.ItemType, false));
        }
        return SchemaChecks.With(inputSchema, outs);
    }

    internal const string ExpectedType = "scalar or known-size vector of Single or Double";

    internal static DataViewSchema.Column CheckColumn(DataViewSchema schema, string name)
    {
        var c = SchemaChecks.Find(schema, name);
        var item = c.Type is VectorDataViewType v ? (v.IsKnownSize ? v.ItemType : null) : c.Type;
        if (item is null || !(item.Equals(NumberDataViewType.Single) || item.Equals(NumberDataViewType.Double)))
            throw Contracts.ExceptSchemaMismatch("inputSchema", "input", name, ExpectedType, c.Type.ToString()!);
        return c;
    }

    internal static int Size(DataViewType t) => t is VectorDataViewType v ? v.Size : 1;

    private static Action MakeReader(DataViewRowCursor cursor, DataViewSchema.Column c, SlotStatistics stats)
    {
        bool isFloat = (c.Type is VectorDataViewType v ? v.ItemType : c.Type).Equals(NumberDataViewType.Single);
        var m = typeof(NormalizingEstimator).GetMethod(c.Type is VectorDataViewType ? nameof(VectorReader) : nameof(ScalarReader), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(isFloat ? typeof(float) : typeof(double));
        return (Action)m.Invoke(null, [cursor, c, stats])!;
    }

    private static Action ScalarReader<T>(DataViewRowCursor cursor, DataViewSchema.Column c, SlotStatistics stats)
        where T : struct, IConvertible
    {
        var g = cursor.GetGetter<T>(c);
        T v = default;
        return () =>
        {
            g(ref v);
            stats.Add(0, Convert.ToDouble(v, null));
        };
    }

    private static Action VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column c, SlotStatistics stats)
        where T : struct, IConvertible
    {
        var g = cursor.GetGetter<VBuffer<T>>(c);
        VBuffer<T> v = default;
        var dense = new T[((VectorDataViewType)c.Type).Size];
        return () =>
        {
            g(ref v);
            v.CopyTo(dense);
            for (int i = 0; i < dense.Length; i++)
                stats.Add(i, Convert.ToDouble(dense[i], null));
        };
    }

    /// <summary>Per-slot count, mean and M2 (Welford), min and max over finite values.</summary>
    private sealed class SlotStatistics(int size)
    {
        private readonly long[] _n = new long[size];
        private readonly double[] _mean = new double[size];
        private readonly double[] _m2 = new double[size];
        private readonly double[] _min = Enumerable.Repeat(double.PositiveInfinity, size).ToArray();
        private readonly double[] _max = Enumerable.Repeat(double.NegativeInfinity, size).ToArray();

        public void Add(int slot, double x)
        {
            if (!double.IsFinite(x))
                return;
            long n = ++_n[slot];
            double d = x - _mean[slot];
            _mean[slot] += d / n;
            _m2[slot] += d * (x - _mean[slot]);
            if (x < _min[slot])
                _min[slot] = x;
            if (x > _max[slot])
                _max[slot] = x;
        }

        public (double[] Scale, double[] Offset) Compute(NormalizationMode mode, bool fixZero)
        {
            var scale = new double[size];
            var offset = new double[size];
            for (int i = 0; i < size; i++)
            {
                if (_n[i] == 0)
                    continue;
                double s;
                if (mode == NormalizationMode.MeanVariance)
                {
                    double variance = _m2[i] / _n[i];
                    s = fixZero ? 1 / Math.Sqrt(variance + _mean[i] * _mean[i]) : 1 / Math.Sqrt(variance);
                    offset[i] = fixZero ? 0 : _mean[i];
                }
                else
                {
                    s = fixZero ? 1 / Math.Max(Math.Abs(_min[i]), Math.Abs(_max[i])) : 1 / (_max[i] - _min[i]);
                    offset[i] = fixZero ? 0 : _min[i];
                }
                scale[i] = double.IsFinite(s) ? s : 0;
            }
            return (scale, offset);
        }
    }
}

/// <summary>Applies the learned affine maps; computed only for requested output columns.</summary>
public sealed class NormalizingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "Normalizer";

    internal NormalizingTransformer(IHost host, ColumnParameters[] columns) : base(host) => Columns = [.. columns];

    /// <summary>The fitted columns.</summary>
    public ImmutableArray<ColumnParameters> Columns { get; }

    /// <summary>The learned parameters of column <paramref name="index"/> (ML.NET's <c>GetNormalizerModelParameters</c>).</summary>
    public AffineNormalizerModelParameters GetNormalizerModelParameters(int index) =>
        new(Columns[index].Scale, Columns[index].Offset);

    /// <summary>One fitted column.</summary>
    public sealed class ColumnParameters
    {
        internal ColumnParameters(string name, string inputColumnName, DataViewType type, NormalizingEstimator.NormalizationMode mode,
            bool ensureZeroUntouched, double[] scale, double[] offset)
        {
            Name = name;
            InputColumnName = inputColumnName;
            Type = type;
            Mode = mode;
            EnsureZeroUntouched = ensureZeroUntouched;
            Scale = [.. scale];
            Offset = [.. offset];
        }

        /// <summary>The output column.</summary>
        public string Name { get; }

        /// <summary>The input column.</summary>
        public string InputColumnName { get; }

        /// <summary>The type of the input and output.</summary>
        public DataViewType Type { get; }

        /// <summary>The method.</summary>
        public NormalizingEstimator.NormalizationMode Mode { get; }

        /// <summary>Whether zero maps to zero.</summary>
        public bool EnsureZeroUntouched { get; }

        /// <summary>The per-slot scale.</summary>
        public ImmutableArray<double> Scale { get; }

        /// <summary>The per-slot offset (subtracted before scaling).</summary>
        public ImmutableArray<double> Offset { get; }
    }

    private static VersionInfo GetVersionInfo() => new("NORMALZR", 0x00010001, 0x00010001, 0x00010001,
        typeof(NormalizingTransformer).Assembly.GetName().Name!, LoaderSignature);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    // Binary format: int32 count; per column: string name, string input name, type (SchemaSerializer.WriteType),
    // byte mode, bool ensureZeroUntouched, int32 slot count n, double[n] scale, double[n] offset.
    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        var w = ctx.Writer;
        w.Write(Columns.Length);
        foreach (var c in Columns)
        {
            ctx.SaveNonEmptyString(c.Name);
            ctx.SaveNonEmptyString(c.InputColumnName);
            SchemaSerializer.WriteType(w, c.Type, c.InputColumnName);
            w.Write((byte)c.Mode);
            w.Write(c.EnsureZeroUntouched);
            w.Write(c.Scale.Length);
            foreach (var s in c.Scale)
                w.Write(s);
            foreach (var o in c.Offset)
                w.Write(o);
        }
    }

    private static NormalizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        var r = ctx.Reader;
        int count = r.ReadInt32();
        var cols = new ColumnParameters[count];
        for (int k = 0; k < count; k++)
        {
            string name = ctx.LoadNonEmptyString(), input = ctx.LoadNonEmptyString();
            var type = SchemaSerializer.ReadType(r);
            var mode = (NormalizingEstimator.NormalizationMode)r.ReadByte();
            bool fixZero = r.ReadBoolean();
            int n = r.ReadInt32();
            if (n != NormalizingEstimator.Size(type))
                throw new FormatException($"Model entry '{ctx.Directory}': column '{name}' has {n} slots for type {type}.");
            var scale = new double[n];
            var offset = new double[n];
            for (int i = 0; i < n; i++)
                scale[i] = r.ReadDouble();
            for (int i = 0; i < n; i++)
                offset[i] = r.ReadDouble();
            cols[k] = new ColumnParameters(name, input, type, mode, fixZero, scale, offset);
        }
        return new NormalizingTransformer(env.Register(nameof(NormalizingTransformer)), cols);
    }

    private sealed class Mapper : MapperBase
    {
        private readonly NormalizingTransformer _parent;
        private readonly DataViewSchema.Column[] _inputs;

        public Mapper(NormalizingTransformer parent, DataViewSchema schema) : base(parent.Host, schema)
        {
            _parent = parent;
            _inputs = parent.Columns.Select(c =>
            {
                var col = NormalizingEstimator.CheckColumn(schema, c.InputColumnName);
                if (!col.Type.Equals(c.Type))
                    throw Contracts.ExceptSchemaMismatch(nameof(schema), "input", c.InputColumnName, c.Type.ToString()!, col.Type.ToString()!);
                return col;
            }).ToArray();
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() => _parent.Columns.Select((c, i) =>
        {
            var b = new DataViewSchema.Annotations.Builder();
            b.Add(_inputs[i].Annotations, k => k == AnnotationUtils.Kinds.SlotNames);
            b.Add(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance, (ref bool v) => v = true);
            return new DataViewSchema.DetachedColumn(c.Name, c.Type, b.ToAnnotations());
        }).ToArray();

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            var needed = _inputs.Where((c, i) => activeOutput(i)).Select(c => c.Index).ToHashSet();
            return needed.Contains;
        }

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
        {
            disposer = null;
            var c = _parent.Columns[iinfo];
            bool vector = c.Type is VectorDataViewType;
            bool isFloat = (vector ? ((VectorDataViewType)c.Type).ItemType : c.Type).Equals(NumberDataViewType.Single);
            string method = (vector, isFloat) switch
            {
                (true, true) => nameof(VectorSingle),
                (true, false) => nameof(VectorDouble),
                (false, true) => nameof(ScalarSingle),
                _ => nameof(ScalarDouble),
            };
            return (Delegate)typeof(Mapper).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [input, _inputs[iinfo], c])!;
        }

        private static ValueGetter<float> ScalarSingle(DataViewRow input, DataViewSchema.Column col, ColumnParameters c)
        {
            var g = input.GetGetter<float>(col);
            float scale = (float)c.Scale[0], offset = (float)c.Offset[0];
            return (ref float v) =>
            {
                g(ref v);
                v = (v - offset) * scale;
            };
        }

        private static ValueGetter<double> ScalarDouble(DataViewRow input, DataViewSchema.Column col, ColumnParameters c)
        {
            var g = input.GetGetter<double>(col);
            double scale = c.Scale[0], offset = c.Offset[0];
            return (ref double v) =>
            {
                g(ref v);
                v = (v - offset) * scale;
            };
        }

        private static ValueGetter<VBuffer<float>> VectorSingle(DataViewRow input, DataViewSchema.Column col, ColumnParameters c)
        {
            var g = input.GetGetter<VBuffer<float>>(col);
            var scale = c.Scale.Select(s => (float)s).ToArray();
            var offset = c.Offset.Select(s => (float)s).ToArray();
            VBuffer<float> src = default;
            return (ref VBuffer<float> dst) =>
            {
                g(ref src);
                var editor = VBufferEditor.Create(ref dst, scale.Length);
                var values = editor.Values;
                src.CopyTo(values);
                for (int i = 0; i < values.Length; i++)
                    values[i] = (values[i] - offset[i]) * scale[i];
                dst = editor.Commit();
            };
        }

        private static ValueGetter<VBuffer<double>> VectorDouble(DataViewRow input, DataViewSchema.Column col, ColumnParameters c)
        {
            var g = input.GetGetter<VBuffer<double>>(col);
            var scale = c.Scale.ToArray();
            var offset = c.Offset.ToArray();
            VBuffer<double> src = default;
            return (ref VBuffer<double> dst) =>
            {
                g(ref src);
                var editor = VBufferEditor.Create(ref dst, scale.Length);
                var values = editor.Values;
                src.CopyTo(values);
                for (int i = 0; i < values.Length; i++)
                    values[i] = (values[i] - offset[i]) * scale[i];
                dst = editor.Commit();
            };
        }
    }
}

/// <summary>The scale and offset of an affine normalizer: <c>y = (x − offset) · scale</c>, per slot.</summary>
/// <param name="Scale">The per-slot scale.</param>
/// <param name="Offset">The per-slot offset.</param>
public sealed record AffineNormalizerModelParameters(ImmutableArray<double> Scale, ImmutableArray<double> Offset);
