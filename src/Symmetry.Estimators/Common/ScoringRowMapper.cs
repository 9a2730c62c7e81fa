namespace Microsoft.ML.Symmetry;

/// <summary>
/// The row-at-a-time path <c>CreatePredictionEngine</c> takes: each output row is scored as a batch of one when
/// one of its outputs is first read, and cached until the input row moves (by <see cref="DataViewRow.Position"/>).
/// </summary>
internal sealed class ScoringRowMapper : IRowToRowMapper
{
    private readonly IReadOnlyList<InputColumn> inputs;
    private readonly IReadOnlyList<OutputColumn> outputs;
    private readonly BatchScorer scorer;

    public ScoringRowMapper(DataViewSchema inputSchema, IReadOnlyList<InputColumn> inputs, IReadOnlyList<OutputColumn> outputs, BatchScorer scorer)
    {
        InputSchema = inputSchema;
        this.inputs = inputs;
        this.outputs = outputs;
        this.scorer = scorer;
        OutputSchema = ScoredDataView.OutputSchema(inputSchema, outputs);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var columns = dependingColumns.ToArray();
        var n = InputSchema.Count;
        var result = columns.Where(c => c.Index < n).Select(c => InputSchema[c.Index]).ToList();
        if (columns.Any(c => c.Index >= n)) result.AddRange(inputs.Select(i => InputSchema[i.Name]));
        return result.DistinctBy(c => c.Index);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var n = InputSchema.Count;
        var active = outputs.Select((_, j) => activeColumns.Any(c => c.Index == n + j)).ToArray();
        return new Row(this, input, active);
    }

    private sealed class Row : DataViewRow
    {
        private readonly ScoringRowMapper parent;
        private readonly DataViewRow input;
        private readonly bool[] active;
        private readonly ScoredDataView.InputReader? reader;
        private readonly float[][] inputBuffers;
        private readonly float[][] outputBuffers;
        private long scoredPosition = -1;

        public Row(ScoringRowMapper parent, DataViewRow input, bool[] active)
        {
            this.parent = parent;
            this.input = input;
            this.active = active;
            inputBuffers = parent.inputs.Select(i => new float[i.Size]).ToArray();
            outputBuffers = parent.outputs.Select(o => new float[o.Width]).ToArray();
            if (active.Any(a => a)) reader = new ScoredDataView.InputReader(input, parent.inputs);
        }

        public override DataViewSchema Schema => parent.OutputSchema;
        public override long Position => input.Position;
        public override long Batch => input.Batch;
        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < parent.InputSchema.Count ? input.IsColumnActive(parent.InputSchema[column.Index]) : active[column.Index - parent.InputSchema.Count];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var n = parent.InputSchema.Count;
            if (column.Index < n) return input.GetGetter<TValue>(parent.InputSchema[column.Index]);
            var j = column.Index - n;
            var output = parent.outputs[j];
            if (!active[j]) throw new InvalidOperationException($"Column '{output.Name}' was not requested from this row.");
            return ScoredDataView.OutputGetter<TValue>(output, () => Current(j));
        }

        private ReadOnlySpan<float> Current(int j)
        {
            if (scoredPosition != input.Position || scoredPosition < 0)
            {
                reader!.Read(inputBuffers, 0, input.Position);
                parent.scorer(inputBuffers, 1, active, outputBuffers);
                scoredPosition = input.Position;
            }
            return outputBuffers[j];
        }
    }
}
