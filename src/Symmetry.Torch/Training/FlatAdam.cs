using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Adam (Kingma &amp; Ba; the update of <c>torch.optim.Adam</c> without weight decay or amsgrad, in the same order of
/// operations) over parameters rebound to views of ONE contiguous buffer, with their <c>.grad</c> set to views of ONE
/// gradient buffer: <see cref="ZeroGrad"/> is one kernel and <see cref="Step()"/> one fused pass over the whole buffer
/// on the CPU (float32 or float64; <c>FusedAdamCpu</c>) or a handful of in-place kernels elsewhere, whatever the number of parameter tensors (TorchSharp's <c>optim.Adam</c> makes about ten native
/// calls per tensor, and a native Scalar per number per call). Backward accumulates into the preset gradient views.
/// </summary>
/// <remarks>
/// The parameters keep their identity (modules, <c>state_dict</c> and saving are unaffected): each is rebound with
/// <c>set_</c> to share the flat buffer's storage. They stay views of it after this optimizer is disposed (the
/// storage lives as long as any of them). All must be floating point of one dtype on one device.
/// </remarks>
internal sealed class FlatAdam : IDisposable
{
    private readonly Tensor flat;
    private readonly Tensor grad;
    private readonly Tensor expAvg;
    private readonly Tensor expAvgSq;
    private readonly Tensor[] gradViews;
    private readonly long[] sizes;
    private readonly Scalar beta1;
    private readonly Scalar oneMinusBeta1;
    private readonly Scalar beta2;
    private readonly Scalar oneMinusBeta2;
    private readonly Scalar eps;
    private readonly double epsilon;
    private readonly double b1;
    private readonly double b2;
    private bool disposed;

    /// <summary>Rebinds <paramref name="parameters"/> to one buffer (their values are kept) and prepares Adam's state.</summary>
    /// <param name="parameters">Leaf tensors that require grad (e.g. <c>module.parameters()</c>); each is used once.</param>
    /// <param name="learningRate">Step size α.</param>
    /// <param name="beta1">Decay of the first-moment average (β₁).</param>
    /// <param name="beta2">Decay of the second-moment average (β₂).</param>
    /// <param name="epsilon">Added to the denominator (ε).</param>
    public FlatAdam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must be in [0, 1).");
        if (!(epsilon >= 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be a non-negative finite number.");
        Runtime.Ensure();
        var list = parameters.ToArray();
        if (list.Length == 0) throw new ArgumentException("There are no parameters to optimize.", nameof(parameters));
        var dtype = list[0].dtype;
        var deviceType = list[0].device_type;
        var deviceIndex = list[0].device_index;
        var device = list[0].device;
        if (!is_floating_point(list[0])) throw new ArgumentException($"Parameters must be floating point; got {dtype}.", nameof(parameters));
        long total = 0;
        foreach (var p in list)
        {
            if (p.dtype != dtype || p.device_type != deviceType || p.device_index != deviceIndex)
                throw new ArgumentException($"All parameters must share one dtype and device; got {dtype} on {device} and {p.dtype} on {p.device}.", nameof(parameters));
            if (!p.requires_grad || !p.is_leaf) throw new ArgumentException("Every parameter must be a leaf tensor that requires grad.", nameof(parameters));
            total += p.numel();
        }
        if (list.Distinct(HandleComparer.Instance).Count() != list.Length) throw new ArgumentException("A parameter appears twice.", nameof(parameters));

        flat = empty(total, dtype: dtype, device: device).DetachFromDisposeScope();
        grad = zeros(total, dtype: dtype, device: device).DetachFromDisposeScope();
        expAvg = zeros(total, dtype: dtype, device: device).DetachFromDisposeScope();
        expAvgSq = zeros(total, dtype: dtype, device: device).DetachFromDisposeScope();
        gradViews = new Tensor[list.Length];
        sizes = new long[list.Length];
        using (NewDisposeScope())
        using (no_grad())
        {
            long offset = 0;
            for (var i = 0; i < list.Length; i++)
            {
                var p = list[i];
                var n = p.numel();
                var view = flat.narrow(0, offset, n).view(p.shape);
                view.copy_(p);
                p.set_(view);
                gradViews[i] = grad.narrow(0, offset, n).view(p.shape).DetachFromDisposeScope();
                p.grad = gradViews[i];
                sizes[i] = n;
                offset += n;
            }
        }
        Count = total;
        LearningRate = learningRate;
        b1 = beta1;
        b2 = beta2;
        this.beta1 = beta1.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        this.beta2 = beta2.ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        eps = epsilon.ToScalar();
        this.epsilon = epsilon;
    }

    /// <summary>Number of scalar parameters.</summary>
    public long Count { get; }

    /// <summary>Optimizer steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Step size α (may be changed between steps).</summary>
    public double LearningRate { get; set; }

    /// <summary>The parameters' values, all of them, as one 1-D tensor (a view: writing to it changes them).</summary>
    public Tensor Values => flat;

    /// <summary>The parameters' gradients as one 1-D tensor (a view).</summary>
    public Tensor Gradients => grad;

    /// <summary>Zeroes every gradient (one kernel). Call before each backward pass.</summary>
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        grad.zero_();
    }

    /// <summary>One Adam update of every parameter from the current gradients.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        Steps++;
        var biasCorrection1 = 1 - Math.Pow(b1, Steps);
        var biasCorrection2 = 1 - Math.Pow(b2, Steps);
        if (FusedAdamCpu.Applies(flat))
        {
            FusedAdamCpu.Step(flat, grad, expAvg, expAvgSq, b1, b2, Math.Sqrt(biasCorrection2), epsilon, -LearningRate / biasCorrection1);
            return;
        }
        expAvg.mul_(beta1).add_(grad, oneMinusBeta1);
        expAvgSq.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
        using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        using var denom = expAvgSq.sqrt();
        denom.div_(correction2).add_(eps);
        flat.addcdiv_(expAvg, denom, stepSize);
    }

    /// <summary>
    /// One Adam update from gradients given per parameter (in the constructor's order, each with its parameter's number
    /// of elements, contiguous, of the parameters' dtype and device) instead of from <see cref="Gradients"/>: on the
    /// CPU the fused pass reads them where they are (no copy into the gradient buffer, which is left as it was);
    /// elsewhere they are copied into the buffer first. The same update as <see cref="Step()"/> with those gradients.
    /// </summary>
    public void Step(ReadOnlySpan<Tensor> gradients)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (gradients.Length != sizes.Length) throw new ArgumentException($"Expected {sizes.Length} gradients (one per parameter); got {gradients.Length}.", nameof(gradients));
        var dtype = flat.dtype;
        var device = flat.device_type;
        for (var i = 0; i < sizes.Length; i++)
        {
            var g = gradients[i];
            if (g.numel() != sizes[i] || !g.is_contiguous() || g.dtype != dtype || g.device_type != device)
                throw new ArgumentException($"Gradient {i} must be a contiguous {dtype} tensor of {sizes[i]} elements on {device}; got [{string.Join(", ", g.shape)}] {g.dtype} on {g.device_type}.", nameof(gradients));
        }
        if (!FusedAdamCpu.Applies(flat))
        {
            for (var i = 0; i < sizes.Length; i++) gradViews[i].view(-1).copy_(gradients[i].view(-1));
            Step();
            return;
        }
        Steps++;
        var biasCorrection1 = 1 - Math.Pow(b1, Steps);
        var biasCorrection2 = 1 - Math.Pow(b2, Steps);
        FusedAdamCpu.Step(flat, gradients, expAvg, expAvgSq, b1, b2, Math.Sqrt(biasCorrection2), epsilon, -LearningRate / biasCorrection1);
    }

    /// <summary>Frees the optimizer's state (the parameters keep their values and storage).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        flat.Dispose();
        grad.Dispose();
        expAvg.Dispose();
        expAvgSq.Dispose();
        foreach (var v in gradViews) v.Dispose();
        beta1.Dispose();
        oneMinusBeta1.Dispose();
        beta2.Dispose();
        oneMinusBeta2.Dispose();
        eps.Dispose();
    }

    private sealed class HandleComparer : IEqualityComparer<Tensor>
    {
        public static readonly HandleComparer Instance = new();
        public bool Equals(Tensor? x, Tensor? y) => x?.Handle == y?.Handle;
        public int GetHashCode(Tensor obj) => obj.Handle.GetHashCode();
    }
}
