namespace Microsoft.ML.Symmetry.Cli.Tests;

[TestClass]
public sealed class LatentLieGanCliTests : CliTestBase
{
    [TestMethod]
    public void ReactionDiffusionPairsWithSindyPrintTheTablesAndEquations()
    {
        var model = Path.Combine(Dir, "liegan.zip");
        var (code, text) = Run("liegan", "--dataset", "reaction-diffusion", "--count", "60", "--pairs", "--latent", "2", "--generators", "2",
                               "--sindy", "1", "--dt", "0.05", "--epochs", "2", "--seed", "3", "--model", model);
        Console.WriteLine(text);
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "LatentLieGan");
        StringAssert.Contains(text, "Generators");
        StringAssert.Contains(text, "Algebra:");
        StringAssert.Contains(text, "ż1 =");
        Assert.IsTrue(File.Exists(model));
    }

    [TestMethod]
    public void SindyWithoutConsecutiveStatesIsBadUsage()
    {
        var (code, text) = Run("liegan", "--dataset", "circle", "--count", "50", "--sindy", "2", "--epochs", "1");
        Assert.AreEqual(2, code, text);
        StringAssert.Contains(text, "--sindy needs consecutive states");
    }

    [TestMethod]
    public void VelocityColumnsFeedSindyByTheChainRule()
    {
        // States on the unit circle and their velocities under ż = (−y, x): one state per row, ẋ given.
        var rng = new Random(4);
        var lines = new List<string> { "x,y,dx,dy" };
        for (var i = 0; i < 120; i++)
        {
            var a = rng.NextDouble() * 2 * Math.PI;
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Cos(a):R},{Math.Sin(a):R},{-Math.Sin(a):R},{Math.Cos(a):R}"));
        }
        var csv = Path.Combine(Dir, "circle.csv");
        File.WriteAllLines(csv, lines);
        var (code, text) = Run("liegan", "--input", csv, "--features", "x,y", "--velocity", "dx,dy", "--sindy", "1", "--joint-sindy", "--epochs", "2", "--seed", "1");
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "velocities dx, dy");
        StringAssert.Contains(text, "ż1 =");
        var (mismatch, t2) = Run("liegan", "--input", csv, "--features", "x,y", "--velocity", "dx", "--sindy", "1", "--epochs", "1");
        Assert.AreEqual(2, mismatch, t2);
        StringAssert.Contains(t2, "--velocity selects 1 columns and --features 2");
        var (noSindy, t3) = Run("liegan", "--input", csv, "--features", "x,y", "--velocity", "dx,dy", "--epochs", "1");
        Assert.AreEqual(2, noSindy, t3);
        StringAssert.Contains(t3, "--velocity needs --sindy");
    }
}
