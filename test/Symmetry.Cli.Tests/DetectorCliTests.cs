using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.Symmetry.Cli.Tests;

[TestClass]
public sealed class DetectorCliTests : CliTestBase
{
    [TestMethod]
    public void SyMnistTranslationPrintsTheTablesAndWritesEveryOutput()
    {
        var model = Path.Combine(Dir, "detector.zip");
        var output = Path.Combine(Dir, "t.csv");
        var report = Path.Combine(Dir, "coefficients.csv");
        var json = Path.Combine(Dir, "r.json");
        var plots = Path.Combine(Dir, "plots");
        var (code, text) = Run("detector", "--dataset", "symnist-translation-x", "--count", "300", "--epochs", "2", "--seed", "2",
                               "--model", model, "--output", output, "--report", report, "--json", json, "--plots", plots);
        Console.WriteLine(text);
        Assert.AreEqual(0, code, text);
        foreach (var s in new[] { "LieDetector", "Generator coefficients", "Canonical generators", "Metrics", "Generator: ", "closest canonical: ", "GeneratorMse", "Spearman" })
            StringAssert.Contains(text, s);
        Assert.IsTrue(File.Exists(model));
        var lines = File.ReadAllLines(output);
        Assert.AreEqual("T,Magnitude,Label", lines[0]);
        Assert.HasCount(301, lines);
        Assert.AreEqual("Term,Coefficient", File.ReadAllLines(report)[0]);
        Assert.HasCount(7, File.ReadAllLines(report));                        // header + 6 affine terms
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.AreEqual("LieDetector", doc.RootElement.GetProperty("method").GetString());
        Assert.HasCount(10, Directory.GetFiles(plots));                      // 5 figures × (SVG, PNG)
        // Nothing is overwritten without --force.
        var (again, message) = Run("detector", "--dataset", "symnist-translation-x", "--count", "50", "--epochs", "1", "--model", model);
        Assert.AreEqual(1, again, message);
        StringAssert.Contains(message, "--force");
    }

    [TestMethod]
    public void CsvPairsWithARangeOfColumnsAndTrueMagnitudes()
    {
        // 4 × 4 images: columns s0..s15 then t0..t15 and the magnitude m (y = x shifted by m columns, periodically).
        var rng = new Random(3);
        var header = string.Join(",", Enumerable.Range(0, 16).Select(i => $"s{i}").Concat(Enumerable.Range(0, 16).Select(i => $"t{i}")).Append("m"));
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            var x = Enumerable.Range(0, 16).Select(_ => rng.NextDouble()).ToArray();
            var m = rng.Next(-1, 2);
            var y = Enumerable.Range(0, 16).Select(k => x[k / 4 * 4 + ((k % 4 - m) % 4 + 4) % 4]);
            return string.Join(",", x.Concat(y).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Append(m.ToString(CultureInfo.InvariantCulture)));
        });
        var csv = Path.Combine(Dir, "pairs.csv");
        File.WriteAllLines(csv, rows.Prepend(header));
        var (code, text) = Run("detector", "--input", csv, "--source", "0-15", "--target", "16-31", "--magnitude", "m", "--latent-side", "2", "--epochs", "2", "--batch", "16");
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "pairs.csv: 16-pixel image pairs");
        StringAssert.Contains(text, "Spearman");
    }

    [TestMethod]
    public void BadUsageExitsWithTwo()
    {
        var (unknown, t1) = Run("detector", "--dataset", "symnist-wobble", "--epochs", "1");
        Assert.AreEqual(2, unknown, t1);
        StringAssert.Contains(t1, "Unknown dataset 'symnist-wobble'");
        var (sct, t2) = Run("detector", "--dataset", "symnist-sct-x", "--count", "20", "--epochs", "1");
        Assert.AreEqual(2, sct, t2);
        StringAssert.Contains(t2, "pass --basis quadratic");
        var (noColumns, t3) = Run("detector", "--input", Path.Combine(Dir, "none.csv"), "--epochs", "1");
        Assert.AreEqual(2, noColumns, t3);
        StringAssert.Contains(t3, "--input needs --source and --target");
        var (mags, t4) = Run("detector", "--dataset", "symnist-rotation", "--magnitudes", "uniform:1", "--epochs", "1");
        Assert.AreEqual(2, mags, t4);
        StringAssert.Contains(t4, "is not uniform:MIN,MAX");
        var (side, t5) = Run("detector", "--dataset", "symnist-rotation", "--latent-side", "1");
        Assert.AreEqual(2, side, t5);
        StringAssert.Contains(t5, "--latent-side must be a whole number from 2 to 64; got '1'.");
    }
}
