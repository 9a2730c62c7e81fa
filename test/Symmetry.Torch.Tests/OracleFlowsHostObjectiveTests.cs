using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The host-array objective of small linear generators against the term-by-term losses of <see cref="FlowLosses"/> under autograd.</summary>
[TestClass]
public sealed class OracleFlowsHostObjectiveTests
{
    // A non-polynomial oracle with two outputs, so the invariance is not special to ‖x‖².
    private static Tensor TwoOutputs(Tensor x) => stack([x.pow(2).sum(1), x.select(1, 0).sin() * x.select(1, 2)], 1);

    private const double Eps = 1e-3, HNorm = 0.7, HOrth = 1.3, HClos = 0.4;

    [TestMethod]
    [DataRow(true, 3, 3, DisplayName = "so(3) shape, with closure")]
    [DataRow(false, 3, 3, DisplayName = "so(3) shape, without closure")]
    [DataRow(true, 4, 5, DisplayName = "4 generators on R^5, with closure")]
    [DataRow(true, 1, 3, DisplayName = "one generator")]
    public void TermsAndGradientsMatchAutograd(bool closure, int n, int d)
    {
        using var scope = NewDisposeScope();
        const int rows = 7;
        var pairs = Math.Max(1, n * (n - 1) / 2);
        var gen = new Generator(21);
        var x = randn([rows, d], float64, generator: gen);
        using var g = new FlowGenerators(GeneratorKind.Linear, n, d, [], gen);
        var structure = (randn([pairs, n], float64, generator: gen) * 0.3).requires_grad_(true);
        var weight = g.Weight;
        var withClosure = closure && n > 1;

        // Reference: FlowLosses term by term, differentiated by autograd.
        var fields = g.forward(x);
        var inv = FlowLosses.Invariance(TwoOutputs, x, fields, Eps).sum();
        var norm = FlowLosses.Normalization(g, fields);
        var orth = FlowLosses.Orthogonality(g, fields);
        var clos = withClosure ? FlowLosses.Closure(g, x, structure) : zeros([], float64);
        var total = inv + norm * HNorm + orth * HOrth + clos * HClos;
        var expected = new[] { inv, norm, orth, clos, total }.Select(t => t.item<double>()).ToArray();
        var inputs = withClosure ? new[] { weight, structure } : new[] { weight };
        var grads = torch.autograd.grad([total], inputs).Select(t => t.detach().clone()).ToArray();

        var reference = FlowLosses.CallOracle(TwoOutputs, x);
        using var objective = new LinearFlowHostObjective(n, d, (int)reference.shape[1], Eps, (HNorm, HOrth, HClos), withClosure);
        weight.grad?.zero_();
        var terms = objective.Backward(TwoOutputs, cat([x, reference], 1), weight, structure);
        for (var t = 0; t < 5; t++)
            // Same float64 sums in another order; the ε-expansion divides by ε² = 1e-6, so allow 1e-9 relative.
            Assert.AreEqual(expected[t], terms[t], 1e-9 * Math.Max(1, Math.Abs(expected[t])), $"term {t}");
        AssertClose(grads[0], weight.grad!, 1e-9);                                 // same derivatives, other order of sums (as above)
        if (withClosure) AssertClose(grads[1], structure.grad!, 1e-9);             // as above
        else Assert.IsNull(structure.grad, "without closure the constants get no gradient");
    }

