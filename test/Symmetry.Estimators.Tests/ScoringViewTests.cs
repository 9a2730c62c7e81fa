using System.Collections.Concurrent;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// The lazy batched view behind Transform, checked with a scorer that counts its calls: what is computed, when, and
/// in which batches; cursor sets, previews and shuffled cursors.
/// </summary>
[TestClass]
public sealed class ScoringViewTests
{
    /// <summary>Scores "Sum" (x + y, a scalar) and "Pair" (x·10, y·10) and records every batch's size.</summary>
    private sealed class CountingScorer
    {
        public List<int> Batches { get; } = [];
        public List<bool[]> Active { get; } = [];

        public void Score(IReadOnlyList<float[]> inputs, int rows, IReadOnlyList<bool> active, float[][] outputs)
        {
            lock (Batches) { Batches.Add(rows); Active.Add([.. active]); }
            var x = inputs[0];
            for (var i = 0; i < rows; i++)
            {
                if (active[0]) outputs[0][i] = x[2 * i] + x[2 * i + 1];
                if (active[1]) { outputs[1][2 * i] = 10 * x[2 * i]; outputs[1][2 * i + 1] = 10 * x[2 * i + 1]; }
            }
        }
    }

    private static (ScoredDataView View, CountingScorer Scorer) Scored(IDataView source)
    {
        var scorer = new CountingScorer();
        var view = new ScoredDataView(source, [new InputColumn("Features", 2)], [new OutputColumn("Sum", 0), new OutputColumn("Pair", 2, ["a", "b"])], scorer.Score,
            new OnnxExport("CountingScorer", () => throw new NotSupportedException("no export"), _ => { }));
        return (view, scorer);
    }

    /// <summary>The documented schedule: 32 rows, doubling up to MaxBatch (4096), the last batch shorter.</summary>
    private static List<int> Schedule(int rows)
    {
        var sizes = new List<int>();
        for (int done = 0, size = 32; done < rows; done += sizes[^1], size = Math.Min(ScoredDataView.MaxBatch, size * 2)) sizes.Add(Math.Min(size, rows - done));
        return sizes;
    }

