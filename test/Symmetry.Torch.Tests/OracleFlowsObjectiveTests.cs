using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The fused objective of linear generators against the term-by-term losses of <see cref="FlowLosses"/>.</summary>
[TestClass]
public sealed class OracleFlowsObjectiveTests
{
    // A non-polynomial oracle with two outputs, so the invariance is not special to ‖x‖².
    private static Tensor TwoOutputs(Tensor x) => stack([x.pow(2).sum(1), x.select(1, 0).sin() * x.select(1, 2)], 1);

    [TestMethod]
    [DataRow(true, DisplayName = "with closure")]
    [DataRow(false, DisplayName = "without closure")]
    public void TermsAndGradientsMatchTheTermByTermLosses(bool closure)
    {
        using var scope = NewDisposeScope();
        const int n = 3, d = 3, rows = 7;
        const double eps = 1e-3, hNorm = 0.7, hOrth = 1.3, hClos = 0.4;
        var gen = new Generator(11);
        var x = randn([rows, d], float64, generator: gen);
        using var g = new FlowGenerators(GeneratorKind.Linear, n, d, [], gen);
        var structure = (randn([3, n], float64, generator: gen) * 0.3).requires_grad_(true);
        var weight = g.Weight;

        // Reference: FlowLosses term by term, differentiated by autograd.
        var fields = g.forward(x);
        var inv = FlowLosses.Invariance(TwoOutputs, x, fields, eps).sum();
        var norm = FlowLosses.Normalization(g, fields);
        var orth = FlowLosses.Orthogonality(g, fields);
        var clos = closure ? FlowLosses.Closure(g, x, structure) : zeros([], float64);
        var total = inv + norm * hNorm + orth * hOrth + clos * hClos;
        var expectedTerms = new[] { inv, norm, orth, clos, total }.Select(t => t.item<double>()).ToArray();
        var (gw, ga) = Gradients(total, weight, structure, closure);

        // Fused: the oracle's values repeated per generator, as FlowTraining lays them out.
        var reference = FlowLosses.CallOracle(TwoOutputs, x);
        using var objective = new LinearFlowObjective(n, d, (int)reference.shape[1], eps, (hNorm, hOrth, hClos), closure, x.device);
        weight.grad?.zero_();
        structure.grad?.zero_();
        var terms = objective.Backward(TwoOutputs, x, x.repeat(1, n), reference.repeat(1, n), weight, structure).data<double>().ToArray();
        for (var t = 0; t < 5; t++)
            // Same float64 sums in another order; the ε-expansion divides by ε² = 1e-6, so allow 1e-9 relative.
            Assert.AreEqual(expectedTerms[t], terms[t], 1e-9 * Math.Max(1, Math.Abs(expectedTerms[t])), $"term {t}");
        // Gradients: same derivatives, summed in another order (relative 1e-9 as above).
        AssertClose(gw, weight.grad!, 1e-9);
        if (closure) AssertClose(ga!, structure.grad!, 1e-9);
        else Assert.IsTrue(structure.grad is null || structure.grad.abs().max().item<double>() == 0, "without closure the constants get no gradient");
    }

