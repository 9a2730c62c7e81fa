using System.Collections.Immutable;
using System.Numerics;
using System.Reflection;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.ML.Transforms;

[assembly: Symmetry.ML.LoadableClass(typeof(NormalizingTransformer), NormalizingTransformer.LoaderSignature)]

namespace Symmetry.ML.Transforms;

/// <summary>
/// Learns a map per slot from one pass over the data (<c>NormalizeMeanVariance</c>, <c>NormalizeMinMax</c>): an
/// affine map <c>y = (x − offset) · scale</c>, or, for mean–variance with useCdf, the normal CDF
/// <c>y = Φ((x − μ)/σ)</c>. Inputs are Single or Double scalars or known-size vectors; the output has the input's
/// type. Statistics are accumulated in double and skip NaN and ±∞.
/// <list type="bullet">
/// <item>Mean–variance: offset = mean, scale = 1/σ (population σ); with fixZero, offset = 0 and
/// scale = 1/√(E[x²]) (as ML.NET), so zero stays zero.</item>
/// <item>Mean–variance with useCdf (as ML.NET): <c>y = Φ((x − μ)/σ) = ½(1 + erf((x − μ)/(σ√2)))</c> in [0, 1], with
/// the slot's mean μ and population standard deviation σ; fixZero has no effect. A slot whose σ is 0 (constant, or
/// without finite values) maps every value to 0, and NaN or ±∞ inputs map to 0.</item>
/// <item>Min–max: offset = min, scale = 1/(max − min), mapping to [0, 1]; with fixZero, offset = 0 and
/// scale = 1/max(|min|, |max|), mapping to [−1, 1].</item>
/// </list>
/// For the affine maps, a slot without spread (or without finite values) gets scale 0, so it maps to 0 rather than
/// to NaN or ∞.
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

        /// <summary>Whether mean–variance outputs the CDF of the fitted normal distribution instead of the standardized value.</summary>
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
        /// <param name="name">The output column.</param>
        /// <param name="inputColumnName">The input column; <paramref name="name"/> when null.</param>
        /// <param name="mode">The method.</param>
        /// <param name="maximumExampleCount">The most rows read to compute the statistics (at least 2).</param>
        /// <param name="ensureZeroUntouched">Whether zero maps to zero (no effect with <paramref name="useCdf"/>).</param>
        /// <param name="useCdf">
        /// With <see cref="NormalizationMode.MeanVariance"/>: output <c>Φ((x − μ)/σ)</c>, the CDF of the normal
        /// distribution fitted to the slot. Must be false for other modes.
        /// </param>
        public ColumnOptions(string name, string? inputColumnName = null, NormalizationMode mode = NormalizationMode.MinMax,
            long maximumExampleCount = Defaults.MaximumExampleCount, bool ensureZeroUntouched = Defaults.EnsureZeroUntouched,
            bool useCdf = Defaults.MeanVarCdf)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentOutOfRangeException.ThrowIfLessThan(maximumExampleCount, 2);
            if (!Enum.IsDefined(mode))
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown normalization mode.");
            if (useCdf && mode != NormalizationMode.MeanVariance)
                throw new ArgumentException($"useCdf applies only to {nameof(NormalizationMode.MeanVariance)} normalization, not {mode}.", nameof(useCdf));
            Name = name;
            InputColumnName = inputColumnName ?? name;
            Mode = mode;
            MaximumExampleCount = maximumExampleCount;
            EnsureZeroUntouched = ensureZeroUntouched;
            UseCdf = useCdf;
        }

        /// <summary>The output column.</summary>
        public string Name { get; }

        /// <summary>The input column.</summary>
        public string InputColumnName { get; }

        /// <summary>The method.</summary>
        public NormalizationMode Mode { get; }

        /// <summary>The most rows read.</summary>
        public long MaximumExampleCount { get; }

        /// <summary>Whether zero maps to zero (no effect when <see cref="UseCdf"/> is set).</summary>
        public bool EnsureZeroUntouched { get; }

        /// <summary>Whether mean–variance outputs the normal CDF <c>Φ((x − μ)/σ)</c>.</summary>
        public bool UseCdf { get; }
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
            if (c.UseCdf)
            {
                var (mean, stddev) = stats[i].ComputeMeanStdDev();
                return NormalizingTransformer.ColumnParameters.Cdf(c.Name, c.InputColumnName, inputs[i].Type, c.EnsureZeroUntouched, mean, stddev);
            }
            var (scale, offset) = stats[i].Compute(c.Mode, c.EnsureZeroUntouched);
            return NormalizingTransformer.ColumnParameters.Affine(c.Name, c.InputColumnName, inputs[i].Type, c.Mode, c.EnsureZeroUntouched, scale, offset);
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

        /// <summary>
        /// Per-slot mean and population standard deviation for the CDF normalizer; both 0 for a slot without spread
        /// or without finite values (as ML.NET).
        /// </summary>
        public (double[] Mean, double[] StdDev) ComputeMeanStdDev()
        {
            var mean = new double[size];
            var stddev = new double[size];
            for (int i = 0; i < size; i++)
            {
                if (_n[i] == 0 || !(_m2[i] > 0))
                    continue;
                mean[i] = _mean[i];
                stddev[i] = Math.Sqrt(_m2[i] / _n[i]);
            }
            return (mean, stddev);
        }
    }
}

