namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>Regression tests for bad command lines and files found in review.</summary>
[TestClass]
public sealed class CliRobustnessTests : CliTestBase
{
    [TestMethod]
    [DataRow("--output", "scored.csv")]
    [DataRow("--model", "model.zip")]
    [DataRow("--report", "report.csv")]
    public void OutputIntoAMissingFolderFailsBeforeTraining(string option, string file)
    {
        var missing = Path.Combine(Dir, "no-such-folder");
        var path = Path.Combine(missing, file);
        // Used to train for the whole run and only then fail with the runtime's bare DirectoryNotFoundException.
        AssertFailedBeforeTraining(Run("relevance", "--dataset", "square", "--count", "300", "--epochs", "1", "--runs", "1", option, path),
                                   $"The folder of {option} '{path}' does not exist; create '{missing}' first.");
    }

    [TestMethod]
    public void CsvWithoutAHeaderLineIsRejected()
    {
        var csv = Path.Combine(Dir, "noheader.csv");
        File.WriteAllLines(csv, Enumerable.Range(0, 300).Select(i => $"{i},{i * 0.5},-{i}e-3"));
        // Used to drop the first row silently and call the columns "0", "0", "-0e-3".
        var (code, output) = Run("relevance", "--input", csv, "--epochs", "1", "--runs", "1");
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, $"The first line of '{csv}' (0,0,-0e-3) holds only numbers; expected a header line naming the columns.");
    }
}
