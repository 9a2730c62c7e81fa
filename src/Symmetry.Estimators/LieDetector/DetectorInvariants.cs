using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Describes a planar generator v = b + A (x, y) [+ quadratic terms] by what does not depend on naming it: the
/// eigenvalue type of A (complex: rotation-like, real: scaling/boost-like, repeated with A ≠ 0: nilpotent/shear-like),
/// its rank, and the sizes of its symmetric and antisymmetric parts, next to the size of the translation b.
/// </summary>
internal static class DetectorInvariants
{
    // Below this (of the unit coefficient vector) a part is reported as absent: float32 training leaves ~1e-3 noise.
    private const double Negligible = 0.05;

    /// <summary>A one-line description of the coefficients (term order of <see cref="DetectorBasis"/>, raw pixel units).</summary>
    public static string Describe(IReadOnlyList<double> c)
    {
        ArgumentNullException.ThrowIfNull(c);
        double bx = c[0], ax = c[1], axy = c[2], by = c[3], ayx = c[4], ay = c[5];
        var translation = Math.Sqrt(bx * bx + by * by);
        var linear = Math.Sqrt(ax * ax + axy * axy + ayx * ayx + ay * ay);
        var quadratic = c.Count > 6 ? Math.Sqrt(c.Skip(6).Sum(v => v * v)) : 0;
        var symmetric = Math.Sqrt(ax * ax + ay * ay + 0.5 * (axy + ayx) * (axy + ayx));
        var antisymmetric = Math.Sqrt(0.5 * (axy - ayx) * (axy - ayx));
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"translation part {translation:F3}") };
        if (linear < Negligible) parts.Add(string.Create(CultureInfo.InvariantCulture, $"no linear part (‖A‖ = {linear:F3}): translation-like"));
        else
        {
            // Eigenvalues of A = [[ax, axy], [ayx, ay]]: (tr ± √(tr² − 4 det)) / 2; the discriminant's sign says their type.
            double tr = ax + ay, det = ax * ay - axy * ayx, disc = tr * tr - 4 * det;
            var half = tr / 2;
            var traceless = Math.Sqrt((ax - half) * (ax - half) + (ay - half) * (ay - half) + axy * axy + ayx * ayx);
            var kind = Math.Abs(disc) > Negligible * linear * linear
                ? disc < 0 ? "complex eigenvalues: rotation-like" : "real eigenvalues: scaling/boost-like"
                // A repeated eigenvalue: A = λI (isotropic scaling), A nilpotent (a shear), or λI plus a shear.
                : traceless <= Negligible * linear ? "equal real eigenvalues, A = λI: isotropic scaling"
                : Math.Abs(tr) <= Negligible * linear ? "zero eigenvalues: nilpotent/shear-like"
                : "repeated real eigenvalue: scaling with a shear";
            var rank = Math.Abs(det) <= Negligible * linear * linear ? 1 : 2;
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"linear part A ({kind}, rank {rank}, symmetric part {symmetric:F3}, antisymmetric part {antisymmetric:F3})"));
        }
        if (c.Count > 6) parts.Add(string.Create(CultureInfo.InvariantCulture, $"quadratic part {quadratic:F3}"));
        return string.Join("; ", parts);
    }
}
