using System.Globalization;
using System.Text;

namespace Microsoft.ML.Symmetry;

/// <summary>A fitted SINDy model ż = Θ(z) Ξ.</summary>
/// <param name="Library">The candidate library Θ.</param>
/// <param name="Coefficients">Ξ, terms × variables (column j gives ż_j); entries below the threshold are exactly 0.</param>
public sealed record SindyModel(SindyLibrary Library, double[,] Coefficients)
{
    /// <summary>F(z) = Θ(z) Ξ for one point.</summary>
    public double[] Predict(ReadOnlySpan<double> z)
    {
        var theta = Library.Evaluate(z);
        var n = Coefficients.GetLength(1);
        var result = new double[n];
        for (var j = 0; j < n; j++)
            for (var c = 0; c < theta.Length; c++) result[j] += theta[c] * Coefficients[c, j];
        return result;
    }

    /// <summary>The equations as text, one per variable, e.g. "ż1 = 0.91 z2" (coefficients to <paramref name="digits"/> significant digits; "ż1 = 0" when all vanish).</summary>
    public IReadOnlyList<string> Equations(int digits = 3)
    {
        var lines = new List<string>();
        for (var j = 0; j < Coefficients.GetLength(1); j++)
        {
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"ż{j + 1} ="));
            var any = false;
            for (var c = 0; c < Library.Count; c++)
            {
                var v = Coefficients[c, j];
                if (v == 0) continue;
                var magnitude = Math.Abs(v).ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                var term = Library.TermNames[c] == "1" ? magnitude : magnitude + " " + Library.TermNames[c];
                text.Append(any ? (v < 0 ? " − " : " + ") : (v < 0 ? " −" : " ")).Append(term);
                any = true;
            }
            if (!any) text.Append(" 0");
            lines.Add(text.ToString());
        }
        return lines;
    }
}
