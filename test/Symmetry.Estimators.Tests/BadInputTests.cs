using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>Schema errors (with ML.NET's own messages), bad values and bad options, at fit and at scoring time.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static float[] Grid(int rows, int size) => Enumerable.Range(0, rows * size).Select(i => (float)Math.Sin(i)).ToArray();

    private static ArrayView Vectors(int rows, int size, string name = "Features") => new ArrayView(rows).Vector(name, size, Grid(rows, size));

    // SchemaShape.Create(DataViewSchema) is internal to ML.NET (only EstimatorChain calls it): reach it by reflection
    // here, in the test, to call GetOutputSchema(SchemaShape) directly as ML.NET does.
    internal static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    [TestMethod]
    public void MissingColumnAtFitHasMlNetsMessage()
    {
        var ml = new MLContext(1);
        var data = Vectors(200, 2);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance("Latent", "Nope", epochs: 1).Fit(data));
        Assert.AreEqual("Could not find input column 'Nope' (Parameter 'inputColumnName')", e.Message);
        Assert.AreEqual(0, data.CursorsOpened, "the schema is checked before any row is read");
    }

    [TestMethod]
    public void WrongColumnTypesAtFitHaveMlNetsMessage()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1);
        var scalar = new ArrayView(200).Scalar("Features", NumberDataViewType.Single, Grid(200, 1));
        var e1 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(scalar));
        Assert.AreEqual("Schema mismatch for input column 'Features': expected known-size vector of Single, got Single (Parameter 'inputColumnName')", e1.Message);
        var doubles = new ArrayView(200).Vector("Features", NumberDataViewType.Double, 2, Grid(200, 2).Select(v => (double)v).ToArray());
        var e2 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(doubles));
        Assert.AreEqual("Schema mismatch for input column 'Features': expected known-size vector of Single, got Vector<Double, 2> (Parameter 'inputColumnName')", e2.Message);
        var variable = new ArrayView(200).Vector("Features", 2, Grid(200, 2), declaredSize: 0);
        var e3 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(variable));
        Assert.AreEqual("Schema mismatch for input column 'Features': expected known-size vector of Single, got Vector<Single> (Parameter 'inputColumnName')", e3.Message);
    }

    [TestMethod]
    public void GetOutputSchemaOfAShapeAddsTwoVectorsOrThrowsMlNetsMessages()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.SymmetryDiscovery.LatentRelevance("Z", latentDimension: 3);
        var shape = estimator.GetOutputSchema(ShapeOf(Vectors(10, 2).Schema));
        CollectionAssert.AreEquivalent(new[] { "Features", "Z", "ZSigma" }, shape.Select(c => c.Name).ToArray());
        foreach (var name in new[] { "Z", "ZSigma" })
        {
            var c = shape.Single(col => col.Name == name);
            Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, c.Kind);
            Assert.AreEqual(NumberDataViewType.Single, c.ItemType);
        }

        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ShapeOf(Vectors(10, 2, "Other").Schema)));
        Assert.AreEqual("Could not find input column 'Features' (Parameter 'inputSchema')", missing.Message);
        var scalar = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            estimator.GetOutputSchema(ShapeOf(new ArrayView(1).Scalar("Features", NumberDataViewType.Single, new float[1]).Schema)));
        Assert.AreEqual("Schema mismatch for input column 'Features': expected known-size vector of Single, got Single (Parameter 'inputSchema')", scalar.Message);
        var variable = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            estimator.GetOutputSchema(ShapeOf(new ArrayView(1).Vector("Features", 2, new float[2], declaredSize: 0).Schema)));
        Assert.AreEqual("Schema mismatch for input column 'Features': expected known-size vector of Single, got VarVector<Single> (Parameter 'inputSchema')", variable.Message);
    }

    [TestMethod]
    public void AnEstimatorChainChecksOurSchemaBeforeFittingAnything()
    {
        // EstimatorChain.Fit propagates SchemaShapes through every estimator first: our GetOutputSchema must fail
        // there, before the copy transform before us is fitted.
        var ml = new MLContext(1);
        var data = Vectors(200, 2, "Raw");
        var chain = ml.Transforms.CopyColumns("Copy", "Raw").Append(ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chain.Fit(data));
        Assert.AreEqual("Could not find input column 'Features' (Parameter 'inputSchema')", e.Message);
        Assert.AreEqual(0, data.Fetches("Raw"));
    }

    [TestMethod]
    public void NaNInFeaturesNamesColumnRowAndSlot()
    {
        var ml = new MLContext(1);
        var values = Grid(200, 3);
        values[57 * 3 + 2] = float.NaN;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(new ArrayView(200).Vector("Features", 3, values)));
        Assert.AreEqual("Column 'Features' holds NaN at row 57, slot 2: the features must be finite numbers (remove or impute NaN/∞ first).", e.Message);
    }

    [TestMethod]
    public void BadOptionValuesThrowAtConstruction()
    {
        var ml = new MLContext(1);
        var sd = ml.Transforms.SymmetryDiscovery;
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sd.LatentRelevance(latentDimension: 0)).Message, "latentDimension must be at least 1.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sd.LatentRelevance(epochs: 0)).Message, "epochs must be at least 1.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sd.LatentRelevance(beta: double.NaN)).Message, "beta must be a finite number ≥ 0.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sd.LatentRelevance(runs: 0)).Message, "Runs must be between 1 and 10000.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sd.LatentRelevance(runs: 10_001)).Message, "Runs must be between 1 and 10000.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => sd.LatentRelevance(outputColumnName: " ")).Message, "OutputColumnName must be a non-empty column name.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            sd.LatentRelevance(new LatentRelevanceEstimator.Options { HiddenLayers = [8, 0] })).Message, "Every hidden layer width must be at least 1.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            sd.LatentRelevance(new LatentRelevanceEstimator.Options { MinimumDropRatio = 1 })).Message, "MinimumDropRatio must be greater than 1.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            sd.LatentRelevance(new LatentRelevanceEstimator.Options { LearningRate = 0 })).Message, "The learning rate must be a finite number > 0.");
    }

    [TestMethod]
    public void OneRowIsTooFewToTrain()
    {
        // Fewer rows than a batch train in one batch of them (PreviewTests); a single row cannot.
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(Vectors(1, 2)));
        Assert.AreEqual("The data has 1 rows; training needs at least 2. (Parameter 'data')", e.Message);
    }

    [TestMethod]
    public void EmptyDataThrows()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.SymmetryDiscovery.LatentRelevance(epochs: 1).Fit(Vectors(0, 2)));
        Assert.AreEqual("The data has no rows; column 'Features' needs at least 2. (Parameter 'data')", e.Message);
    }

    [TestMethod]
    public void WrongVectorSizeOrMissingColumnAtTransformTime()
    {
        var model = SharedModel.Model; // trained on Vector<Single, 2>
        var three = Vectors(10, 3);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(three));
        Assert.AreEqual("Schema mismatch for input column 'Features': expected Vector<Single, 2>, got Vector<Single, 3> (Parameter 'inputSchema')", e.Message);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.GetOutputSchema(three.Schema));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.GetRowToRowMapper(three.Schema));
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(Vectors(10, 2, "Other")));
        Assert.AreEqual("Could not find input column 'Features' (Parameter 'inputSchema')", missing.Message);
    }

    [TestMethod]
    public void ARowOfTheWrongLengthIsReportedWhenScored()
    {
        // The schema says Vector<Single, 2> but the rows hold 3 values: Transform cannot see it; the first scored
        // batch must refuse it, naming the row, rather than read past the row or misalign the outputs.
        var lying = new ArrayView(5).Vector("Features", 3, Grid(5, 3), declaredSize: 2);
        var scored = SharedModel.Model.Transform(lying);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Read(scored, "Latent"));
        Assert.AreEqual("Row 0 of column 'Features' has 3 values; the model expects 2.", e.Message);
    }
}