/// <summary>
/// Applies the learned maps (affine, or the normal CDF for <c>NormalizeMeanVariance(useCdf: true)</c>); computed only
/// for requested output columns.
/// </summary>
public sealed class NormalizingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "Normalizer";

    // 0x00010001: affine maps only.
    // 0x00010002: a useCdf byte per column; CDF columns store mean and standard deviation instead of scale and offset.
    internal const uint VersionAffineOnly = 0x00010001;
    internal const uint VersionWithCdf = 0x00010002;

    internal NormalizingTransformer(IHost host, ColumnParameters[] columns) : base(host) => Columns = [.. columns];

    /// <summary>The fitted columns.</summary>
    public ImmutableArray<ColumnParameters> Columns { get; }

    /// <summary>
    /// The learned parameters of column <paramref name="index"/> (ML.NET's <c>GetNormalizerModelParameters</c>):
    /// <see cref="AffineNormalizerModelParameters"/> for affine columns, <see cref="CdfNormalizerModelParameters"/>
    /// for CDF columns.
    /// </summary>
    public NormalizerModelParametersBase GetNormalizerModelParameters(int index)
    {
        var c = Columns[index];
        return c.UseCdf
            ? new CdfNormalizerModelParameters(c.Mean, c.StandardDeviation, UseLog: false)
            : new AffineNormalizerModelParameters(c.Scale, c.Offset);
    }

    /// <summary>One fitted column.</summary>
    public sealed class ColumnParameters
    {
        private ColumnParameters(string name, string inputColumnName, DataViewType type, NormalizingEstimator.NormalizationMode mode,
            bool ensureZeroUntouched, bool useCdf, ImmutableArray<double> scale, ImmutableArray<double> offset,
            ImmutableArray<double> mean, ImmutableArray<double> stddev)
        {
            Name = name;
            InputColumnName = inputColumnName;
            Type = type;
            Mode = mode;
            EnsureZeroUntouched = ensureZeroUntouched;
            UseCdf = useCdf;
            Scale = scale;
            Offset = offset;
            Mean = mean;
            StandardDeviation = stddev;
        }

        internal static ColumnParameters Affine(string name, string inputColumnName, DataViewType type, NormalizingEstimator.NormalizationMode mode,
            bool ensureZeroUntouched, double[] scale, double[] offset) =>
            new(name, inputColumnName, type, mode, ensureZeroUntouched, false, [.. scale], [.. offset], [], []);

        internal static ColumnParameters Cdf(string name, string inputColumnName, DataViewType type, bool ensureZeroUntouched,
            double[] mean, double[] stddev)
        {
            bool isFloat = NormalizingTransformer.IsSingle(type);
            var scale = new double[mean.Length];
            var offset = new double[mean.Length];
            for (int i = 0; i < mean.Length; i++)
            {
                if (HasNoSpread(stddev[i], isFloat))
                    continue;
                scale[i] = 1 / stddev[i];
                offset[i] = mean[i];
            }
            return new(name, inputColumnName, type, NormalizingEstimator.NormalizationMode.MeanVariance, ensureZeroUntouched, true,
                [.. scale], [.. offset], [.. mean], [.. stddev]);
        }

        /// <summary>The output column.</summary>
        public string Name { get; }

        /// <summary>The input column.</summary>
        public string InputColumnName { get; }

        /// <summary>The type of the input and output.</summary>
        public DataViewType Type { get; }

        /// <summary>The method.</summary>
        public NormalizingEstimator.NormalizationMode Mode { get; }

        /// <summary>Whether zero maps to zero (no effect when <see cref="UseCdf"/> is set).</summary>
        public bool EnsureZeroUntouched { get; }

        /// <summary>Whether the column maps each slot to <c>Φ((x − <see cref="Mean"/>)/<see cref="StandardDeviation"/>)</c>.</summary>
        public bool UseCdf { get; }

        /// <summary>
        /// The per-slot scale. For a CDF column, the standardization applied before Φ: 1/σ, or 0 for a slot
        /// without spread (which maps to 0).
        /// </summary>
        public ImmutableArray<double> Scale { get; }

        /// <summary>The per-slot offset (subtracted before scaling). For a CDF column, the mean (0 for a slot without spread).</summary>
        public ImmutableArray<double> Offset { get; }

        /// <summary>For a CDF column, the per-slot mean μ of the fitted normal distribution; empty otherwise.</summary>
        public ImmutableArray<double> Mean { get; }

        /// <summary>
        /// For a CDF column, the per-slot population standard deviation σ of the fitted normal distribution (0 for a
        /// slot without spread); empty otherwise.
        /// </summary>
        public ImmutableArray<double> StandardDeviation { get; }
    }

    /// <summary>
    /// Whether σ counts as zero for a column of this item type: at most the type's smallest positive value
    /// (ML.NET compares σ, in the column's type, with <c>Epsilon</c>). Such slots map to 0.
    /// </summary>
    internal static bool HasNoSpread(double stddev, bool isFloat) =>
        isFloat ? !((float)stddev > float.Epsilon) : !(stddev > double.Epsilon);

    internal static bool IsSingle(DataViewType type) =>
        (type is VectorDataViewType v ? v.ItemType : type).Equals(NumberDataViewType.Single);

    private static VersionInfo GetVersionInfo() => new("NORMALZR", VersionWithCdf, VersionWithCdf, VersionAffineOnly,
        typeof(NormalizingTransformer).Assembly.GetName().Name!, LoaderSignature);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    // Binary format (0x00010002): int32 count; per column: string name, string input name, type
    // (SchemaSerializer.WriteType), byte mode, bool ensureZeroUntouched, bool useCdf, int32 slot count n, then
    // double[n] scale and double[n] offset for an affine column, or double[n] mean and double[n] standard deviation
    // for a CDF column. 0x00010001 is the same without the useCdf byte (every column affine).
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
            w.Write(c.UseCdf);
            var (first, second) = c.UseCdf ? (c.Mean, c.StandardDeviation) : (c.Scale, c.Offset);
            w.Write(first.Length);
            foreach (var x in first)
                w.Write(x);
            foreach (var x in second)
                w.Write(x);
        }
    }

    private static NormalizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        bool hasCdfFlag = ctx.VersionWritten >= VersionWithCdf;
        var r = ctx.Reader;
        int count = r.ReadInt32();
        var cols = new ColumnParameters[count];
        for (int k = 0; k < count; k++)
        {
            string name = ctx.LoadNonEmptyString(), input = ctx.LoadNonEmptyString();
            var type = SchemaSerializer.ReadType(r);
            var mode = (NormalizingEstimator.NormalizationMode)r.ReadByte();
            if (!Enum.IsDefined(mode))
                throw new FormatException($"Model entry '{ctx.Directory}': column '{name}' has unknown normalization mode {(byte)mode}.");
            bool fixZero = r.ReadBoolean();
            bool useCdf = hasCdfFlag && r.ReadBoolean();
            if (useCdf && mode != NormalizingEstimator.NormalizationMode.MeanVariance)
                throw new FormatException($"Model entry '{ctx.Directory}': column '{name}' uses the CDF with mode {mode}.");
            int n = r.ReadInt32();
            if (n != NormalizingEstimator.Size(type))
                throw new FormatException($"Model entry '{ctx.Directory}': column '{name}' has {n} slots for type {type}.");
            var first = new double[n];
            var second = new double[n];
            for (int i = 0; i < n; i++)
                first[i] = r.ReadDouble();
            for (int i = 0; i < n; i++)
                second[i] = r.ReadDouble();
            if (useCdf)
            {
                for (int i = 0; i < n; i++)
                {
                    if (!double.IsFinite(first[i]) || !double.IsFinite(second[i]) || second[i] < 0)
                        throw new FormatException($"Model entry '{ctx.Directory}': column '{name}' slot {i} has invalid mean {first[i]} or standard deviation {second[i]}.");
                }
                cols[k] = ColumnParameters.Cdf(name, input, type, fixZero, first, second);
            }
            else
            {
                cols[k] = ColumnParameters.Affine(name, input, type, mode, fixZero, first, second);
            }
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
                    throw Contracts.ExceptSchemaMismatch("inputSchema", "input", c.InputColumnName, c.Type.ToString()!, col.Type.ToString()!);
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
            bool isFloat = IsSingle(c.Type);
            string method = c.UseCdf ? nameof(Cdf) : nameof(Affine);
            return (Delegate)typeof(Mapper).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(isFloat ? typeof(float) : typeof(double))
                .Invoke(null, [input, _inputs[iinfo], c, vector])!;
        }

        // T is float or double. The affine map runs in T (scale and offset rounded to T); the CDF in double.
        private static Delegate Affine<T>(DataViewRow input, DataViewSchema.Column col, ColumnParameters c, bool vector)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var map = new AffineMap<T>(c.Scale.Select(T.CreateTruncating).ToArray(), c.Offset.Select(T.CreateTruncating).ToArray());
            return vector ? MapVector<T, AffineMap<T>>(input, col, c.Scale.Length, map) : MapScalar<T, AffineMap<T>>(input, col, map);
        }

        private static Delegate Cdf<T>(DataViewRow input, DataViewSchema.Column col, ColumnParameters c, bool vector)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var stddev = c.StandardDeviation.ToArray();
            var noSpread = stddev.Select(s => HasNoSpread(s, isFloat: typeof(T) == typeof(float))).ToArray();
            var map = new CdfMap<T>(c.Mean.ToArray(), stddev, noSpread);
            return vector ? MapVector<T, CdfMap<T>>(input, col, c.Mean.Length, map) : MapScalar<T, CdfMap<T>>(input, col, map);
        }

        private static ValueGetter<T> MapScalar<T, TMap>(DataViewRow input, DataViewSchema.Column col, TMap map)
            where TMap : struct, ISlotMap<T>
        {
            var g = input.GetGetter<T>(col);
            return (ref T v) =>
            {
                g(ref v);
                v = map.Map(v, 0);
            };
        }

        // Reads the input vector densely into a buffer of `length` slots and maps each slot.
        private static ValueGetter<VBuffer<T>> MapVector<T, TMap>(DataViewRow input, DataViewSchema.Column col, int length, TMap map)
            where TMap : struct, ISlotMap<T>
        {
            var g = input.GetGetter<VBuffer<T>>(col);
            VBuffer<T> src = default;
            return (ref VBuffer<T> dst) =>
            {
                g(ref src);
                var editor = VBufferEditor.Create(ref dst, length);
                var values = editor.Values;
                src.CopyTo(values);
                for (int i = 0; i < values.Length; i++)
                    values[i] = map.Map(values[i], i);
                dst = editor.Commit();
            };
        }

        // The per-slot map of a normalizer; a struct so that the generic loops above call it directly.
        private interface ISlotMap<T>
        {
            T Map(T x, int slot);
        }

        private readonly struct AffineMap<T>(T[] scale, T[] offset) : ISlotMap<T>
            where T : IBinaryFloatingPointIeee754<T>
        {
            public T Map(T x, int slot) => (x - offset[slot]) * scale[slot];
        }

        // Φ((x − μ)/σ) in double; 0 for a slot without spread and for NaN or ±∞ inputs (as ML.NET).
        private readonly struct CdfMap<T>(double[] mean, double[] stddev, bool[] noSpread) : ISlotMap<T>
            where T : IBinaryFloatingPointIeee754<T>
        {
            public T Map(T x, int slot)
            {
                double d = double.CreateTruncating(x);
                return T.CreateTruncating(noSpread[slot] || !double.IsFinite(d) ? 0 : NormalDistribution.Cdf((d - mean[slot]) / stddev[slot]));
            }
        }
    }
}

