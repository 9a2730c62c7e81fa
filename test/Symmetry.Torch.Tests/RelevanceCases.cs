using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// The held-out LatentRelevance cases of docs/reproduction.md (issue 20): used by BetaScanTests and, compiled in, by
/// eng/measure (the measurement behind the table).
/// </summary>
internal static class RelevanceCases
{
    // Held-out cases, standardised per column (as the estimator does by default): rows × D float32.
    public static Tensor Case(string name, int rows, int seed)
    {
        var rng = new Random(seed);
        double N() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        // A fixed random 5 × 2 (or 10 × k) embedding for the linear and R¹⁰ cases.
        var embed = Enumerable.Range(0, 10 * 6).Select(_ => N()).ToArray();
        var list = new List<double[]>();
        for (var r = 0; r < rows; r++)
        {
            double u = rng.NextDouble(), v = rng.NextDouble();
            double[] row = name switch
            {
                // A 2-D plane in R⁵ with isotropic noise of 1 % of its spread.
                "plane5" => Enumerable.Range(0, 5).Select(k => embed[k] * (2 * u - 1) + embed[5 + k] * (2 * v - 1) + 0.01 * N()).ToArray(),
                "circle" => [Math.Cos(2 * Math.PI * u), Math.Sin(2 * Math.PI * u)],
                "arc" => [Math.Cos(Math.PI * u), Math.Sin(Math.PI * u)],                         // open curve: half circle
                "helix" => [Math.Cos(3 * Math.PI * u), Math.Sin(3 * Math.PI * u), 2 * u],        // open curve in R³
                "roll" => [(1 + 2 * u) * Math.Cos(3 * Math.PI * u), (1 + 2 * u) * Math.Sin(3 * Math.PI * u), 2 * v], // rolled open surface
                "circle10" => Enumerable.Range(0, 10).Select(k => embed[k] * Math.Cos(2 * Math.PI * u) + embed[10 + k] * Math.Sin(2 * Math.PI * u)
                                                               + 0.3 * embed[20 + k] * Math.Cos(4 * Math.PI * u) + 0.3 * embed[30 + k] * Math.Sin(4 * Math.PI * u)).ToArray(),
                _ => throw new ArgumentException(name),
            };
            list.Add(row);
        }
        var d = list[0].Length;
        var values = new float[rows * d];
        for (var k = 0; k < d; k++)
        {
            var mean = list.Average(x => x[k]);
            var std = Math.Sqrt(list.Average(x => (x[k] - mean) * (x[k] - mean)));
            for (var r = 0; r < rows; r++) values[r * d + k] = (float)((list[r][k] - mean) / std);
        }
        return tensor(values, [rows, d]);
    }
}
