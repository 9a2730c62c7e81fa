using System.Collections.ObjectModel;

namespace Microsoft.ML.Symmetry;

/// <summary>How a known symmetry generator relates to a dataset.</summary>
public enum SymmetryKind
{
    /// <summary>The data distribution itself is invariant (e.g. SO(2) about the beam axis).</summary>
    Distribution,
    /// <summary>Only the support (the constraint manifold) is invariant; the density along it is not.</summary>
    Manifold,
    /// <summary>The generator preserves the dataset's oracle (invariant function), not necessarily the data.</summary>
    Oracle,
    /// <summary>A transformation applied to make pairs (SyMNIST): the generator of x → T_t x.</summary>
    Transformation,
    /// <summary>A symmetry of a latent description (e.g. the limit cycle of a dynamical system), not of the raw features.</summary>
    Latent,
}

/// <summary>
/// A known infinitesimal symmetry generator: a matrix acting linearly on a vector space (the features, a
/// latent space, Minkowski space) or a vector field on the image plane.
/// </summary>
public sealed class SymmetryGenerator
{
    private readonly double[,]? _matrix;
    private readonly double[]? _coefficients;

    /// <summary>Creates a linear generator x ↦ G x.</summary>
    /// <param name="name">Short name, e.g. "Jz" or "K1".</param>
    /// <param name="matrix">The square matrix G (copied).</param>
    /// <param name="kind">How it relates to the data.</param>
    /// <param name="space">What G acts on, e.g. "Features" or "latent (u, v) phase plane".</param>
    public SymmetryGenerator(string name, double[,] matrix, SymmetryKind kind, string space = "Features")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != matrix.GetLength(1))
            throw new ArgumentException("A generator matrix must be square.", nameof(matrix));
        Name = name;
        _matrix = (double[,])matrix.Clone();
        Kind = kind;
        Space = space;
    }

    /// <summary>
    /// Creates a planar vector-field generator v(x, y) = (Σ a_k m_k(x, y), Σ b_k m_k(x, y)) in the monomial
    /// basis m = (1, x, y, x², xy, y²), as in the quadratic basis of Gabel, Quax, Gavves (Eq. 7–8).
    /// </summary>
    /// <param name="name">Short name, e.g. "rotation".</param>
    /// <param name="coefficients">12 numbers: (a_1..a_6) for v_x then (b_1..b_6) for v_y (copied).</param>
    /// <param name="kind">How it relates to the data.</param>
    /// <param name="space">The coordinate convention of (x, y).</param>
    public SymmetryGenerator(string name, double[] coefficients, SymmetryKind kind, string space)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.Length != 12)
            throw new ArgumentException("A planar quadratic vector field needs 12 coefficients.", nameof(coefficients));
        Name = name;
        _coefficients = (double[])coefficients.Clone();
        Kind = kind;
        Space = space;
    }

    /// <summary>Short name of the generator.</summary>
    public string Name { get; }

    /// <summary>How the generator relates to the data.</summary>
    public SymmetryKind Kind { get; }

    /// <summary>What the generator acts on.</summary>
    public string Space { get; }

    /// <summary>Whether this is a linear generator (<see cref="Matrix"/> is set).</summary>
    public bool IsMatrix => _matrix is not null;

    /// <summary>A copy of the matrix of a linear generator; null for a vector field.</summary>
    public double[,]? Matrix => (double[,]?)_matrix?.Clone();

    /// <summary>Dimension of the space a matrix generator acts on; 2 for a planar vector field.</summary>
    public int Dimension => _matrix?.GetLength(0) ?? 2;

    /// <summary>
    /// A copy of the 12 quadratic-basis coefficients of a planar vector field, ordered (1, x, y, x², xy, y²) for
    /// v_x then for v_y; null for a matrix generator.
    /// </summary>
    public double[]? QuadraticCoefficients => (double[]?)_coefficients?.Clone();

    /// <summary>Evaluates the generator at a point: G x for a matrix, v(x, y) for a vector field.</summary>
    /// <param name="point">A point of the space (length <see cref="Dimension"/>).</param>
    public double[] Apply(ReadOnlySpan<double> point)
    {
        int n = Dimension;
        if (point.Length != n)
            throw new ArgumentException($"Expected a point of dimension {n}, got {point.Length}.", nameof(point));
        var r = new double[n];
        if (_matrix is not null)
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += _matrix[i, j] * point[j];
                r[i] = s;
            }
        }
        else
        {
            double x = point[0], y = point[1];
            Span<double> m = [1, x, y, x * x, x * y, y * y];
            for (int k = 0; k < 6; k++)
            {
                r[0] += _coefficients![k] * m[k];
                r[1] += _coefficients[6 + k] * m[k];
            }
        }
        return r;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Kind}, on {Space})";
}

