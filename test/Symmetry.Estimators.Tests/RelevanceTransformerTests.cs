using Symmetry.Datasets;
using Symmetry.Estimators.Relevance;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Estimators.Tests;

[TestClass]
public sealed class RelevanceTransformerTests
{
    private static (MLContext Ml, IDataView Data, LatentRelevanceTransformer Model) FitCircle(int count = 600, int epochs = 3)
    {
        var ml = new MLContext(7);
        var data = SymmetryDatasets.Circle(ml, count: count, seed: 7);
        var model = ml.Transforms.SymmetryDiscovery.LatentRelevance(new LatentRelevanceEstimator.Options
        {
            InputColumnName = "Features", LatentDimension = 3, Epochs = epochs, Runs = 2, Seed = 11,
        }).Fit(data);
        return (ml, data, model);
    }

    [TestMethod]
    public void TransformAppendsLatentAndSigmaOfTheRightShape()
    {
        var (_, data, model) = FitCircle();
        using var _m = model;
        var scored = model.Transform(data);
        var latent = scored.GetDenseColumn<float>("Latent", out var rows, out var size);
        var sigma = scored.GetDenseColumn<float>("LatentSigma", out _, out _);
        Assert.AreEqual(600, rows);
        Assert.AreEqual(3, size);
        Assert.IsTrue(sigma.All(s => s > 0 && float.IsFinite(s)), "σ = exp(½ log σ²) must be positive and finite");
        Assert.IsTrue(latent.All(float.IsFinite));
        Assert.AreEqual(2, model.Report.Runs);
        CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, model.Report.Order.ToArray());
    }

    [TestMethod]
    public void SaveLoadGivesIdenticalLatentsAndReport()
    {
        var (ml, data, model) = FitCircle();
        using var _m = model;
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out var schema);
        Assert.AreEqual(data.Schema.Count, schema.Count);
        var before = model.Transform(data).GetDenseColumn<float>("Latent", out _, out _);
        var after = loaded.Transform(data).GetDenseColumn<float>("Latent", out _, out _);
        CollectionAssert.AreEqual(before, after);
        var reloaded = (LatentRelevanceTransformer)loaded;
        CollectionAssert.AreEqual(model.Report.Relevance.ToArray(), reloaded.Report.Relevance.ToArray());
        CollectionAssert.AreEqual(model.Report.Order.ToArray(), reloaded.Report.Order.ToArray());
        Assert.AreEqual(model.Report.IntrinsicDimension, reloaded.Report.IntrinsicDimension);
        Assert.AreEqual(model.Report.ToString(), reloaded.Report.ToString());
        reloaded.Dispose();
    }

    [TestMethod]
    public void BatchedScoringEqualsRowByRowScoring()
    {
        var (ml, data, model) = FitCircle();
        using var _m = model;
        var batched = model.Transform(data).GetDenseColumn<float>("Latent", out var rows, out var size);
        var features = data.GetDenseColumn<float>("Features", out _, out var d);
        for (var i = 0; i < rows; i += 37)
        {
            var one = new ArrayDataViewBuilder();
            one.AddVectorColumn("Features", d, features.AsSpan(i * d, d).ToArray());
            var single = model.Transform(one.GetDataView()).GetDenseColumn<float>("Latent", out _, out _);
            // BLAS takes a different kernel for one row than for a batch (summation order), so the two agree to
            // float32 rounding of the layer sums, not bit for bit.
            for (var k = 0; k < size; k++)
                Assert.AreEqual(batched[i * size + k], single[k], 1e-5f * (1 + Math.Abs(single[k])), $"row {i}, latent {k}");
        }
    }

    [TestMethod]
    public void ReportTablesHaveOneRowPerLatent()
    {
        var (_, _, model) = FitCircle();
        using var _m = model;
        var df = model.Report.ToDataFrame();
        Assert.AreEqual(3L, df.Rows.Count);
        Assert.AreEqual(2L, model.Report.RunsToDataFrame().Rows.Count);
        Assert.AreEqual(6L, model.Report.TrainingCurvesToDataFrame().Rows.Count);
        StringAssert.Contains(model.Report.ToString(), "Relevance by rank");
    }

    [TestMethod]
    public void DisposedTransformerRefusesWorkNamingItself()
    {
        var (ml, data, model) = FitCircle(epochs: 1);
        model.Dispose();
        var e = Assert.ThrowsExactly<ObjectDisposedException>(() => model.Transform(data));
        Assert.AreEqual(typeof(LatentRelevanceTransformer).FullName, e.ObjectName);
        using var stream = new MemoryStream();
        Assert.ThrowsExactly<ObjectDisposedException>(() => ml.Model.Save(model, data.Schema, stream));
        model.Dispose(); // idempotent
    }
}
