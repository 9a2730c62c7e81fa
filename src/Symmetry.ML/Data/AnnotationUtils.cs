namespace Symmetry.ML.Data;

/// <summary>Well-known annotation kinds and helpers for reading them.</summary>
public static class AnnotationUtils
{
    /// <summary>Names of well-known annotations.</summary>
    public static class Kinds
    {
        /// <summary>The names of a vector's elements: a vector of text of the same size.</summary>
        public const string SlotNames = "SlotNames";

        /// <summary>Marks a column produced by a normalizer (a Boolean, true).</summary>
        public const string IsNormalized = "IsNormalized";
    }

    /// <summary>Whether <paramref name="column"/> carries slot names of its vector size.</summary>
    public static bool HasSlotNames(this DataViewSchema.Column column) =>
        column.Type is VectorDataViewType { IsKnownSize: true } v &&
        column.Annotations.Schema.GetColumnOrNull(Kinds.SlotNames) is { Type: VectorDataViewType names } &&
        names.Size == v.Size;

    /// <summary>Reads the slot names of <paramref name="column"/>; throws when it has none.</summary>
    public static void GetSlotNames(this DataViewSchema.Column column, ref VBuffer<ReadOnlyMemory<char>> slotNames) =>
        column.Annotations.GetValue(Kinds.SlotNames, ref slotNames);
}
