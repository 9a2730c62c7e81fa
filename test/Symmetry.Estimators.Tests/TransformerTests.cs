using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>The fitted LatentRelevanceTransformer as ML.NET uses it: lazy Transform, schemas, slot names, prediction engines.</summary>
[TestClass]
public sealed class TransformerTests
{
    private sealed class FeaturesRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class LatentRow
    {
        public float[] Latent { get; set; } = [];
        public float[] LatentSigma { get; set; } = [];
    }

    [TestMethod]
    public void TransformIsLazyAndAFullPassReadsEachInputRowOnce()
    {
        var model = SharedModel.Model;
        var data = SharedModel.Data;
        var scored = model.Transform(data);
        Assert.AreEqual(0, data.CursorsOpened, "Transform opens no cursor");
        Assert.AreEqual(SharedModel.Rows, (int)scored.GetRowCount()!);

        using (var cursor = scored.GetRowCursor([scored.Schema["Id"]]))
            while (cursor.MoveNext()) { }
        Assert.AreEqual(0, data.Fetches("Features"), "a cursor over pass-through columns only does not encode anything");

        var latent = TestData.Read(scored, "Latent", out var rows, out var size);
        Assert.AreEqual(SharedModel.Rows, rows);
        Assert.AreEqual(3, size);
        Assert.AreEqual(SharedModel.Rows, data.Fetches("Features"), "each row's features are read once to be scored");
        Assert.IsTrue(latent.All(float.IsFinite));
        Assert.IsTrue(TestData.Read(scored, "LatentSigma").All(s => s > 0 && float.IsFinite(s)), "σ = exp(½ log σ²) is positive and finite");
    }

