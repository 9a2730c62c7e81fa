using Symmetry.Data.Analysis;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

public sealed class Event
{
    [LoadColumn(0, 7), VectorType(8)]
    public float[] Momenta { get; set; } = [];

    [LoadColumn(8)]
    public float Mass { get; set; }
}

[TestClass]
public sealed class QuickstartTests
{
    [TestMethod]
    public void ReadmePipelineRunsAndRoundTrips()
    {
        string path = TestData.TempFile(".csv");
        var rand = new Random(3);
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, 9).Select(i => $"c{i}")) };
        for (int r = 0; r < 300; r++)
            lines.Add(string.Join(",", Enumerable.Range(0, 9).Select(_ => (rand.NextDouble() * 4 - 1).ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        File.WriteAllLines(path, lines);

        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromTextFile<Event>(path, separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var pipeline = ml.Transforms.Concatenate("Features", "Momenta", "Mass")
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
        var model = pipeline.Fit(split.TrainSet);
        var train = model.Transform(split.TrainSet).GetDenseColumn<float>("Features", out int n, out int size);
        Assert.AreEqual(9, size);
        // Normalized on its own training rows: every slot has mean 0 and population variance 1 (float rounding: 1e-4).
        for (int j = 0; j < size; j++)
        {
            double mean = Enumerable.Range(0, n).Average(r => (double)train[r * size + j]);
            double variance = Enumerable.Range(0, n).Average(r => Math.Pow(train[r * size + j] - mean, 2));
            Assert.AreEqual(0, mean, 1e-4);
            Assert.AreEqual(1, variance, 1e-4);
        }
        var preview = model.Transform(split.TestSet).ToDataFrame(5, "Features");
        Assert.AreEqual(5L, preview.Rows.Count);
        var description = data.ToDataFrame(-1, "Mass").Description();
        Assert.AreEqual(300.0, description[0, 1]);

        string zip = TestData.TempFile(".zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = ml.Model.Load(zip, out var inputSchema);
        Assert.AreEqual(data.Schema["Momenta"].Type, inputSchema["Momenta"].Type);
        CollectionAssert.AreEqual(model.Transform(data).GetDenseColumn<float>("Features", out _, out _),
            loaded.Transform(data).GetDenseColumn<float>("Features", out _, out _));
    }
}
