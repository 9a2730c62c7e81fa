namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>
/// Malformed and out-of-range numbers, for options of every command: bad usage (exit 2) with one line naming the
/// option and its range. They used to abort the process (exit 134, a stack trace) from the range validators.
/// </summary>
[TestClass]
public sealed class NumberOptionTests : CliTestBase
{
    private const string Whole = "must be a whole number from";

    [TestMethod]
    [DataRow("relevance", "--epochs", "abc", $"{Whole} 1 to 2147483647")]
    [DataRow("relevance", "--runs", "1.5", $"{Whole} 1 to 10000")]
    [DataRow("relevance", "--latent", "1e3", $"{Whole} 1 to 65536")]
    [DataRow("relevance", "--count", "99999999999", $"{Whole} 1 to 2147483647")]
    [DataRow("relevance", "--beta", "abc", "must be a finite number ≥ 0")]
    [DataRow("relevance", "--seed", "x", $"{Whole} -2147483648 to 2147483647")]
    [DataRow("flows", "--generators", "", $"{Whole} 1 to 64")]
    [DataRow("flows", "--generators", "65", $"{Whole} 1 to 64")]               // a model its own loader would refuse
    [DataRow("flows", "--scan", "65", $"{Whole} 1 to 64")]
    [DataRow("flows", "--lr", "0", "must be a finite number > 0")]
    [DataRow("flows", "--epochs", "1.5", $"{Whole} 1 to 2147483647")]
    [DataRow("liegan", "--timesteps", "abc", $"{Whole} 1 to 4096")]
    [DataRow("liegan", "--sindy", "-1", $"{Whole} 0 to 2147483647")]
    [DataRow("liegan", "--dt", "1e999", "must be a finite number > 0")]
    [DataRow("liegan", "--seed", "1.0", $"{Whole} -2147483648 to 2147483647")]
    [DataRow("detector", "--alpha-order", "3", $"{Whole} 1 to 2")]
    [DataRow("detector", "--alpha-order", "x", $"{Whole} 1 to 2")]
    [DataRow("detector", "--batch", "1e3", $"{Whole} 1 to 2147483647")]
    [DataRow("detector", "--canvas", "27", $"{Whole} 28 to 2147483647")]
    [DataRow("detector", "--alpha", "NaN", "must be a finite number ≥ 0")]
    [DataRow("detector", "--count", "1", $"{Whole} 2 to 2147483647")]
    [DataRow("detector", "--latent-side", "1000", $"{Whole} 2 to 64")]          // used to fail after 8.5 s and 2.7 GB
    public void ABadNumberIsOneLineOfBadUsage(string command, string option, string value, string range)
    {
        var (code, output) = Run(command, option, value);
        Assert.AreEqual(2, code, output);
        Assert.AreEqual($"error: {option} {range}; got '{value}'.\nRun 'symmetry --help' for usage.\n", output.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void ThreadsAreBoundedByTheProcessorCount()
    {
        var cores = Environment.ProcessorCount;
        // Used to start that many libtorch threads and hang.
        foreach (var value in new[] { (cores + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "100000", "0", "automatic" })
        {
            var (code, output) = Run("relevance", "--dataset", "square", "--threads", value);
            Assert.AreEqual(2, code, output);
            StringAssert.Contains(output, $"error: --threads must be auto or a whole number from 1 to {cores}; got '{value}'.");
        }
    }
}
