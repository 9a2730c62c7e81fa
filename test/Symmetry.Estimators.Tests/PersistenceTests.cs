using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// ml.Model.Save / ml.Model.Load of pipelines mixing ML.NET's transforms with ours: in this process, in a separate
/// process that only loads (no registration call), and from altered files.
/// </summary>
[TestClass]
public sealed class PersistenceTests
{
    private sealed class Point
    {
        public float X { get; set; }
        public float Y { get; set; }
    }

    private const int Rows = 300;
    private static readonly Lazy<(string Path, IDataView Data, TransformerChain<LatentRelevanceTransformer> Model)> Saved = new(() =>
    {
        var ml = new MLContext(seed: 21);
        var xy = TestData.Circle(Rows, seed: 21);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Rows).Select(i => new Point { X = xy[2 * i], Y = xy[2 * i + 1] }).ToArray());
        var pipeline = ml.Transforms.Concatenate("Features", "X", "Y")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Transforms.SymmetryDiscovery.LatentRelevance(TestData.Quick(o => o.Runs = 3)));
        var model = pipeline.Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"symmetry-estimators-tests-{Environment.ProcessId}.zip");
        ml.Model.Save(model, data.Schema, path);
        return (path, data, model);
    });

    [ClassCleanup]
    public static void DeleteFiles()
    {
        if (Saved.IsValueCreated) File.Delete(Saved.Value.Path);
    }

    private static string Bits(float v) => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture);
    private static string Bits(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture);

    [TestMethod]
    public void SaveLoadInThisProcessGivesIdenticalLatentsAndReport()
    {
        var (path, data, model) = Saved.Value;
        var ml = new MLContext(seed: 99);
        var loaded = ml.Model.Load(path, out var schema);
        CollectionAssert.AreEqual(new[] { "X", "Y" }, schema.Select(c => c.Name).ToArray());
        var chain = ((IEnumerable<ITransformer>)loaded).ToArray();
        Assert.HasCount(3, chain);
        var relevance = Assert.IsInstanceOfType<LatentRelevanceTransformer>(chain[2]);
        var before = TestData.Read(model.Transform(data), "Latent");
        var after = TestData.Read(loaded.Transform(data), "Latent");
        CollectionAssert.AreEqual(before, after); // same weights, same batches, same kernels: bit for bit
        var original = model.LastTransformer.Report;
        Assert.AreEqual(original.IntrinsicDimension, relevance.Report.IntrinsicDimension);
        CollectionAssert.AreEqual(original.Relevance.ToArray(), relevance.Report.Relevance.ToArray());
        CollectionAssert.AreEqual(original.Seeds.ToArray(), relevance.Report.Seeds.ToArray());
        CollectionAssert.AreEqual(original.DimensionHistogram.ToArray(), relevance.Report.DimensionHistogram.ToArray());
        Assert.AreEqual(original.ToString(), relevance.Report.ToString());
        CollectionAssert.AreEqual(model.LastTransformer.Standardization.Mean.ToArray(), relevance.Standardization.Mean.ToArray());
        CollectionAssert.AreEqual(model.LastTransformer.Standardization.Scale.ToArray(), relevance.Standardization.Scale.ToArray());
        CollectionAssert.AreEqual(model.LastTransformer.LatentOrder.ToArray(), relevance.LatentOrder.ToArray());
        relevance.Dispose();
    }

    [TestMethod]
    public void ASeparateProcessThatOnlyLoadsScoresIdentically()
    {
        var (path, data, model) = Saved.Value;
        var xy = TestData.Circle(Rows, seed: 21);
        var dir = Path.Combine(Path.GetTempPath(), $"symmetry-loadonly-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var input = Path.Combine(dir, "input.txt");
            var output = Path.Combine(dir, "output.txt");
            File.WriteAllLines(input, Enumerable.Range(0, Rows).Select(i => $"{Bits(xy[2 * i])} {Bits(xy[2 * i + 1])}"));
            RunLoadOnly(path, input, output);
            var lines = File.ReadAllLines(output);
            string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

            Assert.AreEqual("False", Value("preloaded"), "the child had not loaded Symmetry.Estimators before ml.Model.Load");
            Assert.AreEqual("X:Single,Y:Single", Value("inputcolumns"));
            Assert.AreEqual(
                "Microsoft.ML.Data.ColumnConcatenatingTransformer,Microsoft.ML.Transforms.NormalizingTransformer," + typeof(LatentRelevanceTransformer).FullName,
                Value("transformers"));
            Assert.AreEqual(typeof(LatentRelevanceTransformer).FullName, Value("last"));
            var report = model.LastTransformer.Report;
            Assert.AreEqual(report.IntrinsicDimension.ToString(CultureInfo.InvariantCulture), Value("dimension"));
            Assert.AreEqual(string.Join(" ", report.Relevance.Select(Bits)), Value("relevance"));
            Assert.AreEqual("3", Value("runs"));

            var expected = TestData.Read(model.Transform(data), "Latent", out _, out var size);
            var latents = lines.Where(l => l.StartsWith("latent=", StringComparison.Ordinal)).Select(l => l["latent=".Length..]).ToArray();
            Assert.HasCount(Rows, latents);
            for (var i = 0; i < Rows; i++)
                Assert.AreEqual(string.Join(" ", expected.AsSpan(i * size, size).ToArray().Select(Bits)), latents[i], $"row {i}"); // bit for bit
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs the load-only child with <paramref name="args"/>; fails the test unless it exits 0; returns its standard output.</summary>
    internal static string RunLoadOnly(params string[] args)
    {
        var dll = typeof(PersistenceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LoadOnlyDll").Value!;
        Assert.IsTrue(File.Exists(dll), $"{dll} is built with the test project (ProjectReference in the .csproj)");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet, [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The same libtorch thread count as this process (AssemblySetup), so "bit for bit" compares like with like.
            Environment = { ["OMP_NUM_THREADS"] = "1" },
        };
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("the load-only process did not finish");
        }
        Assert.AreEqual(0, child.ExitCode, $"stdout: {stdout.Result}\nstderr: {stderr.Result}");
        return stdout.Result;
    }

    // ---- altered files ----

    private static readonly byte[] EntryMarker = [.. "SYMM"u8, 1, 0, 18, .. "SymLatentRelevance"u8]; // magic, envelope v1, signature

    /// <summary>Rewrites our entry (the zip entry whose blob starts with our envelope) with <paramref name="alter"/>.</summary>
    private static MemoryStream Altered(Func<byte[], byte[]> alter, out string entryName)
    {
        var patched = new MemoryStream();
        patched.Write(File.ReadAllBytes(Saved.Value.Path));
        string? found = null;
        using (var zip = new ZipArchive(patched, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.ToList())
            {
                byte[] content;
                using (var s = entry.Open()) { var m = new MemoryStream(); s.CopyTo(m); content = m.ToArray(); }
                if (content.AsSpan().IndexOf(EntryMarker) != ModelHeaderSize) continue;
                Assert.IsNull(found, "one entry of ours");
                found = entry.FullName;
                var name = entry.FullName;
                entry.Delete();
                using var w = zip.CreateEntry(name).Open();
                w.Write(alter(content));
            }
        }
        Assert.IsNotNull(found, "our envelope follows ML.NET's 256-byte entry header");
        entryName = found;
        patched.Position = 0;
        return patched;
    }

    private const int ModelHeaderSize = 0x100;

    private static FormatException LoadFails(Stream file)
    {
        var e = Assert.Throws<Exception>(() => new MLContext(1).Model.Load(file, out _));
        return Assert.IsInstanceOfType<FormatException>(TestData.Innermost(e), e.ToString());
    }

    [TestMethod]
    public void OurEntryLivesInTheTransformersFolder()
    {
        Altered(b => b, out var name);
        StringAssert.EndsWith(name, "/Model.key");
        // The unaltered rewrite loads: the tests below fail because of what they change, not because of the rewrite.
        using var same = Altered(b => b, out _);
        var loaded = new MLContext(1).Model.Load(same, out _);
        Assert.IsInstanceOfType<LatentRelevanceTransformer>(((IEnumerable<ITransformer>)loaded).Last());
    }

    [TestMethod]
    public void AFlippedByteInTheBodyFailsTheChecksum()
    {
        using var file = Altered(b =>
        {
            var blob = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x18)); // ML.NET header: CbModel
            b[ModelHeaderSize + (int)(blob / 2)] ^= 0x10;                     // a byte in the middle of our body
            return b;
        }, out _);
        Assert.AreEqual("Corrupt SymLatentRelevance model entry: its checksum does not match its contents (the file was altered).", LoadFails(file).Message);
    }

    [TestMethod]
    public void AFlippedByteInTheMarkerIsNotOurs()
    {
        using var file = Altered(b => { b[ModelHeaderSize] ^= 0x01; return b; }, out _);
        Assert.AreEqual("Corrupt SymLatentRelevance model entry: it does not start with the Symmetry entry marker.", LoadFails(file).Message);
    }

    [TestMethod]
    public void ATruncatedBodyIsReportedAsTruncated()
    {
        // Drop the second half of our blob and fix up ML.NET's header (model size and the offsets of what follows
        // it), so ML.NET's own checks pass and the cut reaches our envelope, as a writer that stopped early would.
        using var file = Altered(b =>
        {
            var h = b.AsSpan();
            var blob = BinaryPrimitives.ReadInt64LittleEndian(h[0x18..]);
            var cut = blob / 2;
            var end = ModelHeaderSize + blob;
            var shorter = b.Take((int)(end - cut)).Concat(b.Skip((int)end)).ToArray();
            void Shift(int at) { var v = BinaryPrimitives.ReadInt64LittleEndian(shorter.AsSpan(at)); if (v != 0) BinaryPrimitives.WriteInt64LittleEndian(shorter.AsSpan(at), v - cut); }
            BinaryPrimitives.WriteInt64LittleEndian(shorter.AsSpan(0x18), blob - cut); // CbModel
            Shift(0x20); Shift(0x30);                                        // FpStringTable, FpStringChars
            Shift(0x80); Shift(0x88); Shift(0x90);                           // FpTail, FpLim, FpAssemblyName
            return shorter;
        }, out _);
        StringAssert.StartsWith(LoadFails(file).Message, "Corrupt SymLatentRelevance model entry: it is truncated");
    }

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// Rewrites the hidden layer widths in our body and recomputes the checksum, as a deliberately crafted file
    /// would: the body's own validation must still refuse it, before building any network.
    /// </summary>
    private static MemoryStream WithHiddenWidths(int first, int second) => Altered(b =>
    {
        const int body = ModelHeaderSize + 4 + 2 + 1 + 18 + 8;            // magic, version, signature, length
        var length = (int)BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(body - 8));
        // input size 2, latent 3, 2 hidden layers of 16 (TestData.Quick), little-endian int32s as BinaryWriter writes them.
        var pattern = new byte[20];
        int[] ints = [2, 3, 2, 16, 16];
        for (var i = 0; i < ints.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(pattern.AsSpan(4 * i), ints[i]);
        var at = b.AsSpan(body, length).IndexOf(pattern);
        Assert.IsGreaterThanOrEqualTo(0, at, "the body holds the sizes as WriteBody writes them");
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(body + at + 12), first);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(body + at + 16), second);
        System.Security.Cryptography.SHA256.HashData(b.AsSpan(body, length)).CopyTo(b.AsSpan(body + length));
        return b;
    }, out _);

    [TestMethod]
    public void AValidlyHashedBodyWithANegativeWidthIsAFormatError()
    {
        using var file = WithHiddenWidths(16, -3);
        Assert.AreEqual("Corrupt SymLatentRelevance model entry: hidden layer widths [16, -3] are out of range.", LoadFails(file).Message);
    }

    [TestMethod]
    public void AValidlyHashedBodyClaimingAHugeNetworkIsRejectedBeforeAllocatingIt()
    {
        // 2 → 60000 → 60000 would be 3.6e9 weights (14 GB): refused from the byte count alone.
        using var file = WithHiddenWidths(60_000, 60_000);
        StringAssert.StartsWith(LoadFails(file).Message,
            "Corrupt SymLatentRelevance model entry: a network of input size 2, hidden layers [60000, 60000] and latent 3 needs 28804080032 bytes but the entry holds");
    }

    [TestMethod]
    public void ATruncatedFileFailsCleanly()
    {
        // A file cut in half loses the zip's central directory: ML.NET cannot even open it. It must say so with an
        // exception (not crash the process or hang).
        var bytes = File.ReadAllBytes(Saved.Value.Path);
        using var half = new MemoryStream(bytes, 0, bytes.Length / 2);
        var e1 = Assert.Throws<Exception>(() => new MLContext(1).Model.Load(half, out _));
        TestContext.WriteLine($"half a file: {e1.GetType().Name}: {e1.Message} / innermost {TestData.Innermost(e1).GetType().Name}: {TestData.Innermost(e1).Message}");
        // Cutting our entry itself without fixing ML.NET's header is caught by ML.NET's header check.
        using var cut = Altered(b => b[..(b.Length / 2)], out _);
        var e2 = Assert.Throws<Exception>(() => new MLContext(1).Model.Load(cut, out _));
        TestContext.WriteLine($"half an entry: {e2.GetType().Name}: {e2.Message} / innermost {TestData.Innermost(e2).GetType().Name}: {TestData.Innermost(e2).Message}");
    }
}
