using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// A learned oracle φ: a dense ReLU network input → hidden … → outputs (Roman, Forestano et al.: 128, 128, 32), float64. A
/// classifier's outputs are the logits of its classes (trained with cross-entropy; the flows keep all logits, as
/// Roman, Forestano et al. do), a regressor's are its predictions (trained with squared error). State-dict keys
/// <c>layers.{i}.weight/bias</c> as <c>nn.Sequential</c> of <c>nn.Linear</c>.
/// </summary>
internal sealed class OracleNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers = new();

    /// <summary>Builds the network with PyTorch's default Linear initialisation from <paramref name="generator"/>.</summary>
    public OracleNetwork(int inputSize, IReadOnlyList<int> hidden, int outputs, Generator? generator = null)
        : base(Runtime.Named(nameof(OracleNetwork)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(hidden), "Every hidden width must be at least 1.");
        InputSize = inputSize;
        Hidden = hidden.ToArray();
        Outputs = outputs;
        var widths = new[] { inputSize }.Concat(Hidden).Append(outputs).ToArray();
        using (no_grad())
        {
            for (var k = 0; k + 1 < widths.Length; k++)
            {
                var layer = nn.Linear(widths[k], widths[k + 1], dtype: float64);
                var bound = 1.0 / Math.Sqrt(widths[k]);
                layer.weight!.uniform_(-bound, bound, generator);
                layer.bias!.uniform_(-bound, bound, generator);
                layers.Add(layer);
            }
        }
        RegisterComponents();
    }

    /// <summary>Input size.</summary>
    public int InputSize { get; }

    /// <summary>Hidden widths.</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>Number of outputs (classes, or regression targets).</summary>
    public int Outputs { get; }

    /// <summary>rows × input → rows × outputs.</summary>
    public override Tensor forward(Tensor x)
    {
        var h = x;
        for (var k = 0; k < layers.Count; k++)
        {
            h = layers[k].forward(h);
            if (k + 1 < layers.Count) h = nn.functional.relu(h);
        }
        return h;
    }
}
