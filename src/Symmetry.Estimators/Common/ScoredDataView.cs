namespace Microsoft.ML.Symmetry;

/// <summary>
/// The lazy view a symmetry transformer's <c>Transform</c> returns: the source's columns plus the transformer's
/// outputs, computed in batches as a cursor reads. Creating the view computes nothing; a cursor that reads only
/// source columns computes nothing; a full pass scores ⌈rows / batch⌉ batches, growing from 32 rows (so a
/// 5-row preview scores 32) to <see cref="MaxBatch"/>.
/// <para>
/// A cursor serves rows from one source cursor and scores from a second one over the input columns that runs
/// ahead a batch at a time; both are opened with the same seed, and the ids of the rows each sees are compared,
/// so a source that does not repeat its order fails loudly rather than misaligning outputs. Pass-through values
/// therefore come straight from the source cursor, never copied.
/// </para>
/// <para>ONNX export asks the view (<see cref="OnnxExportingView"/>), which writes the transformer's scoring graph or throws.</para>
/// </summary>
internal sealed class ScoredDataView : OnnxExportingView
{
    /// <summary>The largest scoring batch.</summary>
    public const int MaxBatch = 4096;
    private const int FirstBatch = 32;

    private readonly IDataView source;
    private readonly IReadOnlyList<InputColumn> inputs;
    private readonly IReadOnlyList<OutputColumn> outputs;
    private readonly BatchScorer scorer;
    private readonly int[] inputIndices;

    public ScoredDataView(IDataView source, IReadOnlyList<InputColumn> inputs, IReadOnlyList<OutputColumn> outputs, BatchScorer scorer, OnnxExport export)
        : base(source, export)
    {
        this.source = source;
        this.inputs = inputs;
        this.outputs = outputs;
        this.scorer = scorer;
        inputIndices = inputs.Select(i => source.Schema[i.Name].Index).ToArray();
        Schema = OutputSchema(source.Schema, outputs);
    }

