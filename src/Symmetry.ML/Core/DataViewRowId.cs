namespace Symmetry.ML.Data;

/// <summary>A 128-bit row identifier, unique within a view and stable across cursors for the same row.</summary>
/// <param name="Low">The low 64 bits.</param>
/// <param name="High">The high 64 bits.</param>
public readonly record struct DataViewRowId(ulong Low, ulong High)
{
    /// <summary>Renders the id as 32 hexadecimal digits.</summary>
    public override string ToString() => $"{High:X16}{Low:X16}";
}
