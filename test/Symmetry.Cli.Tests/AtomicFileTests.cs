namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary><see cref="AtomicFile"/>: a write that fails midway leaves the old file intact and no temporary file behind.</summary>
[TestClass]
public sealed class AtomicFileTests : CliTestBase
{
    [TestMethod]
    public void AWriterThatThrowsMidwayLeavesTheOldFileIntact()
    {
        var path = Path.Combine(Dir, "scored.csv");
        File.WriteAllText(path, "the previous run's rows");
        var e = Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, temp =>
        {
            using (var w = new StreamWriter(temp)) w.Write("half of the new ro");
            throw new IOException("disk full");
        }));
        Assert.AreEqual("disk full", e.Message);
        Assert.AreEqual("the previous run's rows", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(Dir), "the temporary file is gone");
    }

    [TestMethod]
    public void ACompleteWriteReplacesTheFileAndCreatesAMissingOne()
    {
        var path = Path.Combine(Dir, "report.csv");
        File.WriteAllText(path, "old");
        AtomicFile.Write(path, temp =>
        {
            Assert.AreEqual(OutputPaths.Canonical(Dir), Path.GetDirectoryName(temp), "beside the target, so the rename stays on one file system");
            File.WriteAllText(temp, "new");
        });
        Assert.AreEqual("new", File.ReadAllText(path));
        var fresh = Path.Combine(Dir, "model.zip");
        AtomicFile.Write(fresh, temp => File.WriteAllText(temp, "zip"));
        Assert.AreEqual("zip", File.ReadAllText(fresh));
        CollectionAssert.AreEquivalent(new[] { path, fresh }, Directory.GetFiles(Dir));
    }

    [TestMethod]
    public void ASymbolicLinkIsWrittenThroughAndKept()
    {
        var target = Path.Combine(Dir, "real.csv");
        var link = Path.Combine(Dir, "link.csv");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        AtomicFile.Write(link, temp => File.WriteAllText(temp, "new"));
        Assert.AreEqual("new", File.ReadAllText(target));
        Assert.AreEqual(target, new FileInfo(link).LinkTarget);
    }
}
