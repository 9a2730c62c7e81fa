// Reruns §4 of Sanz, "Learning symmetries in datasets" (arXiv:2504.05174) with LatentRelevance and
// writes the start of docs/reproduction.md (everything before the first "## Paper …" section): for each dataset the paper's claim beside what we find.
//
//   dotnet run --project samples/Relevance -c Release -- [--runs N] [--epochs N] [--quick] [--jobs N] [--threads N]
//                                                          [--only circle,square,ee,dy] [--output FILE]
//
// Defaults: the paper's run counts (20 for the toys and e+e-, 15 for pp) × 30 epochs, 10,000 events each, two
// configurations trained at a time with one libtorch thread each (about 1.5 minutes on 2 cores: each configuration's
// runs train together as one batched model).
// --quick: 3 runs × 10 epochs (a smoke test, under a minute). --runs N sets every configuration's run count.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;
using Symmetry.Samples.Relevance;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var settings = Settings.Parse(args);
if (settings is null) return 2;
// libtorch's OpenMP and MKL pools default to one thread per core: with two trainings at a time that oversubscribes
// the cores. They read their thread counts when libtorch is loaded (just below), and .NET's
// Environment.SetEnvironmentVariable does not change the native environment.
foreach (var name in new[] { "OMP_NUM_THREADS", "MKL_NUM_THREADS" })
    if (Environment.GetEnvironmentVariable(name) is null) Native.setenv(name, settings.Threads.ToString(CultureInfo.InvariantCulture), 0);
SymmetryTorch.EnsureAvailable();   // loads libtorch (with the Debian 12 fix where needed, docs/platforms.md)
TorchSharp.torch.set_num_threads(settings.Threads);

var experiments = Experiments.All(settings).Where(e => settings.Only is null || settings.Only.Contains(e.Group)).ToArray();
Console.WriteLine($"Sanz §4: {experiments.Length} configurations × {settings.Runs?.ToString() ?? "the paper's number of"} runs × {settings.Epochs} epochs, {settings.Jobs} at a time, {settings.Threads} libtorch thread(s) each");
var clock = Stopwatch.StartNew();
var results = new Result[experiments.Length];
var next = -1;
var workers = Enumerable.Range(0, Math.Max(1, settings.Jobs)).Select(_ => new Thread(() =>
{
    TorchSharp.torch.set_num_threads(settings.Threads);
    int i;
    while ((i = Interlocked.Increment(ref next)) < experiments.Length)
    {
        results[i] = experiments[i].Run(settings);
        lock (results)
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {experiments[i].Title}: intrinsic dimension {results[i].Report.IntrinsicDimension}, " +
                              $"relevance {string.Join(", ", results[i].Report.Relevance.Select(v => v.ToString("G3")))} ({results[i].Seconds:F0} s)");
    }
}, 16 << 20)).ToList();
workers.ForEach(w => w.Start());
workers.ForEach(w => w.Join());
var elapsed = clock.Elapsed;

