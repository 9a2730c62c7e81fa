using Symmetry.Torch.Native;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules;

/// <summary>
/// Adam, with PyTorch 1.13's single-tensor update, for each parameter p with gradient g at step t:
/// <code>
/// g  = (maximize ? −g : g) + weight_decay·p
/// m  = β₁·m + (1−β₁)·g
/// v  = β₂·v + (1−β₂)·g²
/// v̂  = amsgrad ? (vmax = max(vmax, v)) : v
/// p −= lr/(1−β₁ᵗ) · m / (√v̂/√(1−β₂ᵗ) + eps)
/// </code>
/// A whole group is updated by one native call that runs these in-place ATen ops for every parameter.
/// </summary>
public sealed class Adam : optim.Optimizer
{
    private readonly Options defaults;

    internal Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

    internal Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize)
    {
        ArgumentNullException.ThrowIfNull(groups);
        defaults = new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize };
        Validate(defaults);
        foreach (var g in groups) add_param_group(g);
    }

    /// <summary>Adam's per-group options; null values take the optimizer's defaults.</summary>
    public sealed class Options : OptimizerOptions
    {
        /// <summary>Decay of the first-moment average.</summary>
        public double? beta1 { get; set; }
        /// <summary>Decay of the second-moment average.</summary>
        public double? beta2 { get; set; }
        /// <summary>Added to the denominator for numerical stability.</summary>
        public double? eps { get; set; }
        /// <summary>L2 penalty added to the gradient.</summary>
        public double? weight_decay { get; set; }
        /// <summary>Use the running maximum of the second moment (AMSGrad).</summary>
        public bool? amsgrad { get; set; }
        /// <summary>Maximise the objective instead of minimising it.</summary>
        public bool? maximize { get; set; }
    }

    /// <summary>A group of parameters with its own Adam options.</summary>
    public sealed class ParamGroup : Modules.ParamGroup
    {
        /// <summary>Creates a group with the given options (unset ones take the optimizer's defaults).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null) : base(parameters, options ?? new Options()) { }

        /// <summary>Creates a group with a learning rate and optional Adam settings (null = the optimizer's default).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, double? lr, double? beta1 = null, double? beta2 = null, double? eps = null, double? weight_decay = null, bool? amsgrad = null, bool? maximize = null)
            : base(parameters, new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize }) { }
    }

    /// <inheritdoc/>
    protected override OptimizerOptions CompleteOptions(OptimizerOptions? options)
    {
        var o = options as Options ?? new Options { LearningRate = options?.LearningRate };
        o.LearningRate ??= defaults.LearningRate;
        o.beta1 ??= defaults.beta1;
        o.beta2 ??= defaults.beta2;
        o.eps ??= defaults.eps;
        o.weight_decay ??= defaults.weight_decay;
        o.amsgrad ??= defaults.amsgrad;
        o.maximize ??= defaults.maximize;
        Validate(o);
        return o;
    }

    private static void Validate(Options o)
    {
        // PyTorch's checks and messages (ValueError there).
        if (!(o.LearningRate >= 0)) throw new ArgumentException($"Invalid learning rate: {o.LearningRate}");
        if (!(o.eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {o.eps}");
        if (!(o.beta1 >= 0 && o.beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {o.beta1}");
        if (!(o.beta2 >= 0 && o.beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {o.beta2}");
        if (!(o.weight_decay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {o.weight_decay}");
    }

    private sealed class GroupState
    {
        public required Tensor[] ExpAvg;
        public required Tensor[] ExpAvgSq;
        public Tensor[]? MaxExpAvgSq;
        public required IntPtr[] ExpAvgHandles;
        public required IntPtr[] ExpAvgSqHandles;
        public IntPtr[]? MaxExpAvgSqHandles;
        public required long[] Steps;
        public IntPtr[]? ParamHandles;
    }

    private static Tensor[] ZerosLike(IReadOnlyList<Parameter> ps)
    {
        var r = new Tensor[ps.Count];
        for (var i = 0; i < r.Length; i++) r[i] = zeros_like(ps[i]).DetachFromDisposeScope();
        return r;
    }

    private static IntPtr[] Raw(Tensor[] ts) => ts.Select(t => t.Handle.DangerousGetHandle()).ToArray();

    /// <inheritdoc/>
    protected override void StepGroup(Modules.ParamGroup group)
    {
        var o = (Options)group.Options;
        var ps = group.Parameters;
        if (ps.Count == 0) return;
        if (group.State is not GroupState s)
        {
            // State is created on the first step, as PyTorch (so a module moved before it gets state on its device).
            var m = ZerosLike(ps);
            var v = ZerosLike(ps);
            s = new GroupState { ExpAvg = m, ExpAvgSq = v, ExpAvgHandles = Raw(m), ExpAvgSqHandles = Raw(v), Steps = new long[ps.Count] };
            group.State = s;
        }
        var amsgrad = o.amsgrad!.Value;
        if (amsgrad && s.MaxExpAvgSq is null)
        {
            s.MaxExpAvgSq = ZerosLike(ps);
            s.MaxExpAvgSqHandles = Raw(s.MaxExpAvgSq);
        }
        s.ParamHandles = HandlesOf(ps, s.ParamHandles);
        var r = NativeMethods.sym_optim_adam_step(s.ParamHandles, ps.Count, s.ExpAvgHandles, s.ExpAvgSqHandles, amsgrad ? s.MaxExpAvgSqHandles : null,
            s.Steps, o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, amsgrad ? 1 : 0, o.maximize!.Value ? 1 : 0);
        GC.KeepAlive(ps);
        GC.KeepAlive(s);
        Tensor.Check(r);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var g in ParamGroups)
        {
            if (g.State is not GroupState s) continue;
            foreach (var t in s.ExpAvg) t.Dispose();
            foreach (var t in s.ExpAvgSq) t.Dispose();
            if (s.MaxExpAvgSq is not null) foreach (var t in s.MaxExpAvgSq) t.Dispose();
            g.State = null;
        }
    }
}