    [TestMethod]
    public void AccumulatesIntoAnExistingGradientAndMatchesTheTensorObjective()
    {
        // The same step through LinearFlowObjective (libtorch kernels) and here, both adding to gradients already set.
        using var scope = NewDisposeScope();
        const int n = 3, d = 3, rows = 11;
        var gen = new Generator(22);
        var x = randn([rows, d], float64, generator: gen);
        using var g = new FlowGenerators(GeneratorKind.Linear, n, d, [], gen);
        var structure = (randn([3, n], float64, generator: gen) * 0.3).requires_grad_(true);
        var weight = g.Weight;
        var reference = FlowLosses.CallOracle(TwoOutputs, x);
        var startW = randn([n, d, d], float64, generator: gen);
        var startA = randn([3, n], float64, generator: gen);

        weight.grad = startW.clone();
        structure.grad = startA.clone();
        using var tensors = new LinearFlowObjective(n, d, 2, Eps, (HNorm, HOrth, HClos), true, x.device);
        var expected = tensors.Backward(TwoOutputs, x, x.repeat(1, n), reference.repeat(1, n), weight, structure).data<double>().ToArray();
        var expectedW = weight.grad!.detach().clone();
        var expectedA = structure.grad!.detach().clone();

        weight.grad = startW.clone();
        structure.grad = startA.clone();
        using var host = new LinearFlowHostObjective(n, d, 2, Eps, (HNorm, HOrth, HClos), true);
        var terms = host.Backward(TwoOutputs, cat([x, reference], 1), weight, structure);
        for (var t = 0; t < 5; t++)
            // Both float64, sums in other orders (1e-9 relative as above).
            Assert.AreEqual(expected[t], terms[t], 1e-9 * Math.Max(1, Math.Abs(expected[t])), $"term {t}");
        AssertClose(expectedW, weight.grad!, 1e-9);      // as above
        AssertClose(expectedA, structure.grad!, 1e-9);   // as above
    }

    [TestMethod]
    [DataRow(true, DisplayName = "with closure")]
    [DataRow(false, DisplayName = "without closure")]
    public void ChunkedRowsEqualOneChunk(bool closure)
    {
        // Many rows go to the oracle a chunk at a time (3, 3 and 1 rows here) to keep its graph small.
        using var scope = NewDisposeScope();
        const int n = 3, d = 3, rows = 7;
        var gen = new Generator(23);
        var x = randn([rows, d], float64, generator: gen);
        using var g = new FlowGenerators(GeneratorKind.Linear, n, d, [], gen);
        var structure = (randn([3, n], float64, generator: gen) * 0.3).requires_grad_(true);
        var weight = g.Weight;
        var points = cat([x, FlowLosses.CallOracle(TwoOutputs, x)], 1);
        using var whole = new LinearFlowHostObjective(n, d, 2, Eps, (HNorm, HOrth, HClos), closure);
        var one = whole.Backward(TwoOutputs, points, weight, structure);
        var gw = weight.grad!.detach().clone();
        var ga = closure ? structure.grad!.detach().clone() : null;
        weight.grad!.zero_();
        structure.grad?.zero_();
        using var chunked = new LinearFlowHostObjective(n, d, 2, Eps, (HNorm, HOrth, HClos), closure, chunkRows: 3);
        var parts = chunked.Backward(TwoOutputs, points, weight, structure);
        for (var t = 0; t < 5; t++)
            // The same sums split per chunk: float64 rounding only (1e-12 relative is ample).
            Assert.AreEqual(one[t], parts[t], 1e-12 * Math.Max(1, Math.Abs(one[t])), $"term {t}");
        AssertClose(gw, weight.grad!, 1e-12);                         // as above
        if (ga is not null) AssertClose(ga, structure.grad!, 1e-12);  // as above
    }

