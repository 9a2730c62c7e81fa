using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>How each infinitesimal generator g_α of an oracle-preserving flow is modelled.</summary>
public enum GeneratorKind
{
    /// <summary>g_α(x) = W_α x with an n×n matrix W_α (the first-principles companion code of Roman, Forestano et al.).</summary>
    Linear,

    /// <summary>g_α(x) = an MLP vector field x → hidden (tanh) … → x, one per generator (Roman, Forestano et al.'s MNIST experiment).</summary>
    Neural,
}