    /// <summary>The source schema followed by the output columns (which hide source columns of the same name).</summary>
    public static DataViewSchema OutputSchema(DataViewSchema source, IReadOnlyList<OutputColumn> outputs)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(source);
        foreach (var o in outputs) b.AddColumn(o.Name, o.Type, o.Annotations);
        return b.ToSchema();
    }

    public override DataViewSchema Schema { get; }

    public override bool CanShuffle => source.CanShuffle;

    public override long? GetRowCount() => source.GetRowCount();

    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var sourceCount = source.Schema.Count;
        var active = outputs.Select((_, j) => needed.Contains(sourceCount + j)).ToArray();
        var sourceColumns = source.Schema.Where(c => needed.Contains(c.Index));
        var seed = rand?.Next();
        var served = source.GetRowCursor(sourceColumns, seed is { } s1 ? new Random(s1) : null);
        DataViewRowCursor? ahead = null;
        if (active.Any(a => a))
            ahead = source.GetRowCursor(inputIndices.Select(i => source.Schema[i]), seed is { } s2 ? new Random(s2) : null);
        return new Cursor(this, served, ahead, active);
    }

    // One cursor keeps the batches in order; ML.NET allows returning fewer cursors than asked for.
    public override DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The values of one output column at the current row.</summary>
    internal delegate ReadOnlySpan<float> CurrentValues();

    /// <summary>A getter of <paramref name="output"/>'s values (Single or VBuffer&lt;Single&gt;), read through <paramref name="current"/>.</summary>
    internal static ValueGetter<TValue> OutputGetter<TValue>(OutputColumn output, CurrentValues current)
    {
        if (output.Size == 0)
        {
            if (typeof(TValue) != typeof(float))
                throw new InvalidOperationException($"Column '{output.Name}' holds Single values; a getter of {typeof(TValue).Name} was asked for.");
            ValueGetter<float> scalar = (ref float value) => value = current()[0];
            return (ValueGetter<TValue>)(Delegate)scalar;
        }
        if (typeof(TValue) != typeof(VBuffer<float>))
            throw new InvalidOperationException($"Column '{output.Name}' holds VBuffer<Single> values; a getter of {typeof(TValue).Name} was asked for.");
        ValueGetter<VBuffer<float>> vector = (ref VBuffer<float> value) =>
        {
            var src = current();
            var editor = VBufferEditor.Create(ref value, src.Length);
            src.CopyTo(editor.Values);
            value = editor.Commit();
        };
        return (ValueGetter<TValue>)(Delegate)vector;
    }

    /// <summary>Reads one row of every input column into row-major buffers, checking each vector's length.</summary>
    internal sealed class InputReader
    {
        private readonly IReadOnlyList<InputColumn> inputs;
        private readonly ValueGetter<VBuffer<float>>[] getters;
        private VBuffer<float> buffer;

        public InputReader(DataViewRow row, IReadOnlyList<InputColumn> inputs)
        {
            this.inputs = inputs;
            getters = inputs.Select(i => row.GetGetter<VBuffer<float>>(row.Schema[i.Name])).ToArray();
        }

        public void Read(float[][] into, int slot, long position)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                getters[i](ref buffer);
                var size = inputs[i].Size;
                if (buffer.Length != size)
                    throw new InvalidOperationException($"Row {position} of column '{inputs[i].Name}' has {buffer.Length} values; the model expects {size}.");
                buffer.CopyTo(into[i].AsSpan(slot * size, size));
            }
        }
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ScoredDataView parent;
        private readonly DataViewRowCursor served;
        private readonly DataViewRowCursor? ahead;
        private readonly bool[] active;
        private readonly InputReader? reader;
        private readonly ValueGetter<DataViewRowId> servedId;
        private readonly ValueGetter<DataViewRowId>? aheadId;
        private float[][] inputBuffers = [];
        private float[][] outputBuffers = [];
        private DataViewRowId[] batchIds = [];
        private long batchStart;
        private int batchCount;
        private int nextBatchSize = FirstBatch;
        private bool scored;
        private bool aheadDone;
        private long position = -1;

        public Cursor(ScoredDataView parent, DataViewRowCursor served, DataViewRowCursor? ahead, bool[] active)
        {
            this.parent = parent;
            this.served = served;
            this.ahead = ahead;
            this.active = active;
            servedId = served.GetIdGetter();
            if (ahead is not null)
            {
                reader = new InputReader(ahead, parent.inputs);
                aheadId = ahead.GetIdGetter();
            }
        }

        public override DataViewSchema Schema => parent.Schema;
        public override long Position => position;
        public override long Batch => served.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => servedId;

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            var sourceCount = parent.source.Schema.Count;
            return column.Index < sourceCount ? served.IsColumnActive(parent.source.Schema[column.Index]) : active[column.Index - sourceCount];
        }

        public override bool MoveNext()
        {
            if (!served.MoveNext()) return false;
            position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var sourceCount = parent.source.Schema.Count;
            if (column.Index < sourceCount) return served.GetGetter<TValue>(parent.source.Schema[column.Index]);
            var j = column.Index - sourceCount;
            if (j >= parent.outputs.Count) throw new ArgumentOutOfRangeException(nameof(column), $"Column index {column.Index} is not in this view's schema.");
            var output = parent.outputs[j];
            if (!active[j]) throw new InvalidOperationException($"Column '{output.Name}' was not requested when the cursor was created.");
            return OutputGetter<TValue>(output, () => Current(j));
        }

        /// <summary>The output values of column <paramref name="j"/> at the current row, scoring its batch if needed.</summary>
        private ReadOnlySpan<float> Current(int j)
        {
            if (position < 0) throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            while (position >= batchStart + batchCount) ReadBatch();
            var slot = (int)(position - batchStart);
            var id = default(DataViewRowId);
            servedId(ref id);
            if (!id.Equals(batchIds[slot]))
                throw new InvalidOperationException("The source view returned its rows in a different order to two cursors opened with the same seed; the scored columns cannot be aligned with it.");
            if (!scored)
            {
                parent.scorer(inputBuffers, batchCount, active, outputBuffers);
                scored = true;
            }
            var width = parent.outputs[j].Width;
            return outputBuffers[j].AsSpan(slot * width, width);
        }

        private void ReadBatch()
        {
            if (ahead is null || aheadDone) throw new InvalidOperationException("The source view returned more rows to one cursor than to another opened with the same seed.");
            batchStart += batchCount;
            var size = nextBatchSize;
            nextBatchSize = Math.Min(MaxBatch, nextBatchSize * 2);
            if (inputBuffers.Length == 0 || batchIds.Length < size)
            {
                inputBuffers = parent.inputs.Select(i => new float[size * i.Size]).ToArray();
                outputBuffers = parent.outputs.Select(o => new float[size * o.Width]).ToArray();
                batchIds = new DataViewRowId[size];
            }
            var n = 0;
            while (n < size && ahead.MoveNext())
            {
                reader!.Read(inputBuffers, n, batchStart + n);
                aheadId!(ref batchIds[n]);
                n++;
            }
            if (n < size) aheadDone = true;
            batchCount = n;
            scored = false;
            if (n == 0) throw new InvalidOperationException("The source view returned more rows to one cursor than to another opened with the same seed.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                served.Dispose();
                ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
