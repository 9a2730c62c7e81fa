namespace Microsoft.ML.Symmetry;

/// <summary>Array generators for the geometric toys (Sanz §4.1; Forestano et al. oracles).</summary>
internal static class Geometry
{
    private const string SanzToy = "V. Sanz, \"Learning symmetries in datasets\", arXiv:2504.05174, §4.1 (R = 10, 10^4 events)";
    private const string Forestano = "R. T. Forestano et al., \"Deep learning symmetries and their Lie groups, algebras, and subalgebras from first principles\", MLST 4 (2023) 025027";

    public static DatasetTable Circle(int count, double radius, long seed)
    {
        Check.Count(count);
        Check.Positive(radius, nameof(radius));
        var rng = new SymmetryRandom(seed);
        Check.ArraySize(2L * count, nameof(count));
        var f = new float[2 * count];
        var angle = new float[count];
        for (int i = 0; i < count; i++)
        {
            double th = 2 * Math.PI * rng.NextDouble();
            f[2 * i] = (float)(radius * Math.Cos(th));
            f[2 * i + 1] = (float)(radius * Math.Sin(th));
            angle[i] = (float)th;
        }
        var info = new DatasetInfo(
            "circle",
            $"Points uniform on the circle x1² + x2² = R² (R = {radius}); the O(2)-symmetric 1-D dataset D^1D of the VAE-relevance paper.",
            SanzToy,
            ["x1", "x2"], ["1", "1"],
            intrinsicDimension: 1, embeddingDimension: 2,
            generators: [new SymmetryGenerator("J", LieAlgebras.So(2)[0], SymmetryKind.Distribution)],
            referenceValues: new Dictionary<string, double>
            {
                ["Radius"] = radius,
                ["MeanX1"] = 0, ["MeanX2"] = 0,
                ["VarianceX1"] = radius * radius / 2, ["VarianceX2"] = radius * radius / 2,
            },
            parameters: Params(("count", count), ("radius", radius), ("seed", seed)),
            oracle: x => Math.Sqrt(x[0] * x[0] + x[1] * x[1]),
            oracleDescription: "‖x‖ (equals Radius on the data)");
        return new DatasetTable(info, count, [DatasetColumn.Vector("Features", f, 2), DatasetColumn.Scalar("Angle", angle)]);
    }

    public static DatasetTable Square(int count, double halfWidth, long seed)
    {
        Check.Count(count);
        Check.Positive(halfWidth, nameof(halfWidth));
        var rng = new SymmetryRandom(seed);
        Check.ArraySize(2L * count, nameof(count));
        var f = new float[2 * count];
        for (int i = 0; i < 2 * count; i++) f[i] = (float)rng.NextDouble(-halfWidth, halfWidth);
        var info = new DatasetInfo(
            "square",
            $"Points uniform in the square [-R, R]² (R = {halfWidth}); the truly 2-D dataset D^2D of the VAE-relevance paper. Only the discrete D4 symmetry: no continuous generator.",
            SanzToy,
            ["x1", "x2"], ["1", "1"],
            intrinsicDimension: 2, embeddingDimension: 2,
            generators: [],
            referenceValues: new Dictionary<string, double>
            {
                ["HalfWidth"] = halfWidth,
                ["MeanX1"] = 0, ["MeanX2"] = 0,
                ["VarianceX1"] = halfWidth * halfWidth / 3, ["VarianceX2"] = halfWidth * halfWidth / 3,
            },
            parameters: Params(("count", count), ("halfWidth", halfWidth), ("seed", seed)));
        return new DatasetTable(info, count, [DatasetColumn.Vector("Features", f, 2)]);
    }

    public static DatasetTable Sphere(int count, int dimension, double radius, bool onSurface, long seed)
    {
        Check.Count(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 2);
        Check.Positive(radius, nameof(radius));
        var rng = new SymmetryRandom(seed);
        Check.ArraySize((long)dimension * count, nameof(count));
        var f = new float[dimension * count];
        var label = new float[count];
        var v = new double[dimension];
        for (int i = 0; i < count; i++)
        {
            double norm2 = 0;
            for (int k = 0; k < dimension; k++) { v[k] = rng.NextGaussian(); norm2 += v[k] * v[k]; }
            double scale = onSurface ? radius / Math.Sqrt(norm2) : radius;
            double o2 = 0;
            for (int k = 0; k < dimension; k++)
            {
                float x = (float)(v[k] * scale);
                f[i * dimension + k] = x;
                o2 += (double)x * x;
            }
            label[i] = (float)Math.Sqrt(o2);
        }
        var gens = LieAlgebras.So(dimension)
            .Select((g, k) => new SymmetryGenerator($"L{k + 1}", g, SymmetryKind.Distribution))
            .ToArray();
        string[] names = [.. Enumerable.Range(1, dimension).Select(k => $"x{k}")];
        var info = new DatasetInfo(
            "sphere",
            onSurface
                ? $"Points uniform on the sphere S^{dimension - 1} of radius {radius} in R^{dimension}; oracle ‖x‖, symmetry so({dimension})."
                : $"Points N(0, {radius}² I) in R^{dimension} (Forestano et al.'s oracle setting); Label = oracle ‖x‖, symmetry so({dimension}).",
            Forestano,
            names, [.. names.Select(_ => "1")],
            intrinsicDimension: onSurface ? dimension - 1 : dimension, embeddingDimension: dimension,
            generators: gens,
            referenceValues: new Dictionary<string, double>
            {
                ["Radius"] = radius,
                ["GeneratorCount"] = dimension * (dimension - 1) / 2,
            },
            parameters: Params(("count", count), ("dimension", dimension), ("radius", radius), ("onSurface", onSurface), ("seed", seed)),
            oracle: x => Math.Sqrt(x.Sum(t => t * t)),
            oracleDescription: "Euclidean norm ‖x‖ (the Label column)");
        return new DatasetTable(info, count, [DatasetColumn.Vector("Features", f, dimension), DatasetColumn.Scalar("Label", label)]);
    }

