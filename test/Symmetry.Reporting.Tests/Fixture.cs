using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Reporting;
using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>
/// One tiny fixed fit shared by every test (seeded: 240 rows on a cylinder, 3 features with 2 degrees of freedom,
/// 3 latents, 4 runs, 6 epochs, and a β scan of 3 values; a few seconds), with its figures and a latent sample from
/// the transformer.
/// </summary>
[TestClass]
public static class Fixture
{
    private sealed class Row
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
    }

    private static readonly Lazy<(MLContext Ml, IDataView Data, LatentRelevanceTransformer Model)> Fit = new(() =>
    {
        var rng = new Random(7);
        var rows = Enumerable.Range(0, 240).Select(_ =>
        {
            var a = rng.NextDouble() * 2 * Math.PI;
            var h = rng.NextDouble() * 4 - 2;
            return new Row { Features = [(float)(3 * Math.Cos(a)), (float)(3 * Math.Sin(a)), (float)h] };
        }).ToArray();
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new LatentRelevanceEstimator.Options
        {
            LatentDimension = 3, HiddenLayers = [16, 16], Epochs = 6, Runs = 4, BatchSize = 64, Seed = 3,
            BetaScan = [0.03, 0.3, 3], // three more fits of the same size, so the β-scan table, JSON and figure are covered
        };
        return (ml, data, ml.Transforms.SymmetryDiscovery.LatentRelevance(options).Fit(data));
    });

    public static MLContext Ml => Fit.Value.Ml;
    public static IDataView Data => Fit.Value.Data;
    public static LatentRelevanceTransformer Model => Fit.Value.Model;
    public static RelevanceReport Report => Model.Report;

    private static readonly Lazy<IReadOnlyList<ReportFigure>> AllFigures = new(() => Model.Plots(Data, maxRows: 200));

    /// <summary>Every figure, the latent scatter included (200 rows).</summary>
    public static IReadOnlyList<ReportFigure> Figures => AllFigures.Value;

    /// <summary>A fresh scratch folder.</summary>
    public static string NewFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "symmetry-reporting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [AssemblyInitialize]
    public static void LoadTorch(TestContext _)
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(1); // tiny networks on a shared 2-core machine: one libtorch thread is fastest
    }

    [AssemblyCleanup]
    public static void Dispose()
    {
        if (Fit.IsValueCreated) Fit.Value.Model.Dispose();
    }
}
