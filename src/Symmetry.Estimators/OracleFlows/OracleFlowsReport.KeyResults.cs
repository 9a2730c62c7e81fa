namespace Microsoft.ML.Symmetry;

public sealed partial class OracleFlowsReport
{
    /// <summary>Headline results: algebra, symmetric generators, generators, dimension, kind, oracle, fit seconds.</summary>
    public override IReadOnlyList<KeyResult> KeyResults
    {
        get
        {
            return
            [
                new("algebra", "Lie algebra", Algebra.Name),
                new("symmetries", "Generators that keep the oracle", IsSymmetry.Count(s => s)),
                new("generators", "Generators", GeneratorCount),
                new("dimension", "Dimension", Dimension),
                new("kind", "Generator kind", Kind.ToString().ToLowerInvariant()),
                new("oracle", "Oracle", OracleKind),
                new("fitSeconds", "Fit time (s)", Math.Round(FitTime.TotalSeconds, 3)),
            ];
        }
    }
}
