using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>Regression tests for bad input found in review: each once crashed, corrupted state or threw the wrong exception.</summary>
[TestClass]
public sealed class TorchRobustnessTests
{
    [TestMethod]
    public void GradientOfAnotherShapeDtypeOrDeviceIsRejectedOnAssignment()
    {
        using var scope = NewDisposeScope();
        var w = ones([2, 2], requires_grad: true);
        // Accepted before: an optimizer then broadcast the [1] gradient over every weight.
        var e = Assert.ThrowsExactly<TorchException>(() => w.grad = ones(1));
        Assert.AreEqual("assigned grad has data of a different size: the tensor is [2, 2] but the gradient is [1]", e.Message);
        e = Assert.ThrowsExactly<TorchException>(() => w.grad = ones([2, 2], ScalarType.Float64));
        Assert.AreEqual("assigned grad has data of a different type: the tensor is Float but the gradient is Double", e.Message);
        Assert.IsNull(w.grad, "a rejected gradient is not stored");
        // A matching gradient, and clearing it, still work.
        w.grad = full([2, 2], 3.0f);
        Assert.AreEqual(3f, w.grad!.sum().item<float>() / 4);
        w.grad = null;
        Assert.IsNull(w.grad);
    }

    [TestMethod]
    public void UnflattenOfAZeroDimTensorThrowsInsteadOfReadingPastItsShape()
    {
        using var scope = NewDisposeScope();
        // Was undefined behaviour in the shim (an iterator past the empty size list), surfacing as "vector::_M_range_insert".
        var e = Assert.ThrowsExactly<TorchException>(() => tensor(1f).unflatten(0, 1));
        Assert.AreEqual("unflatten() cannot be applied to a 0-dim tensor.", e.Message);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, ones(6).unflatten(0, 2, 3).shape);
    }

    [TestMethod]
    public void AdamAfterConvertingTheModuleNamesTheStaleStateInsteadOfAnInternalAssert()
    {
        using var scope = NewDisposeScope();
        using var layer = nn.Linear(2, 2);
        using var opt = optim.Adam(layer.parameters());
        layer.call(ones(1, 2)).sum().backward();
        opt.step();
        layer.to(ScalarType.Float64);
        layer.call(ones([1, 2], ScalarType.Float64)).sum().backward();
        // Was "!needs_dynamic_casting<func_t>::check(iter) INTERNAL ASSERT FAILED ... please report a bug to PyTorch".
        var e = Assert.ThrowsExactly<TorchException>(() => opt.step());
        Assert.AreEqual("Adam: the state of parameter 0 is Float [2, 2] on cpu but the parameter is now Double [2, 2] on cpu; " +
                        "move or convert the module before creating its optimizer (or create a new optimizer).", e.Message);
    }

    [TestMethod]
    public void StridesOfATensorWithMoreThanSixteenDimensions()
    {
        using var scope = NewDisposeScope();
        var t = ones(Enumerable.Repeat(1L, 19).Append(3).ToArray());
        // Was ArgumentOutOfRangeException from a fixed 16-entry buffer.
        var strides = t.stride();
        Assert.AreEqual(20, strides.Length);
        Assert.AreEqual(1L, strides[^1]);
        Assert.AreEqual(3L, strides[0]);
    }

    [TestMethod]
    public void EmptyTwoDimensionalArraysGiveEmptyTensors()
    {
        using var scope = NewDisposeScope();
        // Was IndexOutOfRangeException from taking a reference to element [0, 0].
        CollectionAssert.AreEqual(new long[] { 0, 3 }, tensor(new float[0, 3]).shape);
        CollectionAssert.AreEqual(new long[] { 4, 0 }, tensor(new double[4, 0]).shape);
        Assert.ThrowsExactly<ArgumentNullException>(() => tensor((float[,])null!));
    }

    [TestMethod]
    public void EyeRejectsANegativeColumnCount()
    {
        // −1 means "square"; other negative counts were silently read as −1.
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => eye(2, -5));
        Assert.AreEqual("m", e.ParamName);
        using var square = eye(2);
        CollectionAssert.AreEqual(new long[] { 2, 2 }, square.shape);
    }

    [TestMethod]
    public void NullTensorArgumentsThrowArgumentNullExceptionNamingTheParameter()
    {
        using var scope = NewDisposeScope();
        var a = ones(2);
        Tensor? none = null;
        // All were NullReferenceException.
        Assert.AreEqual("other", Assert.ThrowsExactly<ArgumentNullException>(() => a.add(none!)).ParamName);
        Assert.AreEqual("other", Assert.ThrowsExactly<ArgumentNullException>(() => a * none!).ParamName);
        Assert.AreEqual("a", Assert.ThrowsExactly<ArgumentNullException>(() => none! + a).ParamName);
        Assert.AreEqual("input", Assert.ThrowsExactly<ArgumentNullException>(() => exp(none!)).ParamName);
        Assert.AreEqual("input", Assert.ThrowsExactly<ArgumentNullException>(() => zeros_like(none!)).ParamName);
        Assert.AreEqual("target", Assert.ThrowsExactly<ArgumentNullException>(() => nn.functional.mse_loss(a, none!)).ParamName);
        Assert.AreEqual("shape", Assert.ThrowsExactly<ArgumentNullException>(() => a.view(null!)).ParamName);
        Assert.AreEqual("tensors", Assert.ThrowsExactly<ArgumentNullException>(() => cat(null!)).ParamName);
        var inList = Assert.ThrowsExactly<ArgumentException>(() => stack([a, none!]));
        Assert.AreEqual("tensors[1] is null; every element must be a tensor. (Parameter 'tensors')", inList.Message);
        Assert.ThrowsExactly<ArgumentException>(() => einsum("i->i", none!));
        Assert.ThrowsExactly<ArgumentException>(() => autograd.grad([a.sum()], [none!]));
    }

    [TestMethod]
    public void OutOfRangeIndexingOutsideAnyScopeLeaksNoIntermediateView()
    {
        using var t = ones(3, 4);
        var before = TestMemory.Baseline();
        // The alias / first selection made before the failing step used to stay alive until finalization.
        Assert.ThrowsExactly<TorchException>(() => t[1, 9]);
        Assert.ThrowsExactly<TorchException>(() => t[TensorIndex.Ellipsis, TensorIndex.None, 7]);
        Assert.ThrowsExactly<TorchException>(() => t[TensorIndex.Slice(0, 2), 4]);
        Assert.AreEqual(before, Tensor.TotalCount);
        using var ok = t[TensorIndex.Slice(0, 2), TensorIndex.Ellipsis, 3];
        CollectionAssert.AreEqual(new long[] { 2 }, ok.shape);
    }

    [TestMethod]
    public void TensorsNeverJoinAScopeThatWasClosedOutOfOrderOrFromAnotherThread()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var scope = NewDisposeScope();
        var closer = new Thread(scope.Dispose);
        closer.Start();
        closer.Join();
        // This thread's innermost scope is now closed; a tensor created here used to be added to it and never disposed.
        var t = ones(2);
        Assert.AreEqual(0, scope.DisposablesCount);
        using (var live = NewDisposeScope())
        {
            var u = ones(2);
            Assert.AreEqual(1, live.DisposablesCount);
            // Moving out of `live` skips the closed scope: the caller owns the tensor.
            u.MoveToOuterDisposeScope();
            Assert.AreEqual(0, live.DisposablesCount);
            Assert.AreEqual(0, scope.DisposablesCount);
            u.Dispose();
        }
        Assert.IsFalse(t.IsInvalid);
        t.Dispose();
    }
}
