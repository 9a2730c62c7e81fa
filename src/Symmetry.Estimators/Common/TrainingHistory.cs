using Microsoft.Data.Analysis;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Per-epoch loss terms as reports show and save them.
/// <code>
/// Binary format: int32 T term names; T × string; int32 E epochs; E × (int32 epoch; T × float64, in name order)
/// </code>
/// </summary>
internal static class TrainingHistory
{
    /// <summary>An Epoch column and one Double column per loss term (the first epoch's terms, in order).</summary>
    public static DataFrame ToDataFrame(IReadOnlyList<EpochLosses> history)
    {
        var names = history.Count == 0 ? [] : history[0].Losses.Keys.ToArray();
        var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("Epoch", history.Select(e => e.Epoch)) };
        columns.AddRange(names.Select(n => new DoubleDataFrameColumn(n, history.Select(e => e.Losses.GetValueOrDefault(n)))));
        return new DataFrame(columns);
    }

    public static void Write(BinaryWriter w, IReadOnlyList<EpochLosses> history)
    {
        var names = history.Count == 0 ? [] : history[0].Losses.Keys.ToArray();
        w.Write(names.Length);
        foreach (var name in names) w.Write(name);
        w.Write(history.Count);
        foreach (var e in history)
        {
            w.Write(e.Epoch);
            foreach (var name in names) w.Write(e.Losses.GetValueOrDefault(name));
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; sizes that do not fit the rest of the stream are corruption.</summary>
    public static IReadOnlyList<EpochLosses> Read(BinaryReader r, Func<string, Exception> corrupt)
    {
        var terms = r.ReadInt32();
        if (terms is < 0 or > 64) throw corrupt($"{terms} loss terms are out of range");
        var names = Enumerable.Range(0, terms).Select(_ => r.ReadString()).ToArray();
        var epochs = r.ReadInt32();
        if (epochs < 0 || (long)epochs * (4 + 8L * terms) > r.BaseStream.Length - r.BaseStream.Position)
            throw corrupt($"{epochs} epochs do not fit in the entry");
        var history = new EpochLosses[epochs];
        for (var e = 0; e < epochs; e++)
        {
            var epoch = r.ReadInt32();
            var losses = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var name in names) losses[name] = r.ReadDouble();
            history[e] = new EpochLosses(epoch, losses);
        }
        return history;
    }
}
