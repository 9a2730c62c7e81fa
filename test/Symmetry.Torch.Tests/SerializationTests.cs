using System.Buffers.Binary;
using System.Text;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>Module.save/load: the documented binary format, bit-exact round trips, and clear errors on bad input.</summary>
[TestClass]
public sealed class SerializationTests
{
    private static Modules.Sequential Model(long seed)
    {
        using var g = new Generator((ulong)seed);
        return nn.Sequential(nn.Linear(3, 8, generator: g), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2, generator: g));
    }

    private static byte[] Bytes(Tensor t)
    {
        using var c = t.detach();
        return t.dtype switch
        {
            ScalarType.Float32 => c.ToArray<float>().SelectMany(BitConverter.GetBytes).ToArray(),
            ScalarType.Int64 => c.ToArray<long>().SelectMany(BitConverter.GetBytes).ToArray(),
            _ => throw new NotSupportedException(t.dtype.ToString()),
        };
    }

    private static byte[] Saved(torch.nn.Module m)
    {
        using var ms = new MemoryStream();
        m.save(ms);
        return ms.ToArray();
    }

    [TestMethod]
    public void SaveThenLoadIsBitExactIncludingBuffers()
    {
        using var a = Model(1);
        using var b = Model(2);
        // Give the BatchNorm non-trivial running statistics and a batch count.
        using (var x = randn(16, 3)) using (var y = a.call(x)) { }
        var bytes = Saved(a);
        using (var ms = new MemoryStream(bytes)) b.load(ms);
        var sa = a.state_dict();
        var sb = b.state_dict();
        CollectionAssert.AreEqual(sa.Keys.ToArray(), sb.Keys.ToArray());
        foreach (var key in sa.Keys)
        {
            Assert.AreEqual(sa[key].dtype, sb[key].dtype, key);
            CollectionAssert.AreEqual(sa[key].shape, sb[key].shape, key);
            CollectionAssert.AreEqual(Bytes(sa[key]), Bytes(sb[key]), key);
        }
        Assert.AreEqual(1L, sb["1.num_batches_tracked"].item<long>());
        CollectionAssert.AreEqual(bytes, Saved(b), "saving the loaded model reproduces the file byte for byte");
    }

    [TestMethod]
    public void SaveAndLoadThroughAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"symtorch-{Guid.NewGuid():N}.bin");
        try
        {
            using var a = Model(3);
            using var b = Model(4);
            a.save(path);
            var loaded = new Dictionary<string, bool>();
            b.load(path, loadedParameters: loaded);
            CollectionAssert.AreEqual(Bytes(((Modules.Linear)a[0]).weight), Bytes(((Modules.Linear)b[0]).weight));
            Assert.AreEqual(a.state_dict().Count, loaded.Count);
            Assert.IsTrue(loaded.Values.All(v => v));
        }
        finally
        {
            File.Delete(path);
        }
        using var c = Model(5);
        Assert.ThrowsExactly<FileNotFoundException>(() => c.load(path));
    }

    [TestMethod]
    public void TheStreamFollowsTheDocumentedLayout()
    {
        using var lin = nn.Linear(2, 1);
        nn.init.constant_(lin.weight, 1.5);
        nn.init.constant_(lin.bias!, -2.0);
        var bytes = Saved(lin);
        var expected = new List<byte>();
        expected.AddRange(Encoding.ASCII.GetBytes("SYMTORCH"));
        expected.Add(1);                                   // format version
        expected.Add(2);                                   // entry count
        expected.Add(6); expected.AddRange(Encoding.UTF8.GetBytes("weight"));
        expected.Add(6);                                   // Float32
        expected.Add(2); expected.Add(1); expected.Add(2); // rank 2, shape [1, 2]
        expected.AddRange(BitConverter.GetBytes(1.5f)); expected.AddRange(BitConverter.GetBytes(1.5f));
        expected.Add(4); expected.AddRange(Encoding.UTF8.GetBytes("bias"));
        expected.Add(6);
        expected.Add(1); expected.Add(1);                  // rank 1, shape [1]
        expected.AddRange(BitConverter.GetBytes(-2.0f));
        CollectionAssert.AreEqual(expected.ToArray(), bytes[..^4]);
        Assert.AreEqual(Crc32(bytes.AsSpan(9, bytes.Length - 13)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)));
    }

    // Bitwise reference CRC-32 (IEEE 802.3, as zlib), independent of the table-driven one under test.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    [TestMethod]
    public void WrongShapeThrowsNamingTheKeyAndShapesAndChangesNothing()
    {
        using var small = nn.Linear(3, 2);
        using var big = nn.Linear(4, 2);
        var before = Bytes(big.weight);
        using var ms = new MemoryStream(Saved(small));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => big.load(ms));
        StringAssert.Contains(e.Message, "size mismatch for weight");
        StringAssert.Contains(e.Message, "[2, 3]");
        StringAssert.Contains(e.Message, "[2, 4]");
        CollectionAssert.AreEqual(before, Bytes(big.weight));
    }

    [TestMethod]
    public void CorruptOrTruncatedStreamsThrowInvalidDataException()
    {
        using var a = Model(6);
        using var b = Model(7);
        var good = Saved(a);
        var baseline = TestMemory.Baseline();

        void Fails(byte[] data, string fragment)
        {
            using var ms = new MemoryStream(data);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => b.load(ms));
            StringAssert.Contains(e.Message, fragment);
        }

        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x40;
        Fails(flipped, "orrupt");
        Fails(good[..(good.Length / 2)], "runcated");
        Fails(good[..^2], "runcated");
        Fails(Encoding.ASCII.GetBytes("PK\u0003\u0004 not a state dict"), "Not a Symmetry.Torch state dict");
        Fails([], "Not a Symmetry.Torch state dict");
        var future = (byte[])good.Clone();
        future[8] = 99;
        Fails(future, "Unsupported state dict format version 99");
        var badDtype = (byte[])good.Clone();
        // The first entry's key "0.weight" (8 bytes) starts at offset 11; its dtype byte follows.
        Assert.AreEqual("0.weight", Encoding.UTF8.GetString(good, 11, 8));
        badDtype[19] = 42;
        Fails(badDtype, "unknown dtype code 42");
        Assert.AreEqual(baseline, Tensor.TotalCount, "tensors read before the failure are released");
    }

    [TestMethod]
    public void AStateDictEmbedsInALargerStream()
    {
        using var a = Model(8);
        using var b = Model(9);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("header");
            a.save(w);
            w.Write(12345);
        }
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        Assert.AreEqual("header", r.ReadString());
        b.load(r);
        Assert.AreEqual(12345, r.ReadInt32());
        CollectionAssert.AreEqual(Bytes(((Modules.Linear)a[3]).weight), Bytes(((Modules.Linear)b[3]).weight));
    }
}
