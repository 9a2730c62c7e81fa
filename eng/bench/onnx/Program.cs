// Rows/s of each transformer's scoring: our Transform (TorchSharp, batches of up to 4,096 rows, every appended column
// read through one cursor) vs ONNX Runtime running the graph ml.Model.ConvertToOnnx wrote (batches of 4,096 rows,
// every graph output fetched), one thread on both sides. Models are fitted for one epoch at the methods' usual sizes:
// scoring cost depends on the network's shape, not on how well it was trained.
// Usage: dotnet Symmetry.Onnx.Bench.dll ROWS REPEATS   (prints "transformer side rows_per_s" lines; best of REPEATS)
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Symmetry;

var rows = int.Parse(args[0], CultureInfo.InvariantCulture);
var repeats = int.Parse(args[1], CultureInfo.InvariantCulture);
TorchSharp.torch.set_num_threads(1);
var ml = new MLContext(1);
var rng = new Random(1);
float[] Uniform(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

// LatentRelevance, Sanz's protocol sizes: 2 features, hidden 64-64, latent 4.
Measure("LatentRelevance", n => new Table(n).Vector("Features", 2, Uniform(n * 2)),
    d => ml.Transforms.SymmetryDiscovery.LatentRelevance(new LatentRelevanceEstimator.Options { LatentDimension = 4, HiddenLayers = [64, 64], Epochs = 1, Runs = 1, Seed = 1 }).Fit(d));

// OracleFlows: 10 features, a dense autoencoder to latent 3, 3 neural generators (hidden 32-32), learned regressor oracle.
Measure("OracleFlows", n => new Table(n).Vector("Features", 10, Uniform(n * 10)).Scalar("Label", Uniform(n)),
    d => ml.Transforms.SymmetryDiscovery.OracleFlows(new OracleFlowsEstimator.Options
    {
        LabelColumnName = "Label", LatentDimension = 3, AutoencoderKind = AutoencoderKind.Dense, GeneratorKind = GeneratorKind.Neural, Generators = 3,
        HiddenLayers = [32, 32], AutoencoderEpochs = 1, OracleEpochs = 1, Epochs = 1, Seed = 1,
    }).Fit(d));

// LatentLieGan: 2 steps of 5 features, hidden 64-64, latent 2, SINDy order 2 (Latent and LatentDot).
Measure("LatentLieGan", n => new Table(n).Vector("Features", 10, Uniform(n * 10)),
    d => ml.Transforms.SymmetryDiscovery.LatentLieGan(new LatentLieGanEstimator.Options
    {
        TimeSteps = 2, HiddenLayers = [64, 64], DiscriminatorHiddenLayers = [64, 64], Epochs = 1, Seed = 1,
        Sindy = new LatentLieGanEstimator.SindyOptions { PolynomialOrder = 2, TimeStep = 0.1 },
    }).Fit(d));

// LieDetector: 16 × 16 pairs, the t-network 512 → 256 → 128 → 64 → 1 (T only).
Measure("LieDetector", n => new Table(n).Vector("Source", 256, Uniform(n * 256)).Vector("Target", 256, Uniform(n * 256)),
    d => ml.Transforms.SymmetryDiscovery.LieDetector(new LieDetectorEstimator.Options { LatentSide = 3, Epochs = 1, Seed = 1 }).Fit(d));

void Measure(string name, Func<int, Table> data, Func<IDataView, ITransformer> fit)
{
    var train = data(512).View(ml);
    var model = fit(train);
    var table = data(rows);
    var input = table.View(ml);
    var appended = model.GetOutputSchema(input.Schema).Where(c => !c.IsHidden && input.Schema.GetColumnOrNull(c.Name) is null).ToArray();

    var best = double.MaxValue;
    for (var r = 0; r < repeats; r++)
    {
        var watch = Stopwatch.StartNew();
        var scored = model.Transform(input);
        var columns = appended.Select(c => scored.Schema[c.Name]).ToArray();
        using var cursor = scored.GetRowCursor(columns);
        var getters = columns.Select(c => c.Type is VectorDataViewType ? Vector(cursor, c) : Scalar(cursor, c)).ToArray();
        while (cursor.MoveNext()) foreach (var g in getters) g();
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"{name} transform {rows / best:F0}");

    using var stream = new MemoryStream();
    ml.Model.ConvertToOnnx(model, train, stream);
    using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
    using var session = new InferenceSession(stream.ToArray(), options);
    const int batch = 4096;
    best = double.MaxValue;
    for (var r = 0; r < repeats; r++)
    {
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += batch)
        {
            var n = Math.Min(batch, rows - start);
            var feeds = session.InputMetadata.Keys.Select(k => table.Feed(k, start, n)).ToList();
            using var results = session.Run(feeds);
        }
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"{name} onnxruntime {rows / best:F0}");
    (model as SymmetryTransformerBase)?.Dispose();
}

static Action Vector(DataViewRowCursor cursor, DataViewSchema.Column c)
{
    var get = cursor.GetGetter<VBuffer<float>>(c);
    var buffer = default(VBuffer<float>);
    return () => get(ref buffer);
}

static Action Scalar(DataViewRowCursor cursor, DataViewSchema.Column c)
{
    var get = cursor.GetGetter<float>(c);
    var value = 0f;
    return () => get(ref value);
}

/// <summary>Float columns held row-major: an ML.NET view of them, and ONNX Runtime tensors of a row range.</summary>
internal sealed class Table(int rows)
{
    private readonly List<(string Name, int Width, float[] Values)> columns = [];

    public Table Vector(string name, int width, float[] values) { columns.Add((name, width, values)); return this; }

    public Table Scalar(string name, float[] values) { columns.Add((name, 0, values)); return this; }

    public IDataView View(MLContext ml)
    {
        var b = new DataViewSchema.Builder();
        foreach (var (name, width, _) in columns) b.AddColumn(name, width == 0 ? NumberDataViewType.Single : new VectorDataViewType(NumberDataViewType.Single, width));
        var schema = b.ToSchema();
        return new ArrayDataView(schema, rows, columns.Select(c => (c.Width, c.Values)).ToArray());
    }

    public NamedOnnxValue Feed(string name, int start, int n)
    {
        var (_, width, values) = columns.Single(c => c.Name == name);
        var w = Math.Max(1, width);
        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values.AsMemory(start * w, n * w), [n, w]));
    }
}

/// <summary>A read-only view over row-major float arrays (Single or known-size vectors of Single).</summary>
internal sealed class ArrayDataView(DataViewSchema schema, int rows, (int Width, float[] Values)[] columns) : IDataView
{
    public DataViewSchema Schema => schema;
    public bool CanShuffle => false;
    public long? GetRowCount() => rows;
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(ArrayDataView view) : DataViewRowCursor
    {
        private long position = -1;
        public override DataViewSchema Schema => view.Schema;
        public override long Position => position;
        public override long Batch => 0;
        public override bool MoveNext() => ++position < view.GetRowCount();
        public override bool IsColumnActive(DataViewSchema.Column column) => true;
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var (width, values) = view.Columns[column.Index];
            if (width == 0)
            {
                ValueGetter<float> scalar = (ref float v) => v = values[position];
                return (ValueGetter<TValue>)(Delegate)scalar;
            }
            ValueGetter<VBuffer<float>> vector = (ref VBuffer<float> v) =>
            {
                var editor = VBufferEditor.Create(ref v, width);
                values.AsSpan((int)position * width, width).CopyTo(editor.Values);
                v = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)vector;
        }
    }

    private (int Width, float[] Values)[] Columns => columns;
}