    [TestMethod]
    public void BatchesOfOtherLengthsAndNonContiguousRows()
    {
        // The shifted-point buffers are kept between steps: a batch of another length (a shuffle's last, shorter
        // batch) must get buffers of its own length, and a transposed (non-contiguous) copy of the rows the same terms.
        using var scope = NewDisposeScope();
        const int n = 3, d = 3;
        var gen = new Generator(24);
        var x = randn([9, d], float64, generator: gen);
        using var g = new FlowGenerators(GeneratorKind.Linear, n, d, [], gen);
        var structure = (randn([3, n], float64, generator: gen) * 0.3).requires_grad_(true);
        var points = cat([x, FlowLosses.CallOracle(TwoOutputs, x)], 1);
        using var fresh = new LinearFlowHostObjective(n, d, 2, Eps, (HNorm, HOrth, HClos), true);
        using var reused = new LinearFlowHostObjective(n, d, 2, Eps, (HNorm, HOrth, HClos), true);
        _ = reused.Backward(TwoOutputs, points, g.Weight, structure);
        var head = points.narrow(0, 0, 4);
        var expected = fresh.Backward(TwoOutputs, head, g.Weight, structure);
        var actual = reused.Backward(TwoOutputs, head.t().contiguous().t(), g.Weight, structure);
        Assert.IsFalse(head.t().contiguous().t().is_contiguous());
        // Same inputs, same code: bit for bit.
        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    [DataRow(0L, DisplayName = "one chunk")]
    [DataRow(4L, DisplayName = "chunks of 4 rows")]
    public void StepsLeaveNoTensorsBehind(long chunkRows)
    {
        // Outside any dispose scope: every tensor a step makes must be freed by the step itself (the training loop's
        // scope would hide a leak), so the count of live tensors is the same after 10 more steps.
        var gen = new Generator(27);
        using var x = randn([9, 3], float64, generator: gen);
        using var reference = FlowLosses.CallOracle(TwoOutputs, x);
        using var points = cat([x, reference], 1);
        using var g = new FlowGenerators(GeneratorKind.Linear, 3, 3, [], gen);
        using var structure = zeros([3, 3], float64).requires_grad_(true);
        using var objective = chunkRows > 0
            ? new LinearFlowHostObjective(3, 3, 2, Eps, (HNorm, HOrth, HClos), true, chunkRows)
            : new LinearFlowHostObjective(3, 3, 2, Eps, (HNorm, HOrth, HClos), true);
        _ = objective.Backward(TwoOutputs, points, g.Weight, structure);     // makes the kept buffers and sets .grad
        var before = Tensor.TotalCount;
        for (var step = 0; step < 10; step++) _ = objective.Backward(TwoOutputs, points, g.Weight, structure);
        Assert.AreEqual(before, Tensor.TotalCount);
    }

    [TestMethod]
    public void OracleChangingItsWidthIsNamed()
    {
        using var scope = NewDisposeScope();
        var x = randn([5, 3], float64, generator: new Generator(25));
        using var g = new FlowGenerators(GeneratorKind.Linear, 2, 3, [], new Generator(26));
        var structure = zeros([1, 2], float64).requires_grad_(true);
        using var objective = new LinearFlowHostObjective(2, 3, 2, Eps, (1, 1, 1), true);
        var e = Assert.ThrowsExactly<ArgumentException>(() => objective.Backward(v => v.pow(2).sum(1), cat([x, x.narrow(1, 0, 2)], 1), g.Weight, structure));
        Assert.AreEqual("Oracle", e.ParamName);
    }

    [TestMethod]
    public void AppliesToSmallGeneratorsOnTheCpu()
    {
        Assert.IsTrue(LinearFlowHostObjective.Applies(CPU, 3, 3, true));          // the so(3) demo
        Assert.IsTrue(LinearFlowHostObjective.Applies(CPU, 8, 4, true));          // 28 brackets of 4 × 4 matrices
        Assert.IsFalse(LinearFlowHostObjective.Applies(CPU, 28, 3, true));        // 378 brackets, each against 28 generators
        Assert.IsFalse(LinearFlowHostObjective.Applies(CPU, 2, 16, false));       // 512 multiply-adds per row
        Assert.IsFalse(LinearFlowHostObjective.Applies(new Device(DeviceType.CUDA, 0), 3, 3, true));
    }

    private static void AssertClose(Tensor expected, Tensor actual, double relative)
    {
        var scale = Math.Max(1, expected.abs().max().item<double>());
        var diff = (expected - actual).abs().max().item<double>();
        Assert.IsLessThan(relative * scale, diff, $"max |Δ| = {diff}");
    }
}