var markdown = ReproductionReport.Write(settings, experiments, results, elapsed);
var output = settings.Output ?? Path.Combine(Settings.RepositoryRoot(), "docs", "reproduction.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
// The file's other sections (the "## Paper …" ones other samples write, and what follows them) are kept as they are.
var existing = File.Exists(output) ? File.ReadAllText(output) : "";
var others = existing.IndexOf("\n## Paper ", StringComparison.Ordinal);
File.WriteAllText(output, others < 0 ? markdown : markdown.TrimEnd('\n') + "\n\n" + existing[(others + 1)..]);
Console.WriteLine($"wrote {output} ({elapsed.TotalMinutes:F1} min)");
return 0;

namespace Symmetry.Samples.Relevance
{
    internal static partial class Native
    {
        [System.Runtime.InteropServices.LibraryImport("libc", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
        internal static partial int setenv(string name, string value, int overwrite);
    }

    internal sealed record Settings(int? Runs, int Epochs, bool Quick, int Jobs, int Threads, int Events, HashSet<string>? Only, string? Output, string CommandLine)
    {
        public static Settings? Parse(string[] args)
        {
            int? runs = null, epochs = null;
            var quick = false;
            int jobs = 2, threads = 1;
            int? events = null;
            HashSet<string>? only = null;
            string? output = null;
            try
            {
                for (var i = 0; i < args.Length; i++)
                {
                    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                    switch (args[i])
                    {
                        case "--runs": runs = Positive(Value(), "--runs"); break;
                        case "--epochs": epochs = Positive(Value(), "--epochs"); break;
                        case "--quick": quick = true; break;
                        case "--jobs": jobs = Positive(Value(), "--jobs"); break;
                        case "--threads": threads = Positive(Value(), "--threads"); break;
                        case "--events": events = Positive(Value(), "--events"); break;
                        case "--only": only = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                        case "--output": output = Value(); break;
                        case "-h" or "--help":
                            Console.WriteLine("usage: dotnet run --project samples/Relevance -c Release -- [--runs N] [--epochs N] [--quick] [--jobs N] [--threads N] [--events N] [--only circle,square,ee,dy] [--output FILE]");
                            return null;
                        default: throw new ArgumentException($"unknown option '{args[i]}'");
                    }
                }
                if (only is not null && only.Except(["circle", "square", "ee", "dy"]).FirstOrDefault() is { } bad)
                    throw new ArgumentException($"--only: unknown group '{bad}' (circle, square, ee, dy)");
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
            var cmd = "dotnet run --project samples/Relevance -c Release" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
            return new Settings(runs ?? (quick ? 3 : null), epochs ?? (quick ? 10 : 30), quick, jobs, threads, events ?? 10_000, only, output, cmd);
        }

        private static int Positive(string s, string name) =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{name} must be a positive integer, got '{s}'");

        public static string RepositoryRoot()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
                for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "Microsoft.ML.Symmetry.sln"))) return d.FullName;
            return Directory.GetCurrentDirectory();
        }
    }

    /// <summary>A physical quantity computed from the generated events, to correlate the latents with.</summary>
    internal sealed record Probe(string Name, double[] Values);

    internal sealed record Result(RelevanceReport Report, double[] Latents, int Latent, int[] PerRunDimension, Probe[] Probes,
                                  string[] FeatureNames, double[] Features, double Seconds);

    internal sealed record Experiment(string Group, string Title, bool Standardize, int Latent, int Seed, int PaperRuns,
                                      Func<MLContext, int, int, SymmetryDataset> Make, Func<SymmetryDataset, Probe[]> Probes)
    {
        public Result Run(Settings s)
        {
            var sw = Stopwatch.StartNew();
            var ml = new MLContext(seed: Seed);
            var data = Make(ml, s.Events, Seed);
            var options = new LatentRelevanceEstimator.Options
            {
                InputColumnName = "Features",
                LatentDimension = Latent,
                HiddenLayers = [64, 64],
                Beta = 0.1,
                Epochs = s.Epochs,
                BatchSize = 128,
                Runs = s.Runs ?? PaperRuns,
                Seed = Seed * 1000,
                // The estimator centres and scales each feature itself (the statistics are stored with the model).
                Standardize = Standardize,
            };
            var relevance = ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(data);
            var report = relevance.Report;
            // The kept (lowest-loss) run's latent means, most relevant first, for every event.
            var scored = relevance.Transform(data);
            var col = scored.Schema["Latent"];
            var latents = new double[data.RowCount * Latent];
            using (var cursor = scored.GetRowCursor([col]))
            {
                var getter = cursor.GetGetter<VBuffer<float>>(col);
                var buf = default(VBuffer<float>);
                var row = 0;
                while (cursor.MoveNext())
                {
                    getter(ref buf);
                    var k = 0;
                    foreach (var v in buf.DenseValues()) latents[row * Latent + k++] = v;
                    row++;
                }
            }
            var perRun = report.PerRunDimension.ToArray();
            var features = Array.ConvertAll(data.GetColumnValues("Features"), v => (double)v);
            return new Result(report, latents, Latent, perRun, Probes(data), [.. data.Info.FeatureNames], features, sw.Elapsed.TotalSeconds);
        }
    }

    internal static class Experiments
    {
        public static IEnumerable<Experiment> All(Settings s)
        {
            foreach (var std in new[] { false, true })
                yield return new("circle", $"circle R = 10, {(std ? "standardized" : "raw")}", std, 4, 1, 20,
                    (ml, n, seed) => SymmetryDatasets.Circle(ml, n, radius: 10, seed: seed), CoordinateProbes);
            foreach (var std in new[] { false, true })
                yield return new("square", $"square [−10, 10]², {(std ? "standardized" : "raw")}", std, 4, 2, 20,
                    (ml, n, seed) => SymmetryDatasets.Square(ml, n, halfWidth: 10, seed: seed), CoordinateProbes);
            yield return new("ee", "e+e- → μ+μ- at 80 GeV, standardized", true, 6, 3, 20,
                (ml, n, seed) => SymmetryDatasets.ElectronPositronToMuons(ml, n, seed: seed), ElectronPositronProbes);
            yield return new("dy", "pp → μ+μ- (Drell–Yan) at 13 TeV, standardized", true, 8, 4, 15,
                (ml, n, seed) => SymmetryDatasets.DrellYan(ml, n, seed: seed), DrellYanProbes);
        }

        private static Probe[] CoordinateProbes(SymmetryDataset d)
        {
            var f = d.GetColumnValues("Features");
            return [new("x1", Slot(f, 2, 0)), new("x2", Slot(f, 2, 1))];
        }

        // Features: px, py, pz of μ- then μ+.
        private static Probe[] ElectronPositronProbes(SymmetryDataset d)
        {
            var f = d.GetColumnValues("Features");
            var n = d.RowCount;
            double[] Diff(int k) => Enumerable.Range(0, n).Select(i => (double)f[i * 6 + k] - f[i * 6 + 3 + k]).ToArray();
            double[] Sum(int k) => Enumerable.Range(0, n).Select(i => (double)f[i * 6 + k] + f[i * 6 + 3 + k]).ToArray();
            return
            [
                new("Δpx = px(μ-) − px(μ+)", Diff(0)), new("Δpy", Diff(1)), new("Δpz", Diff(2)),
                new("Σpx = px(μ-) + px(μ+)", Sum(0)),
                new("cos θ", Doubles(d, "CosTheta")), new("cos φ", Doubles(d, "Phi").Select(Math.Cos).ToArray()),
                new("sin φ", Doubles(d, "Phi").Select(Math.Sin).ToArray()),
            ];
        }

        // Features: E, px, py, pz of μ- then μ+.
        private static Probe[] DrellYanProbes(SymmetryDataset d)
        {
            var f = d.GetColumnValues("Features");
            var n = d.RowCount;
            double[] Diff(int k) => Enumerable.Range(0, n).Select(i => (double)f[i * 8 + k] - f[i * 8 + 4 + k]).ToArray();
            double[] Sum(int k) => Enumerable.Range(0, n).Select(i => (double)f[i * 8 + k] + f[i * 8 + 4 + k]).ToArray();
            return
            [
                new("Δpx = px(μ-) − px(μ+)", Diff(1)), new("Δpy", Diff(2)), new("Δpz", Diff(3)), new("ΔE", Diff(0)),
                new("Σpx = px(μ-) + px(μ+)", Sum(1)), new("Σpy", Sum(2)), new("Σpz", Sum(3)), new("ΣE", Sum(0)),
                new("M(μμ)", Doubles(d, "Mass")), new("Y(μμ)", Doubles(d, "Rapidity")), new("pT(μμ)", Doubles(d, "PairPt")),
                new("cos θ*(CS)", Doubles(d, "CosThetaCS")),
                new("cos φ(μ-)", Enumerable.Range(0, n).Select(i => Math.Cos(Math.Atan2(f[i * 8 + 2], f[i * 8 + 1]))).ToArray()),
                new("sin φ(μ-)", Enumerable.Range(0, n).Select(i => Math.Sin(Math.Atan2(f[i * 8 + 2], f[i * 8 + 1]))).ToArray()),
                new("φ*(CS)", Doubles(d, "PhiCS")),
            ];
        }

        private static double[] Slot(float[] f, int size, int k) => Enumerable.Range(0, f.Length / size).Select(i => (double)f[i * size + k]).ToArray();

        private static double[] Doubles(SymmetryDataset d, string column) => Array.ConvertAll(d.GetColumnValues(column), v => (double)v);
    }
}
