using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry.Reporting;

/// <summary>
/// Latent codes of some rows, most relevant rank first, with those rows' input features: what the latent scatter
/// plot draws. The report keeps no codes (it is saved inside every model); take them from the transformer's output.
/// </summary>
public sealed class LatentSample
{
    /// <summary>Creates a sample from per-row latent codes (rank order) and per-row features.</summary>
    /// <param name="latents">latents[i][k]: row i's latent mean at relevance rank k.</param>
    /// <param name="features">features[i][f]: row i's feature f (as given to the estimator).</param>
    public LatentSample(IReadOnlyList<double[]> latents, IReadOnlyList<double[]> features)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(features);
        if (latents.Count != features.Count) throw new ArgumentException($"{latents.Count} latent rows but {features.Count} feature rows.", nameof(features));
        if (latents.Count > 0 && (latents.Any(r => r.Length != latents[0].Length) || features.Any(r => r.Length != features[0].Length)))
            throw new ArgumentException("Every row must have the same number of latents and of features.", nameof(latents));
        Latents = latents;
        Features = features;
    }

    /// <summary>Latents[i][k]: row i's latent mean at relevance rank k.</summary>
    public IReadOnlyList<double[]> Latents { get; }

    /// <summary>Features[i][f]: row i's input feature f.</summary>
    public IReadOnlyList<double[]> Features { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Latents.Count;

    /// <summary>
    /// Scores the first <paramref name="maxRows"/> rows of <paramref name="data"/> with <paramref name="transformer"/>
    /// and reads its latent column (put in rank order) and its input feature column.
    /// </summary>
    public static LatentSample FromTransform(LatentRelevanceTransformer transformer, IDataView data, int maxRows = 2000)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var scored = transformer.Transform(data);
        var latentColumn = scored.Schema[transformer.OutputColumnName];
        var featureColumn = scored.Schema.GetColumnOrNull(transformer.InputColumnName)
            ?? throw new ArgumentException($"The data has no column '{transformer.InputColumnName}' (the transformer's input).", nameof(data));
        if (featureColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n.RawType != typeof(float))
            throw new ArgumentException($"Column '{featureColumn.Name}' is {featureColumn.Type}; expected a vector of Single.", nameof(data));
        // Output slot s holds model latent LatentOrder[s]; rank k is model latent Report.Order[k].
        var order = transformer.LatentOrder.ToList();
        var slotOfRank = transformer.Report.Order.Select(m => order.IndexOf(m)).ToArray();
        var latents = new List<double[]>();
        var features = new List<double[]>();
        using var cursor = scored.GetRowCursor([latentColumn, featureColumn]);
        var getLatent = cursor.GetGetter<VBuffer<float>>(latentColumn);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
        VBuffer<float> z = default, x = default;
        while (latents.Count < maxRows && cursor.MoveNext())
        {
            getLatent(ref z);
            getFeatures(ref x);
            var zd = z.DenseValues().ToArray();
            latents.Add(slotOfRank.Select(s => (double)zd[s]).ToArray());
            features.Add(x.DenseValues().Select(v => (double)v).ToArray());
        }
        return new LatentSample(latents, features);
    }
}