/// <summary>
/// Ground truth carried by every built-in dataset: what the features are, how many real degrees of freedom the
/// data has, which symmetries it has, and the analytic reference values its tests check against.
/// </summary>
public sealed class DatasetInfo
{
    /// <summary>Creates the description of a dataset.</summary>
    /// <param name="name">The <see cref="SymmetryDatasets.ByName(string)"/> key.</param>
    /// <param name="description">One paragraph describing the data.</param>
    /// <param name="source">The paper or reference the recipe and formulas come from.</param>
    /// <param name="featureNames">Names of the <c>Features</c> vector's slots (or a pattern for images).</param>
    /// <param name="featureUnits">Unit of each slot (same length as <paramref name="featureNames"/>).</param>
    /// <param name="intrinsicDimension">Dimension of the manifold the features fill.</param>
    /// <param name="embeddingDimension">Length of the <c>Features</c> vector.</param>
    /// <param name="generators">The known symmetry generators.</param>
    /// <param name="referenceValues">Named analytic values (cross-sections, asymmetries, radii...).</param>
    /// <param name="parameters">The parameters the data were generated with, as invariant-culture text.</param>
    /// <param name="oracle">An invariant function of one feature vector, when the dataset has one.</param>
    /// <param name="oracleDescription">What <paramref name="oracle"/> computes.</param>
    public DatasetInfo(
        string name,
        string description,
        string source,
        IReadOnlyList<string> featureNames,
        IReadOnlyList<string> featureUnits,
        int intrinsicDimension,
        int embeddingDimension,
        IReadOnlyList<SymmetryGenerator> generators,
        IReadOnlyDictionary<string, double> referenceValues,
        IReadOnlyDictionary<string, string> parameters,
        Func<double[], double>? oracle = null,
        string? oracleDescription = null)
    {
        Name = name;
        Description = description;
        Source = source;
        FeatureNames = new ReadOnlyCollection<string>([.. featureNames]);
        FeatureUnits = new ReadOnlyCollection<string>([.. featureUnits]);
        IntrinsicDimension = intrinsicDimension;
        EmbeddingDimension = embeddingDimension;
        Generators = new ReadOnlyCollection<SymmetryGenerator>([.. generators]);
        ReferenceValues = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>(referenceValues));
        Parameters = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(parameters));
        Oracle = oracle;
        OracleDescription = oracleDescription;
    }

    /// <summary>The dataset's key, as accepted by <see cref="SymmetryDatasets.ByName(string)"/>.</summary>
    public string Name { get; }

    /// <summary>What the data is.</summary>
    public string Description { get; }

    /// <summary>Where the recipe and formulas come from.</summary>
    public string Source { get; }

    /// <summary>Names of the slots of the <c>Features</c> vector (for images: a pattern such as "pixel[row,col]").</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Units of the slots of the <c>Features</c> vector.</summary>
    public IReadOnlyList<string> FeatureUnits { get; }

    /// <summary>Dimension of the manifold the features fill (the number of real degrees of freedom); −1 when unknown (real images).</summary>
    public int IntrinsicDimension { get; }

    /// <summary>Length of the <c>Features</c> vector.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>The known symmetry generators, with their <see cref="SymmetryKind"/>.</summary>
    public IReadOnlyList<SymmetryGenerator> Generators { get; }

    /// <summary>Named analytic values the data is checked against (keys documented per dataset in docs/datasets.md).</summary>
    public IReadOnlyDictionary<string, double> ReferenceValues { get; }

    /// <summary>The parameters used to generate the data (invariant-culture text).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>An invariant function of one feature vector (‖x‖, a Minkowski norm, an energy), or null.</summary>
    public Func<double[], double>? Oracle { get; }

    /// <summary>What <see cref="Oracle"/> computes, or null.</summary>
    public string? OracleDescription { get; }

    /// <summary>Looks up a reference value, throwing a clear exception when the key is unknown.</summary>
    /// <param name="key">A key of <see cref="ReferenceValues"/>.</param>
    public double Reference(string key) =>
        ReferenceValues.TryGetValue(key, out double v)
            ? v
            : throw new KeyNotFoundException($"Dataset '{Name}' has no reference value '{key}'. Known: {string.Join(", ", ReferenceValues.Keys)}.");

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {EmbeddingDimension} features, intrinsic dimension {IntrinsicDimension}, {Generators.Count} known generators";
}
