using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules
{
    /// <summary>
    /// Batch normalisation of (N, C) or (N, C, L) input over the batch (and length), as PyTorch's BatchNorm1d:
    /// weight ones, bias zeros; buffers running_mean (zeros), running_var (ones) and num_batches_tracked (int64 0).
    /// In training mode it normalises with the batch statistics and updates the running ones
    /// (running = (1 − momentum)·running + momentum·batch; with momentum null, a cumulative average); in evaluation
    /// mode it uses the running statistics.
    /// </summary>
    public sealed class BatchNorm1d : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter? weightParam;
        private readonly Parameter? biasParam;
        private readonly Tensor? runningMean;
        private readonly Tensor? runningVar;
        private readonly Tensor? numBatchesTracked;

        internal BatchNorm1d(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, Device? device, ScalarType? dtype) : base(nameof(BatchNorm1d))
        {
            if (num_features < 1) throw new ArgumentOutOfRangeException(nameof(num_features), num_features, "num_features must be positive.");
            this.num_features = num_features;
            this.eps = eps;
            this.momentum = momentum;
            this.affine = affine;
            this.track_running_stats = track_running_stats;
            if (affine)
            {
                weightParam = ModuleInit.Filled([num_features], 1, device, dtype);
                biasParam = ModuleInit.Filled([num_features], 0, device, dtype);
                register_parameter("weight", weightParam);
                register_parameter("bias", biasParam);
            }
            if (track_running_stats)
            {
                runningMean = ModuleInit.Buffer([num_features], 0, device, dtype);
                runningVar = ModuleInit.Buffer([num_features], 1, device, dtype);
                numBatchesTracked = full([], 0L, ScalarType.Int64, device).DetachFromDisposeScope();
                register_buffer("running_mean", runningMean);
                register_buffer("running_var", runningVar);
                register_buffer("num_batches_tracked", numBatchesTracked);
            }
        }

        /// <summary>Number of features (channels).</summary>
        public long num_features { get; }
        /// <summary>Added to the variance.</summary>
        public double eps { get; }
        /// <summary>Weight of each new batch in the running statistics; null for a cumulative average.</summary>
        public double? momentum { get; }
        /// <summary>Whether there is a learnable scale and shift.</summary>
        public bool affine { get; }
        /// <summary>Whether running statistics are kept.</summary>
        public bool track_running_stats { get; }

        /// <summary>The scale (num_features), or null without affine.</summary>
        public Parameter? weight => weightParam;
        /// <summary>The shift (num_features), or null without affine.</summary>
        public Parameter? bias => biasParam;
        /// <summary>The running mean, or null without running statistics.</summary>
        public Tensor? running_mean => runningMean;
        /// <summary>The running (unbiased) variance, or null without running statistics.</summary>
        public Tensor? running_var => runningVar;
        /// <summary>The number of training batches seen, or null without running statistics.</summary>
        public Tensor? num_batches_tracked => numBatchesTracked;

        /// <summary>Resets the running statistics (mean 0, variance 1, count 0).</summary>
        public void reset_running_stats()
        {
            if (!track_running_stats) return;
            nn.init.zeros_(runningMean!);
            nn.init.ones_(runningVar!);
            nn.init.zeros_(numBatchesTracked!);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            var dims = input.ndim;
            if (dims != 2 && dims != 3) throw new ArgumentException($"BatchNorm1d expected 2D or 3D input (got {dims}D input).", nameof(input));
            var factor = momentum ?? 0.0;
            if (training && track_running_stats)
            {
                numBatchesTracked!.add_(1).Dispose();
                if (momentum is null) factor = 1.0 / numBatchesTracked.item<long>();
            }
            // Batch statistics in training, or when there are no running ones to use.
            var useBatchStats = training || !track_running_stats;
            return nn.functional.batch_norm(input, runningMean, runningVar, weightParam, biasParam, useBatchStats, factor, eps);
        }
    }

    /// <summary>
    /// Layer normalisation over the trailing <see cref="normalized_shape"/> dimensions, as PyTorch's LayerNorm:
    /// weight ones and bias zeros of that shape when elementwise_affine.
    /// </summary>
    public sealed class LayerNorm : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter? weightParam;
        private readonly Parameter? biasParam;
        private readonly long[] shape;

        internal LayerNorm(long[] normalized_shape, double eps, bool elementwise_affine, bool bias, Device? device, ScalarType? dtype) : base(nameof(LayerNorm))
        {
            ArgumentNullException.ThrowIfNull(normalized_shape);
            if (normalized_shape.Length == 0 || normalized_shape.Any(d => d < 1))
                throw new ArgumentException($"normalized_shape must be a non-empty list of positive sizes; got [{string.Join(", ", normalized_shape)}].", nameof(normalized_shape));
            shape = (long[])normalized_shape.Clone();
            this.eps = eps;
            this.elementwise_affine = elementwise_affine;
            if (elementwise_affine)
            {
                weightParam = ModuleInit.Filled(shape, 1, device, dtype);
                register_parameter("weight", weightParam);
                if (bias)
                {
                    biasParam = ModuleInit.Filled(shape, 0, device, dtype);
                    register_parameter("bias", biasParam);
                }
            }
        }

        /// <summary>The trailing shape normalised over.</summary>
        public long[] normalized_shape => (long[])shape.Clone();
        /// <summary>Added to the variance.</summary>
        public double eps { get; }
        /// <summary>Whether there is a learnable scale (and shift).</summary>
        public bool elementwise_affine { get; }
        /// <summary>The scale, or null.</summary>
        public Parameter? weight => weightParam;
        /// <summary>The shift, or null.</summary>
        public Parameter? bias => biasParam;

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.layer_norm(input, shape, weightParam, biasParam, eps);
    }
}

namespace Symmetry.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Batch normalisation over (N, C) or (N, C, L) input (PyTorch's defaults).</summary>
            public static Modules.BatchNorm1d BatchNorm1d(long features, double eps = 1e-05, double? momentum = 0.1, bool affine = true, bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
                new(features, eps, momentum, affine, track_running_stats, device, dtype);

            /// <summary>Layer normalisation over the trailing <paramref name="normalized_shape"/> dimensions.</summary>
            public static Modules.LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-05, bool elementwise_affine = true, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(normalized_shape, eps, elementwise_affine, bias, device, dtype);

            /// <summary>Layer normalisation over the last dimension of size <paramref name="normalized_shape"/>.</summary>
            public static Modules.LayerNorm LayerNorm(long normalized_shape, double eps = 1e-05, bool elementwise_affine = true, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new([normalized_shape], eps, elementwise_affine, bias, device, dtype);
        }
    }
}
