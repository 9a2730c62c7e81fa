using System.Globalization;

namespace Microsoft.ML.Symmetry;

public sealed partial class LieDetectorReport
{
    // Below this (of the unit coefficient vector) the linear part counts as absent: float32 training leaves ~1e-3 noise.
    private const double NegligibleLinearPart = 0.05;

    /// <summary>
    /// Describes v = b + A (x, y) [+ quadratic terms] without naming it: the size of the translation b (the part only a
    /// LieDetector has) and the linear part A by the shared <see cref="GeneratorInvariants"/> (eigenvalue type, rank,
    /// symmetric and antisymmetric shares), in the term order of <see cref="DetectorBasis"/>, raw pixel units.
    /// </summary>
    internal static string DescribeInvariants(IReadOnlyList<double> c)
    {
        ArgumentNullException.ThrowIfNull(c);
        double bx = c[0], ax = c[1], axy = c[2], by = c[3], ayx = c[4], ay = c[5];
        var translation = Math.Sqrt(bx * bx + by * by);
        var linear = Math.Sqrt(ax * ax + axy * axy + ayx * ayx + ay * ay);
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"translation part {translation:F3}") };
        if (linear < NegligibleLinearPart)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"no linear part (‖A‖ = {linear:F3}): translation-like"));
        else
        {
            // v_x = … + ax x + axy y, v_y = … + ayx x + ay y: A acts on (x, y) as this matrix.
            var a = GeneratorInvariants.Of(new[,] { { ax, axy }, { ayx, ay } });
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"linear part A (‖A‖ = {linear:F3}; {a.InvariantsText.Replace("‖L‖", "‖A‖", StringComparison.Ordinal)})"));
        }
        if (c.Count > 6) parts.Add(string.Create(CultureInfo.InvariantCulture, $"quadratic part {Math.Sqrt(c.Skip(6).Sum(v => v * v)):F3}"));
        return string.Join("; ", parts);
    }
}
