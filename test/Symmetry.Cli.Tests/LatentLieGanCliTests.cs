namespace Symmetry.Cli.Tests;

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
}
