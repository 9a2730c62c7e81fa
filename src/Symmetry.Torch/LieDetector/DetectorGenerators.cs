namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Canonical one-parameter groups of the plane written in the coefficients of <see cref="DerivativeBasis"/> (pixel
/// coordinates, x right, y down, origin at the image centre), and the conversion of a polynomial vector field given
/// in normalised canvas coordinates (the SyMNIST convention) into those coefficients.
/// </summary>
internal static class DetectorGenerators
{
    /// <summary>
    /// The canonical generators of <paramref name="basis"/>, as coefficient vectors in its term order: translation x
    /// (Lx), translation y (Ly), rotation (−y Lx + x Ly, the paper's (0, 0, −1, 0, 1, 0)), isotropic scale
    /// (x Lx + y Ly), shear x (y Lx), shear y (x Ly), and for the quadratic basis the special conformal generators
    /// (x² − y²) Lx + 2xy Ly and 2xy Lx + (y² − x²) Ly.
    /// </summary>
    public static IReadOnlyList<(string Name, double[] Coefficients)> Canonical(DetectorBasis basis)
    {
        var n = DerivativeBasis.TermCount(basis);
        double[] Vector(params (int Term, double Value)[] entries)
        {
            var v = new double[n];
            foreach (var (t, value) in entries) v[t] = value;
            return v;
        }
        var list = new List<(string, double[])>
        {
            ("translation x", Vector((0, 1))),
            ("translation y", Vector((3, 1))),
            ("rotation", Vector((2, -1), (4, 1))),
            ("scale", Vector((1, 1), (5, 1))),
            ("shear x", Vector((2, 1))),
            ("shear y", Vector((4, 1))),
        };
        if (basis == DetectorBasis.Quadratic)
        {
            list.Add(("special conformal x", Vector((6, 1), (8, -1), (10, 2))));
            list.Add(("special conformal y", Vector((7, 2), (9, -1), (11, 1))));
        }
        return list;
    }

    /// <summary>The |cosine| of <paramref name="coefficients"/> with every canonical generator, best first.</summary>
    public static IReadOnlyList<GeneratorMatch> Compare(IReadOnlyList<double> coefficients, DetectorBasis basis)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.Count != DerivativeBasis.TermCount(basis))
            throw new ArgumentException($"The {basis} basis has {DerivativeBasis.TermCount(basis)} terms; got {coefficients.Count} coefficients.", nameof(coefficients));
        return Canonical(basis).Select(c => new GeneratorMatch(c.Name, Math.Abs(Cosine(coefficients, c.Coefficients))))
                               .OrderByDescending(m => m.Cosine).ToArray();
    }

    /// <summary>⟨a, b⟩ / (‖a‖ ‖b‖); 0 when either is zero.</summary>
    public static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException("Both vectors must have the same length.", nameof(b));
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 0;
    }

    /// <summary>
    /// The coefficients of the G whose exp(tG) transports an image as the flow of the field v does, i.e. G f = −v·∇f
    /// for (T_t f)(p) = f(g_−t(p)), from v = (Σ aₖ mₖ, Σ bₖ mₖ) over m = (1, X, Y, X², XY, Y²) in normalised canvas
    /// coordinates (X right, Y up, ±1 at the outer pixel edges: the SyMNIST/<c>affine_grid</c> convention). With pixel
    /// coordinates x = W X / 2 and y = −H Y / 2 this is exact; the result has 6 terms for the affine basis (which
    /// requires the quadratic part of v to vanish) or 12.
    /// </summary>
    /// <param name="field">12 numbers: (a₁..a₆) for v_X then (b₁..b₆) for v_Y.</param>
    /// <param name="height">Canvas height H in pixels.</param>
    /// <param name="width">Canvas width W in pixels.</param>
    /// <param name="basis">The basis to express G in.</param>
    /// <exception cref="ArgumentException">The field is not 12 numbers, or has quadratic terms and the basis is affine.</exception>
    public static double[] FromCanvasField(IReadOnlyList<double> field, int height, int width, DetectorBasis basis)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Count != 12) throw new ArgumentException($"A planar field has 12 monomial coefficients; got {field.Count}.", nameof(field));
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        double w = width, h = height;
        // Each normalised monomial in pixel units: 1, X = 2x/W, Y = −2y/H, X² = 4x²/W², XY = −4xy/(WH), Y² = 4y²/H².
        double[] scale = [1, 2 / w, -2 / h, 4 / (w * w), -4 / (w * h), 4 / (h * h)];
        // v_x = (W/2) v_X and v_y = −(H/2) v_Y; G = −v·∇.
        double sx = -w / 2, sy = h / 2;
        var px = new double[6];
        var py = new double[6];
        for (var k = 0; k < 6; k++)
        {
            px[k] = sx * field[k] * scale[k];
            py[k] = sy * field[6 + k] * scale[k];
        }
        if (basis == DetectorBasis.Affine && Enumerable.Range(3, 3).Any(k => px[k] != 0 || py[k] != 0))
            throw new ArgumentException("The field has quadratic terms, which the affine basis cannot express; use the quadratic basis.", nameof(field));
        var result = new double[DerivativeBasis.TermCount(basis)];
        result[0] = px[0]; result[1] = px[1]; result[2] = px[2];
        result[3] = py[0]; result[4] = py[1]; result[5] = py[2];
        if (basis == DetectorBasis.Quadratic)
        {
            result[6] = px[3]; result[7] = px[4]; result[8] = px[5];
            result[9] = py[3]; result[10] = py[4]; result[11] = py[5];
        }
        return result;
    }
}
