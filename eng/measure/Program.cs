// The by-hand measurements behind docs/reproduction.md's issue-20 tables (minutes each; not part of the tests):
//   dotnet run --project eng/measure -c Release -- relevance [cases] [betas] [epochs]
//        cases: plane5,circle,arc,helix,roll,circle10 (default plane5); betas default 0.01,0.1,0.5,2; epochs default 10
//   dotnet run --project eng/measure -c Release -- long-axis [cases] [epochs] [batch] [unitRms]
//        cases: HxW then x or y, e.g. 12x24x,24x12y,36x36x (default 12x24x); epochs 20; batch 32; unitRms False,True
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using Microsoft.ML.Symmetry.Torch.Tests;
using static TorchSharp.torch;

SymmetryTorch.EnsureAvailable();
string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;
switch (Arg(0, ""))
{
    case "relevance":
    {
        var betas = Arg(2, "0.01,0.1,0.5,2").Split(',').Select(double.Parse).ToArray();
        var epochs = int.Parse(Arg(3, "10"));
        foreach (var c in Arg(1, "plane5").Split(','))
        {
            using var data = RelevanceCases.Case(c, 2000, seed: 11);
            var options = new LatentRelevanceTrainingOptions { Epochs = epochs, BatchSize = 128, Runs = 3 };
            foreach (var p in BetaScan.Run(data, options, betas, 100, CPU, new TrainingLoop(null, null, CancellationToken.None)))
                Console.WriteLine($"{c} D={data.shape[1]} β={p.Beta} count={p.IntrinsicDimension} perRun=[{string.Join(",", p.PerRunDimension)}] relevance=[{string.Join(", ", p.MedianRelevance.Select(v => v.ToString("G3")))}]");
        }
        return 0;
    }
    case "long-axis":
    {
        var epochs = int.Parse(Arg(2, "20"));
        var batch = int.Parse(Arg(3, "32"));
        var units = Arg(4, "False,True").Split(',').Select(bool.Parse).ToArray();
        foreach (var cs in Arg(1, "12x24x").Split(','))
        {
            var parts = cs.Split('x');
            int h = int.Parse(parts[0]), w = int.Parse(parts[1]);
            var x = parts[2] == "";
            foreach (var unit in units)
                for (var seed = 1; seed <= 5; seed++)
                {
                    var (c, a) = LongAxis.Run(h, w, x, seed, unit, epochs, batch);
                    Console.WriteLine($"{h}x{w} {(x ? "x" : "y")} unit={unit} seed={seed} cos={c:F3} a=[{string.Join(", ", a.Select(v => v.ToString("F2")))}]");
                }
        }
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: dotnet run --project eng/measure -c Release -- relevance|long-axis [arguments] (see the file's first lines)");
        return 2;
}

/// <summary>LieDetector on translations along one image axis (issue 20, item 3): the |cos| of the learnt pixel-unit generator with the translation.</summary>
internal static class LongAxis
{
    // Pairs of images with two Gaussian blobs (σ = 1.5 px) at random places, y = x moved by t ∈ [−2, 2] pixels along
    // x (alongX) or y; the blobs stay ≥ 4 px from the edges so nothing leaves the frame.
    public static float[] Pairs(int height, int width, bool alongX, int rows, int seed)
    {
        var rng = new Random(seed);
        var p = height * width;
        var data = new float[rows * 2 * p];
        for (var r = 0; r < rows; r++)
        {
            var t = rng.NextDouble() * 4 - 2;
            var blobs = Enumerable.Range(0, 2).Select(_ => (X: 4 + rng.NextDouble() * (width - 9), Y: 4 + rng.NextDouble() * (height - 9))).ToArray();
            for (var i = 0; i < height; i++)
                for (var j = 0; j < width; j++)
                {
                    double before = 0, after = 0;
                    foreach (var (bx, by) in blobs)
                    {
                        before += Gauss(j, i, bx, by);
                        after += alongX ? Gauss(j, i, bx + t, by) : Gauss(j, i, bx, by + t);
                    }
                    data[r * 2 * p + i * width + j] = (float)before;
                    data[r * 2 * p + p + i * width + j] = (float)after;
                }
        }
        return data;
    }

    private static double Gauss(double x, double y, double x0, double y0) => Math.Exp(-((x - x0) * (x - x0) + (y - y0) * (y - y0)) / (2 * 1.5 * 1.5));

    // |cos| of the learnt pixel-unit generator with the translation along the moving axis, for one seed.
    public static (double Cosine, double[] Coefficients) Run(int height, int width, bool alongX, int seed, bool unitRms, int epochs, int batch)
    {
        using var scope = NewDisposeScope();
        var data = Pairs(height, width, alongX, rows: 256, seed);
        using var pairs = tensor(data, [256, 2 * height * width]);
        var options = new LieDetectorTrainingOptions { Epochs = epochs, BatchSize = batch, UnitRmsFields = unitRms };
        var (model, _) = LieDetectorTraining.Train(pairs, height, width, options, seed, new TrainingLoop(null, null, CancellationToken.None));
        using (model)
        {
            var a = model.PixelCoefficients();
            return (Math.Abs(alongX ? a[0] : a[3]), a);
        }
    }

}
