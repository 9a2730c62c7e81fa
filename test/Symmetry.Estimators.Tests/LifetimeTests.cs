using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// Prediction engines borrow a model: ML.NET's default engine (OwnsTransformer = true) disposed per request never
/// frees it, from one thread or eight; only the owner's <c>Dispose</c> does, and engines made before then fail with
/// an <see cref="ObjectDisposedException"/> that names the transformer. Each of the four transformers, loaded from its
/// committed fixture.
/// </summary>
[TestClass]
public sealed class LifetimeTests
{
    private const int Requests = 8;

    private sealed class Row3 { [VectorType(3)] public float[] Features { get; set; } = []; }
    private sealed class Row4 { [VectorType(4)] public float[] Features { get; set; } = []; public float Label { get; set; } }
    private sealed class Row10 { [VectorType(10)] public float[] Features { get; set; } = []; }
    private sealed class Pair { [VectorType(64)] public float[] Source { get; set; } = []; [VectorType(64)] public float[] Target { get; set; } = []; public float Magnitude { get; set; } }

    // One appended vector column, renamed per fixture through the output schema definition.
    private sealed class Scored { public float[] Value { get; set; } = []; }

    [TestMethod]
    [DataRow("relevance-pipeline", "Latent")]
    [DataRow("flows-learned-oracle", "Flow")]
    [DataRow("liegan-sindy", "Latent")]
    [DataRow("detector-reconstruction", "Reconstruction")]
    public void EnginesDisposedPerRequestLeaveTheModelAndOnlyItsOwnerDisposesIt(string fixture, string output)
    {
        switch (fixture)
        {
            case "relevance-pipeline": Check<Row3>(fixture, output); break;
            case "flows-learned-oracle": Check<Row4>(fixture, output); break;
            case "liegan-sindy": Check<Row10>(fixture, output); break;
            default: Check<Pair>(fixture, output); break;
        }
    }

    private static void Check<TRow>(string fixture, string output) where TRow : class, new()
    {
        var ml = new MLContext(0);
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var model = ml.Model.Load(Path.Combine(dir, fixture + ".zip"), out _);
        // ml.Model.Load gives a chain for a saved pipeline, the transformer itself for a saved transformer.
        var ours = (model as IEnumerable<ITransformer> ?? [model]).OfType<SymmetryTransformerBase>().Single();
        var rows = ml.Data.CreateEnumerable<TRow>(ml.Data.LoadFromBinary(Path.Combine(dir, fixture + ".input.idv")), reuseRowObject: false).Take(Requests).ToArray();
        var options = new PredictionEngineOptions { OutputSchemaDefinition = SchemaDefinition.Create(typeof(Scored)) };
        options.OutputSchemaDefinition[0].ColumnName = output;
        PredictionEngine<TRow, Scored> Engine() => ml.Model.CreatePredictionEngine<TRow, Scored>(model, options);

        // Made before the requests and kept: the engine the owner's Dispose must fail.
        var kept = Engine();
        var expected = rows.Select(r => kept.Predict(r).Value).ToArray();
        Assert.IsTrue(expected.All(v => v.Length > 0), $"{fixture}: {output} is a vector");

        for (var i = 0; i < Requests; i++)
        {
            using var engine = Engine();
            CollectionAssert.AreEqual(expected[i], engine.Predict(rows[i]).Value, $"{fixture}: request {i}");
        }

        var got = new float[Requests][];
        var failures = new Exception?[Requests];
        var threads = Enumerable.Range(0, Requests).Select(i => new Thread(() =>
        {
            try
            {
                using var engine = Engine();
                got[i] = engine.Predict(rows[i]).Value;
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.IsTrue(failures.All(f => f is null), $"{fixture}: {failures.FirstOrDefault(f => f is not null)}");
        for (var i = 0; i < Requests; i++) CollectionAssert.AreEqual(expected[i], got[i], $"{fixture}: thread {i}");
        CollectionAssert.AreEqual(expected[0], kept.Predict(rows[0]).Value, $"{fixture}: the kept engine still predicts");

        ours.Dispose();
        var name = ours.GetType().Name;
        foreach (var e in new Exception[]
        {
            Assert.ThrowsExactly<ObjectDisposedException>(() => kept.Predict(rows[1])),
            Assert.ThrowsExactly<ObjectDisposedException>(() => Engine()),
            Assert.ThrowsExactly<ObjectDisposedException>(() => model.Transform(ml.Data.LoadFromEnumerable(rows))),
        })
            StringAssert.StartsWith(e.Message, $"{name} cannot be used: the model was disposed (its Dispose() was called)", fixture);
        ours.Dispose(); // a second Dispose does nothing
    }

    [TestMethod]
    public void EnginesMadeFromTheTransformerItselfDoNotDisposeIt()
    {
        // Not a chain: the engine holds our transformer directly, and still only borrows it.
        var ml = new MLContext(1);
        var data = TestData.CircleView(128, seed: 2);
        var model = TestData.FitQuick(ml, data, o => { o.Epochs = 1; o.Runs = 1; });
        for (var i = 0; i < Requests; i++)
        {
            using var engine = ml.Model.CreatePredictionEngine<Row2, Scored>(model, new PredictionEngineOptions { OutputSchemaDefinition = Latent() });
            Assert.HasCount(3, engine.Predict(new Row2 { Features = [1, 2] }).Value);
        }
        Assert.HasCount(128 * 3, TestData.Read(model.Transform(data), "Latent"));
        model.Dispose();
        StringAssert.StartsWith(Assert.ThrowsExactly<ObjectDisposedException>(() => model.Transform(data)).Message,
            "LatentRelevanceTransformer cannot be used: the model was disposed");
    }

    private sealed class Row2 { [VectorType(2)] public float[] Features { get; set; } = []; }

    private static SchemaDefinition Latent()
    {
        var d = SchemaDefinition.Create(typeof(Scored));
        d[0].ColumnName = "Latent";
        return d;
    }
}
