using System.Globalization;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>The outcome of one gradient check: the worst element and where it was.</summary>
internal sealed record GradCheckResult(double WorstExcess, int Input, long Element, double Analytic, double Numeric, long Checked)
{
    /// <summary>True when every element was within atol + rtol·|numeric|.</summary>
    public bool Passed => WorstExcess <= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"worst at input {Input}, element {Element}: autograd {Analytic:R} vs finite difference {Numeric:R} (excess over tolerance {WorstExcess:G3}; {Checked} elements checked)");
}

/// <summary>
/// Float64 finite-difference gradient check. The function's output is projected on a fixed random vector v
/// (s = Σ v·f(x)); autograd's ∂s/∂x is compared, element by element, with the central difference
/// (s(x + h·eᵢ) − s(x − h·eᵢ)) / 2h. A random projection checks every output's contribution with probability one,
/// at the cost of 2·numel(x) evaluations instead of numel(x)·numel(f).
/// </summary>
internal static class GradCheck
{
    // Central differences in float64: truncation error ~h²·f‴ ≈ 1e-12 and round-off ~1e-16/h ≈ 1e-10, so 1e-6 is the sweet spot.
    public const double DefaultEps = 1e-6;
    // Allows the ~1e-9 finite-difference error with two orders of margin; real gradient bugs are O(1).
    public const double DefaultAtol = 1e-6;
    public const double DefaultRtol = 1e-5;

    /// <summary>Runs the check; inputs must be float64 (they are copied into fresh leaves).</summary>
    public static GradCheckResult Run(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = DefaultEps, double atol = DefaultAtol,
                                      double rtol = DefaultRtol, ulong seed = 1234)
    {
        foreach (var t in inputs)
            if (t.dtype != ScalarType.Float64) throw new ArgumentException($"GradCheck needs float64 inputs, got {t.dtype}.", nameof(inputs));
        var values = inputs.Select(t => t.detach().contiguous().ToArray<double>()).ToArray();
        var shapes = inputs.Select(t => t.shape).ToArray();

        double[] v;
        double[][] analytic;
        using (NewDisposeScope())
        {
            var xs = Leaves(values, shapes, -1, -1, 0);
            var y = f(xs);
            if (y.dtype != ScalarType.Float64) throw new ArgumentException($"GradCheck needs a float64 output, got {y.dtype}.", nameof(f));
            using var g = new Generator(seed);
            var vt = randn(y.shape, ScalarType.Float64, generator: g);
            v = vt.ToArray<double>();
            var s = (y * vt).sum();
            var grads = autograd.grad([s], xs, allow_unused: true);
            analytic = grads.Select((gr, i) => gr is null ? new double[values[i].Length] : gr.contiguous().ToArray<double>()).ToArray();
        }

        var worst = new GradCheckResult(double.NegativeInfinity, -1, -1, 0, 0, 0);
        long count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values[i].Length; j++)
            {
                var plus = Project(f, values, shapes, i, j, eps, v);
                var minus = Project(f, values, shapes, i, j, -eps, v);
                var numeric = (plus - minus) / (2 * eps);
                var a = analytic[i][j];
                var excess = Math.Abs(a - numeric) - (atol + rtol * Math.Abs(numeric));
                if (double.IsNaN(excess)) excess = double.PositiveInfinity;
                count++;
                if (excess > worst.WorstExcess) worst = worst with { WorstExcess = excess, Input = i, Element = j, Analytic = a, Numeric = numeric };
            }
        }
        return worst with { Checked = count };
    }

    /// <summary>Asserts that autograd matches finite differences, naming the worst element on failure.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = DefaultEps, double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        var r = Run(f, inputs, eps, atol, rtol);
        Assert.IsTrue(r.Checked > 0, "GradCheck checked no elements.");
        Assert.IsTrue(r.Passed, r.ToString());
    }

    /// <summary>
    /// Checks second derivatives: the gradient of s = Σ v·f(x) taken with create_graph is itself checked against
    /// finite differences, i.e. autograd's Hessian-vector products are verified.
    /// </summary>
    public static void CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = DefaultEps, double atol = 1e-5, double rtol = 1e-4)
    {
        Tensor FirstGrad(Tensor[] xs)
        {
            var y = f(xs);
            using var g = new Generator(99);
            var v = randn(y.shape, ScalarType.Float64, generator: g);
            var s = (y * v).sum();
            var grads = autograd.grad([s], xs, create_graph: true, allow_unused: true);
            // Concatenate all first derivatives so the second-order check covers every mixed partial.
            var flat = grads.Select((gr, i) => (gr ?? zeros_like(xs[i])).reshape(-1)).ToArray();
            return cat(flat);
        }
        Check(FirstGrad, inputs, eps, atol, rtol);
    }

    private static Tensor[] Leaves(double[][] values, long[][] shapes, int which, int element, double delta)
    {
        var xs = new Tensor[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var data = values[i];
            if (i == which)
            {
                data = (double[])data.Clone();
                data[element] += delta;
            }
            xs[i] = tensor(data, shapes[i], requires_grad: true);
        }
        return xs;
    }

    private static double Project(Func<Tensor[], Tensor> f, double[][] values, long[][] shapes, int which, int element, double delta, double[] v)
    {
        // Evaluated with grad mode on (inputs are leaves) so that functions which themselves differentiate work.
        using var scope = NewDisposeScope();
        var y = f(Leaves(values, shapes, which, element, delta)).contiguous().detach().ToArray<double>();
        double s = 0;
        for (var k = 0; k < y.Length; k++) s += y[k] * v[k];
        return s;
    }
}
