using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The part of an ONNX graph a transformer writes when <c>ml.Model.ConvertToOnnx</c> exports a pipeline: it reads the
/// variables that hold its input columns, adds constants and nodes, and binds its output columns. ML.NET's converter
/// context (internal) is behind <see cref="MLNetInternals"/>; the transformers' exports use only this class.
/// Every intermediate variable gets a unique name and no declared shape (ONNX Runtime infers it); every float
/// constant is checked finite, so a diverged model fails the export instead of writing NaN into a deployed graph.
/// </summary>
internal abstract class OnnxGraph
{
    /// <summary>ONNX's element type numbers for <c>Cast</c>.</summary>
    public const long Float = 1, Double = 11;

    /// <summary>The variable holding column <paramref name="column"/> as the pipeline has it so far (rows × size).</summary>
    public abstract string Input(string column);

    /// <summary>A float32 initializer named after <paramref name="name"/>.</summary>
    public abstract string Constant(string name, float[] values, long[] dims);

    /// <summary>A float64 initializer named after <paramref name="name"/>.</summary>
    public abstract string Constant(string name, double[] values, long[] dims);

    /// <summary>An int64 initializer named after <paramref name="name"/>.</summary>
    public abstract string Constant(string name, long[] values, long[] dims);

    /// <summary>
    /// Adds a node of operator <paramref name="op"/> (opset 12) and returns its single output's variable.
    /// Attribute values are long, double, string, long[] or float[].
    /// </summary>
    public abstract string Node(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes);

    /// <summary>Binds column <paramref name="column"/> of type <paramref name="type"/> to <paramref name="value"/> for the transforms after this one and the graph's outputs.</summary>
    public abstract void Output(string column, DataViewType type, string value);

    /// <summary>A float32 initializer holding a tensor's values (from any device, any float type), in its shape.</summary>
    public string Constant(string name, Tensor values)
    {
        using var host = values.detach().to(ScalarType.Float32).cpu().contiguous();
        return Constant(name, Finite(name, host.data<float>().ToArray()), host.shape);
    }

    /// <summary>A float64 initializer holding a tensor's values (from any device), in its shape.</summary>
    public string Constant64(string name, Tensor values)
    {
        using var host = values.detach().to(ScalarType.Float64).cpu().contiguous();
        return Constant(name, Finite(name, host.data<double>().ToArray()), host.shape);
    }

    /// <summary>y = x Wᵀ + b for an <c>nn.Linear</c>'s weight (out × in) and bias (out), as one Gemm.</summary>
    public string Linear(string x, Tensor weight, Tensor bias, string name) =>
        Node("Gemm", [x, Constant(name + ".weight", weight), Constant(name + ".bias", bias)], ("transB", 1L));

    /// <summary>Columns [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of a rows × n variable.</summary>
    public string Columns(string x, long start, long count, string name) =>
        Node("Slice", [x, Constant(name + ".starts", [start], [1]), Constant(name + ".ends", [start + count], [1]), Constant(name + ".axes", [1L], [1])]);

    /// <summary>(x − mean) / scale per feature, computed in float64 and rounded to float32 as <see cref="Standardization"/> does.</summary>
    public string Standardize(string x, Standardization scaling, int features, string name)
    {
        if (scaling.IsIdentity) return x;
        var mean = scaling.Mean.Take(features).ToArray();
        var scale = scaling.Scale.Take(features).ToArray();
        var x64 = Node("Cast", [x], ("to", Double));
        var centred = Node("Sub", [x64, Constant(name + ".mean", mean, [features])]);
        var scaled = Node("Div", [centred, Constant(name + ".scale", scale, [features])]);
        return Node("Cast", [scaled], ("to", Float));
    }

    private static T[] Finite<T>(string name, T[] values) where T : System.Numerics.IFloatingPoint<T>
    {
        if (values.Any(v => !T.IsFinite(v)))
            throw new InvalidOperationException($"The weights '{name}' hold NaN or infinite values; a model that diverged cannot be exported to ONNX.");
        return values;
    }
}

/// <summary>A transformer's ONNX export, as its scored views hand it to ML.NET's converter.</summary>
/// <param name="TransformerName">The transformer's type name, for messages.</param>
/// <param name="Check">Throws <see cref="NotSupportedException"/> naming a column that cannot be exported; otherwise nothing.</param>
/// <param name="Write">Writes the scoring graph.</param>
internal sealed record OnnxExport(string TransformerName, Action Check, Action<OnnxGraph> Write);
