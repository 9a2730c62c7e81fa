using Symmetry.Torch.Modules;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>
/// Call shapes that must resolve and behave as TorchSharp's do (docs/torchsharp-compatibility.md), so code moves to
/// TorchSharp by changing <c>using</c> lines. Each test pins one overload set or signature fixed in the fidelity review.
/// </summary>
[TestClass]
public sealed class TorchSharpCompatibilityTests
{
    [TestMethod]
    public void ArangeOverloadsResolveAndInferDtypesAsTorchSharp()
    {
        using var scope = NewDisposeScope();
        // (start, stop, step): integers give int64, any floating bound gives the default dtype.
        Assert.AreEqual(ScalarType.Int64, arange(0, 10, 2).dtype);
        Assert.AreEqual(ScalarType.Float32, arange(0, 5, 0.5).dtype);
        CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f, 1.5f }, arange(0, 2, 0.5).ToArray<float>());
        // (start, stop) and (stop), with and without a dtype.
        CollectionAssert.AreEqual(new[] { 2L, 3L, 4L }, arange(2, 5).ToArray<long>());
        CollectionAssert.AreEqual(new[] { 0.0, 1.0, 2.0 }, arange(0, 3, ScalarType.Float64).ToArray<double>());
        CollectionAssert.AreEqual(new[] { 0L, 1L, 2L }, arange(3L).ToArray<long>());
        Assert.AreEqual(ScalarType.Float32, arange(0.0, 5.0).dtype);
        Assert.AreEqual(ScalarType.Float64, arange(0, 3, 1, float64).dtype);
        // The reviewer's case: three doubles bind to (start, stop, step) and a NaN bound is libtorch's error, not a crash.
        var e = Assert.ThrowsExactly<TorchException>(() => arange(0.0, double.NaN, 1.0));
        StringAssert.Contains(e.Message, "unsupported range");
    }

    [TestMethod]
    public void ShapeFactoriesTakeDimensionsThenDtypeDeviceAndRequiresGrad()
    {
        using var scope = NewDisposeScope();
        // TorchSharp has no params overload: explicit 1-4 dimension overloads (long and int) plus long[] / ReadOnlySpan.
        var z = zeros(2, 3, dtype: ScalarType.Float64, requires_grad: true);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, z.shape);
        Assert.AreEqual(ScalarType.Float64, z.dtype);
        Assert.IsTrue(z.requires_grad);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, ones(1L, 2L, 3L, 4L, ScalarType.Int64).shape);
        CollectionAssert.AreEqual(new long[] { 5 }, empty(5, float64).shape);
        CollectionAssert.AreEqual(new long[] { 2, 2, 2, 2, 2 }, zeros(new long[] { 2, 2, 2, 2, 2 }, ScalarType.Int32).shape);
        CollectionAssert.AreEqual(new long[] { 3, 4 }, zeros(z.shape.Select(d => d + 1).ToArray()).shape);
        Assert.AreEqual(0, zeros(new long[0]).ndim, "an empty shape is a 0-D tensor");
        Assert.AreEqual("size", Assert.ThrowsExactly<ArgumentNullException>(() => zeros((long[])null!)).ParamName);

        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        var a = rand(3, 4, ScalarType.Float64, generator: g1);
        var b = rand(new long[] { 3, 4 }, ScalarType.Float64, generator: g2);
        CollectionAssert.AreEqual(a.ToArray<double>(), b.ToArray<double>());
        Assert.AreEqual(ScalarType.Float64, randn(2, 2, 2, float64).dtype);
    }

    [TestMethod]
    public void LikeFactoriesTakeDtypeDeviceAndRequiresGrad()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, 3);
        Assert.AreEqual(ScalarType.Float32, zeros_like(x).dtype);
        var z = zeros_like(x, ScalarType.Float64, requires_grad: true);
        Assert.AreEqual(ScalarType.Float64, z.dtype);
        Assert.IsTrue(z.requires_grad && z.is_leaf);
        Assert.AreEqual(2.0, ones_like(x, float64).sum().item<double>() / 3);
        Assert.AreEqual(ScalarType.Int64, full_like(x, 4, ScalarType.Int64).dtype);
        CollectionAssert.AreEqual(x.shape, empty_like(x, device: CPU).shape);
        using var g = new Generator(3);
        Assert.AreEqual(ScalarType.Float64, randn_like(x, ScalarType.Float64, generator: g).dtype);
        Assert.IsTrue(rand_like(x, requires_grad: true).requires_grad);
    }

    [TestMethod]
    public void BackwardTakesGradTensorsThenCreateGraphThenRetainGraph()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f }, requires_grad: true);
        var y = x * x;
        // A non-scalar output takes its gradient as a one-element list, as in TorchSharp.
        y.backward([tensor(new[] { 1f, 1f })], retain_graph: true);
        CollectionAssert.AreEqual(new[] { 2f, 4f }, x.grad!.ToArray<float>());
        // retain_graph kept the graph, so a second pass accumulates.
        y.backward([tensor(new[] { 1f, 1f })]);
        CollectionAssert.AreEqual(new[] { 4f, 8f }, x.grad!.ToArray<float>());
        Assert.AreEqual("grad_tensors", Assert.ThrowsExactly<ArgumentException>(() => (x * 3).sum().backward([ones(1), ones(1)])).ParamName);

        // create_graph (second positional argument) makes the gradient differentiable and keeps the graph.
        var w = tensor(3.0, requires_grad: true);
        (w * w * w).backward(null, true);
        var g = w.grad!;
        Assert.IsTrue(g.requires_grad);
        Assert.AreEqual(27.0, g.item<double>());
    }

    [TestMethod]
    public void StdVarProdCumsumTakeTorchSharpsOptionalDtype()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.AreEqual(ScalarType.Float64, x.std(1, type: ScalarType.Float64).dtype);
        Assert.AreEqual(ScalarType.Float64, torch.std(x, 1L, true, false, ScalarType.Float64).dtype);
        Assert.AreEqual(1.0, torch.var(x, 1L).mean().item<float>(), 1e-6);
        Assert.AreEqual(ScalarType.Float64, torch.var(x, new long[] { 0, 1 }, type: float64).dtype);
        Assert.AreEqual(ScalarType.Float64, torch.mean(x, new long[] { 1 }, false, float64).dtype);
        Assert.AreEqual(720.0, x.prod(float64).item<double>());
        Assert.AreEqual(ScalarType.Int64, torch.prod(x, 1, type: ScalarType.Int64).dtype);
        CollectionAssert.AreEqual(new[] { 1.0, 3.0, 6.0 }, x[0].cumsum(0, float64).ToArray<double>());
        // norm takes p as float, as TorchSharp.
        Assert.AreEqual(6f, torch.norm(x, 1, false, 1.0f)[0].item<float>());
    }

    [TestMethod]
    public void DeviceConstructorsAndFactoriesMatchTorchSharp()
    {
        var cuda1 = new Device(1);
        Assert.AreEqual(DeviceType.CUDA, cuda1.type);
        Assert.AreEqual(1, cuda1.index);
        Assert.AreEqual("cuda:2", new Device("cuda", 2).ToString());
        Assert.AreEqual("cuda:0", torch.device(0).ToString());
        Assert.AreEqual("cpu", torch.device("CPU", -1).ToString());
        Assert.AreEqual("cuda:3", torch.device(deviceType: DeviceType.CUDA, index: 3).ToString());
        Assert.AreEqual("cuda:1", new Device("cuda:1").ToString(), "one string is still a description");
        Assert.AreEqual("deviceType", Assert.ThrowsExactly<ArgumentException>(() => new Device("tpu", 0)).ParamName);
        using var t = ones(2);
        Assert.AreEqual("device", Assert.ThrowsExactly<ArgumentException>(() => t.cuda(CPU)).ParamName);
    }

    [TestMethod]
    public void TensorConversionOverloadsMatchTorchSharp()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, 3);
        var d = x.to(ScalarType.Float64, CPU);
        Assert.AreEqual(ScalarType.Float64, d.dtype);
        Assert.AreEqual(ScalarType.Float64, x.type_as(d).dtype);
        Assert.AreEqual(ScalarType.Float64, x.to(d).dtype);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, x.size());
        Assert.AreEqual(2L, x.Dimensions);
    }

    [TestMethod]
    public void SaveSkipsKeysAndAdamAcceptsNamedParameters()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        using var a = nn.Linear(2, 2, generator: g);
        using var b = nn.Linear(2, 2, generator: g);
        using var stream = new MemoryStream();
        a.save(stream, skip: ["bias"]);
        stream.Position = 0;
        var loaded = new Dictionary<string, bool>();
        b.load(stream, strict: false, loadedParameters: loaded);
        CollectionAssert.AreEquivalent(new[] { "weight" }, loaded.Keys.ToArray(), "the skipped key was not written");
        Assert.IsTrue(a.weight!.allclose(b.weight!));
        Assert.IsFalse(a.bias!.allclose(b.bias!));

        using var opt = optim.Adam(a.named_parameters(), lr: 0.1);
        Assert.AreEqual(2, opt.parameters().Count());
    }
}
