using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Cli.Tests;

[TestClass]
public sealed class CliTests : CliTestBase
{
    [TestMethod]
    public void HelpListsTheCommands()
    {
        var (code, output) = Run("--help");
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "relevance");
        StringAssert.Contains(output, "datasets");
    }

    [TestMethod]
    public void DatasetsListsEveryBuiltIn()
    {
        var (code, output) = Run("datasets");
        Assert.AreEqual(0, code, output);
        // The datasets the four papers use.
        foreach (var name in new[] { "circle", "square", "ee-mumu", "drell-yan", "reaction-diffusion", "mnist", "symnist" })
            StringAssert.Contains(output, name);
    }

    [TestMethod]
    public void InfoShowsVersionsAndWhatEachPlatformFixDecided()
    {
        var (code, output) = Run("info");
        Assert.AreEqual(0, code, output);
        foreach (var item in new[] { "TorchSharp", "libtorch", "CUDA", "MKL dispatch", "malloc while training", "oneDNN convolutions", "native cache" })
            StringAssert.Contains(output, item);
        // The same decisions the library made in this process, not a description of them.
        StringAssert.Contains(output, Microsoft.ML.Symmetry.Torch.Platform.MklCpuDispatch.Result!.Status.ToString());
        StringAssert.Contains(output, Microsoft.ML.Symmetry.Torch.Platform.MallocTuning.Status.ToString());
        StringAssert.Contains(output, Microsoft.ML.Symmetry.Torch.Platform.OneDnnConvolutions.Result!.Status.ToString());
        StringAssert.Contains(output, TorchSharp.torch.__version__);
    }

    [TestMethod]
    public void BetaScanGoesThroughTheLibraryIntoTheTableJsonAndFigure()
    {
        // One tiny refit per β (1 epoch, 1 run): the table's rows, the JSON and the figure, not their values, are checked here.
        var plots = Path.Combine(Dir, "scan-plots");
        var json = Path.Combine(Dir, "scan.json");
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "300", "--epochs", "1", "--runs", "1", "--beta-scan", "0.05, 3",
                                 "--plots", plots, "--json", json);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "β scan: relevance count per β");
        StringAssert.Contains(output, "β scan (count at β): ");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        var table = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("title").GetString() == "β scan: relevance count per β");
        CollectionAssert.AreEqual(new[] { 0.05, 3 }, table.GetProperty("rows").EnumerateArray().Select(r => r[0].GetDouble()).ToArray(), "one row per β");
        Assert.AreEqual(2, root.GetProperty("keyResults").GetProperty("betaScanValues").GetInt32());
        Assert.AreEqual("0.05,3", root.GetProperty("run").GetProperty("options").GetProperty("Beta scan").GetString());
        Assert.IsTrue(File.Exists(Path.Combine(plots, "beta-scan.svg")));
        Assert.IsTrue(File.Exists(Path.Combine(plots, "beta-scan.png")));
    }

    [TestMethod]
    [DataRow("0.1,abc", "--beta-scan: 'abc' is not a number (give comma-separated β values, e.g. 0.01,0.1,0.5,2).")]
    [DataRow("0.1,,1", "--beta-scan: '' is not a number (give comma-separated β values, e.g. 0.01,0.1,0.5,2).")]
    [DataRow(" ", "--beta-scan: BetaScan must hold at least one β; leave it null for no scan.")]
    [DataRow("0.1,0", "--beta-scan: BetaScan[1] must be a finite number > 0.")]
    [DataRow("1,0.5", "--beta-scan: BetaScan must be strictly increasing; BetaScan[1] = 0.5 follows 1.")]
    [DataRow("1,1", "--beta-scan: BetaScan must be strictly increasing; BetaScan[1] = 1 follows 1.")]
    public void BadBetaScanValuesAreBadUsageBeforeAnyTraining(string values, string message)
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--beta-scan", values);
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output.ReplaceLineEndings(" "), message);
        Assert.DoesNotContain("LatentRelevance on", output, "refused before the data was loaded");
    }

    [TestMethod]
    public void UnknownOptionIsBadUsage()
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--bogus");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "--bogus");
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
    public void UnknownDeviceIsBadUsage()
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--device", "tpu");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "tpu");
    }

    [TestMethod]
    public void MissingInputFileIsAFailureWithOneLineCause()
    {
        var (code, output) = Run("relevance", "--input", Path.Combine(Dir, "missing.csv"));
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "does not exist");
        Assert.DoesNotContain("   at ", output, "a one-line cause, not a stack trace");
    }

    [TestMethod]
    public void OutOfRangeOptionValuesAreBadUsageNamingTheOption()
    {
        foreach (var (option, value, max) in new[] { ("--epochs", "0", "2147483647"), ("--count", "-5", "2147483647"), ("--latent", "0", "65536") })
        {
            var (code, output) = Run("relevance", "--dataset", "square", option, value);
            Assert.AreEqual(2, code, output);
            StringAssert.Contains(output, $"{option} must be a whole number from 1 to {max}; got '{value}'.");
        }
        var (runsCode, runsOutput) = Run("relevance", "--dataset", "square", "--runs", "0");
        Assert.AreEqual(2, runsCode, runsOutput);
        StringAssert.Contains(runsOutput, "--runs must be a whole number from 1 to 10000; got '0'.");
        var (betaCode, betaOutput) = Run("relevance", "--dataset", "square", "--beta", "-1");
        Assert.AreEqual(2, betaCode, betaOutput);
        StringAssert.Contains(betaOutput, "--beta must be a finite number ≥ 0; got '-1'.");
    }

    [TestMethod]
    public void RelevanceOnBuiltInWritesScoredRowsModelAndReport()
    {
        var scored = Path.Combine(Dir, "scored.csv");
        var model = Path.Combine(Dir, "model.zip");
        var report = Path.Combine(Dir, "report.csv");
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "1000", "--latent", "3", "--epochs", "2", "--runs", "3",
                                 "--output", scored, "--model", model, "--report", report);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "Intrinsic dimension: ");
        StringAssert.Contains(output, "over 3 run(s)");
        StringAssert.Contains(output, "Per-run dimensions");

        var lines = File.ReadAllLines(scored);
        Assert.HasCount(1001, lines, "header + one line per row");
        var header = lines[0].Split(',');
        // Every value is named once: Column.slot, so Latent and LatentSigma (both slots z1…z3) stay apart.
        CollectionAssert.AllItemsAreUnique(header);
        CollectionAssert.IsSubsetOf(new[] { "Latent.z1", "Latent.z3", "LatentSigma.z1", "LatentSigma.z3" }, header);
        Assert.IsTrue(lines.Skip(1).All(l => l.Split(',').Length == header.Length), "every row has one value per header name");

        Assert.IsGreaterThan(0L, new FileInfo(model).Length);
        var reportLines = File.ReadAllLines(report);
        Assert.AreEqual("Rank,Latent,Relevance,RelevanceMean,RelevanceStd,Relevant,LinearR2", reportLines[0]);
        Assert.HasCount(4, reportLines, "header + one line per latent");
    }

    [TestMethod]
    public void TheSavedModelLoadsInMlNetAndReproducesTheScoredRows()
    {
        var scored = Path.Combine(Dir, "scored.csv");
        var model = Path.Combine(Dir, "model.zip");
        var (code, output) = Run("relevance", "--dataset", "circle", "--count", "600", "--latent", "2", "--epochs", "2", "--runs", "2", "--seed", "7",
                                 "--output", scored, "--model", model);
        Assert.AreEqual(0, code, output);

        // Independent of the CLI: ML.NET's own loader, the same rows regenerated from the same seed.
        var ml = new MLContext(seed: 0);
        var loaded = ml.Model.Load(model, out var inputSchema);
        Assert.IsNotNull(inputSchema.GetColumnOrNull("Features"));
        var data = SymmetryDatasets.ByName(ml, "circle", 600, 7);
        var latent = loaded.Transform(data).GetColumn<float[]>("Latent").ToArray();

        var lines = File.ReadAllLines(scored);
        var header = lines[0].Split(',');
        var z1 = Array.IndexOf(header, "Latent.z1");
        var z2 = Array.IndexOf(header, "Latent.z2");
        Assert.HasCount(600, latent);
        for (var i = 0; i < latent.Length; i++)
        {
            var row = lines[i + 1].Split(',');
            // Same model and inputs; the CSV holds floats in round-trip form, so only batching could move the last bit.
            Assert.AreEqual(float.Parse(row[z1], CultureInfo.InvariantCulture), latent[i][0], 1e-5f, $"row {i}");
            Assert.AreEqual(float.Parse(row[z2], CultureInfo.InvariantCulture), latent[i][1], 1e-5f, $"row {i}");
        }
    }

    [TestMethod]
    [DataRow("--output", "scored.csv")]
    [DataRow("--model", "model.zip")]
    [DataRow("--onnx", "model.onnx")]
    [DataRow("--report", "report.csv")]
    public void AnExistingFileIsNeverOverwrittenWithoutForce(string option, string file)
    {
        var path = Path.Combine(Dir, file);
        File.WriteAllText(path, "the user's own file");
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "300", "--epochs", "1", "--runs", "1", option, path);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, $"'{path}' exists; pass --force to overwrite it.");
        Assert.DoesNotContain("Intrinsic dimension", output, "refused before training");
        Assert.AreEqual("the user's own file", File.ReadAllText(path));

        var (forced, forcedOutput) = Run("relevance", "--dataset", "square", "--count", "300", "--epochs", "1", "--runs", "1", option, path, "--force");
        Assert.AreEqual(0, forced, forcedOutput);
        Assert.AreNotEqual("the user's own file", File.ReadAllText(path));
    }

    [TestMethod]
    public void RelevanceOnCsvUsesTheNamedFeatures()
    {
        var csv = WriteCircleCsv("points.csv", 600);
        var report = Path.Combine(Dir, "report.csv");
        var scored = Path.Combine(Dir, "scored.csv");
        var (code, output) = Run("relevance", "--input", csv, "--features", "a,b", "--count", "400", "--epochs", "2", "--runs", "2",
                                 "--report", report, "--output", scored);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "features a, b");
        Assert.HasCount(3, File.ReadAllLines(report), "header + one line per latent (latent = 2 features)");
        var lines = File.ReadAllLines(scored);
        Assert.HasCount(401, lines, "--count 400 reads the first 400 rows");
        // The input's own column names become the Features slot names.
        Assert.StartsWith("Features.a,Features.b,Latent.", lines[0]);
        Assert.StartsWith(File.ReadLines(csv).Skip(1).First().Split(',')[1], lines[1], "the first row's a value comes first");

        var (byIndex, byIndexOutput) = Run("relevance", "--input", csv, "--features", "1,3", "--epochs", "1", "--runs", "1");
        Assert.AreEqual(0, byIndex, byIndexOutput);
        StringAssert.Contains(byIndexOutput, "features a, noise");

        var (bad, badOutput) = Run("relevance", "--input", csv, "--features", "a,zz");
        Assert.AreEqual(2, bad, badOutput);
        StringAssert.Contains(badOutput, "'zz'");
    }

    [TestMethod]
    public void CudaWithoutCudaFailsWithTheFixInTheMessage()
    {
        Microsoft.ML.Symmetry.Torch.Platform.TorchRuntime.EnsureAvailable();
        if (TorchSharp.torch.cuda.is_available()) Assert.Inconclusive("CUDA is available here; this test covers machines without it.");
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "300", "--epochs", "1", "--runs", "1", "--device", "cuda");
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "CUDA is not available");
        StringAssert.Contains(output, "FallbackToCpu");
    }

    private string WriteCircleCsv(string name, int rows)
    {
        var csv = Path.Combine(Dir, name);
        var rng = new Random(5);
        using var w = new StreamWriter(csv);
        w.WriteLine("id,a,b,noise");
        for (var i = 0; i < rows; i++)
        {
            var t = rng.NextDouble() * 2 * Math.PI;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{(float)Math.Cos(t)},{(float)Math.Sin(t)},{(float)rng.NextDouble()}"));
        }
        return csv;
    }
}
