// The by-hand measurements behind docs/reproduction.md's issue-20 tables (minutes each; not part of the tests):
//   dotnet run --project eng/measure -c Release -- relevance [cases] [betas] [epochs]
//        cases: plane5,circle,arc,helix,roll,circle10 (default plane5); betas default 0.01,0.1,0.5,2; epochs default 10
//   dotnet run --project eng/measure -c Release -- long-axis [cases] [epochs] [batch] [variants] [seeds]
//        cases: HxW then the motion x, y (translations), r (rotation) or s (scale), e.g. 12x24x,24x12y,36x36x,27x27r (default 12x24x); epochs 20; batch 32; variants (default
//        paper,method): paper (the t-network's t in α-matching, a ~ N(0, 1)), unitRms (paper with unit-RMS fields),
//        leastSquares (paper with the least-squares t*), unitStart (paper with a unit-vector start), random (least-squares t*, a
//        random unit-vector start), networkSpectral (the t-network's t, the spectral start), start (the spectral start
//        alone), method (the defaults: least-squares t*, the spectral start); seeds 1,2,3,4,5
//   dotnet run --project eng/measure -c Release -- long-axis-diag [cases] [epochs] [batch] [seeds] [every] [weights] [coefLr] [leastSquares] [unitStart]
//        the same data, printing a and the loss terms every `every` steps and, at the end, the α term of the found a,
//        the true translation and the stretch, with the model's t and with each pair's least-squares t*
//   dotnet run --project eng/measure -c Release -- symnist [transformation] [start] [seeds] [alphaMagnitude]
//        SyMNIST as samples/LieDetector trains it, e.g. `symnist Rotation Spectral 3,4,5 LeastSquares`: the cosine with
//        the truth and the held-out Spearman per seed
//   dotnet run --project eng/measure -c Release -- sct [pairs] [transformation]
//        the least-squares α-matching objective of the truth, the spectral start and each basis term on SyMNIST pairs
using Microsoft.ML;
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
        var variants = Arg(4, "paper,method").Split(',');
        var seeds = Arg(5, "1,2,3,4,5").Split(',').Select(int.Parse).ToArray();
        foreach (var cs in Arg(1, "12x24x").Split(','))
        {
            // "12x24x": 12 × 24 moving along x; "24x12y": along y.
            var parts = cs[..^1].Split('x');
            int h = int.Parse(parts[0]), w = int.Parse(parts[1]);
            var motion = cs[^1] switch
            {
                'x' => LongAxisPairs.Motion.AlongX,
                'y' => LongAxisPairs.Motion.AlongY,
                'r' => LongAxisPairs.Motion.Rotation,
                's' => LongAxisPairs.Motion.Scale,
                _ => throw new ArgumentException($"Unknown motion '{cs[^1]}' (x, y, r or s)."),
            };
            foreach (var variant in variants)
                foreach (var seed in seeds)
                {
                    var (c, a) = LongAxis.Run(h, w, motion, seed, variant, epochs, batch);
                    Console.WriteLine($"{h}x{w} {cs[^1]} {variant} seed={seed} cos={c:F3} a=[{string.Join(", ", a.Select(v => v.ToString("F2")))}]");
                }
        }
        return 0;
    }
    case "long-axis-diag":
    {
        // Trains step by step and prints, every `every` steps, the normalised pixel-unit a and the α term; at the end the
        // data-level α objective (per-pair optimal t) of the found G, the true translation and the pure stretch.
        var epochs = int.Parse(Arg(2, "20"));
        var batch = int.Parse(Arg(3, "32"));
        var seeds = Arg(4, "1,2,3,4,5").Split(',').Select(int.Parse).ToArray();
        var every = int.Parse(Arg(5, "40"));
        var weights = Arg(6, "1,1,1,1e5").Split(',').Select(double.Parse).ToArray();
        var coefLr = double.Parse(Arg(7, "1e-2"));
        var leastSquares = bool.Parse(Arg(8, "False"));
        var unitStart = bool.Parse(Arg(9, "False"));
        foreach (var cs in Arg(1, "12x24x").Split(','))
        {
            // "12x24x": 12 × 24 moving along x; "24x12y": along y.
            var parts = cs[..^1].Split('x');
            int h = int.Parse(parts[0]), w = int.Parse(parts[1]);
            var x = cs[^1] == 'x';
            foreach (var seed in seeds)
                LongAxis.Diagnose(h, w, x, seed, epochs, batch, every, weights, coefLr, leastSquares, unitStart);
        }
        return 0;
    }
    case "symnist":
    {
        // SyMNIST as samples/LieDetector trains it (10,000 pairs, 30 epochs, 10 % held out), for one transformation,
        // start and seeds: the generator's cosine with the truth and the held-out Spearman of the t-network.
        var transformation = Enum.Parse<SyMnistTransformation>(Arg(1, "Rotation"));
        var start = Enum.Parse<DetectorStart>(Arg(2, "Spectral"));
        var ml = new Microsoft.ML.MLContext(1);
        var sct = transformation == SyMnistTransformation.SpecialConformalX;
        var basis = sct ? DetectorBasis.Quadratic : DetectorBasis.Affine;
        var data = sct ? SymmetryDatasets.SyMnist(ml, 10_000, transformation, MagnitudeDistribution.Uniform(-0.3, 0.3), seed: 1)
                       : SymmetryDatasets.SyMnist(ml, 10_000, transformation, seed: 1);
        foreach (var seed in Arg(3, "3").Split(',').Select(int.Parse))
        {
            var options = new LieDetectorEstimator.Options
            {
                Basis = basis, Epochs = 30, Seed = seed, Start = start, TrueMagnitudeColumnName = "Magnitude", Threads = 1,
                AlphaMagnitude = Enum.Parse<DetectorAlphaMagnitude>(Arg(4, "LeastSquares")),
                TrueCoefficients = DetectorCoefficients.FromCanvasField(data.Info.Generators[0].QuadraticCoefficients!, 28, 28, basis),
            };
            var report = ml.Transforms.SymmetryDiscovery.LieDetector(options).Fit(data).Report;
            Console.WriteLine($"{transformation} start={start} α-t={Arg(4, "LeastSquares")} seed={seed}: cos with truth {report.TruthCosine:F3}, held-out Spearman {report.Spearman:F3}, W1 {report.Wasserstein1:F3}");
        }
        return 0;
    }
    case "sct":
    {
        // SyMNIST special conformal (quadratic basis): the α-matching objective (each pair's least-squares t*) of the
        // truth, the spectral start and single terms, to tell an optimisation failure from an objective that prefers
        // something else.
        var count = int.Parse(Arg(1, "2000"));
        var ml = new Microsoft.ML.MLContext(1);
        var transformation = Enum.Parse<SyMnistTransformation>(Arg(2, "SpecialConformalX"));
        var data = transformation == SyMnistTransformation.SpecialConformalX
            ? SymmetryDatasets.SyMnist(ml, count, transformation, MagnitudeDistribution.Uniform(-0.3, 0.3), seed: 1)
            : SymmetryDatasets.SyMnist(ml, count, transformation, seed: 1);
        var basis = transformation == SyMnistTransformation.SpecialConformalX ? DetectorBasis.Quadratic : DetectorBasis.Affine;
        var truth = DetectorCoefficients.FromCanvasField(data.Info.Generators[0].QuadraticCoefficients!, 28, 28, basis);
        var source = data.GetColumnValues("Source");
        var target = data.GetColumnValues("Target");
        var both = new float[count * 2 * 784];
        for (var r = 0; r < count; r++)
        {
            Array.Copy(source, r * 784, both, r * 1568, 784);
            Array.Copy(target, r * 784, both, r * 1568 + 784, 784);
        }
        using var pairs = tensor(both, [count, 1568]);
        using var model = new LieDetectorModel(28, 28, 9, basis, new Generator(1));
        var spectral = model.SpectralCoefficients(pairs);
        var names = DerivativeBasis.TermNames(basis);
        string Show(double[] a) => string.Join(" ", a.Select((v, i) => (v, n: names[i])).OrderByDescending(p => Math.Abs(p.v)).Take(4).Select(p => $"{p.v:+0.000;-0.000} {p.n}"));
        double Cos(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum() / Math.Sqrt(a.Sum(v => v * v) * b.Sum(v => v * v));
        double Alpha(double[] a, int order)
        {
            using var _ = no_grad();
            model.SetCoefficients(a);
            var options = new LieDetectorTrainingOptions { Basis = basis, AlphaOrder = order };
            return LieDetectorTraining.Losses(model, pairs.narrow(1, 0, 784), pairs.narrow(1, 784, 784), options)[5].item<float>();
        }
        Console.WriteLine($"{transformation}: y − x alone {pairs.narrow(1, 784, 784).sub(pairs.narrow(1, 0, 784)).pow(2).mean().item<float>():G4}");
        Console.WriteLine($"truth    {Show(truth)}: α(order 1) {Alpha(truth, 1):G4}, α(order 2) {Alpha(truth, 2):G4}");
        Console.WriteLine($"spectral {Show(spectral)}: cos with truth {Cos(spectral, truth):F3}; α(order 1) {Alpha(spectral, 1):G4}, α(order 2) {Alpha(spectral, 2):G4}");
        for (var i = 0; i < names.Count; i++)
        {
            var e = new double[names.Count];
            e[i] = 1;
            Console.WriteLine($"  {names[i],-6} α(order 1) {Alpha(e, 1):G4}");
        }
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: dotnet run --project eng/measure -c Release -- relevance|long-axis|long-axis-diag|symnist|sct [arguments] (see the file's first lines)");
        return 2;
}

/// <summary>LieDetector on translations along one image axis (issue 20, item 3): the |cos| of the learnt pixel-unit generator with the translation.</summary>
internal static class LongAxis
{
    public static float[] Pairs(int height, int width, bool alongX, int rows, int seed) => LongAxisPairs.Make(height, width, alongX, rows, seed);

    // |cos| of the learnt pixel-unit generator with the translation along the moving axis, for one seed.
    public static (double Cosine, double[] Coefficients) Run(int height, int width, LongAxisPairs.Motion motion, int seed, string variant, int epochs, int batch)
    {
        using var scope = NewDisposeScope();
        var data = LongAxisPairs.Make(height, width, motion, rows: 256, seed);
        var truth = LongAxisPairs.Truth(motion);
        double Cos(double[] a) => Math.Abs(a.Zip(truth, (u, v) => u * v).Sum()) / Math.Sqrt(a.Sum(v => v * v));
        using var pairs = tensor(data, [256, 2 * height * width]);
        var paper = new LieDetectorTrainingOptions { Epochs = epochs, BatchSize = batch, AlphaMagnitude = DetectorAlphaMagnitude.Network, UnitStart = false };
        var options = variant switch
        {
            "paper" => paper,
            "unitRms" => paper with { UnitRmsFields = true },
            "leastSquares" => paper with { AlphaMagnitude = DetectorAlphaMagnitude.LeastSquares },
            "unitStart" => paper with { UnitStart = true },
            "method" => new LieDetectorTrainingOptions { Epochs = epochs, BatchSize = batch },
            "random" => new LieDetectorTrainingOptions { Epochs = epochs, BatchSize = batch, Start = DetectorStart.Random },
            "networkSpectral" => new LieDetectorTrainingOptions { Epochs = epochs, BatchSize = batch, AlphaMagnitude = DetectorAlphaMagnitude.Network },
            "start" => new LieDetectorTrainingOptions { Epochs = 1, BatchSize = batch },
            _ => throw new ArgumentException($"Unknown variant '{variant}'."),
        };
        if (variant == "start")
        {
            using var probe = new LieDetectorModel(height, width, options.LatentSide, options.Basis);
            var s = probe.SpectralCoefficients(pairs);
            return (Cos(s), s);
        }
        var (model, _) = LieDetectorTraining.Train(pairs, height, width, options, seed, new TrainingLoop(null, null, CancellationToken.None));
        using (model)
        {
            var a = model.PixelCoefficients();
            return (Cos(a), a);
        }
    }


    public static void Diagnose(int height, int width, bool alongX, int seed, int epochs, int batch, int every, double[] weights, double coefLr, bool leastSquares, bool unitStart)
    {
        using var scope = NewDisposeScope();
        var p = height * width;
        var data = Pairs(height, width, alongX, rows: 256, seed);
        var pairs = tensor(data, [256, 2 * p]);
        var options = new LieDetectorTrainingOptions
        {
            Epochs = epochs, BatchSize = batch, TransformedWeight = weights[0], AuxiliaryWeight = weights[1], LatentWeight = weights[2],
            AlphaWeight = weights[3], CoefficientLearningRate = coefLr, AlphaMagnitude = leastSquares ? DetectorAlphaMagnitude.LeastSquares : DetectorAlphaMagnitude.Network, UnitStart = unitStart,
        };
        using var init = new Generator((ulong)seed);
        using var shuffle = new Generator((ulong)seed + 1);
        using var model = new LieDetectorModel(height, width, options.LatentSide, options.Basis, init, pairs.device, unitStart: unitStart);
        using var networks = new FlatAdam(model.NetworkParameters(), options.LearningRate);
        using var group = new FlatAdam([model.Coefficients], options.CoefficientLearningRate);
        var xs = pairs.narrow(1, 0, p);
        var ys = pairs.narrow(1, p, p);
        var truth = new double[6];
        truth[alongX ? 0 : 3] = 1;
        var stretch = new double[6];
        stretch[alongX ? 1 : 5] = 1;
        string A() => string.Join(", ", model.PixelCoefficients().Select(v => v.ToString("F2")));
        var step = 0;
        void Report(string tag)
        {
            using var s = NewDisposeScope();
            using var _ = no_grad();
            var terms = LieDetectorTraining.Losses(model, xs, ys, options);
            var found = model.PixelCoefficients();
            Console.WriteLine($"  {tag} step={step} cos={Math.Abs(found[alongX ? 0 : 3]):F3} |a|={model.Coefficients.norm().item<float>():F2} a=[{A()}] " +
                              $"transformed={terms[1].item<float>():E2} aux={terms[2].item<float>():E2} latent={terms[3].item<float>():E2} alpha={terms[5].item<float>():E3}");
        }
        Console.WriteLine($"{height}x{width} {(alongX ? "x" : "y")} seed={seed} epochs={epochs} batch={batch} weights=[{string.Join(",", weights)}] coefLr={coefLr} leastSquaresAlpha={leastSquares} unitStart={unitStart}");
        Report("start");
        for (var e = 0; e < epochs; e++)
        {
            var order = randperm(256, generator: shuffle);
            for (var first = 0; first < 256; first += batch)
            {
                using var s = NewDisposeScope();
                var b = pairs.index_select(0, order.narrow(0, first, Math.Min(batch, 256 - first)));
                networks.ZeroGrad();
                group.ZeroGrad();
                var terms = LieDetectorTraining.Losses(model, b.narrow(1, 0, p), b.narrow(1, p, p), options);
                terms[0].backward();
                networks.Step();
                group.Step();
                step++;
                if (step % every == 0) Report("train");
            }
        }
        // The α term with the model's own t (network fixed) for the found a, the true translation and the stretch,
        // each with the best global rescaling of t (the t-network's scale belongs to the found a), and the data-level
        // α objective with a per-pair optimal t (no network at all).
        using (no_grad())
        {
            var t = model.Magnitude(xs, ys).to(ScalarType.Float64).unsqueeze(1);
            var x64 = xs.to(ScalarType.Float64);
            var d = ys.to(ScalarType.Float64) - x64;
            foreach (var (name, c) in new[] { ("found", model.PixelCoefficients()), ("truth", truth), ("stretch", stretch) })
            {
                using var s = NewDisposeScope();
                model.Coefficients.copy_(tensor(c.Select(v => (float)v).ToArray()));
                var g = model.ApplyImageGenerator(xs).to(ScalarType.Float64);
                var tg = t * g;
                var k = (tg * d).sum() / (tg * tg).sum();                    // best global scale of the model's t
                var withT = (d - k * tg).pow(2).mean().item<double>();
                var perPair = ((g * d).sum(1, keepdim: true) / (g * g).sum(1, keepdim: true));
                var best = (d - perPair * g).pow(2).mean().item<double>();
                var nothing = d.pow(2).mean().item<double>();
                Console.WriteLine($"  final {name,-7} α(model t, scaled {k.item<double>():F2}) = {withT:E3}   α(per-pair t*) = {best:E3}   (y − x: {nothing:E3})");
            }
        }
    }
}
