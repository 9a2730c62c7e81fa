using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

public sealed class ReadCounter
{
    public int Reads;
}

public sealed class Counted
{
    private float _b;

    public float A { get; set; }

    public float B
    {
        get
        {
            Counter.Reads++;
            return _b;
        }
        set => _b = value;
    }

    [NoColumn]
    public ReadCounter Counter { get; set; } = new();
}

[TestClass]
public sealed class LazinessTests
{
    private static (IDataView View, ReadCounter Counter) Data(MLContext ml, int n = 20)
    {
        var counter = new ReadCounter();
        var rows = Enumerable.Range(0, n).Select(i => new Counted { A = i, B = -i, Counter = counter }).ToArray();
        return (ml.Data.LoadFromEnumerable(rows), counter);
    }

    [TestMethod]
    public void UnrequestedColumnsAreNeverComputed()
    {
        var ml = new MLContext(seed: 1);
        var (data, counter) = Data(ml);
        var model = ml.Transforms.Concatenate("FB", "B")
            .Append(ml.Transforms.NormalizeMinMax("NA", "A"))
            .Append(ml.Transforms.CopyColumns("CB", "B"))
            .Fit(data);
        Assert.AreEqual(0, counter.Reads, "fitting on A must not read B");
        var transformed = model.Transform(data);
        Assert.AreEqual(0, counter.Reads, "Transform is lazy");
        var na = transformed.GetColumn<float>("NA").ToArray();
        Assert.AreEqual(20, na.Length);
        Assert.AreEqual(0, counter.Reads, "reading NA must not compute FB or CB");
        _ = transformed.GetColumn<float[]>("FB").ToArray();
        Assert.AreEqual(20, counter.Reads, "FB reads B once per row");
    }

    [TestMethod]
    public void CursorsAreRepeatable()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Data(ml);
        var view = ml.Transforms.NormalizeMeanVariance("NA", "A").Fit(data).Transform(ml.Data.ShuffleRows(data, shufflePoolSize: 7));
        var first = view.GetColumn<float>("NA").ToArray();
        var second = view.GetColumn<float>("NA").ToArray();
        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreNotEqual(first.OrderBy(x => x).ToArray(), first, "the pool shuffle changed the order");
    }

    [TestMethod]
    public void TakeRowsDoesNotReadBeyondTheRowsServed()
    {
        var ml = new MLContext(seed: 1);
        int pulled = 0;
        IEnumerable<Counted> Rows()
        {
            for (int i = 0; i < 1000; i++)
            {
                pulled++;
                yield return new Counted { A = i };
            }
        }
        var taken = ml.Data.TakeRows(ml.Data.LoadFromEnumerable(Rows()), 3);
        CollectionAssert.AreEqual(new[] { 0f, 1, 2 }, taken.GetColumn<float>("A").ToArray());
        Assert.AreEqual(3, pulled);
    }
}
