using Symmetry.Torch.Native;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules;

/// <summary>
/// Stochastic gradient descent with PyTorch 1.13's update, for each parameter p with gradient g:
/// <code>
/// d = (maximize ? −g : g) + weight_decay·p
/// if momentum ≠ 0: b = (first step ? d : momentum·b + (1−dampening)·d);  d = nesterov ? d + momentum·b : b
/// p −= lr·d
/// </code>
/// A whole group is updated by one native call.
/// </summary>
public sealed class SGD : optim.Optimizer
{
    private readonly Options defaults;

    internal SGD(IEnumerable<Parameter> parameters, double lr, double momentum, double dampening, double weight_decay, bool nesterov, bool maximize)
        : this([new ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov, maximize) { }

    internal SGD(IEnumerable<ParamGroup> groups, double lr, double momentum, double dampening, double weight_decay, bool nesterov, bool maximize)
    {
        ArgumentNullException.ThrowIfNull(groups);
        defaults = new Options { LearningRate = lr, momentum = momentum, dampening = dampening, weight_decay = weight_decay, nesterov = nesterov, maximize = maximize };
        Validate(defaults);
        foreach (var g in groups) add_param_group(g);
    }

    /// <summary>SGD's per-group options; null values take the optimizer's defaults.</summary>
    public sealed class Options : OptimizerOptions
    {
        /// <summary>Momentum factor (0 = none).</summary>
        public double? momentum { get; set; }
        /// <summary>Dampening of the momentum.</summary>
        public double? dampening { get; set; }
        /// <summary>L2 penalty added to the gradient.</summary>
        public double? weight_decay { get; set; }
        /// <summary>Nesterov momentum (needs momentum &gt; 0 and no dampening).</summary>
        public bool? nesterov { get; set; }
        /// <summary>Maximise the objective instead of minimising it.</summary>
        public bool? maximize { get; set; }
    }

    /// <summary>A group of parameters with its own SGD options.</summary>
    public sealed class ParamGroup : Modules.ParamGroup
    {
        /// <summary>Creates a group with the given options (unset ones take the optimizer's defaults).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null) : base(parameters, options ?? new Options()) { }

        /// <summary>Creates a group with a learning rate and optional SGD settings (null = the optimizer's default).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, double? lr, double? momentum = null, double? dampening = null, double? weight_decay = null, bool? nesterov = null, bool? maximize = null)
            : base(parameters, new Options { LearningRate = lr, momentum = momentum, dampening = dampening, weight_decay = weight_decay, nesterov = nesterov, maximize = maximize }) { }
    }

    /// <inheritdoc/>
    protected override OptimizerOptions CompleteOptions(OptimizerOptions? options)
    {
        var o = options as Options ?? new Options { LearningRate = options?.LearningRate };
        o.LearningRate ??= defaults.LearningRate;
        o.momentum ??= defaults.momentum;
        o.dampening ??= defaults.dampening;
        o.weight_decay ??= defaults.weight_decay;
        o.nesterov ??= defaults.nesterov;
        o.maximize ??= defaults.maximize;
        Validate(o);
        return o;
    }

    private static void Validate(Options o)
    {
        // PyTorch's checks and messages (ValueError there).
        if (!(o.LearningRate >= 0)) throw new ArgumentException($"Invalid learning rate: {o.LearningRate}");
        if (!(o.momentum >= 0)) throw new ArgumentException($"Invalid momentum value: {o.momentum}");
        if (!(o.weight_decay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {o.weight_decay}");
        if (o.nesterov == true && (!(o.momentum > 0) || o.dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }

    private sealed class GroupState
    {
        public Tensor[]? Buffers;
        public IntPtr[]? BufferHandles;
        public required long[] Steps;
        public IntPtr[]? ParamHandles;
    }

    /// <inheritdoc/>
    protected override void StepGroup(Modules.ParamGroup group)
    {
        var o = (Options)group.Options;
        var ps = group.Parameters;
        if (ps.Count == 0) return;
        if (group.State is not GroupState s)
        {
            s = new GroupState { Steps = new long[ps.Count] };
            group.State = s;
        }
        var momentum = o.momentum!.Value;
        if (momentum != 0 && s.Buffers is null)
        {
            // Filled with the first update direction by the native step (PyTorch clones d_p there).
            s.Buffers = ps.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            s.BufferHandles = s.Buffers.Select(t => t.Handle.DangerousGetHandle()).ToArray();
        }
        s.ParamHandles = HandlesOf(ps, s.ParamHandles);
        var r = NativeMethods.sym_optim_sgd_step(s.ParamHandles, ps.Count, momentum != 0 ? s.BufferHandles : null, s.Steps,
            o.LearningRate!.Value, momentum, o.dampening!.Value, o.weight_decay!.Value, o.nesterov!.Value ? 1 : 0, o.maximize!.Value ? 1 : 0);
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
            if (g.State is GroupState { Buffers: { } b }) foreach (var t in b) t.Dispose();
            g.State = null;
        }
    }
}
