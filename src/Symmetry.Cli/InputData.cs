using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// What a command asks to load: a built-in <see cref="Dataset"/> or an <see cref="Input"/> CSV file, of which
/// <see cref="Features"/> selects the feature columns (all but the velocity and label columns by default).
/// </summary>
internal sealed record DataRequest(string? Dataset, FileInfo? Input, string? Features, int? Count, int? Seed)
{
    /// <summary>Columns of the CSV file holding ẋ, one per feature, loaded as the Velocity vector column.</summary>
    public string? Velocity { get; init; }

    /// <summary>A column of the CSV file loaded as Label (a built-in dataset's label is one of its own columns).</summary>
    public string? Label { get; init; }

    /// <summary>Whether <see cref="Label"/> is a numeric target (float) rather than integer classes.</summary>
    public bool NumericLabel { get; init; }
}

/// <summary>Loads the data a command works on: a built-in dataset or the columns of a CSV file (read by <see cref="CsvInput"/>).</summary>
internal static class InputData
{
    /// <summary>The message for neither or both of --dataset and --input.</summary>
    public const string ExactlyOneSource = "Give exactly one of --dataset NAME or --input FILE.csv.";

    /// <summary>
    /// The rows as Features (and, as <paramref name="request"/> asks, Velocity and Label columns of a CSV file) with a
    /// one-line description of where they came from.
    /// </summary>
    public static (IDataView Data, string Description) Load(MLContext ml, DataRequest request)
    {
        if (request.Dataset is null == request.Input is null) throw new UsageException(ExactlyOneSource);
        return request.Dataset is { } dataset ? BuiltIn(ml, dataset, request) : Csv(ml, request.Input!, request);
    }

    private static (IDataView, string) BuiltIn(MLContext ml, string dataset, DataRequest request)
    {
        if (!SymmetryDatasets.Names.Contains(dataset))
            throw new UsageException($"Unknown dataset '{dataset}'. Built-ins: {string.Join(", ", SymmetryDatasets.Names)}.");
        if (request.Features is not null) throw new UsageException("--features applies to --input only (built-in datasets define their features).");
        if (request.Velocity is not null) throw new UsageException("--velocity applies to --input only.");
        // A label names one of the dataset's own columns, which the estimator reads by name.
        var ds = SymmetryDatasets.ByName(ml, dataset, request.Count, request.Seed);
        return (ds, $"{dataset}: {ds.Info.Description}");
    }

    private static (IDataView, string) Csv(MLContext ml, FileInfo input, DataRequest request)
    {
        var csv = CsvInput.Open(input);
        int[] velocities = request.Velocity is { } v ? csv.Columns(v, "--velocity") : [];
        int? label = request.Label is { } l ? csv.Column(l, "--label") : null;
        var features = request.Features is { } f
            ? csv.Columns(f, "--features")
            : Enumerable.Range(0, csv.Header.Length).Where(i => !velocities.Contains(i) && i != label).ToArray();
        if (features.Length == 0) throw new UsageException("--features selects no column.");
        if (request.Velocity is not null && velocities.Length != features.Length)
            throw new UsageException($"--velocity selects {velocities.Length} columns and --features {features.Length}: give one velocity per feature.");
        if (label is { } li && features.Contains(li)) throw new UsageException($"--label '{request.Label}' is also a feature; leave it out of --features.");

        var columns = new List<TextLoader.Column> { CsvInput.Vector("Features", features) };
        var description = $"{csv.Name}: features {csv.Names(features)}";
        if (request.Velocity is not null)
        {
            columns.Add(CsvInput.Vector("Velocity", velocities));
            description += $"; velocities {csv.Names(velocities)}";
        }
        if (label is { } index)
        {
            columns.Add(new TextLoader.Column("Label", request.NumericLabel ? DataKind.Single : DataKind.Int32, index));
            description += $"; label {csv.Header[index]}";
        }
        return (csv.Load(ml, columns, request.Count), description);
    }
}
