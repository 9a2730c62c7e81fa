using System.Text.Json;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary><c>symmetry liegan</c>'s files (--output, --model, --report, --plots, --html, --json) and --rollout, on tiny runs.</summary>
[TestClass]
public sealed class LieGanOutputsTests : CliTestBase
{
    private static string[] Base => ["liegan", "--dataset", "reaction-diffusion", "--count", "60", "--pairs", "--latent", "2", "--sindy", "1", "--dt", "0.05",
                                     "--epochs", "2", "--seed", "3"];

    [TestMethod]
    public void EveryOutputIsWrittenWithRealContentAndNeverOverwrittenUnasked()
    {
        var plots = Path.Combine(Dir, "plots");
        var html = Path.Combine(Dir, "liegan.html");
        var json = Path.Combine(Dir, "liegan.json");
        var scored = Path.Combine(Dir, "scored.csv");
        var model = Path.Combine(Dir, "liegan.zip");
        var report = Path.Combine(Dir, "generators.csv");
        string[] args = [.. Base, "--rollout", "1,4", "--plots", plots, "--html", html, "--json", json, "--output", scored, "--model", model, "--report", report];
        var (code, text) = Run(args);
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "Rollout errors");
        StringAssert.Contains(text, "ż1 =");
        // Four figures always, SINDy coefficients and rollout errors here: six names, SVG and PNG each.
        foreach (var name in new[] { "liegan-generators", "liegan-eigenvalues", "liegan-losses", "liegan-discriminator-accuracy", "liegan-sindy", "liegan-rollout" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(plots, name + ".svg")), name);
            Assert.IsGreaterThan(1000L, new FileInfo(Path.Combine(plots, name + ".png")).Length, name);
        }
        StringAssert.Contains(text, "12 figure files");
        var page = File.ReadAllText(html);
        Assert.AreEqual(6, System.Text.RegularExpressions.Regex.Matches(page, "<svg").Count, "every figure inline");
        StringAssert.Contains(page, "<th>Epochs</th><td>2</td>");
        StringAssert.Contains(page, "reaction");
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var root = doc.RootElement;
            Assert.AreEqual("LatentLieGan", root.GetProperty("method").GetString());
            Assert.AreEqual(1, root.GetProperty("keyResults").GetProperty("generators").GetInt32());
            Assert.AreEqual(4, root.GetProperty("keyResults").GetProperty("rolloutHorizon").GetInt32());
            StringAssert.StartsWith(root.GetProperty("keyResults").GetProperty("equations").GetString()!, "ż1 =");
            var rollout = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("title").GetString() == "Rollout errors");
            Assert.AreEqual(2, rollout.GetProperty("rows").GetArrayLength());
            StringAssert.Contains(root.GetProperty("run").GetProperty("command").GetString()!, "--rollout 1,4");
        }
        var header = File.ReadLines(scored).First().Split(',');
        CollectionAssert.Contains(header, "Latent.z1");
        CollectionAssert.Contains(header, "LatentDot.z2'");
        // 60 frames give 57 pairs: 59 consecutive ones less the 2 that would cross the train/validation/test boundaries.
        Assert.AreEqual(58, File.ReadLines(scored).Count(), "a header and one line per pair");
        StringAssert.StartsWith(File.ReadLines(report).First(), "Generator,Matrix,SymmetricRatio");
        Assert.IsGreaterThan(1000L, new FileInfo(model).Length);

        // A second run refuses before training and leaves the files as they were; --force replaces them.
        var before = File.ReadAllBytes(Path.Combine(plots, "liegan-generators.png"));
        File.Delete(html);
        File.Delete(json);
        File.Delete(scored);
        File.Delete(report);
        (code, text) = Run(args);
        Assert.AreEqual(1, code, text);
        StringAssert.Contains(text, "--force");
        Assert.DoesNotContain("Generators", text, "nothing was trained");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(Path.Combine(plots, "liegan-generators.png")));
        (code, text) = Run([.. args, "--force"]);
        Assert.AreEqual(0, code, text);
        Assert.IsTrue(File.Exists(scored));
    }

    [TestMethod]
    public void JsonToStandardOutputIsTheOnlyOutput()
    {
        var (code, text) = Run([.. Base, "--batchnorm", "--orthogonal", "--joint-sindy", "--json", "-"]);
        Assert.AreEqual(0, code, text);
        using var doc = JsonDocument.Parse(text);
        Assert.AreEqual("LatentLieGan", doc.RootElement.GetProperty("method").GetString());
        Assert.AreEqual(3, doc.RootElement.GetProperty("tables").GetArrayLength(), "generators, training, SINDy (no rollout asked)");
        var run = doc.RootElement.GetProperty("run").GetProperty("options");
        Assert.AreEqual("hidden 128×128, BatchNorm, orthogonal latent layer", run.GetProperty("Autoencoder").GetString());
        StringAssert.EndsWith(run.GetProperty("SINDy").GetString()!, "trained jointly");
        var training = doc.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("title").GetString() == "Training");
        CollectionAssert.Contains(training.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToArray(), "sindy");
    }

    [TestMethod]
    public void BadRolloutUsageExitsWithTwo()
    {
        var (code, text) = Run("liegan", "--dataset", "reaction-diffusion", "--count", "20", "--pairs", "--rollout", "1,5", "--epochs", "1");
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, "--rollout needs --sindy");
        (code, text) = Run([.. Base, "--rollout", "1,x"]);
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, "--rollout must be comma-separated whole numbers");
        (code, text) = Run([.. Base, "--rollout", "0"]);
        Assert.AreEqual(2, code, text);
        (code, text) = Run("liegan", "--dataset", "reaction-diffusion", "--count", "20", "--pairs", "--sindy", "1", "--dt", "0", "--epochs", "1");
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, "--dt must be");
        (code, text) = Run("liegan", "--dataset", "reaction-diffusion", "--count", "20", "--pairs", "--joint-sindy", "--epochs", "1");
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, "--joint-sindy needs --sindy");
    }
}
