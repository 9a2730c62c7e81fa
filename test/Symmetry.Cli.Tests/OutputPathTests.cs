namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>
/// Output paths are checked before training: never an input (not even with --force), never another output, never a
/// folder, in a folder that exists and can be written. Each of these used to be found only after training, or not at all.
/// </summary>
[TestClass]
public sealed class OutputPathTests : CliTestBase
{
    private static readonly string[] Tiny = ["--epochs", "1", "--runs", "1"];

    private string Input()
    {
        var csv = Path.Combine(Dir, "in.csv");
        File.WriteAllLines(csv, ["a,b", .. Enumerable.Range(0, 300).Select(i => $"{i},{i % 7}")]);
        return csv;
    }

    [TestMethod]
    [DataRow("same")]
    [DataRow("dotted")]
    [DataRow("file link")]
    [DataRow("folder link")]
    public void TheInputIsNeverAnOutputEvenWithForce(string spelling)
    {
        var input = Input();
        var before = File.ReadAllBytes(input);
        var output = spelling switch
        {
            "same" => input,
            "dotted" => Path.Combine(Dir, ".", "in.csv"),
            "file link" => File.CreateSymbolicLink(Path.Combine(Dir, "link.csv"), input).FullName,
            _ => Path.Combine(Directory.CreateSymbolicLink(Path.Combine(Dir, "linked"), Dir).FullName, "in.csv"),
        };
        // Used to truncate the input to its header and then fail reading it.
        var (code, text) = Run(["relevance", "--input", input, "--output", output, "--force", .. Tiny]);
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, $"error: --output '{Path.GetFullPath(output)}' is the --input file '{input}'; write the output elsewhere (--force never overwrites an input).");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(input), "the input is unchanged byte for byte");
    }

    [TestMethod]
    [DataRow("--output", "--model")]
    [DataRow("--output", "--report")]
    [DataRow("--html", "--json")]
    public void TwoOutputsNeverShareAFile(string first, string second)
    {
        var path = Path.Combine(Dir, "out");
        // Used to let the later write silently replace the earlier one.
        var (code, text) = Run(["relevance", "--dataset", "square", second, path, first, path, .. Tiny]);
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, $"error: {first} '{path}' and {second} '{path}' are the same file; give each output its own.");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void AnOutputIsNeverOneOfTheFigures()
    {
        var plots = Path.Combine(Dir, "plots");
        var html = Path.Combine(plots, "relevance-by-rank.svg");
        Directory.CreateDirectory(plots);
        var (code, text) = Run(["relevance", "--dataset", "square", "--plots", plots, "--html", html, "--force", .. Tiny]);
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, $"error: --html '{html}' and --plots '{html}' are the same file; give each output its own.");
    }

    [TestMethod]
    public void AFolderIsNotAnOutputFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Dir, "scored.csv")).FullName;
        AssertFailedBeforeTraining(Run(["relevance", "--dataset", "square", "--output", folder, "--force", .. Tiny]),
                                   $"failed: --output '{folder}' is a folder; give a file name. (IOException)");
    }

    [TestMethod]
    [DataRow("--model", "model.zip")]
    [DataRow("--plots", "figures")]
    public void AnOutputInsideAFileIsRefusedBeforeTraining(string option, string name)
    {
        var file = Path.Combine(Dir, "notes.txt");
        File.WriteAllText(file, "not a folder");
        var path = Path.Combine(file, name);
        AssertFailedBeforeTraining(Run(["relevance", "--dataset", "square", option, path, .. Tiny]),
                                   $"failed: The folder of {option} '{path}' is a file: '{file}'. (IOException)");
        Assert.AreEqual("not a folder", File.ReadAllText(file));
    }

    [TestMethod]
    public void AnUnwritableFolderIsFoundBeforeTraining()
    {
        // The check creates and deletes a temporary file: permissions alone would not do, since root ignores them.
        // Root is refused where nothing can be created at all: a process's folder in /proc.
        string folder;
        if (!Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            folder = Directory.CreateDirectory(Path.Combine(Dir, "read-only")).FullName;
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        else if (OperatingSystem.IsLinux()) folder = "/proc/self";
        else
        {
            Assert.Inconclusive("No folder here refuses a privileged process.");
            return;
        }
        var path = Path.Combine(folder, "scored.csv");
        AssertFailedBeforeTraining(Run(["relevance", "--dataset", "square", "--output", path, .. Tiny]),
                                   $"failed: The folder of --output '{path}' is not writable: ");
    }

    [TestMethod]
    public void ForceReplacesTheOutputsAndLeavesNoTemporaryFile()
    {
        var scored = Path.Combine(Dir, "scored.csv");
        var report = Path.Combine(Dir, "report.csv");
        File.WriteAllText(scored, "old rows");
        File.WriteAllText(report, "old report");
        var (code, text) = Run(["relevance", "--dataset", "square", "--count", "300", "--output", scored, "--report", report, "--force", .. Tiny]);
        Assert.AreEqual(0, code, text);
        StringAssert.StartsWith(File.ReadAllText(report), "Rank,Latent,Relevance");
        Assert.HasCount(301, File.ReadAllLines(scored));
        CollectionAssert.AreEquivalent(new[] { scored, report }, Directory.GetFiles(Dir));
    }
}
