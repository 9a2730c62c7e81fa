using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

namespace Symmetry.ML;

public sealed partial class DataOperationsCatalog
{
    /// <summary>The two parts of a <see cref="TrainTestSplit"/>.</summary>
    public sealed class TrainTestData
    {
        internal TrainTestData(IDataView trainSet, IDataView testSet)
        {
            TrainSet = trainSet;
            TestSet = testSet;
        }

        /// <summary>The rows for training.</summary>
        public IDataView TrainSet { get; }

        /// <summary>The rows for testing.</summary>
        public IDataView TestSet { get; }
    }

    /// <summary>
    /// Splits rows at random into train and test sets, lazily: each row goes to the test set when a hash of the seed
    /// and its row id (or of <paramref name="samplingKeyColumnName"/>'s value, so equal keys stay together) falls
    /// below <paramref name="testFraction"/>. The two views never share a row, and together they cover all rows.
    /// </summary>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), "Must be between 0 and 1 exclusive");
        ulong s = (ulong)(seed ?? Environment.Register("TrainTestSplit").Rand.Next());
        DataViewSchema.Column[] keyCols = [];
        if (samplingKeyColumnName is not null)
        {
            var c = data.Schema.GetColumnOrNull(samplingKeyColumnName)
                ?? throw Contracts.ExceptSchemaMismatch(nameof(samplingKeyColumnName), "sampling key", samplingKeyColumnName);
            if (c.Type is VectorDataViewType)
                throw Contracts.ExceptSchemaMismatch(nameof(samplingKeyColumnName), "sampling key", samplingKeyColumnName, "a scalar", c.Type.ToString()!);
            keyCols = [c];
        }
        Func<DataViewRowCursor, Func<double>> uniform = cursor => RowHash.MakeUniform(cursor, keyCols, s);
        var test = new FilterDataView(data, keyCols, cursor =>
        {
            var u = uniform(cursor);
            return () => u() < testFraction;
        });
        var train = new FilterDataView(data, keyCols, cursor =>
        {
            var u = uniform(cursor);
            return () => u() >= testFraction;
        });
        return new TrainTestData(train, test);
    }

    /// <summary>
    /// Rows in random order: a shuffling source is permuted fully; otherwise a pool of <paramref name="shufflePoolSize"/>
    /// rows is used. Repeatable: every cursor of the result gives the same order for a given <paramref name="seed"/>.
    /// </summary>
    public IDataView ShuffleRows(IDataView input, int? seed = null, int shufflePoolSize = 1000, bool shuffleSource = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(shufflePoolSize, 1);
        return new ShuffleDataView(input, seed ?? Environment.Register("ShuffleRows").Rand.Next(), shufflePoolSize, shuffleSource);
    }

    /// <summary>The first <paramref name="count"/> rows; the source is not read beyond them.</summary>
    public IDataView TakeRows(IDataView input, long count)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SkipTakeDataView(input, 0, count);
    }

    /// <summary>All rows after the first <paramref name="count"/>.</summary>
    public IDataView SkipRows(IDataView input, long count)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SkipTakeDataView(input, count, long.MaxValue);
    }

    /// <summary>
    /// The rows whose numeric scalar <paramref name="columnName"/> lies in [<paramref name="lowerBound"/>,
    /// <paramref name="upperBound"/>); NaN values are dropped.
    /// </summary>
    public IDataView FilterRowsByColumn(IDataView input, string columnName, double lowerBound = double.NegativeInfinity,
        double upperBound = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        if (!(lowerBound < upperBound))
            throw new ArgumentOutOfRangeException(nameof(upperBound), "Must be greater than lowerBound");
        var c = input.Schema.GetColumnOrNull(columnName) ?? throw Contracts.ExceptSchemaMismatch(nameof(columnName), "input", columnName);
        if (c.Type is not NumberDataViewType)
            throw Contracts.ExceptSchemaMismatch(nameof(columnName), "input", columnName, "a numeric scalar", c.Type.ToString()!);
        return new FilterDataView(input, [c], cursor =>
        {
            var value = RowHash.NumericGetter(cursor, c);
            return () =>
            {
                double v = value();
                return v >= lowerBound && v < upperBound;
            };
        });
    }
}
