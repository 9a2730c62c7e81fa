using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// What makes two shards parts of one protocol: the method, its options (all but the shard, progress and
/// cancellation), this package's version and a hash of the training data. Nothing of the machine (threads, device,
/// host) enters it: the per-item results do not depend on the thread count, and a merge across machines is the point.
/// </summary>
internal static class ShardFingerprint
{
    /// <summary>The version of this package, as its assembly declares it.</summary>
    public static string PackageVersion { get; } =
        typeof(ShardFingerprint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ShardFingerprint).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// SHA-256 (lower-case hex) of the method, <paramref name="options"/> (name = value pairs, in a fixed order), the
    /// package version and <paramref name="data"/>: its shape, slot names and every float's bits.
    /// </summary>
    public static string Of(string method, IEnumerable<(string Name, object? Value)> options, FeatureMatrix data) => Of(method, options, [data]);

    /// <summary>
    /// <see cref="Of(string, IEnumerable{ValueTuple{string, object}}, FeatureMatrix)"/> of several data matrices in order
    /// (LieDetector: the source and target images; LatentLieGan: the states and their derivatives); one matrix hashes as
    /// that overload does.
    /// </summary>
    public static string Of(string method, IEnumerable<(string Name, object? Value)> options, IReadOnlyList<FeatureMatrix> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var text = new StringBuilder();
        text.Append(method).Append('\n').Append(PackageVersion).Append('\n');
        foreach (var (name, value) in options) text.Append(name).Append('=').Append(Format(value)).Append('\n');
        foreach (var matrix in data)
        {
            text.Append(CultureInfo.InvariantCulture, $"data {matrix.Rows}×{matrix.Size}\n");
            foreach (var slot in matrix.SlotNames) text.Append(slot).Append('\n');
            sha.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
            text.Clear();
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix.Values.AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// Every public option of <paramref name="options"/> by reflection (so a new option is never left out), ordered by
    /// name, except the shard itself and what belongs to the run rather than the protocol: progress, cancellation and
    /// the thread count.
    /// </summary>
    public static IEnumerable<(string Name, object? Value)> OptionsOf(SymmetryOptions options)
    {
        string[] skip = ["Shard", nameof(options.Progress), nameof(options.CancellationToken), nameof(options.Threads)];
        return options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !skip.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (p.Name, p.GetValue(options)));
    }

    // Round-trip formats, so options that differ in the last bit differ here too.
    private static string Format(object? value) => value switch
    {
        null => "null",
        Delegate d => $"{d.Method.DeclaringType?.FullName}.{d.Method.Name}",     // a named oracle function, by its method
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(",", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
