namespace Symmetry.ML.Data;

/// <summary>
/// Computes output columns from an input row; a <see cref="RowToRowTransformerBase"/> appends them to the input
/// (an output with the same name as an input column hides it). Implement it through <see cref="MapperBase"/>
/// (per-row getters) or <see cref="BatchMapperBase"/> (whole batches, for models that score many rows at once).
/// </summary>
public interface IRowMapper
{
    /// <summary>The schema the mapper was built for (and checked against).</summary>
    DataViewSchema InputSchema { get; }

    /// <summary>The output columns, in order.</summary>
    DataViewSchema.DetachedColumn[] GetOutputColumns();

    /// <summary>Which input columns (by index) are needed to compute the outputs <paramref name="activeOutput"/> selects (by output index).</summary>
    Func<int, bool> GetDependencies(Func<int, bool> activeOutput);

    /// <summary>
    /// One getter per output column (null for inactive ones), reading from <paramref name="input"/>'s current row.
    /// <paramref name="disposer"/> releases per-cursor resources when the cursor is disposed.
    /// </summary>
    Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> activeOutput, out Action? disposer);
}
