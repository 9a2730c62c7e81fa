using static Symmetry.Torch.torch;
using F = Symmetry.Torch.torch.nn.functional;

namespace Symmetry.Torch.Tests;

/// <summary>Bad shapes, dtypes and devices become .NET exceptions with libtorch's message; the process survives.</summary>
[TestClass]
public sealed class ErrorTests
{
    [TestMethod]
    public void MatmulShapeMismatchThrowsWithShapesInMessage()
    {
        using var scope = NewDisposeScope();
        var a = ones(2, 3);
        var b = ones(4, 5);
        var e = Assert.ThrowsExactly<TorchException>(() => a.matmul(b));
        StringAssert.Contains(e.Message, "cannot be multiplied");
        StringAssert.Contains(e.Message, "2x3");
        Assert.ThrowsExactly<TorchException>(() => a.mm(b));
        Assert.ThrowsExactly<TorchException>(() => bmm(ones(2, 2, 3), ones(3, 3, 2)));
        Assert.ThrowsExactly<TorchException>(() => einsum("ij,jk->ik", a, b));
        Assert.ThrowsExactly<TorchException>(() => einsum("ij,->", a));
        Assert.ThrowsExactly<TorchException>(() => F.linear(a, ones(4, 4)));
    }

    [TestMethod]
    public void WrongDtypesThrow()
    {
        using var scope = NewDisposeScope();
        var f32 = ones(2, 2);
        var f64 = ones([2, 2], ScalarType.Float64);
        var e = Assert.ThrowsExactly<TorchException>(() => f32.mm(f64));
        StringAssert.Contains(e.Message, "Double");
        // Class targets must be integral; float targets of another shape are rejected.
        Assert.ThrowsExactly<TorchException>(() => F.nll_loss(f32, ones(2)));
        Assert.ThrowsExactly<TorchException>(() => f32.index_select(0, ones(1)));
        Assert.ThrowsExactly<TorchException>(() => linalg.matrix_exp(arange(4).reshape(2, 2)));
        // Reading values as the wrong .NET type is caught before any native call.
        Assert.ThrowsExactly<InvalidOperationException>(() => f32.ToArray<double>());
    }

    [TestMethod]
    public void BadArgumentsOfFunctionalsThrow()
    {
        using var scope = NewDisposeScope();
        var img = ones(1, 3, 4, 4);
        StringAssert.Contains(Assert.ThrowsExactly<TorchException>(() => F.conv2d(img, ones(2, 2, 3, 3))).Message, "channels");
        Assert.ThrowsExactly<TorchException>(() => F.dropout(img, 1.5));
        Assert.ThrowsExactly<TorchException>(() => F.pad(img, [5, 5], PaddingModes.Reflect));
        Assert.ThrowsExactly<TorchException>(() => F.pad(img, [1, 1, 1]));
        Assert.ThrowsExactly<TorchException>(() => F.grid_sample(img, zeros(2, 3, 3, 2)));
        Assert.ThrowsExactly<TorchException>(() => F.affine_grid(ones(1, 3, 3), [1, 1, 4, 4]));
        Assert.ThrowsExactly<TorchException>(() => F.max_pool2d(img, [5, 5]));
        Assert.ThrowsExactly<TorchException>(() => F.layer_norm(img, [3]));
        Assert.ThrowsExactly<TorchException>(() => F.cross_entropy(ones(2, 3), tensor(new long[] { 0, 7 })));
        Assert.ThrowsExactly<TorchException>(() => F.mse_loss(ones(2, 3), ones(4)));
        Assert.ThrowsExactly<ArgumentNullException>(() => F.affine_grid(ones(1, 2, 3)));
    }

    [TestMethod]
    public void SingularOrNonSquareMatricesThrow()
    {
        using var scope = NewDisposeScope();
        var singular = tensor(new double[,] { { 1, 2 }, { 2, 4 } });
        Assert.ThrowsExactly<TorchException>(() => linalg.inv(singular));
        Assert.ThrowsExactly<TorchException>(() => linalg.solve(singular, ones([2], ScalarType.Float64)));
        Assert.ThrowsExactly<TorchException>(() => linalg.matrix_exp(ones(2, 3)));
        Assert.ThrowsExactly<TorchException>(() => linalg.eigvals(ones(2, 3)));
        Assert.ThrowsExactly<TorchException>(() => linalg.norm(ones(2, 2), "bogus"));
        Assert.ThrowsExactly<TorchException>(() => fft.fft2(ones(4)));
    }

    [TestMethod]
    public void CudaOnCpuOnlyBuildThrowsClearException()
    {
        using var scope = NewDisposeScope();
        if (cuda.is_available())
        {
            // With a GPU the same calls must work instead.
            using var t = ones(2).to(CUDA);
            Assert.AreEqual(DeviceType.CUDA, t.device_type);
            return;
        }
        var e = Assert.ThrowsExactly<TorchException>(() => ones(2).to(CUDA));
        // libtorch's own words ("... not linked with support for cuda devices") name the device.
        StringAssert.Contains(e.Message.ToLowerInvariant(), "cuda");
        StringAssert.Contains(e.Message, "eng/build-native.sh"); // and ours say how to get a CUDA build
        Assert.ThrowsExactly<TorchException>(() => ones([2], device: CUDA));
        Assert.ThrowsExactly<TorchException>(() => tensor(new float[] { 1, 2 }, device: device("cuda:0")));
        Assert.AreEqual(0, cuda.device_count());
    }

    [TestMethod]
    public void UseAfterDisposeInFunctionalsThrowsObjectDisposed()
    {
        var x = ones(2, 2);
        var w = ones(2, 2);
        w.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => F.linear(x, w));
        Assert.ThrowsExactly<ObjectDisposedException>(() => einsum("ij->ji", w));
        x.Dispose();
    }

    [TestMethod]
    public void ProcessKeepsWorkingAfterManyErrorsAndLeaksNothing()
    {
        // Tensors leaked by earlier tests may be finalized meanwhile and lower the count: collect them first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.TotalCount;
        using (NewDisposeScope())
        {
            var a = ones(2, 3);
            for (var i = 0; i < 200; i++)
                Assert.ThrowsExactly<TorchException>(() => a.matmul(a));
            // The error slot is cleared by each call: a good call after a failed one succeeds.
            Assert.AreEqual(3.0, a.matmul(a.t())[0, 0].item<float>());
        }
        Assert.AreEqual(before, Tensor.TotalCount);
    }

    [TestMethod]
    public void AutogradMisuseThrowsInsteadOfCrashing()
    {
        using var scope = NewDisposeScope();
        var x = ones([3], ScalarType.Float64, requires_grad: true);
        // exp_ saves its result for backward; changing it afterwards is caught by autograd's version counter.
        var y = x * 2.0;
        y.exp_().Dispose();
        y.mul_(3.0).Dispose();
        StringAssert.Contains(Assert.ThrowsExactly<TorchException>(() => y.sum().backward()).Message, "inplace");
        // Non-scalar backward without a gradient, grad of an unused input, in-place on a leaf that requires grad.
        Assert.ThrowsExactly<TorchException>(() => (x * 2.0).backward());
        Assert.ThrowsExactly<TorchException>(() => autograd.grad([(x * 2.0).sum()], [ones([3], ScalarType.Float64, requires_grad: true)]));
        Assert.ThrowsExactly<TorchException>(() => x.add_(1.0));
        Assert.ThrowsExactly<TorchException>(() => F.relu(x, inplace: true));
    }
}
