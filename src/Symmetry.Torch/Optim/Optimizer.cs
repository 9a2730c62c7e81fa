using Symmetry.Torch.Modules;
using Symmetry.Torch.Native;

namespace Symmetry.Torch
{
    public static partial class torch
    {
        /// <summary>torch.optim: optimizers over parameter groups, and learning-rate schedulers.</summary>
        public static partial class optim
        {
            /// <summary>
            /// Base of the optimizers, as TorchSharp's: parameter groups (each with its own learning rate and
            /// options), <see cref="zero_grad"/> and <see cref="step"/>. Per-parameter state (moments, momentum
            /// buffers) is owned by the optimizer and released by <see cref="Dispose()"/>.
            /// </summary>
            public abstract class Optimizer : IDisposable
            {
                private readonly List<ParamGroup> groups = [];
                private readonly HashSet<Parameter> allParameters = new(ReferenceEqualityComparer.Instance);
                private bool disposed;

                /// <summary>Creates an optimizer; subclasses add their groups with <see cref="add_param_group"/>.</summary>
                protected Optimizer() { }

                /// <summary>The parameter groups, in the order they were added.</summary>
                public IEnumerable<ParamGroup> ParamGroups => groups;

                /// <summary>All parameters, group by group.</summary>
                public IEnumerable<Parameter> parameters() => groups.SelectMany(g => g.Parameters);

                /// <summary>
                /// Adds a group. Options it leaves unset take the optimizer's defaults. A parameter may belong to one
                /// group only.
                /// </summary>
                public virtual void add_param_group(ParamGroup param_group)
                {
                    ArgumentNullException.ThrowIfNull(param_group);
                    ObjectDisposedException.ThrowIf(disposed, this);
                    foreach (var p in param_group.Parameters)
                        if (allParameters.Contains(p))
                            throw new ArgumentException("Some parameters appear in more than one parameter group.", nameof(param_group));
                    param_group.Options = CompleteOptions(param_group.Options);
                    param_group.Options.InitialLearningRate = param_group.Options.LearningRate!.Value;
                    foreach (var p in param_group.Parameters) allParameters.Add(p);
                    groups.Add(param_group);
                }

                /// <summary>Returns <paramref name="options"/> (or new options) with every unset value taken from this optimizer's defaults, validated.</summary>
                protected abstract OptimizerOptions CompleteOptions(OptimizerOptions? options);

                /// <summary>Drops (or, without <paramref name="set_to_none"/>, zeroes) the gradients of all parameters, in one native call.</summary>
                public virtual void zero_grad(bool set_to_none = true)
                {
                    ObjectDisposedException.ThrowIf(disposed, this);
                    var ps = parameters().ToList();
                    if (ps.Count == 0) return;
                    var h = new IntPtr[ps.Count];
                    for (var i = 0; i < h.Length; i++) h[i] = ps[i].Handle.DangerousGetHandle();
                    var r = NativeMethods.sym_module_zero_grad(h, h.Length, set_to_none ? 1 : 0);
                    GC.KeepAlive(ps);
                    Tensor.Check(r);
                }

                /// <summary>
                /// Updates the parameters from their gradients (parameters without a gradient are left alone). With a
                /// <paramref name="closure"/> (which recomputes and returns the loss), it is called first, with
                /// gradients enabled, and its loss returned.
                /// </summary>
                public Tensor? step(Func<Tensor>? closure = null)
                {
                    ObjectDisposedException.ThrowIf(disposed, this);
                    Tensor? loss = null;
                    if (closure is not null)
                    {
                        using (enable_grad()) loss = closure();
                    }
                    foreach (var g in groups) StepGroup(g);
                    return loss;
                }

                /// <summary>Applies one update to <paramref name="group"/>.</summary>
                protected abstract void StepGroup(ParamGroup group);

                /// <summary>The raw handles of <paramref name="ps"/> (throws if one was disposed); keep <paramref name="ps"/> alive across the call.</summary>
                private protected static IntPtr[] HandlesOf(IReadOnlyList<Parameter> ps, IntPtr[]? reuse)
                {
                    var h = reuse is not null && reuse.Length == ps.Count ? reuse : new IntPtr[ps.Count];
                    for (var i = 0; i < h.Length; i++) h[i] = ps[i].Handle.DangerousGetHandle();
                    return h;
                }

                /// <summary>Releases per-parameter state.</summary>
                public void Dispose()
                {
                    if (disposed) return;
                    disposed = true;
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                /// <summary>Releases state tensors when <paramref name="disposing"/>.</summary>
                protected virtual void Dispose(bool disposing) { }
            }

            /// <summary>
            /// Adam (Kingma &amp; Ba) with PyTorch's update: bias-corrected moments, L2 <paramref name="weight_decay"/>
            /// added to the gradient, optional AMSGrad and maximisation. One native call per group and step.
            /// </summary>
            public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>Adam over named parameters (as <see cref="nn.Module.named_parameters"/> yields them); the names are ignored.</summary>
            public static Adam Adam(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new((parameters ?? throw new ArgumentNullException(nameof(parameters))).Select(np => np.parameter), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>Adam over parameter groups; each group's unset options take these defaults.</summary>
            public static Adam Adam(IEnumerable<Adam.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>Stochastic gradient descent with PyTorch's momentum, dampening, weight decay and Nesterov.</summary>
            public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>SGD over parameter groups; each group's unset options take these defaults.</summary>
            public static SGD SGD(IEnumerable<SGD.ParamGroup> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>Options shared by every optimizer's groups. Null means "take the optimizer's default".</summary>
        public class OptimizerOptions
        {
            /// <summary>The group's current learning rate (schedulers change it).</summary>
            public double? LearningRate { get; set; }

            /// <summary>The learning rate the group started with (schedulers compute from it).</summary>
            public double InitialLearningRate { get; set; }
        }

        /// <summary>A set of parameters optimized with the same options (learning rate and the optimizer's own).</summary>
        public class ParamGroup
        {
            /// <summary>Creates a group of <paramref name="parameters"/> with <paramref name="options"/> (unset ones are defaulted by the optimizer).</summary>
            public ParamGroup(IEnumerable<Parameter> parameters, OptimizerOptions? options = null)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                var list = parameters.ToList();
                if (list.Any(p => p is null)) throw new ArgumentException("A parameter group cannot contain null.", nameof(parameters));
                if (list.Distinct(ReferenceEqualityComparer.Instance).Count() != list.Count)
                    throw new ArgumentException("A parameter group contains the same parameter twice.", nameof(parameters));
                Parameters = list.AsReadOnly();
                Options = options ?? new OptimizerOptions();
            }

            /// <summary>The group's parameters (fixed once created).</summary>
            public IReadOnlyList<Parameter> Parameters { get; }

            /// <summary>The group's options.</summary>
            public OptimizerOptions Options { get; set; }

            /// <summary>The group's current learning rate.</summary>
            public double LearningRate
            {
                get => Options.LearningRate ?? throw new InvalidOperationException("The group has no learning rate yet; add it to an optimizer first.");
                set
                {
                    if (!(value >= 0)) throw new ArgumentOutOfRangeException(nameof(value), value, "Invalid learning rate: it must be ≥ 0.");
                    Options.LearningRate = value;
                }
            }

            /// <summary>The learning rate the group started with.</summary>
            public double InitialLearningRate
            {
                get => Options.InitialLearningRate;
                set => Options.InitialLearningRate = value;
            }

            // Optimizer-private per-group state (cached handle arrays, step counts, state tensors).
            internal object? State { get; set; }
        }
    }
}