    public static DatasetTable Hyperboloid(int count, double mass, double momentumScale, bool onShell, long seed)
    {
        Check.Count(count);
        Check.Positive(mass, nameof(mass));
        Check.Positive(momentumScale, nameof(momentumScale));
        var rng = new SymmetryRandom(seed);
        Check.ArraySize(4L * count, nameof(count));
        var f = new float[4 * count];
        var label = new float[count];
        for (int i = 0; i < count; i++)
        {
            double px = momentumScale * rng.NextGaussian(), py = momentumScale * rng.NextGaussian(), pz = momentumScale * rng.NextGaussian();
            double x0 = onShell ? Math.Sqrt(mass * mass + px * px + py * py + pz * pz) : momentumScale * rng.NextGaussian();
            f[4 * i] = (float)x0; f[4 * i + 1] = (float)px; f[4 * i + 2] = (float)py; f[4 * i + 3] = (float)pz;
            label[i] = (float)MinkowskiSquare(f.AsSpan(4 * i, 4));
        }
        var so13 = LieAlgebras.So13();
        string[] gnames = ["Jx", "Jy", "Jz", "K1", "K2", "K3"];
        var gens = so13.Select((g, k) => new SymmetryGenerator(gnames[k], g, k < 3 ? SymmetryKind.Distribution : (onShell ? SymmetryKind.Manifold : SymmetryKind.Oracle))).ToArray();
        var info = new DatasetInfo(
            "hyperboloid",
            onShell
                ? $"Points on the mass shell x0² − x1² − x2² − x3² = m² (m = {mass}, x0 > 0), spatial part N(0, {momentumScale}² I); rotations preserve the distribution, boosts the shell; oracle = Minkowski square."
                : $"Points N(0, {momentumScale}² I) in R^4 with Label = x0² − x1² − x2² − x3² (Forestano et al.'s oracle setting); so(1,3) preserves the oracle.",
            Forestano,
            ["x0", "x1", "x2", "x3"], ["1", "1", "1", "1"],
            intrinsicDimension: onShell ? 3 : 4, embeddingDimension: 4,
            generators: gens,
            referenceValues: new Dictionary<string, double>
            {
                ["MassSquared"] = mass * mass,
                ["GeneratorCount"] = 6,
            },
            parameters: Params(("count", count), ("mass", mass), ("momentumScale", momentumScale), ("onShell", onShell), ("seed", seed)),
            oracle: x => x[0] * x[0] - x[1] * x[1] - x[2] * x[2] - x[3] * x[3],
            oracleDescription: "Minkowski square x0² − x1² − x2² − x3² (the Label column)");
        return new DatasetTable(info, count, [DatasetColumn.Vector("Features", f, 4), DatasetColumn.Scalar("Label", label)]);
    }

    private static double MinkowskiSquare(ReadOnlySpan<float> x) =>
        (double)x[0] * x[0] - (double)x[1] * x[1] - (double)x[2] * x[2] - (double)x[3] * x[3];

    internal static Dictionary<string, string> Params(params (string Key, object Value)[] items)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in items)
            d[k] = v switch
            {
                double x => DatasetTable.Format(x),
                float x => DatasetTable.Format(x),
                bool b => b ? "true" : "false",
                IFormattable fm => fm.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            };
        return d;
    }
}

/// <summary>Argument checks with messages naming the option and the expectation.</summary>
internal static class Check
{
    /// <summary>The smallest acceptance of cuts applied by rejection sampling (below it generation would practically never end).</summary>
    public const double MinAcceptance = 1e-4;

    /// <summary>Proposals drawn before the measured acceptance of a rejection sampler is checked against <see cref="MinAcceptance"/>.</summary>
    public const long AcceptanceCheckProposals = 1_000_000;

    public static void Count(int count, string name = "count")
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(name, count, $"'{name}' must be at least 1.");
    }

    /// <summary>Throws when <paramref name="values"/> (the size of the largest array <paramref name="name"/> leads to) exceeds one .NET array.</summary>
    public static void ArraySize(long values, string name, string? what = null)
    {
        if (values > Array.MaxLength)
            throw new ArgumentOutOfRangeException(name, $"{what ?? $"'{name}'"} is too large: the dataset would need {values} values in one array (at most {Array.MaxLength}).");
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be a positive finite number.");
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be finite.");
    }
}
