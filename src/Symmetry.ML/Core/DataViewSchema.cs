using System.Collections;
using System.Text;

namespace Symmetry.ML;

/// <summary>
/// The ordered columns of a data view. When several columns share a name, the last one is visible and the earlier
/// ones are hidden (<see cref="Column.IsHidden"/>); name lookups find the visible one.
/// </summary>
public sealed partial class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _nameToIndex;

    private DataViewSchema(IReadOnlyList<DetachedColumn> columns)
    {
        _nameToIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
            _nameToIndex[columns[i].Name] = i;
        _columns = new Column[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            _columns[i] = new Column(c.Name, i, _nameToIndex[c.Name] != i, c.Type, c.Annotations);
        }
    }

    /// <summary>The number of columns, hidden ones included.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="columnIndex"/>.</summary>
    public Column this[int columnIndex]
    {
        get
        {
            if ((uint)columnIndex >= (uint)_columns.Length)
                throw new ArgumentOutOfRangeException(nameof(columnIndex), $"Column index {columnIndex} is out of range; the schema has {_columns.Length} columns.");
            return _columns[columnIndex];
        }
    }

    /// <summary>The visible column named <paramref name="name"/>; throws <see cref="ArgumentOutOfRangeException"/> when there is none.</summary>
    public Column this[string name] =>
        GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name), $"Column '{name}' not found");

    /// <summary>The visible column named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public Column? GetColumnOrNull(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _nameToIndex.TryGetValue(name, out int i) ? _columns[i] : null;
    }

    /// <summary>Whether <paramref name="column"/> is this schema's column at its index (same name and type).</summary>
    internal bool Owns(Column column) =>
        (uint)column.Index < (uint)_columns.Length && _columns[column.Index].Name == column.Name &&
        _columns[column.Index].Type.Equals(column.Type);

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One line per column: index, name, type, and "(hidden)" where it applies.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var c in _columns)
            sb.Append(c.Index).Append(": ").Append(c.Name).Append(' ').Append(c.Type).Append(c.IsHidden ? " (hidden)" : "").AppendLine();
        return sb.ToString();
    }

    /// <summary>Creates a schema from columns in order.</summary>
    internal static DataViewSchema Create(IReadOnlyList<DetachedColumn> columns) => new(columns);

    /// <summary>A column of a schema: its name, position, type and annotations.</summary>
    public readonly struct Column
    {
        internal Column(string name, int index, bool isHidden, DataViewType type, Annotations annotations)
        {
            Name = name;
            Index = index;
            IsHidden = isHidden;
            Type = type;
            Annotations = annotations;
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>The column's position in the schema.</summary>
        public int Index { get; }

        /// <summary>Whether a later column with the same name hides this one.</summary>
        public bool IsHidden { get; }

        /// <summary>The column's type.</summary>
        public DataViewType Type { get; }

        /// <summary>Extra information such as slot names.</summary>
        public Annotations Annotations { get; }

        /// <summary>For example <c>Features: Vector&lt;Single, 8&gt;</c>.</summary>
        public override string ToString() => $"{Name}: {Type}{(IsHidden ? " (hidden)" : "")}";
    }

    /// <summary>A column description that does not belong to a schema yet (no index).</summary>
    public readonly struct DetachedColumn
    {
        /// <summary>A column named <paramref name="name"/> of <paramref name="type"/>.</summary>
        public DetachedColumn(string name, DataViewType type, Annotations? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            Name = name;
            Type = type;
            Annotations = annotations ?? Annotations.Empty;
        }

        /// <summary>A detached copy of <paramref name="column"/>.</summary>
        public DetachedColumn(Column column) : this(column.Name, column.Type, column.Annotations)
        {
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>The column's type.</summary>
        public DataViewType Type { get; }

        /// <summary>The column's annotations.</summary>
        public Annotations Annotations { get; }
    }

    /// <summary>Builds a <see cref="DataViewSchema"/> by adding columns in order.</summary>
    public sealed class Builder
    {
        private readonly List<DetachedColumn> _items = [];

        /// <summary>Appends a column.</summary>
        public void AddColumn(string name, DataViewType type, Annotations? annotations = null) =>
            _items.Add(new DetachedColumn(name, type, annotations));

        /// <summary>Appends copies of schema columns.</summary>
        public void AddColumns(IEnumerable<Column> source)
        {
            ArgumentNullException.ThrowIfNull(source);
            foreach (var c in source)
                _items.Add(new DetachedColumn(c));
        }

        /// <summary>Appends detached columns.</summary>
        public void AddColumns(IEnumerable<DetachedColumn> source)
        {
            ArgumentNullException.ThrowIfNull(source);
            _items.AddRange(source);
        }

        /// <summary>The schema of the columns added so far.</summary>
        public DataViewSchema ToSchema() => new(_items.ToArray());
    }
}
