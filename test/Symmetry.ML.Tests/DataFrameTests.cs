using Symmetry.Data.Analysis;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class DataFrameTests
{
    [TestMethod]
    public void ToDataFrameCapsAt100RowsUnlessAskedForAll()
    {
        var b = new ArrayDataViewBuilder();
        b.AddColumn("I", Enumerable.Range(0, 250).ToArray());
        b.AddColumn("Hidden", Enumerable.Range(0, 250).ToArray());
        b.AddColumn("Hidden", Enumerable.Range(0, 250).Select(i => (float)i).ToArray());
        var view = b.GetDataView();
        Assert.AreEqual(100L, view.ToDataFrame().Rows.Count);
        Assert.AreEqual(250L, view.ToDataFrame(-1).Rows.Count);
        Assert.AreEqual(7L, view.ToDataFrame(7, "I").Rows.Count);
        // The hidden Int32 "Hidden" is skipped; the visible Single one is kept.
        var df = view.ToDataFrame(5);
        CollectionAssert.AreEqual(new[] { "I", "Hidden" }, df.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(typeof(float), df.Columns["Hidden"].DataType);
    }

    [TestMethod]
    public void DescriptionMatchesDirectComputation()
    {
        var rand = new Random(11);
        var x = Enumerable.Range(0, 500).Select(_ => (float)(rand.NextDouble() * 10 - 3)).ToArray();
        var n = Enumerable.Range(0, 500).Select(_ => (int?)(rand.Next(100) < 10 ? null : rand.Next(-50, 50))).ToArray();
        var df = new DataFrame(new SingleDataFrameColumn("X", x), new Int32DataFrameColumn("N", n), new StringDataFrameColumn("S", x.Select(v => v.ToString())));
        var d = df.Description();
        CollectionAssert.AreEqual(new[] { "Description", "X", "N" }, d.Columns.Select(c => c.Name).ToArray());
        var present = n.Where(v => v.HasValue).Select(v => (double)v!.Value).ToArray();
        Assert.AreEqual(500.0, d[0, 1]);
        Assert.AreEqual((double)present.Length, d[0, 2]);
        Assert.AreEqual((double)x.Max(), d[1, 1]);
        Assert.AreEqual((double)x.Min(), d[2, 1]);
        Assert.AreEqual(present.Max(), d[1, 2]);
        Assert.AreEqual(present.Min(), d[2, 2]);
        // Means: summation order may differ from LINQ's (vectorised) Average, so allow a few ulps of 1e2-sized sums.
        Assert.AreEqual(x.Select(v => (double)v).Average(), (double)d[3, 1]!, 1e-12);
        Assert.AreEqual(present.Average(), (double)d[3, 2]!, 1e-12);

        var info = df.Info();
        Assert.AreEqual("Single", info[0, 1]);
        Assert.AreEqual(present.Length.ToString(), info[1, 2]);
    }

    [TestMethod]
    public void ToStringIsAnAlignedPreview()
    {
        var df = new DataFrame(new StringDataFrameColumn("Name", ["a", "long name"]), new DoubleDataFrameColumn("Value", [1.5, -20.25]));
        // Widths 9 and 6 with two blanks between columns; numbers right-aligned.
        string expected =
            "Name       Value\n" +
            "a" + new string(' ', 13) + "1.5\n" +
            "long name  -20.25\n";
        Assert.AreEqual(expected, df.ToString());
        var big = new DataFrame(new Int32DataFrameColumn("I", Enumerable.Range(0, 30)));
        StringAssert.EndsWith(big.ToString(), "… 5 more rows (30 in all)\n");
    }

    [TestMethod]
    public void SortingAndIndexing()
    {
        var df = new DataFrame(new StringDataFrameColumn("L", ["z0", "z1", "z2"]), new DoubleDataFrameColumn("R", [0.2, 0.9, 0.5]));
        var sorted = df.OrderByDescending("R");
        CollectionAssert.AreEqual(new object[] { "z1", "z2", "z0" }, Enumerable.Range(0, 3).Select(i => sorted[i, 0]).ToArray());
        Assert.AreEqual(0.9, sorted.Rows[0]["R"]);
        df[0, 1] = 1.0;
        Assert.AreEqual(1.0, ((DoubleDataFrameColumn)df["R"])[0]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => df.Columns.Add(new DoubleDataFrameColumn("Q", [1.0])));
        Assert.AreEqual("Column 'Q' has 1 values; the DataFrame has 3 rows. (Parameter 'column')", e.Message);
    }
}