    private static Dictionary<int, (float Sum, float PairX)> ReadAll(DataViewRowCursor cursor, DataViewSchema schema)
    {
        var id = cursor.GetGetter<int>(schema["Id"]);
        var sum = cursor.GetGetter<float>(schema["Sum"]);
        var pair = cursor.GetGetter<VBuffer<float>>(schema["Pair"]);
        var result = new Dictionary<int, (float, float)>();
        int i = 0; float s = 0; var p = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            id(ref i); sum(ref s); pair(ref p);
            Assert.IsTrue(result.TryAdd(i, (s, p.GetItemOrDefault(0))), $"row {i} served twice");
        }
        return result;
    }

    private static void AssertScoresMatch(float[] features, Dictionary<int, (float Sum, float PairX)> scored, int rows)
    {
        Assert.HasCount(rows, scored);
        for (var i = 0; i < rows; i++)
        {
            Assert.AreEqual(features[2 * i] + features[2 * i + 1], scored[i].Sum, $"row {i}"); // the same float sum: exact
            Assert.AreEqual(10 * features[2 * i], scored[i].PairX, $"row {i}");
        }
    }

    [TestMethod]
    public void CreatingTheViewAndPassThroughCursorsComputeNothing()
    {
        var source = TestData.CircleView(1000, seed: 1);
        var (view, scorer) = Scored(source);
        Assert.AreEqual(0, source.CursorsOpened);
        using (var cursor = view.GetRowCursor([view.Schema["Id"]]))
        {
            var id = cursor.GetGetter<int>(view.Schema["Id"]);
            var n = 0; var v = 0;
            while (cursor.MoveNext()) { id(ref v); Assert.AreEqual(n++, v); }
            Assert.AreEqual(1000, n);
            Assert.IsFalse(cursor.IsColumnActive(view.Schema["Sum"]));
            Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<float>(view.Schema["Sum"]));
        }
        Assert.IsEmpty(scorer.Batches);
        Assert.AreEqual(0, source.Fetches("Features"), "a pass-through cursor does not read the model's input");
        Assert.AreEqual(1, source.CursorsOpened);
    }

    [TestMethod]
    [DataRow(1000)]
    [DataRow(20_000)]
    public void AFullPassScoresEachRowOnceInGrowingBatches(int rows)
    {
        var source = TestData.CircleView(rows, seed: 2);
        var (view, scorer) = Scored(source);
        using (var cursor = view.GetRowCursor(view.Schema))
            AssertScoresMatch(TestData.Circle(rows, 2), ReadAll(cursor, view.Schema), rows);
        var expected = Schedule(rows); // 1000: 32, 64, 128, 256, 512, 8; 20 000: 32 … 4096, 4096, 4096, 3648
        CollectionAssert.AreEqual(expected, scorer.Batches);
        Assert.AreEqual(rows == 1000 ? 6 : 11, expected.Count);
        Assert.AreEqual(rows, source.Fetches("Features"), "every input row is read exactly once");
    }

    [TestMethod]
    public void OnlyTheRequestedOutputsAreComputed()
    {
        var source = TestData.CircleView(100, seed: 3);
        var (view, scorer) = Scored(source);
        using (var cursor = view.GetRowCursor([view.Schema["Sum"]]))
        {
            var sum = cursor.GetGetter<float>(view.Schema["Sum"]);
            float s = 0;
            while (cursor.MoveNext()) sum(ref s);
            Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(view.Schema["Pair"]));
        }
        Assert.IsTrue(scorer.Active.All(a => a[0] && !a[1]), "the scorer is told that Pair is not wanted");
        CollectionAssert.AreEqual(new[] { 32, 64, 4 }, scorer.Batches);
    }

    [TestMethod]
    public void AShortReadScoresOnlyTheFirstBatch()
    {
        var (view, scorer) = Scored(TestData.CircleView(10_000, seed: 4));
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var sum = cursor.GetGetter<float>(view.Schema["Sum"]);
            float s = 0;
            for (var i = 0; i < 5 && cursor.MoveNext(); i++) sum(ref s);
        }
        CollectionAssert.AreEqual(new[] { 32 }, scorer.Batches);
    }

    [TestMethod]
    public void ToDataFrameOfFiveRowsScoresOneSmallBatch()
    {
        var features = TestData.Circle(10_000, 5);
        var (view, scorer) = Scored(new ArrayView(10_000).Scalar("Id", NumberDataViewType.Int32, Enumerable.Range(0, 10_000).ToArray()).Vector("Features", 2, features));
        var df = view.ToDataFrame(5);
        Assert.AreEqual(5L, df.Rows.Count);
        CollectionAssert.AreEqual(new[] { 32 }, scorer.Batches, "a preview must not score a full batch of thousands of rows");
        for (var i = 0; i < 5; i++) Assert.AreEqual(features[2 * i] + features[2 * i + 1], (float)df["Sum"][i]!);
    }

    [TestMethod]
    public void ACursorSetOverASplittingSourceCoversEveryRowExactlyOnce()
    {
        var ml = new MLContext(1);
        const int rows = 3000;
        var cached = ml.Data.Cache(TestData.CircleView(rows, seed: 6));
        var (view, _) = Scored(cached);
        var cursors = view.GetRowCursorSet(view.Schema, 4);
        Assert.IsNotEmpty(cursors);
        var seen = new ConcurrentDictionary<int, (float, float)>();
        // Consumed concurrently, as ML.NET's parallel consumers do.
        Parallel.ForEach(cursors, cursor =>
        {
            using (cursor)
                foreach (var (id, v) in ReadAll(cursor, view.Schema))
                    Assert.IsTrue(seen.TryAdd(id, v), $"row {id} served by two cursors");
        });
        AssertScoresMatch(TestData.Circle(rows, 6), new Dictionary<int, (float, float)>(seen), rows);
    }

    [TestMethod]
    public void ShuffledCursorsKeepEachRowWithItsOwnScores()
    {
        // A shuffling source: the view opens its serving and its scoring cursor with the same seed; every row must
        // still come with the scores of its own features.
        var ml = new MLContext(1);
        const int rows = 2000;
        var cached = ml.Data.Cache(TestData.CircleView(rows, seed: 7));
        Assert.IsTrue(cached.CanShuffle);
        var (view, _) = Scored(cached);
        var order = new List<int>();
        Dictionary<int, (float, float)> scored;
        using (var cursor = view.GetRowCursor(view.Schema, new Random(42)))
        {
            scored = ReadAll(cursor, view.Schema);
            order.AddRange(scored.Keys);
        }
        Assert.IsFalse(order.SequenceEqual(Enumerable.Range(0, rows)), "the cursor did shuffle");
        AssertScoresMatch(TestData.Circle(rows, 7), scored, rows);
    }

    [TestMethod]
    public void ThePreviewOfTheRealTransformMatchesAFullPass()
    {
        var scored = SharedModel.Model.Transform(SharedModel.Data);
        var df = scored.ToDataFrame(5);
        Assert.AreEqual(5L, df.Rows.Count);
        var full = TestData.Read(scored, "Latent", out _, out var size);
        var column = (VBufferDataFrameColumn<float>)df["Latent"];
        for (var i = 0; i < 5; i++)
        {
            var row = column[i].DenseValues().ToArray();
            // A 32-row batch and the full pass's first batch (also 32 rows) are the same computation: exact.
            CollectionAssert.AreEqual(full.AsSpan(i * size, size).ToArray(), row, $"row {i}");
        }
    }
}