/// <summary>
/// The learned parameters of one normalized column (ML.NET's <c>NormalizerModelParametersBase</c>); see
/// <see cref="AffineNormalizerModelParameters"/> and <see cref="CdfNormalizerModelParameters"/>.
/// </summary>
public abstract record NormalizerModelParametersBase
{
    private protected NormalizerModelParametersBase()
    {
    }
}

/// <summary>The scale and offset of an affine normalizer: <c>y = (x − offset) · scale</c>, per slot.</summary>
/// <param name="Scale">The per-slot scale.</param>
/// <param name="Offset">The per-slot offset.</param>
public sealed record AffineNormalizerModelParameters(ImmutableArray<double> Scale, ImmutableArray<double> Offset) : NormalizerModelParametersBase;

/// <summary>
/// The parameters of a CDF normalizer: <c>y = Φ((x − Mean)/StandardDeviation)</c>, per slot; a slot whose standard
/// deviation is 0 maps to 0.
/// </summary>
/// <param name="Mean">The per-slot mean.</param>
/// <param name="StandardDeviation">The per-slot population standard deviation.</param>
/// <param name="UseLog">Whether the logarithm of the input is taken first (always false: LogMeanVariance is not implemented).</param>
public sealed record CdfNormalizerModelParameters(ImmutableArray<double> Mean, ImmutableArray<double> StandardDeviation, bool UseLog) : NormalizerModelParametersBase;
