using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>Shared data, small fits and readers.</summary>
internal static class TestData
{
    /// <summary>
    /// Points on a circle of radius 10 (angle uniform, radius jittered by ±0.1), row-major x, y: a 2-feature input
    /// with one degree of freedom, made here so the tests do not depend on another project's generators.
    /// </summary>
    public static float[] Circle(int rows, int seed)
    {
        var rng = new Random(seed);
        var v = new float[rows * 2];
        for (var i = 0; i < rows; i++)
        {
            var a = rng.NextDouble() * 2 * Math.PI;
            var r = 10 + 0.2 * (rng.NextDouble() - 0.5);
            v[2 * i] = (float)(r * Math.Cos(a));
            v[2 * i + 1] = (float)(r * Math.Sin(a));
        }
        return v;
    }

    /// <summary>A view with "Id" (Int32, the row index), "Features" (the circle) and optional slot names on Features.</summary>
    public static ArrayView CircleView(int rows, int seed, string[]? slotNames = null) => new ArrayView(rows)
        .Scalar("Id", NumberDataViewType.Int32, Enumerable.Range(0, rows).ToArray())
        .Vector("Features", 2, Circle(rows, seed), slotNames);

    /// <summary>Options for a quick fit: latent 3, hidden 16-16, 3 epochs, 2 runs, batch 64, seed 11.</summary>
    public static LatentRelevanceEstimator.Options Quick(Action<LatentRelevanceEstimator.Options>? configure = null)
    {
        var o = new LatentRelevanceEstimator.Options { LatentDimension = 3, HiddenLayers = [16, 16], Epochs = 3, Runs = 2, BatchSize = 64, Seed = 11 };
        configure?.Invoke(o);
        return o;
    }

    public static LatentRelevanceTransformer FitQuick(MLContext ml, IDataView data, Action<LatentRelevanceEstimator.Options>? configure = null) =>
        ml.Transforms.SymmetryDiscovery.LatentRelevance(Quick(configure)).Fit(data);

    /// <summary>Every row of a float vector column, row-major, through one cursor.</summary>
    public static float[] Read(IDataView data, string column, out int rows, out int size)
    {
        var col = data.Schema[column];
        size = ((VectorDataViewType)col.Type).Size;
        var values = new List<float>();
        rows = 0;
        using var cursor = data.GetRowCursor([col]);
        var get = cursor.GetGetter<VBuffer<float>>(col);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            get(ref buffer);
            Assert.AreEqual(size, buffer.Length, $"row {rows} of {column}");
            values.AddRange(buffer.DenseValues());
            rows++;
        }
        return values.ToArray();
    }

    public static float[] Read(IDataView data, string column) => Read(data, column, out _, out _);

    /// <summary>The slot names of a vector column.</summary>
    public static string[] SlotNames(DataViewSchema.Column column)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>The innermost exception of a chain.</summary>
    public static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}

/// <summary>An IProgress that runs on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => action(value);
}
