using Symmetry.Datasets;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Symmetry.Cli;

/// <summary>Loads the data a command works on: a built-in dataset or the numeric columns of a CSV file.</summary>
internal static class InputData
{
    public static (IDataView Data, string Description) Load(MLContext ml, string? dataset, FileInfo? input, string? features, int? count, int? seed)
    {
        if (dataset is null == input is null) throw new UsageException("Give exactly one of --dataset NAME or --input FILE.csv.");
        if (dataset is not null)
        {
            if (!SymmetryDatasets.Names.Contains(dataset))
                throw new UsageException($"Unknown dataset '{dataset}'. Built-ins: {string.Join(", ", SymmetryDatasets.Names)}.");
            if (features is not null) throw new UsageException("--features applies to --input only (built-in datasets define their features).");
            var ds = SymmetryDatasets.ByName(ml, dataset, count, seed);
            return (ds, $"{dataset}: {ds.Info.Description}");
        }
        if (!input!.Exists) throw new FileNotFoundException($"The input file '{input.FullName}' does not exist.", input.FullName);
        var header = ReadHeader(input.FullName);
        int[] indices;
        if (features is null)
        {
            indices = Enumerable.Range(0, header.Length).ToArray();
        }
        else
        {
            indices = features.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f =>
            {
                var i = Array.IndexOf(header, f);
                if (i < 0 && int.TryParse(f, out var n) && n >= 0 && n < header.Length) i = n;
                if (i < 0) throw new UsageException($"--features names '{f}', which is not a column of {input.Name} (columns: {string.Join(", ", header)}).");
                return i;
            }).ToArray();
        }
        if (indices.Length == 0) throw new UsageException("--features selects no column.");
        var column = new TextLoader.Column("Features", DataKind.Single, indices.Select(i => new TextLoader.Range(i)).ToArray());
        // With the file as its data sample, ML.NET's TextLoader names the Features slots after the header's columns.
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = [column], Separators = [','], HasHeader = true, AllowQuoting = true },
                                              dataSample: new MultiFileSource(input.FullName));
        IDataView data = loader.Load(input.FullName);
        if (count is { } c) data = ml.Data.TakeRows(data, c);
        return (data, $"{input.Name}: features {string.Join(", ", indices.Select(i => header[i]))}");
    }

    private static string[] ReadHeader(string path)
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
