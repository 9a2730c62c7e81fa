using Microsoft.ML.Symmetry;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>Loads the data a command works on: a built-in dataset or the numeric columns of a CSV file.</summary>
internal static class InputData
{
    /// <summary>
    /// The rows as Features (and, with <paramref name="velocity"/>, a Velocity vector column of a CSV file, e.g. ẋ of
    /// each feature): a built-in dataset, or the columns of a CSV file named or numbered by <paramref name="features"/>
    /// (all but the velocity columns by default).
    /// </summary>
    public static (IDataView Data, string Description) Load(MLContext ml, string? dataset, FileInfo? input, string? features, int? count, int? seed, string? velocity = null)
    {
        if (dataset is null == input is null) throw new UsageException("Give exactly one of --dataset NAME or --input FILE.csv.");
        if (dataset is not null)
        {
            if (!SymmetryDatasets.Names.Contains(dataset))
                throw new UsageException($"Unknown dataset '{dataset}'. Built-ins: {string.Join(", ", SymmetryDatasets.Names)}.");
            if (features is not null) throw new UsageException("--features applies to --input only (built-in datasets define their features).");
            if (velocity is not null) throw new UsageException("--velocity applies to --input only.");
            var ds = SymmetryDatasets.ByName(ml, dataset, count, seed);
            return (ds, $"{dataset}: {ds.Info.Description}");
        }
        if (!input!.Exists) throw new FileNotFoundException($"The input file '{input.FullName}' does not exist.", input.FullName);
        var header = ReadHeader(input.FullName);
        var velocityIndices = velocity is null ? [] : Columns(velocity, header, "--velocity", input.Name);
        var indices = features is null
            ? Enumerable.Range(0, header.Length).Where(i => !velocityIndices.Contains(i)).ToArray()
            : Columns(features, header, "--features", input.Name);
        if (indices.Length == 0) throw new UsageException("--features selects no column.");
        if (velocity is not null && velocityIndices.Length != indices.Length)
            throw new UsageException($"--velocity selects {velocityIndices.Length} columns and --features {indices.Length}: give one velocity per feature.");
        var columns = new List<TextLoader.Column> { new("Features", DataKind.Single, indices.Select(i => new TextLoader.Range(i)).ToArray()) };
        if (velocity is not null) columns.Add(new TextLoader.Column("Velocity", DataKind.Single, velocityIndices.Select(i => new TextLoader.Range(i)).ToArray()));
        // With the file as its data sample, ML.NET's TextLoader names the Features slots after the header's columns.
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = [.. columns], Separators = [','], HasHeader = true, AllowQuoting = true },
                                              dataSample: new MultiFileSource(input.FullName));
        IDataView data = loader.Load(input.FullName);
        if (count is { } c) data = ml.Data.TakeRows(data, c);
        return (data, $"{input.Name}: features {string.Join(", ", indices.Select(i => header[i]))}"
                      + (velocity is null ? "" : $"; velocities {string.Join(", ", velocityIndices.Select(i => header[i]))}"));
    }

    /// <summary>"A-B" (0-based, inclusive) or comma-separated names/indices of a CSV header's columns.</summary>
    internal static int[] Columns(string spec, string[] header, string option, string file)
    {
        var result = new List<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], System.Globalization.CultureInfo.InvariantCulture, out var a)
                         && int.TryParse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                if (a < 0 || b >= header.Length || b < a) throw new UsageException($"{option} range '{part}' is outside the {header.Length} columns of {file}.");
                result.AddRange(Enumerable.Range(a, b - a + 1));
                continue;
            }
            var i = Array.IndexOf(header, part);
            if (i < 0 && int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 && n < header.Length) i = n;
            if (i < 0) throw new UsageException($"{option} names '{part}', which is not a column of {file} (columns: {string.Join(", ", header)}).");
            result.Add(i);
        }
        if (result.Count == 0) throw new UsageException($"{option} selects no column.");
        return [.. result];
    }

    internal static string[] ReadHeader(string path)
    {
        using var reader = new StreamReader(path);
        var line = reader.ReadLine() ?? throw new InvalidDataException($"'{path}' is empty; expected a CSV file with a header line.");
        var header = line.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        // A file without a header would silently lose its first row and name its columns after that row's values
        // (so --features 1 would pick the column whose first value is 1).
        if (header.All(h => double.TryParse(h, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            throw new InvalidDataException($"The first line of '{path}' ({line}) holds only numbers; expected a header line naming the columns.");
        return header;
    }
}
