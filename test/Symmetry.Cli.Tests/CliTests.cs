using System.Globalization;

namespace Symmetry.Cli.Tests;

[TestClass]
public sealed class CliTests : CliTestBase
{
    [TestMethod]
    public void DatasetsListsEveryBuiltIn()
    {
        var (code, output) = Run("datasets");
        Assert.AreEqual(0, code, output);
        foreach (var name in new[] { "circle", "square", "ee-mumu", "drell-yan", "reaction-diffusion", "mnist", "symnist" })
            StringAssert.Contains(output, name);
    }

    [TestMethod]
    public void UnknownOptionIsBadUsage()
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--bogus");
        Assert.AreEqual(2, code, output);
    }

    [TestMethod]
    public void DatasetAndInputTogetherIsBadUsage()
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--input", "x.csv");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "Give exactly one of --dataset NAME or --input FILE.csv.");
    }

    [TestMethod]
    public void UnknownDatasetIsBadUsage()
    {
        var (code, output) = Run("relevance", "--dataset", "nope");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "Unknown dataset 'nope'");
    }

    [TestMethod]
    public void MissingInputFileIsAFailureWithOneLineCause()
    {
        var (code, output) = Run("relevance", "--input", Path.Combine(Dir, "missing.csv"));
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "does not exist");
    }

    [TestMethod]
    public void OutOfRangeOptionValuesAreBadUsageNamingTheOption()
    {
        foreach (var (option, value) in new[] { ("--epochs", "0"), ("--count", "-5"), ("--latent", "0"), ("--runs", "0"), ("--threads", "0") })
        {
            var (code, output) = Run("relevance", "--dataset", "square", option, value);
            Assert.AreEqual(2, code, output);
            StringAssert.Contains(output, $"{option} must be at least 1; got {value}.");
        }
        var (betaCode, betaOutput) = Run("relevance", "--dataset", "square", "--beta", "-1");
        Assert.AreEqual(2, betaCode, betaOutput);
        StringAssert.Contains(betaOutput, "--beta must be a finite number ≥ 0; got -1.");
    }

    [TestMethod]
    public void RelevanceOnBuiltInWritesScoredRowsModelAndReport()
    {
        var scored = Path.Combine(Dir, "scored.csv");
        var model = Path.Combine(Dir, "model.zip");
        var report = Path.Combine(Dir, "report.csv");
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "1000", "--latent", "3", "--epochs", "2", "--runs", "1",
                                 "--output", scored, "--model", model, "--report", report);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "Intrinsic dimension");
        var lines = File.ReadAllLines(scored);
        Assert.AreEqual(1001, lines.Length, "header + one line per row");
        StringAssert.Contains(lines[0], "Latent");
        Assert.IsGreaterThan(0L, new FileInfo(model).Length);
        Assert.AreEqual(4, File.ReadAllLines(report).Length, "header + one line per latent");

        // A second run must not overwrite the user's files unless asked.
        var (again, againOutput) = Run("relevance", "--dataset", "square", "--count", "1000", "--epochs", "1", "--output", scored);
        Assert.AreEqual(1, again, againOutput);
        StringAssert.Contains(againOutput, "pass --force to overwrite it");
        var (forced, forcedOutput) = Run("relevance", "--dataset", "square", "--count", "1000", "--epochs", "1", "--output", scored, "--force");
        Assert.AreEqual(0, forced, forcedOutput);
    }

    [TestMethod]
    public void RelevanceOnCsvUsesTheNamedFeatures()
    {
        var csv = Path.Combine(Dir, "points.csv");
        var rng = new Random(5);
        using (var w = new StreamWriter(csv))
        {
            w.WriteLine("id,a,b,noise");
            for (var i = 0; i < 600; i++)
            {
                var t = rng.NextDouble() * 2 * Math.PI;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{Math.Cos(t)},{Math.Sin(t)},{rng.NextDouble()}"));
            }
        }
        var report = Path.Combine(Dir, "report.csv");
        var (code, output) = Run("relevance", "--input", csv, "--features", "a,b", "--epochs", "2", "--runs", "1", "--report", report);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "features a, b");
        Assert.AreEqual(3, File.ReadAllLines(report).Length, "header + one line per latent (latent = 2 features)");
        var (bad, badOutput) = Run("relevance", "--input", csv, "--features", "a,zz");
        Assert.AreEqual(2, bad, badOutput);
        StringAssert.Contains(badOutput, "'zz'");
    }
}
