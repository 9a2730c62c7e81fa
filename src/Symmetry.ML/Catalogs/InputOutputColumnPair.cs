namespace Symmetry.ML;

/// <summary>An output column computed from an input column (the input defaults to the output's name).</summary>
public sealed class InputOutputColumnPair
{
    /// <summary>A pair; <paramref name="inputColumnName"/> null means the same name as <paramref name="outputColumnName"/>.</summary>
    public InputOutputColumnPair(string outputColumnName, string? inputColumnName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName ?? outputColumnName;
    }

    /// <summary>The output column's name.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column's name.</summary>
    public string InputColumnName { get; }
}