    [TestMethod]
    public void SchemaKeepsInputSlotNamesAndNamesTheLatents()
    {
        var model = SharedModel.Model;
        var data = SharedModel.Data;
        var schema = model.Transform(data).Schema;
        Assert.AreEqual(data.Schema.Count + 2, schema.Count);
        CollectionAssert.AreEqual(new[] { "Id", "Features", "Latent", "LatentSigma" }, schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "px", "py" }, TestData.SlotNames(schema["Features"]));
        foreach (var name in new[] { "Latent", "LatentSigma" })
        {
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), schema[name].Type);
            CollectionAssert.AreEqual(new[] { "z1", "z2", "z3" }, TestData.SlotNames(schema[name]));
        }
        var fromSchema = model.GetOutputSchema(data.Schema);
        CollectionAssert.AreEqual(schema.Select(c => (c.Name, c.Type)).ToArray(), fromSchema.Select(c => (c.Name, c.Type)).ToArray());
        CollectionAssert.AreEqual(new[] { "px", "py" }, model.Report.FeatureNames.ToArray(), "the report names the features by their slot names");
    }

    [TestMethod]
    public void CursorSetOfTheTransformCoversEveryRowOnce()
    {
        var ml = SharedModel.Ml;
        var cached = ml.Data.Cache(SharedModel.Data);
        var scored = SharedModel.Model.Transform(cached);
        var reference = TestData.Read(scored, "Latent");
        var seen = new Dictionary<int, float[]>();
        foreach (var cursor in scored.GetRowCursorSet(scored.Schema, 4))
            using (cursor)
            {
                var id = cursor.GetGetter<int>(scored.Schema["Id"]);
                var latent = cursor.GetGetter<VBuffer<float>>(scored.Schema["Latent"]);
                int i = 0; var v = default(VBuffer<float>);
                while (cursor.MoveNext())
                {
                    id(ref i); latent(ref v);
                    Assert.IsTrue(seen.TryAdd(i, v.DenseValues().ToArray()), $"row {i} twice");
                }
            }
        Assert.HasCount(SharedModel.Rows, seen);
        for (var i = 0; i < SharedModel.Rows; i++)
            CollectionAssert.AreEqual(reference.AsSpan(3 * i, 3).ToArray(), seen[i], $"row {i}"); // same batches as the reference pass: exact
    }

    [TestMethod]
    public void ScoresStayWithTheirRowsThroughMlNetsOwnSources()
    {
        // The view scores from a second cursor opened like the first: ML.NET's shuffling, splitting and text sources
        // must give it the same rows in the same order, or it must fail loudly; here they must line up.
        var ml = new MLContext(1);
        var model = SharedModel.Model;
        var reference = TestData.Read(model.Transform(SharedModel.Data), "Latent");
        void Check(string name, IDataView source)
        {
            var scored = model.Transform(source);
            using var cursor = scored.GetRowCursor(scored.Schema);
            var id = cursor.GetGetter<int>(scored.Schema["Id"]);
            var latent = cursor.GetGetter<VBuffer<float>>(scored.Schema["Latent"]);
            int i = 0, n = 0; var v = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                id(ref i); latent(ref v); n++;
                var values = v.DenseValues().ToArray();
                for (var k = 0; k < 3; k++) // other batch companions: float32 rounding, as in PredictionEngineGivesTheBatchedValues
                    Assert.AreEqual(reference[3 * i + k], values[k], 1e-6f * (1 + Math.Abs(values[k])), $"{name}: row {i}, latent {k}");
            }
            Assert.IsGreaterThan(0, n, name);
        }
        Check("ShuffleRows", ml.Data.ShuffleRows(SharedModel.Data, seed: 1));
        Check("TrainTestSplit", ml.Data.TrainTestSplit(ml.Data.Cache(SharedModel.Data), 0.3, seed: 1).TestSet);
        Check("SkipRows", ml.Data.SkipRows(SharedModel.Data, 100));
        var path = Path.Combine(Path.GetTempPath(), $"symmetry-rows-{Environment.ProcessId}.tsv");
        try
        {
            var xy = TestData.Circle(SharedModel.Rows, 3);
            File.WriteAllLines(path, Enumerable.Range(0, SharedModel.Rows).Select(r =>
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r}\t{xy[2 * r]:R}\t{xy[2 * r + 1]:R}")));
            Check("LoadFromTextFile", ml.Data.LoadFromTextFile(path, [new TextLoader.Column("Id", DataKind.Int32, 0), new TextLoader.Column("Features", DataKind.Single, 1, 2)]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void PredictionEngineGivesTheBatchedValues()
    {
        var ml = SharedModel.Ml;
        var model = SharedModel.Model;
        var data = SharedModel.Data;
        var batched = TestData.Read(model.Transform(data), "Latent");
        var sigma = TestData.Read(model.Transform(data), "LatentSigma");
        var features = TestData.Circle(SharedModel.Rows, 3);
        using var engine = ml.Model.CreatePredictionEngine<FeaturesRow, LatentRow>(model);
        // One row at a time takes libtorch's batch-1 matmul kernels, a batch the blocked ones: they round the layer
        // sums differently in the last ulp (about half the values differ; measured ≤ 5e-8 × (1 + |v|)), so the
        // comparison is float32 rounding with 20× margin, not bit for bit.
        const float tolerance = 1e-6f;
        float[]? first = null;
        for (var i = 0; i < 64; i++)
        {
            var p = engine.Predict(new FeaturesRow { Features = features.AsSpan(2 * i, 2).ToArray() });
            first ??= p.Latent.ToArray();
            Assert.HasCount(3, p.Latent);
            for (var k = 0; k < 3; k++)
            {
                Assert.AreEqual(batched[3 * i + k], p.Latent[k], tolerance * (1 + Math.Abs(batched[3 * i + k])), $"row {i}, latent {k}");
                Assert.AreEqual(sigma[3 * i + k], p.LatentSigma[k], tolerance * (1 + sigma[3 * i + k]), $"row {i}, sigma {k}");
            }
        }
        // Asking again for row 0 after 63 others: no stale cached row.
        var again = engine.Predict(new FeaturesRow { Features = features.AsSpan(0, 2).ToArray() });
        CollectionAssert.AreEqual(first, again.Latent);
    }

    [TestMethod]
    public void RowToRowMapperDependsOnTheFeaturesOnlyForOurOutputs()
    {
        var model = SharedModel.Model;
        var schema = SharedModel.Data.Schema;
        Assert.IsTrue(model.IsRowToRowMapper);
        var mapper = model.GetRowToRowMapper(schema);
        var output = mapper.OutputSchema;
        CollectionAssert.AreEqual(new[] { "Features" }, mapper.GetDependencies([output["Latent"]]).Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Id" }, mapper.GetDependencies([output["Id"]]).Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void RelevanceRecomputedFromTheScoresIsTheKeptRunsProfile()
    {
        // The report's profile of the kept run is std(μ_k) / mean(σ_k) over the training rows; the transformer's
        // Latent/LatentSigma columns on the same rows, slot k = rank k, must give it back.
        var model = SharedModel.Model;
        var scored = model.Transform(SharedModel.Data);
        var mu = Array.ConvertAll(TestData.Read(scored, "Latent"), v => (double)v);
        var sigma = Array.ConvertAll(TestData.Read(scored, "LatentSigma"), v => (double)v);
        var recomputed = RelevanceMath.Relevance(mu, sigma, SharedModel.Rows, 3);
        var kept = model.Report.PerRunRelevance[model.Report.BestRun];
        for (var k = 0; k < 3; k++)
            Assert.AreEqual(kept[k], recomputed[k], 1e-5 * kept[k], $"rank {k}"); // float32 encoder, batched differently: relative 1e-5
        Assert.IsTrue(recomputed[0] >= recomputed[1] && recomputed[1] >= recomputed[2], "outputs are ordered by relevance");
    }

    [TestMethod]
    public void DisposedTransformerRefusesWorkNamingItself()
    {
        var ml = new MLContext(1);
        var data = TestData.CircleView(128, seed: 1);
        var model = TestData.FitQuick(ml, data, o => { o.Epochs = 1; o.Runs = 1; });
        var scored = model.Transform(data); // made before Dispose: scoring it afterwards must not touch freed tensors
        model.Dispose();
        Assert.AreEqual(typeof(LatentRelevanceTransformer).FullName, Assert.ThrowsExactly<ObjectDisposedException>(() => model.Transform(data)).ObjectName);
        Assert.ThrowsExactly<ObjectDisposedException>(() => TestData.Read(scored, "Latent"));
        using var stream = new MemoryStream();
        Assert.ThrowsExactly<ObjectDisposedException>(() => ml.Model.Save(model, data.Schema, stream));
        model.Dispose(); // idempotent
    }
}
