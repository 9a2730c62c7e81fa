using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>
/// Issue 20, item 3: a translation along the long axis of a non-square image is found as a translation
/// (docs/reproduction.md, "LieDetector on long image axes").
/// </summary>
[TestClass]
public sealed class LieDetectorLongAxisTests
{
    [TestMethod]
    // With the paper's α-matching (the t-network's t, a ~ N(0, 1)) 0/5 seeds reach 0.99 here (stretches and shears);
    // docs/reproduction.md has the counts of each variant. 36 × 36 is not asserted: the defaults still failed its
    // seed 1 (|cos| 0.632, a shear yLx mixed in), so the 4/5 was not shown there.
    [DataRow(12, 24, true)]
    public void TranslationAlongALongAxisIsFoundOnFourOfFiveSeeds(int height, int width, bool alongX)
    {
        var cosines = new List<double>();
        for (var seed = 1; seed <= 5; seed++)
        {
            using var scope = NewDisposeScope();
            using var pairs = tensor(LongAxisPairs.Make(height, width, alongX, Pairs, seed), [Pairs, 2 * height * width]);
            // 160 steps (20 epochs of 8 batches), as the measurement; the defaults otherwise.
            var options = new LieDetectorTrainingOptions { Epochs = 20, BatchSize = 32 };
            var (model, _) = LieDetectorTraining.Train(pairs, height, width, options, seed, new TrainingLoop(null, null, CancellationToken.None));
            using (model)
            {
                var a = model.PixelCoefficients();
                cosines.Add(Math.Abs(alongX ? a[0] : a[3]));   // a is unit-norm: its Lx (or Ly) entry is the cosine with the truth
            }
        }
        var text = string.Join(", ", cosines.Select(c => c.ToString("F3")));
        // 0.99: at most 2 % of the unit generator's squared norm outside the translation (a stretch mixed in at 0.14).
        Assert.IsGreaterThanOrEqualTo(4, cosines.Count(c => c >= 0.99), $"|cos| with the translation over seeds 1–5: {text}");
    }

    // Pairs per run: 8 batches of 32.
    private const int Pairs = 256;
}
