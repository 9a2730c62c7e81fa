using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

public sealed class Sample
{
    public float X { get; set; }

    [VectorType(3)]
    public float[] Features { get; set; } = [];

    public string Name { get; set; } = "";

    public int Count { get; set; }

    public bool Flag { get; set; }

    public double Weight { get; set; }
}

public sealed class TextSample
{
    [LoadColumn(0)]
    public float X { get; set; }

    [LoadColumn(1, 3)]
    [VectorType(3)]
    public float[] Features { get; set; } = [];

    [LoadColumn(4)]
    public string Name { get; set; } = "";

    [LoadColumn(5)]
    public int Count { get; set; }

    [LoadColumn(6)]
    public bool Flag { get; set; }

    [LoadColumn(7)]
    public double Weight { get; set; }
}

internal static class TestData
{
    public static Sample[] Samples() =>
    [
        new() { X = 1.5f, Features = [1, 2, 3], Name = "alpha", Count = 1, Flag = true, Weight = 0.25 },
        new() { X = -2f, Features = [4, 5, 6], Name = "beta, with comma", Count = 2, Flag = false, Weight = 1e-7 },
        new() { X = 0.1f, Features = [-7, 8.5f, 9], Name = "gamma \"quoted\"", Count = -3, Flag = true, Weight = 123456.789 },
        new() { X = 3.25f, Features = [0, 0, 1e-3f], Name = "delta", Count = 4, Flag = false, Weight = -1 },
    ];

    public static void AssertSame(Sample[] expected, Sample[] actual)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].X, actual[i].X);
            CollectionAssert.AreEqual(expected[i].Features, actual[i].Features);
            Assert.AreEqual(expected[i].Name, actual[i].Name);
            Assert.AreEqual(expected[i].Count, actual[i].Count);
            Assert.AreEqual(expected[i].Flag, actual[i].Flag);
            Assert.AreEqual(expected[i].Weight, actual[i].Weight);
        }
    }

    public static string TempFile(string extension)
    {
        string dir = Path.Combine(Path.GetTempPath(), "symmetry-ml-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N") + extension);
    }

    /// <summary>Reads a float vector column into arrays.</summary>
    public static float[][] Vectors(IDataView view, string column) => view.GetColumn<float[]>(column).ToArray();
}
