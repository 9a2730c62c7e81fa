using Microsoft.ML;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// One quick fit shared by tests that only read a fitted model (never dispose it): 512 circle points with an Id
/// column and slot names "px", "py" on Features, <see cref="TestData.Quick"/> options.
/// </summary>
internal static class SharedModel
{
    public const int Rows = 512;
    private static readonly Lazy<(MLContext Ml, ArrayView Data, LatentRelevanceTransformer Model)> Fitted = new(() =>
    {
        var ml = new MLContext(seed: 3);
        var data = TestData.CircleView(Rows, seed: 3, slotNames: ["px", "py"]);
        return (ml, data, TestData.FitQuick(ml, data));
    });

    public static MLContext Ml => Fitted.Value.Ml;

    /// <summary>The training data (a fresh counting view over the same rows for each call).</summary>
    public static ArrayView Data => TestData.CircleView(Rows, seed: 3, slotNames: ["px", "py"]);

    public static LatentRelevanceTransformer Model => Fitted.Value.Model;
}
