namespace Symmetry.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>torch.optim.lr_scheduler: learning-rate schedules that rewrite the optimizer's group learning rates.</summary>
        public static class lr_scheduler
        {
            /// <summary>
            /// Base of the schedulers, with PyTorch's protocol: construction records each group's initial learning rate
            /// and performs step 0; each later <see cref="step"/> (once per epoch, after the optimizer's step) advances
            /// the epoch and sets every group's learning rate.
            /// </summary>
            public abstract class LRScheduler
            {
                /// <summary>Creates the scheduler for <paramref name="optimizer"/>, resuming after <paramref name="last_epoch"/> (−1: a fresh start).</summary>
                protected LRScheduler(Optimizer optimizer, int last_epoch = -1)
                {
                    ArgumentNullException.ThrowIfNull(optimizer);
                    this.optimizer = optimizer;
                    if (last_epoch == -1)
                    {
                        foreach (var g in optimizer.ParamGroups) g.InitialLearningRate = g.LearningRate;
                    }
                    this.last_epoch = last_epoch;
                    LastLearningRates = optimizer.ParamGroups.Select(g => g.LearningRate).ToList();
                }

                /// <summary>The optimizer whose learning rates are scheduled.</summary>
                protected Optimizer optimizer { get; }

                /// <summary>The number of <see cref="step"/> calls so far, minus one (0 after construction).</summary>
                public int last_epoch { get; private set; }

                private IList<double> LastLearningRates { get; set; }

                /// <summary>Advances one epoch and sets each group's learning rate.</summary>
                public virtual void step()
                {
                    last_epoch++;
                    var groups = optimizer.ParamGroups.ToList();
                    var lrs = get_lr(groups.Select(g => g.LearningRate).ToList(), groups.Select(g => g.InitialLearningRate).ToList());
                    for (var i = 0; i < groups.Count; i++) groups[i].LearningRate = lrs[i];
                    LastLearningRates = lrs;
                }

                /// <summary>The learning rates set by the last <see cref="step"/>, one per group.</summary>
                public IList<double> get_last_lr() => LastLearningRates.ToList();

                /// <summary>
                /// The learning rates for epoch <see cref="last_epoch"/>, from the groups' <paramref name="current"/> rates
                /// (PyTorch's chainable form) and <paramref name="initial"/> rates.
                /// </summary>
                protected abstract IList<double> get_lr(IList<double> current, IList<double> initial);

                /// <summary>Performs step 0; derived constructors call it once their fields are set.</summary>
                protected void InitialStep() => step();
            }

            /// <summary>
            /// Multiplies each group's learning rate by <paramref name="gamma"/> every <paramref name="step_size"/> epochs:
            /// lr = initial·gamma^⌊epoch/step_size⌋, computed as PyTorch does (one multiplication at each boundary).
            /// </summary>
            public static LRScheduler StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1, bool verbose = false) =>
                new impl.StepLR(optimizer, step_size, gamma, last_epoch, verbose);

            /// <summary>The scheduler classes.</summary>
            public static class impl
            {
                /// <summary>See <see cref="lr_scheduler.StepLR"/>.</summary>
                public sealed class StepLR : LRScheduler
                {
                    private readonly int stepSize;
                    private readonly double gamma;
                    private readonly bool verbose;

                    /// <summary>Creates the schedule and performs step 0.</summary>
                    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1, bool verbose = false) : base(optimizer, last_epoch)
                    {
                        if (step_size < 1) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be at least 1.");
                        stepSize = step_size;
                        this.gamma = gamma;
                        this.verbose = verbose;
                        InitialStep();
                    }

                    /// <inheritdoc/>
                    protected override IList<double> get_lr(IList<double> current, IList<double> initial)
                    {
                        var boundary = last_epoch != 0 && last_epoch % stepSize == 0;
                        var lrs = current.Select(lr => boundary ? lr * gamma : lr).ToList();
                        if (verbose) Console.WriteLine($"Epoch {last_epoch}: learning rate(s) {string.Join(", ", lrs)}.");
                        return lrs;
                    }
                }
            }
        }
    }
}
