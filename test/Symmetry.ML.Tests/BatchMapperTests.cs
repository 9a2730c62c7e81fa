using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

namespace Symmetry.ML.Tests;

/// <summary>A transformer built only on the public extension points: doubles a vector in batches.</summary>
public sealed class DoublingTransformer : RowToRowTransformerBase
{
    public const string LoaderSignature = "TestDoubling";
    public static uint WrittenVersion = 0x00010001;

    public DoublingTransformer(IHostEnvironment env, string input, int batchSize) : base(env.Register(nameof(DoublingTransformer)))
    {
        Input = input;
        BatchSize = batchSize;
    }

    public string Input { get; }

    public int BatchSize { get; }

    public List<int> Batches { get; } = [];

    public Action<int>? OnBatch { get; set; }

    private static VersionInfo Version(uint written) => new("TESTDBL ", written, written, 0x00010001, "Symmetry.ML.Tests", LoaderSignature);

    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(Version(WrittenVersion));
        ctx.SaveNonEmptyString(Input);
        ctx.Writer.Write(BatchSize);
        ctx.SaveBinaryStream("Extra.bin", w => w.Write(42));
    }

    public static DoublingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(Version(0x00010001));
        var t = new DoublingTransformer(env, ctx.LoadNonEmptyString(), ctx.Reader.ReadInt32());
        int extra = 0;
        Assert.IsTrue(ctx.TryLoadBinaryStream("Extra.bin", r => extra = r.ReadInt32()));
        Assert.AreEqual(42, extra);
        return t;
    }

    private sealed class Mapper : BatchMapperBase
    {
        private readonly DoublingTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly int _size;

        public Mapper(DoublingTransformer parent, DataViewSchema schema) : base(parent.Host, schema, parent.BatchSize)
        {
            _parent = parent;
            _input = schema.GetColumnOrNull(parent.Input) ?? throw Contracts.ExceptSchemaMismatch(nameof(schema), "input", parent.Input);
            if (_input.Type is not VectorDataViewType { IsKnownSize: true } v || !v.ItemType.Equals(NumberDataViewType.Single))
                throw Contracts.ExceptSchemaMismatch(nameof(schema), "input", parent.Input, "Vector<Single>", _input.Type.ToString()!);
            _size = v.Size;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
            [new("Doubled", new VectorDataViewType(NumberDataViewType.Single, _size)), new("Sum", NumberDataViewType.Single)];

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput) =>
            i => i == _input.Index && (activeOutput(0) || activeOutput(1));

        protected override void MapBatch(RowBatch input, OutputBatch output)
        {
            _parent.Batches.Add(input.Count);
            _parent.OnBatch?.Invoke(_parent.Batches.Count);
            var x = input.GetValues<float>(_input);
            if (output.IsActive(0))
            {
                var y = output.GetValues<float>(0);
                for (int i = 0; i < x.Length; i++)
                    y[i] = 2 * x[i];
            }
            if (output.IsActive(1))
            {
                var s = output.GetValues<float>(1);
                for (int r = 0; r < input.Count; r++)
                {
                    float sum = 0;
                    for (int j = 0; j < _size; j++)
                        sum += x[r * _size + j];
                    s[r] = sum;
                }
            }
        }
    }
}

[TestClass]
public sealed class BatchMapperTests
{
    private static IDataView Data(int n)
    {
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("F", 2, Enumerable.Range(0, 2 * n).Select(i => (float)i).ToArray());
        b.AddColumn("Id", Enumerable.Range(0, n).ToArray());
        return b.GetDataView();
    }

    [TestMethod]
    public void ScoresInBatchesOnlyWhenOutputsAreRequested()
    {
        var ml = new MLContext(seed: 1);
        var t = new DoublingTransformer(ml, "F", batchSize: 4);
        var view = t.Transform(Data(10));
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).ToArray(), view.GetColumn<int>("Id").ToArray());
        Assert.AreEqual(0, t.Batches.Count, "no output requested, no batch mapped");
        var doubled = TestData.Vectors(view, "Doubled");
        CollectionAssert.AreEqual(new[] { 4, 4, 2 }, t.Batches);
        CollectionAssert.AreEqual(new[] { 12f, 14 }, doubled[3]);
        // Pass-through columns stay aligned with outputs when read from the same cursor.
        var df = Symmetry.Data.Analysis.DataFrameExtensions.ToDataFrame(view, -1, "Id", "Sum");
        for (long r = 0; r < 10; r++)
            Assert.AreEqual((float)(4 * r + 1), (float)df[r, 1]!);
    }

    [TestMethod]
    public void CancelExecutionStopsScoringAtTheNextBatch()
    {
        var ml = new MLContext(seed: 1);
        var t = new DoublingTransformer(ml, "F", batchSize: 4) { OnBatch = k => { if (k == 2) ml.CancelExecution(); } };
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => TestData.Vectors(t.Transform(Data(100)), "Doubled"));
        Assert.AreEqual("Operation was cancelled.", e.Message);
        Assert.AreEqual(2, t.Batches.Count);
    }

    [TestMethod]
    public void CancelExecutionStopsALongFit()
    {
        var ml = new MLContext(seed: 1);
        long produced = 0;
        IEnumerable<Counted> Endless()
        {
            for (int i = 0; ; i++)
            {
                if (++produced == 10_000)
                    ml.CancelExecution();
                yield return new Counted { A = i };
            }
        }
        var data = ml.Data.LoadFromEnumerable(Endless());
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.NormalizeMeanVariance("A").Fit(data));
        Assert.AreEqual("Operation was cancelled.", e.Message);
        // The estimator polls after reading rows 0, 4096, 8192, 12288 (the first poll after the request at row 10000).
        Assert.AreEqual(12_289L, produced);
    }

    [TestMethod]
    public void ExternalTransformerSavesAndLoadsThroughExplicitRegistration()
    {
        var ml = new MLContext(seed: 1);
        ModelLoaderRegistry.Register(DoublingTransformer.LoaderSignature, (env, ctx) => DoublingTransformer.Create(env, ctx));
        var data = Data(5);
        var t = new DoublingTransformer(ml, "F", 3);
        using var ms = new MemoryStream();
        ml.Model.Save(t, data.Schema, ms);
        ms.Position = 0;
        var loaded = (DoublingTransformer)ml.Model.Load(ms, out _);
        Assert.AreEqual(3, loaded.BatchSize);
        CollectionAssert.AreEqual(TestData.Vectors(t.Transform(data), "Doubled").SelectMany(x => x).ToArray(),
            TestData.Vectors(loaded.Transform(data), "Doubled").SelectMany(x => x).ToArray());
    }

    [TestMethod]
    public void NewerEntryVersionIsRefusedClearly()
    {
        var ml = new MLContext(seed: 1);
        ModelLoaderRegistry.Register(DoublingTransformer.LoaderSignature, (env, ctx) => DoublingTransformer.Create(env, ctx));
        using var ms = new MemoryStream();
        DoublingTransformer.WrittenVersion = 0x00020001;
        try
        {
            ml.Model.Save(new DoublingTransformer(ml, "F", 3), Data(1).Schema, ms);
        }
        finally
        {
            DoublingTransformer.WrittenVersion = 0x00010001;
        }
        ms.Position = 0;
        var e = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(ms, out _));
        Assert.AreEqual("Model entry 'Model/' (TESTDBL ) was written in version 0x00020001, which needs a reader of version 0x00020001 or later; this library reads up to 0x00010001.", e.Message);
    }
}
