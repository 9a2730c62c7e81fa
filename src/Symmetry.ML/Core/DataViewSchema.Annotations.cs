using Symmetry.ML.Data;

namespace Symmetry.ML;

public sealed partial class DataViewSchema
{
    /// <summary>
    /// Named extra values attached to a column (for example <see cref="AnnotationUtils.Kinds.SlotNames"/>). An
    /// annotation set is itself described by a schema; its values are read through getters.
    /// </summary>
    public sealed class Annotations
    {
        private readonly Delegate[] _getters;

        private Annotations(DataViewSchema schema, Delegate[] getters)
        {
            Schema = schema;
            _getters = getters;
        }

        /// <summary>The empty annotation set.</summary>
        public static Annotations Empty { get; } = new(new DataViewSchema([]), []);

        /// <summary>The names and types of the annotations.</summary>
        public DataViewSchema Schema { get; }

        /// <summary>A getter of annotation <paramref name="column"/>; throws when <typeparamref name="TValue"/> does not match its type.</summary>
        public ValueGetter<TValue> GetGetter<TValue>(Column column)
        {
            if ((uint)column.Index >= (uint)_getters.Length || Schema[column.Index].Name != column.Name)
                throw new ArgumentOutOfRangeException(nameof(column), $"Annotation '{column.Name}' is not in this annotation set.");
            return _getters[column.Index] as ValueGetter<TValue>
                ?? throw new InvalidOperationException(
                    $"Invalid TValue in GetGetter for annotation '{column.Name}': expected {column.Type.RawType}, got {typeof(TValue)}.");
        }

        /// <summary>Reads annotation <paramref name="kind"/> into <paramref name="value"/>; throws when it is absent.</summary>
        public void GetValue<TValue>(string kind, ref TValue value)
        {
            var column = Schema.GetColumnOrNull(kind)
                ?? throw new InvalidOperationException($"Invalid call to GetValue: annotation '{kind}' is not present.");
            GetGetter<TValue>(column)(ref value);
        }

        /// <summary>Lists the annotation names and types.</summary>
        public override string ToString() => string.Join(", ", Schema.Select(c => $"{c.Name}: {c.Type}"));

        /// <summary>Builds an <see cref="Annotations"/> set.</summary>
        public sealed class Builder
        {
            private readonly List<(DetachedColumn Column, Delegate Getter)> _items = [];

            /// <summary>Adds annotation <paramref name="name"/> of <paramref name="type"/> read by <paramref name="getter"/>.</summary>
            public void Add<TValue>(string name, DataViewType type, ValueGetter<TValue> getter, Annotations? annotations = null)
            {
                ArgumentNullException.ThrowIfNull(getter);
                ArgumentNullException.ThrowIfNull(type);
                if (type.RawType != typeof(TValue))
                    throw new ArgumentException($"Annotation '{name}' has type {type} but the getter reads {typeof(TValue)}.", nameof(getter));
                _items.Add((new DetachedColumn(name, type, annotations), getter));
            }

            /// <summary>Adds the annotations of <paramref name="annotations"/> whose names pass <paramref name="selector"/>.</summary>
            public void Add(Annotations annotations, Func<string, bool> selector)
            {
                ArgumentNullException.ThrowIfNull(annotations);
                ArgumentNullException.ThrowIfNull(selector);
                foreach (var c in annotations.Schema)
                    if (selector(c.Name))
                        _items.Add((new DetachedColumn(c), annotations._getters[c.Index]));
            }

            /// <summary>Adds slot names for a vector of <paramref name="size"/> elements.</summary>
            public void AddSlotNames(int size, ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter) =>
                Add(AnnotationUtils.Kinds.SlotNames, new VectorDataViewType(TextDataViewType.Instance, size), getter);

            /// <summary>The annotation set built so far.</summary>
            public Annotations ToAnnotations() =>
                _items.Count == 0 ? Empty : new Annotations(new DataViewSchema(_items.Select(i => i.Column).ToArray()), _items.Select(i => i.Getter).ToArray());
        }
    }
}
