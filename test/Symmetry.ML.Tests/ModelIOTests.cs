using System.IO.Compression;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.ML.Tests;

[TestClass]
public sealed class ModelIOTests
{
    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(TestData.Samples());

    [TestMethod]
    public void SavedAndLoadedChainGivesIdenticalSchemaAndOutputs()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        var model = ml.Transforms.Concatenate("All", "X", "Features")
            .Append(ml.Transforms.NormalizeMeanVariance("All", fixZero: false))
            .Append(ml.Transforms.NormalizeMinMax("W", "Weight"))
            .Append(ml.Transforms.CopyColumns("N", "Name"))
            .Append(ml.Transforms.DropColumns("Flag"))
            .Fit(data);
        string path = TestData.TempFile(".zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = ml.Model.Load(path, out var inputSchema);

        CollectionAssert.AreEqual(data.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray(), inputSchema.Select(c => $"{c.Name}:{c.Type}").ToArray());
        var a = model.Transform(data);
        var b = loaded.Transform(data);
        CollectionAssert.AreEqual(a.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray(), b.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray());
        CollectionAssert.AreEqual(TestData.Vectors(a, "All").SelectMany(x => x).ToArray(), TestData.Vectors(b, "All").SelectMany(x => x).ToArray());
        CollectionAssert.AreEqual(a.GetColumn<double>("W").ToArray(), b.GetColumn<double>("W").ToArray());
        CollectionAssert.AreEqual(a.GetColumn<string>("N").ToArray(), b.GetColumn<string>("N").ToArray());

        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.IsTrue(names.Contains("Manifest.json"));
        Assert.IsTrue(names.Contains("Schema/Schema.bin"));
        Assert.IsTrue(names.Contains("Model/Model.bin"));
        for (int i = 0; i < 5; i++)
            Assert.IsTrue(names.Contains($"Model/Transform_{i:000}/Model.bin"), $"entry for transformer {i}");
    }

    [TestMethod]
    public void SaveOverwritesAnExistingFileAsMlNetDoes()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        string path = TestData.TempFile(".zip");
        File.WriteAllText(path, "old");
        ml.Model.Save(ml.Transforms.CopyColumns("Y", "X").Fit(data), data.Schema, path);
        Assert.IsInstanceOfType<Symmetry.ML.Transforms.ColumnCopyingTransformer>(ml.Model.Load(path, out _));
    }

    [TestMethod]
    public void OtherFilesAreRefusedWithClearErrors()
    {
        var ml = new MLContext(seed: 1);
        string notZip = TestData.TempFile(".zip");
        File.WriteAllText(notZip, "not a zip");
        var e1 = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(notZip, out _));
        StringAssert.StartsWith(e1.Message, $"'{notZip}' is not a Symmetry.ML model: it is not a zip archive");

        string otherZip = TestData.TempFile(".zip");
        using (var z = ZipFile.Open(otherZip, ZipArchiveMode.Create))
            z.CreateEntry("something.txt");
        var e2 = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(otherZip, out _));
        Assert.AreEqual($"'{otherZip}' is not a Symmetry.ML model: it has no Manifest.json.", e2.Message);

        string future = TestData.TempFile(".zip");
        using (var z = ZipFile.Open(future, ZipArchiveMode.Create))
        using (var w = new StreamWriter(z.CreateEntry("Manifest.json").Open()))
            w.Write("{\"format\":\"Symmetry.ML.Model\",\"formatVersion\":7,\"root\":\"Model/\",\"inputSchema\":\"\"}");
        var e3 = Assert.ThrowsExactly<FormatException>(() => ml.Model.Load(future, out _));
        Assert.AreEqual($"'{future}' uses model format version 7; this library reads version 1.", e3.Message);
    }
}
