namespace Symmetry.ML.Data;

/// <summary>A line of a text file that does not fit the loader's columns: where, and why.</summary>
public sealed class TextLoaderException : FormatException
{
    /// <summary>Describes a malformed line.</summary>
    public TextLoaderException(string path, long lineNumber, string columnName, int fieldIndex, string reason)
        : base($"{reason} for column '{columnName}' (field {fieldIndex}) at line {lineNumber} of '{path}'.")
    {
        Path = path;
        LineNumber = lineNumber;
        ColumnName = columnName;
        FieldIndex = fieldIndex;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line number (of the line where the record starts).</summary>
    public long LineNumber { get; }

    /// <summary>The column that could not be read.</summary>
    public string ColumnName { get; }

    /// <summary>The 0-based field index.</summary>
    public int FieldIndex { get; }
}
