using System.Collections;
using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// The shape of a schema before data exists: column names, vector kinds and item types. Estimators use it to check a
/// pipeline without training.
/// </summary>
public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
{
    private readonly Column[] _columns;

    /// <summary>A shape with <paramref name="columns"/>.</summary>
    public SchemaShape(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
    }

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The shape of <paramref name="schema"/>'s visible columns (public here; internal in ML.NET).</summary>
    public static SchemaShape Create(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var cols = new List<Column>();
        foreach (var c in schema)
        {
            if (c.IsHidden)
                continue;
            var annotations = new SchemaShape(c.Annotations.Schema.Select(a => FromType(a.Name, a.Type, null)));
            cols.Add(FromType(c.Name, c.Type, annotations));
        }
        return new SchemaShape(cols);
    }

    /// <summary>Finds the column named <paramref name="name"/> (the last one if several share it).</summary>
    public bool TryFindColumn(string name, out Column column)
    {
        for (int i = _columns.Length - 1; i >= 0; i--)
        {
            if (_columns[i].Name == name)
            {
                column = _columns[i];
                return true;
            }
        }
        column = default;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The shape of a column of <paramref name="type"/>.</summary>
    public static Column FromType(string name, DataViewType type, SchemaShape? annotations = null) => type switch
    {
        VectorDataViewType v => new Column(name, v.IsKnownSize ? Column.VectorKind.Vector : Column.VectorKind.VariableVector, v.ItemType, false, annotations),
        _ => new Column(name, Column.VectorKind.Scalar, type, false, annotations),
    };

    /// <summary>One column of a <see cref="SchemaShape"/>.</summary>
    public readonly struct Column
    {
        /// <summary>Whether a column holds one value or a vector.</summary>
        public enum VectorKind
        {
            /// <summary>One value per row.</summary>
            Scalar,

            /// <summary>A vector of known size.</summary>
            Vector,

            /// <summary>A vector whose size varies.</summary>
            VariableVector,
        }

        /// <summary>A column shape (public here; internal in ML.NET).</summary>
        public Column(string name, VectorKind vecKind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(itemType);
            if (itemType is VectorDataViewType)
                throw new ArgumentException("The item type of a shape column cannot be a vector.", nameof(itemType));
            Name = name;
            Kind = vecKind;
            ItemType = itemType;
            IsKey = isKey;
            Annotations = annotations ?? new SchemaShape([]);
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>Scalar, known-size vector, or variable-size vector.</summary>
        public VectorKind Kind { get; }

        /// <summary>The type of the values (of each element for vectors).</summary>
        public DataViewType ItemType { get; }

        /// <summary>Whether the column is a key type (always false here: key types are not mirrored).</summary>
        public bool IsKey { get; }

        /// <summary>The shapes of the column's annotations.</summary>
        public SchemaShape Annotations { get; }

        /// <summary>Whether this shape is valid (<c>default</c> is not).</summary>
        public bool IsValid => Name is not null;

        /// <summary>Whether a column of shape <paramref name="source"/> can be used where this shape is expected.</summary>
        public bool IsCompatibleWith(Column source) =>
            source.IsValid && Name == source.Name && ItemType.Equals(source.ItemType) && IsKey == source.IsKey &&
            (Kind == source.Kind || (Kind == VectorKind.VariableVector && source.Kind == VectorKind.Vector));

        /// <summary>ML.NET's description of the shape: <c>Single</c>, <c>Vector&lt;Single&gt;</c>, or <c>VarVector&lt;Single&gt;</c>.</summary>
        public string GetTypeString() => Kind switch
        {
            VectorKind.Scalar => ItemType.ToString()!,
            VectorKind.Vector => $"Vector<{ItemType}>",
            _ => $"VarVector<{ItemType}>",
        };

        /// <summary>For example <c>Features: Vector&lt;Single&gt;</c>.</summary>
        public override string ToString() => $"{Name}: {GetTypeString()}";
    }
}