    [TestMethod]
    [DataRow(true, DisplayName = "with closure")]
    [DataRow(false, DisplayName = "without closure")]
    public void ChunkedBackwardEqualsOneBatch(bool closure)
    {
        // A full batch of many rows is summed chunk by chunk (3, 3 and 1 rows here) to keep memory flat in rows.
        using var scope = NewDisposeScope();
        const int n = 3, d = 3, rows = 7;
        var gen = new Generator(12);
        var x = randn([rows, d], float64, generator: gen);
        using var g = new FlowGenerators(GeneratorKind.Linear, n, d, [], gen);
        var structure = (randn([3, n], float64, generator: gen) * 0.3).requires_grad_(true);
        var weight = g.Weight;
        var reference = FlowLosses.CallOracle(TwoOutputs, x);
        using var objective = new LinearFlowObjective(n, d, (int)reference.shape[1], 1e-3, (0.7, 1.3, 0.4), closure, x.device);
        var whole = objective.Backward(TwoOutputs, x, x.repeat(1, n), reference.repeat(1, n), weight, structure).data<double>().ToArray();
        var gw = weight.grad!.detach().clone();
        var ga = closure ? structure.grad!.detach().clone() : null;
        weight.grad!.zero_();
        structure.grad?.zero_();
        var chunked = objective.BackwardInChunks(TwoOutputs, x, reference, weight, structure, chunkRows: 3).data<double>().ToArray();
        for (var t = 0; t < 5; t++)
            // The same float64 terms, the invariance mean summed per chunk: the differences of the oracle, O(ε), carry
            // the sums' rounding (1e-16 relative) up by 1/ε = 1e3 at most, far inside 1e-9 relative.
            Assert.AreEqual(whole[t], chunked[t], 1e-9 * Math.Max(1, Math.Abs(whole[t])), $"term {t}");
        AssertClose(gw, weight.grad!, 1e-9);      // the same gradient summed per chunk (as above)
        if (ga is not null) AssertClose(ga, structure.grad!, 1e-9);  // the same gradient summed per chunk (as above)
    }

    [TestMethod]
    [DataRow(GeneratorKind.Linear)]
    [DataRow(GeneratorKind.Neural)]
    public void ChunkedAnalysisEqualsOnePass(GeneratorKind kind)
    {
        // The held-out rows are measured chunk by chunk (7 rows here, 50 rows in all) to keep memory flat in rows.
        using var scope = NewDisposeScope();
        const int n = 3, d = 3;
        var gen = new Generator(13);
        var valid = randn([50, d], float64, generator: gen);
        using var g = new FlowGenerators(kind, n, d, kind == GeneratorKind.Linear ? [] : [6], gen);
        foreach (var p in g.parameters()) p.requires_grad_(false);
        var result = new FlowTrainingResult(g, new double[3, n], [new EpochLosses(1, new Dictionary<string, double> { ["total"] = 1, ["closure"] = 0 })]);
        var mean = valid.mean([0], keepdim: true);
        var options = new OracleFlowsTrainingOptions();
        var whole = FlowAnalysis.Evaluate(result, TwoOutputs, valid, mean, options);
        var chunked = FlowAnalysis.Evaluate(result, TwoOutputs, valid, mean, options, chunkRows: 7);
        // Means over the rows as share-weighted sums of chunk means: float64 rounding (1e-16 relative) carried up by
        // at most 1/ε = 1e3 through the oracle's differences, far inside 1e-9 relative.
        static void Close(double[] expected, double[] actual, string what)
        {
            for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-9 * Math.Max(1, Math.Abs(expected[i])), $"{what} {i}");
        }
        Close(whole.Invariance, chunked.Invariance, "invariance");
        Close(whole.Relative, chunked.Relative, "relative invariance");
        Close(whole.FieldNorms, chunked.FieldNorms, "field norm");
        Close(whole.Orthogonality.Cast<double>().ToArray(), chunked.Orthogonality.Cast<double>().ToArray(), "orthogonality");
        Assert.AreEqual(whole.AllSymmetries, chunked.AllSymmetries);
    }

    private static (Tensor W, Tensor? A) Gradients(Tensor total, Tensor weight, Tensor structure, bool closure)
    {
        var inputs = closure ? new[] { weight, structure } : new[] { weight };
        var grads = torch.autograd.grad([total], inputs);
        return (grads[0].detach().clone(), closure ? grads[1].detach().clone() : null);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double relative)
    {
        var scale = Math.Max(1, expected.abs().max().item<double>());
        var diff = (expected - actual).abs().max().item<double>();
        Assert.IsLessThan(relative * scale, diff, $"max |Δ| = {diff}");
    }
}
