using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>--plots, --html, --json and output that fits an 80-column terminal.</summary>
[TestClass]
public sealed class ReportOutputTests : CliTestBase
{
    [TestMethod]
    public void PlotsHtmlAndJsonAreWrittenAndNeverOverwrittenUnasked()
    {
        var plots = Path.Combine(Dir, "plots");
        var html = Path.Combine(Dir, "report.html");
        var json = Path.Combine(Dir, "report.json");
        string[] args = ["relevance", "--dataset", "square", "--count", "400", "--latent", "3", "--epochs", "2", "--runs", "3", "--plots", plots, "--html", html, "--json", json];
        var (code, output) = Run(args);
        Assert.AreEqual(0, code, output);
        foreach (var name in new[] { "relevance-by-rank", "dimension-histogram", "latent-feature-correlations", "latent-scatter", "training-curves" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(plots, name + ".svg")), name);
            Assert.IsTrue(File.Exists(Path.Combine(plots, name + ".png")), name);
        }
        Assert.IsFalse(File.Exists(Path.Combine(plots, "beta-scan.svg")), "no β-scan figure without --beta-scan");
        var page = File.ReadAllText(html);
        StringAssert.Contains(page, "<svg");
        StringAssert.Contains(page, "square");
        StringAssert.Contains(page, "<th>Epochs</th><td>2</td>");
        Assert.DoesNotContain("<script", page);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var dim = doc.RootElement.GetProperty("keyResults").GetProperty("intrinsicDimension").GetInt32();
            StringAssert.Contains(output, $"Intrinsic dimension: {dim}");
            StringAssert.Contains(doc.RootElement.GetProperty("run").GetProperty("command").GetString()!, "--runs 3");
        }

        // A second run refuses before training, names the file and leaves everything as it was.
        var before = File.ReadAllBytes(Path.Combine(plots, "training-curves.png"));
        (code, output) = Run(args);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "--force");
        Assert.DoesNotContain("Intrinsic dimension:", output, "nothing was trained");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(Path.Combine(plots, "training-curves.png")));
        File.Delete(Path.Combine(plots, "training-curves.png"));
        File.Delete(Path.Combine(plots, "latent-scatter.svg"));
        File.Delete(html);
        (code, output) = Run(args);
        Assert.AreEqual(1, code, "the JSON file is still there");
        (code, output) = Run([.. args, "--force"]);
        Assert.AreEqual(0, code, output);
    }

    [TestMethod]
    public void JsonToStandardOutputIsTheOnlyOutput()
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "300", "--latent", "2", "--epochs", "1", "--runs", "2", "--json", "-");
        Assert.AreEqual(0, code, output);
        using var doc = JsonDocument.Parse(output);
        Assert.AreEqual("LatentRelevance", doc.RootElement.GetProperty("method").GetString());
    }

    [TestMethod]
    [DataRow("auto", "1 (automatic)")]   // this process runs libtorch on one thread (AssemblySetup): auto never exceeds it
    [DataRow("AUTO", "1 (automatic)")]
    [DataRow("1", "1 (set)")]
    [DataRow("2", "2 (set; 2 workers × 1 libtorch thread)")]   // the 2 batched runs on 2 workers
    public void TheRunStatesTheThreadsUsed(string threads, string expected)
    {
        var (code, output) = Run("relevance", "--dataset", "square", "--count", "300", "--latent", "2", "--epochs", "1", "--runs", "2", "--threads", threads, "--json", "-");
        Assert.AreEqual(0, code, output);
        using var doc = JsonDocument.Parse(output);
        Assert.AreEqual(expected, doc.RootElement.GetProperty("run").GetProperty("options").GetProperty("Threads").GetString());
    }

    [TestMethod]
    public void AtEightyColumnsNoNumberIsWrapped()
    {
        var json = Path.Combine(Dir, "r.json");
        var (code, output) = Run(80, "relevance", "--dataset", "ee-mumu", "--count", "600", "--epochs", "2", "--runs", "8", "--json", json);
        Assert.AreEqual(0, code, output);
        CheckFits(output, 80, json);
    }

    /// <summary>The demo as a user runs it (the real executable, output to a pipe, COLUMNS=80; the paper's 20 runs, few epochs).</summary>
    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public void TheDemoAtEightyColumnsFitsInAProcess()
    {
        var json = Path.Combine(Dir, "demo.json");
        var exe = Path.Combine(AppContext.BaseDirectory, "symmetry.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { exe, "relevance", "--dataset", "ee-mumu", "--count", "1000", "--epochs", "2", "--json", json }) info.ArgumentList.Add(a);
        info.Environment["COLUMNS"] = "80";
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, output + stderr.Result);
        CheckFits(output, 80, json);
        StringAssert.Contains(output, "over 20 run(s)");
    }

    // Every line fits; no table row is a continuation of a wrapped one (its first cell would be empty); every value of
    // the shown tables appears whole.
    private static void CheckFits(string output, int width, string jsonPath)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        foreach (var line in lines) Assert.IsLessThanOrEqualTo(width, line.Length, $"'{line}' is wider than {width}");
        foreach (var line in lines.Where(l => l.StartsWith('│')))
            Assert.IsFalse(string.IsNullOrWhiteSpace(line.Split('│')[1]), $"a wrapped row: '{line}'\n{output}");
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var relevance = doc.RootElement.GetProperty("tables")[0];
        foreach (var row in relevance.GetProperty("rows").EnumerateArray())
            StringAssert.Contains(output, $" {SymmetryReport.FormatValue(row[2].GetDouble())} ", "each median relevance prints whole");
        var correlations = doc.RootElement.GetProperty("tables")[1];
        foreach (var row in correlations.GetProperty("rows").EnumerateArray())
            foreach (var v in row.EnumerateArray().Skip(1))
                StringAssert.Contains(output, $" {SymmetryReport.FormatValue(v.GetDouble())} ", "every correlation prints whole");
    }
}
