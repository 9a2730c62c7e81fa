using System.Globalization;
using Microsoft.ML;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>Reading a CSV file holds the float values of its selected columns, not its text.</summary>
[TestClass]
public sealed class CsvMemoryTests : CliTestBase
{
    [TestMethod]
    public void ReadingAllocatesAboutTheFloatDataNotTheText()
    {
        const int columns = 16, rows = 140_000;
        var path = Path.Combine(Dir, "large.csv");
        var random = new Random(7);
        using (var writer = new StreamWriter(path))
        {
            writer.WriteLine(string.Join(",", Enumerable.Range(0, columns).Select(c => $"c{c}")));
            var line = new string[columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++) line[c] = (random.NextDouble() * 2 - 1).ToString("F6", CultureInfo.InvariantCulture);
                writer.WriteLine(string.Join(",", line));
            }
        }
        var textBytes = new FileInfo(path).Length;
        Assert.IsGreaterThan(20_000_000L, textBytes, "a file of about 20 MB");

        var ml = new MLContext(seed: 0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var data = InputData.Load(ml, new DataRequest(null, new FileInfo(path), null, null, null)).Data;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        const long floatBytes = (long)rows * columns * sizeof(float);
        Assert.AreEqual((long)rows, data.GetRowCount());
        Assert.IsLessThan(3 * floatBytes, allocated, $"{allocated:N0} bytes allocated for {floatBytes:N0} bytes of floats from {textBytes:N0} bytes of text");
    }
}
