using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// Hostile model files fail fast with <see cref="InvalidDataException"/> or <see cref="FormatException"/> naming the
/// cause, before anything large is allocated (docs/security.md): the committed corpus in Hostile/ through
/// <c>ml.Model.LoadChecked</c>, and hand-written entries that claim huge networks through the readers.
/// </summary>
[TestClass]
public sealed class HostileModelTests
{
    private static string Hostile(string name) => Path.Combine(AppContext.BaseDirectory, "Hostile", name);

    [TestMethod]
    [DataRow("duplicate-entry.zip", "appears twice")]
    [DataRow("zip-slip.zip", "climbs out")]
    [DataRow("schema-bitflip.zip", "the Schema entry")]
    [DataRow("bomb.zip", "bytes")]
    [DataRow("truncated.zip", "not a readable zip")]
    [DataRow("not-a-zip.zip", "not a readable zip")]
    public void ACorruptOrHostileZipIsRefusedBeforeMLNetReadsIt(string file, string expected)
    {
        var ml = new MLContext(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadChecked(Hostile(file), out _));
        StringAssert.StartsWith(e.Message, $"Model file '{Hostile(file)}' is not a valid model: ");
        StringAssert.Contains(e.Message, expected);
        // Checking streams the entries through a 64 KiB buffer: the 80 MiB bomb is never held.
        Assert.IsLessThan(16L << 20, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated while refusing the file");
    }

    [TestMethod]
    [DataRow("relevance-pipeline")]
    [DataRow("flows-learned-oracle")]
    [DataRow("liegan-sindy")]
    [DataRow("detector-reconstruction")]
    public void EveryValidModelPassesTheCheckAndLoads(string name)
    {
        var ml = new MLContext(0);
        var model = ml.Model.LoadChecked(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".zip"), out var schema);
        Assert.IsGreaterThan(0, schema.Count);
        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void OurReadersFailuresReachTheCallerAsFormatExceptionNotTargetInvocation()
    {
        // One byte of the transformer's own entry changed: our envelope's checksum no longer matches. ML.NET calls our
        // loader by reflection (which wraps what it throws); the checked load hands the caller the FormatException itself.
        var path = Path.Combine(Path.GetTempPath(), $"symmetry-tampered-{Environment.ProcessId}.zip");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "liegan-sindy.zip"), path, overwrite: true);
        try
        {
            using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("Model.key") ?? zip.Entries.First(x => x.FullName.EndsWith("Model.key", StringComparison.Ordinal));
                byte[] bytes;
                using (var s = entry.Open()) { using var m = new MemoryStream(); s.CopyTo(m); bytes = m.ToArray(); }
                bytes[bytes.AsSpan().IndexOf("SYMM"u8) + 80] ^= 0x10;      // inside our envelope's body (ML.NET's string table ends the entry)
                entry.Delete();
                using var w = zip.CreateEntry(entry.FullName).Open();
                w.Write(bytes);
            }
            var e = Assert.ThrowsExactly<FormatException>(() => new MLContext(0).Model.LoadChecked(path, out _));
            StringAssert.Contains(e.Message, "Corrupt SymLatentLieGan model entry");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ALatentLieGanEntryWhoseSizesOverflowIsRefusedWithoutAllocating()
    {
        var ml = new MLContext(0);
        // T × n = 4096 × 2^24 wraps to 0 in 32-bit arithmetic; checked in 64 bits it is refused by name.
        var e = ReadLatentLieGan(ml, t: 4096, n: 1 << 24, m: 2, hidden: [8]);
        StringAssert.Contains(e.Message, "T × n = 4096 × 16777216");
        // A network of 2^20 inputs and a 65,536-wide layer (≈ 275 GB of weights) in a file of a few hundred bytes.
        var before = GC.GetAllocatedBytesForCurrentThread();
        e = ReadLatentLieGan(ml, t: 1, n: 1 << 20, m: 4096, hidden: [1 << 16]);
        StringAssert.Contains(e.Message, "bytes but the entry holds");
        Assert.IsLessThan(1L << 20, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated while refusing the entry");
    }

    // A LatentLieGan body (format 0x00010002) that states these sizes and then ends: the reader must refuse it by its sizes.
    private static FormatException ReadLatentLieGan(MLContext ml, int t, int n, int m, int[] hidden)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            LatentLieGanTransformer.Entry.Write(w, b =>
            {
                b.Write("Features");
                b.Write("Latent");
                b.Write(t);
                b.Write(n);
                b.Write(m);
                b.Write(hidden.Length);
                foreach (var h in hidden) b.Write(h);
                b.Write(t * n);                          // the standardization's count, as a 32-bit writer would wrap it
                b.Write(new byte[64]);
            });
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return Assert.ThrowsExactly<FormatException>(() => LatentLieGanTransformer.Read((IHostEnvironment)ml, reader, LatentLieGanTransformer.Entry.Version));
    }

    [TestMethod]
    public void OptionsAreRefusedWhereTheModelFileCouldNotHoldTheModel()
    {
        var ml = new MLContext(0);
        var cat = ml.Transforms.SymmetryDiscovery;
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cat.OracleFlows(new OracleFlowsEstimator.Options { Oracle = x => x.sum(1), Generators = 65 }));
        Assert.AreEqual("Generators", e.ParamName);
        StringAssert.Contains(e.Message, "at most 64");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cat.LieDetector(new LieDetectorEstimator.Options { LatentSide = 1000 }));
        Assert.AreEqual("LatentSide", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cat.LatentLieGan(new LatentLieGanEstimator.Options { HiddenLayers = [1 << 17] }));
        Assert.AreEqual("HiddenLayers", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cat.LatentRelevance(new LatentRelevanceEstimator.Options { LatentDimension = (1 << 16) + 1 }));
        Assert.AreEqual("LatentDimension", e.ParamName);
        // The limits themselves are accepted (a model at the limit saves and loads).
        _ = cat.OracleFlows(new OracleFlowsEstimator.Options { Oracle = x => x.sum(1), Generators = OracleFlowsTransformer.MaxGenerators });
        _ = cat.LieDetector(new LieDetectorEstimator.Options { LatentSide = LieDetectorTransformer.MaxLatentSide });
    }
}
