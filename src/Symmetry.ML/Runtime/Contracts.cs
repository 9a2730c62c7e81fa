namespace Symmetry.ML.Runtime;

/// <summary>
/// ML.NET's exception helpers with its exact messages, for components in any assembly, so that schema errors read
/// the same everywhere.
/// </summary>
public static class Contracts
{
    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> "Could not find <paramref name="columnRole"/> column '<paramref name="columnName"/>'".
    /// </summary>
    public static ArgumentOutOfRangeException ExceptSchemaMismatch(string paramName, string columnRole, string columnName) =>
        new(paramName, $"Could not find {columnRole} column '{columnName}'");

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> "Schema mismatch for <paramref name="columnRole"/> column
    /// '<paramref name="columnName"/>': expected <paramref name="expectedType"/>, got <paramref name="actualType"/>".
    /// </summary>
    public static ArgumentOutOfRangeException ExceptSchemaMismatch(string paramName, string columnRole, string columnName,
        string expectedType, string actualType) =>
        new(paramName, $"Schema mismatch for {columnRole} column '{columnName}': expected {expectedType}, got {actualType}");

    /// <summary>The cancellation exception ML.NET throws from <c>CheckAlive</c>.</summary>
    public static OperationCanceledException ExceptCanceled(CancellationToken token = default) =>
        new("Operation was cancelled.", token);
}
