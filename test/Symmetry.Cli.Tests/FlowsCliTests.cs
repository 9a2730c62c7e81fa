using System.Globalization;

namespace Symmetry.Cli.Tests;

[TestClass]
public sealed class FlowsCliTests : CliTestBase
{
    /// <summary>A CSV of standard normal points in R³ (Box–Muller) with a shell label = ⌊‖x‖ / 0.75⌋.</summary>
    private string Points(int rows)
    {
        var rng = new Random(0);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var path = Path.Combine(Dir, "points.csv");
        var lines = new List<string> { "a,b,c,shell" };
        for (var i = 0; i < rows; i++)
        {
            double x = Normal(), y = Normal(), z = Normal();
            var shell = (int)(Math.Sqrt(x * x + y * y + z * z) / 0.75);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x:R},{y:R},{z:R},{shell}"));
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    [TestMethod]
    public void NamedOracleFindsSo3AndWritesTheFiles()
    {
        var csv = Points(300);
        var model = Path.Combine(Dir, "flows.zip");
        var report = Path.Combine(Dir, "report.csv");
        var output = Path.Combine(Dir, "scored.csv");
        // 2,000 full-batch epochs at lr 1e-2: CI-sized (the estimator's default is 5,000 at 1e-3).
        var (code, text) = Run("flows", "--input", csv, "--features", "a,b,c", "--oracle", "norm", "--generators", "3", "--epochs", "2000", "--lr", "0.01",
                               "--seed", "0", "--model", model, "--report", report, "--output", output);
        Console.WriteLine(text);
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "Algebra: so(3)");
        Assert.IsTrue(File.Exists(model));
        StringAssert.StartsWith(File.ReadAllLines(report)[0], "Generator");
        StringAssert.Contains(File.ReadAllLines(output)[0], "Flow");
        // Existing files are not overwritten without --force.
        var (again, message) = Run("flows", "--input", csv, "--features", "a,b,c", "--oracle", "norm", "--epochs", "1", "--model", model);
        Assert.AreEqual(1, again, message);
        StringAssert.Contains(message, "--force");
    }

    [TestMethod]
    public void LabelLearnsAClassifierOracle()
    {
        var csv = Points(200);
        var (code, text) = Run("flows", "--input", csv, "--label", "shell", "--generators", "1", "--epochs", "50", "--seed", "0");
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "classifier oracle");
        StringAssert.Contains(text, "label shell");
    }

    [TestMethod]
    public void BadUsageExitsWithTwo()
    {
        var csv = Points(20);
        Assert.AreEqual(2, Run("flows", "--input", csv, "--oracle", "norm", "--label", "shell").Code, "both oracles");
        Assert.AreEqual(2, Run("flows", "--input", csv).Code, "no oracle");
        Assert.AreEqual(2, Run("flows", "--input", csv, "--oracle", "norm", "--generators", "0").Code, "N_g < 1");
        Assert.AreEqual(2, Run("flows", "--input", csv, "--oracle", "cosine").Code, "unknown oracle");
        Assert.AreEqual(2, Run("flows", "--input", csv, "--label", "nope").Code, "unknown label column");
        Assert.AreEqual(2, Run("flows", "--input", csv, "--oracle", "norm", "--lr", "0").Code, "lr ≤ 0");
    }
}
