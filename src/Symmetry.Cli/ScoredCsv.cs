using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// Writes a data view as CSV with ML.NET's <c>SaveAsText</c>, under a header that names every value uniquely:
/// a scalar column by its name, each slot of a vector column as <c>Column.slot</c> (its slot name, or its 0-based
/// index when it has none). ML.NET's own header uses bare slot names, which repeat when two columns share them
/// (<c>Latent</c> and <c>LatentSigma</c> are both z1…zL) and drop the column names.
/// </summary>
internal static class ScoredCsv
{
    public static void Save(MLContext ml, IDataView data, string path)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        var header = new List<string>();
        foreach (var column in columns)
        {
            if (column.Type is not VectorDataViewType vector) { header.Add(column.Name); continue; }
            if (!vector.IsKnownSize)
                throw new InvalidOperationException($"Column '{column.Name}' is a vector of unknown size, which a CSV file with one header line cannot hold.");
            var slots = default(VBuffer<ReadOnlyMemory<char>>);
            if (column.HasSlotNames()) column.GetSlotNames(ref slots);
            var names = slots.DenseValues().Select(s => s.ToString()).ToArray();
            var hasSlotNames = names.Length == vector.Size;
            for (var i = 0; i < vector.Size; i++)
                header.Add($"{column.Name}.{(hasSlotNames && names[i].Length > 0 ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }
        using var stream = File.Create(path);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
            writer.WriteLine(string.Join(",", header.Select(Quote)));
        ml.Data.SaveAsText(data, stream, separatorChar: ',', headerRow: false, schema: false, forceDense: true);
    }

    private static string Quote(string name) =>
        name.IndexOfAny([',', '"', '\n', '\r']) < 0 ? name : $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
