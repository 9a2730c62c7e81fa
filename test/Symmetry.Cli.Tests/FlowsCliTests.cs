using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.Symmetry.Cli.Tests;

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
    [TestMethod]
    public void FlowsPlotsHtmlAndJsonAreWrittenAndNeverOverwrittenUnasked()
    {
        var csv = Points(120);
        var plots = Path.Combine(Dir, "plots");
        var html = Path.Combine(Dir, "flows.html");
        var json = Path.Combine(Dir, "flows.json");
        string[] args = ["flows", "--input", csv, "--features", "a,b,c", "--oracle", "norm", "--generators", "2", "--epochs", "20", "--seed", "0",
                         "--plots", plots, "--html", html, "--json", json];
        var (code, output) = Run(args);
        Assert.AreEqual(0, code, output);
        foreach (var name in new[] { "flows-generators", "flows-structure-constants", "flows-orthogonality", "flows-invariance", "flows-training-curves", "flows-field-1", "flows-field-2" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(plots, name + ".svg")), name);
            Assert.IsTrue(File.Exists(Path.Combine(plots, name + ".png")), name);
        }
        StringAssert.Contains(output, "14 figure files");
        var page = File.ReadAllText(html);
        StringAssert.Contains(page, "<svg");
        StringAssert.Contains(page, "points.csv");
        StringAssert.Contains(page, "<th>Epochs</th><td>20</td>");
        Assert.DoesNotContain("<script", page);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            Assert.AreEqual("OracleFlows", doc.RootElement.GetProperty("method").GetString());
            Assert.AreEqual(2, doc.RootElement.GetProperty("keyResults").GetProperty("generators").GetInt32());
            StringAssert.Contains(doc.RootElement.GetProperty("run").GetProperty("command").GetString()!, "--generators 2");
        }

        // A second run refuses before training and leaves the figures as they were; --force replaces them.
        var before = File.ReadAllBytes(Path.Combine(plots, "flows-field-2.png"));
        File.Delete(html);
        File.Delete(json);
        (code, output) = Run(args);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "--force");
        Assert.DoesNotContain("Algebra:", output, "nothing was trained");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(Path.Combine(plots, "flows-field-2.png")));
        (code, output) = Run([.. args, "--force"]);
        Assert.AreEqual(0, code, output);
    }

    [TestMethod]
    public void FlowsJsonToStandardOutputIsTheOnlyOutput()
    {
        var csv = Points(60);
        var (code, output) = Run("flows", "--input", csv, "--features", "a,b,c", "--oracle", "norm", "--epochs", "5", "--json", "-");
        Assert.AreEqual(0, code, output);
        using var doc = JsonDocument.Parse(output);
        Assert.AreEqual("OracleFlows", doc.RootElement.GetProperty("method").GetString());
        Assert.IsGreaterThan(0, doc.RootElement.GetProperty("tables").GetArrayLength());
    }

    [TestMethod]
    public void FlowsPlotsMustBeAFolder()
    {
        var csv = Points(20);
        var file = Path.Combine(Dir, "not-a-folder");
        File.WriteAllText(file, "x");
        var (code, output) = Run("flows", "--input", csv, "--oracle", "norm", "--epochs", "1", "--plots", file);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "is a file");
    }
}
