using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules
{
    /// <summary>max(x, 0).</summary>
    public sealed class ReLU : nn.Module<Tensor, Tensor>
    {
        internal ReLU(bool inplace) : base(nameof(ReLU)) => this.inplace = inplace;
        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.relu(input, inplace);
    }

    /// <summary>x for x ≥ 0, negative_slope·x otherwise.</summary>
    public sealed class LeakyReLU : nn.Module<Tensor, Tensor>
    {
        internal LeakyReLU(double negative_slope, bool inplace) : base(nameof(LeakyReLU)) { this.negative_slope = negative_slope; this.inplace = inplace; }
        /// <summary>The slope for negative inputs.</summary>
        public double negative_slope { get; }
        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.leaky_relu(input, negative_slope, inplace);
    }

    /// <summary>tanh x.</summary>
    public sealed class Tanh : nn.Module<Tensor, Tensor>
    {
        internal Tanh(bool inplace) : base(nameof(Tanh)) => this.inplace = inplace;
        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.tanh(input, inplace);
    }

    /// <summary>1/(1 + e⁻ˣ).</summary>
    public sealed class Sigmoid : nn.Module<Tensor, Tensor>
    {
        internal Sigmoid(bool inplace) : base(nameof(Sigmoid)) => this.inplace = inplace;
        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.sigmoid(input, inplace);
    }

    /// <summary>log(1 + e^(β·x))/β, linear above β·x &gt; threshold.</summary>
    public sealed class Softplus : nn.Module<Tensor, Tensor>
    {
        internal Softplus(double beta, double threshold) : base(nameof(Softplus)) { this.beta = beta; this.threshold = threshold; }
        /// <summary>β.</summary>
        public double beta { get; }
        /// <summary>Above β·x &gt; threshold the function is the identity.</summary>
        public double threshold { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.softplus(input, beta, threshold);
    }

    /// <summary>
    /// In training mode zeroes each element with probability p and scales the rest by 1/(1−p); the identity in
    /// evaluation mode. A <see cref="Generator"/> given at construction draws the masks (reproducible training).
    /// </summary>
    public sealed class Dropout : nn.Module<Tensor, Tensor>
    {
        private readonly Generator? generator;

        internal Dropout(double p, bool inplace, Generator? generator) : base(nameof(Dropout))
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1.");
            this.p = p;
            this.inplace = inplace;
            this.generator = generator;
        }

        /// <summary>The probability of zeroing an element.</summary>
        public double p { get; }
        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.dropout(input, p, training, inplace, generator);
    }

    /// <summary>Flattens dimensions start_dim..end_dim into one (a view when possible).</summary>
    public sealed class Flatten : nn.Module<Tensor, Tensor>
    {
        internal Flatten(long start_dim, long end_dim) : base(nameof(Flatten)) { this.start_dim = start_dim; this.end_dim = end_dim; }
        /// <summary>The first dimension flattened.</summary>
        public long start_dim { get; }
        /// <summary>The last dimension flattened.</summary>
        public long end_dim { get; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
    }

    /// <summary>Splits dimension <see cref="dim"/> into <see cref="unflattened_size"/>.</summary>
    public sealed class Unflatten : nn.Module<Tensor, Tensor>
    {
        private readonly long[] sizes;

        internal Unflatten(long dim, long[] unflattened_size) : base(nameof(Unflatten))
        {
            ArgumentNullException.ThrowIfNull(unflattened_size);
            if (unflattened_size.Length == 0) throw new ArgumentException("unflattened_size cannot be empty.", nameof(unflattened_size));
            this.dim = dim;
            sizes = (long[])unflattened_size.Clone();
        }

        /// <summary>The dimension split.</summary>
        public long dim { get; }
        /// <summary>The sizes it is split into (one may be −1).</summary>
        public long[] unflattened_size => (long[])sizes.Clone();
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => input.unflatten(dim, sizes);
    }
}

namespace Symmetry.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>ReLU activation.</summary>
            public static Modules.ReLU ReLU(bool inplace = false) => new(inplace);
            /// <summary>Leaky ReLU activation.</summary>
            public static Modules.LeakyReLU LeakyReLU(double negative_slope = 0.01, bool inplace = false) => new(negative_slope, inplace);
            /// <summary>tanh activation.</summary>
            public static Modules.Tanh Tanh(bool inplace = false) => new(inplace);
            /// <summary>Sigmoid activation.</summary>
            public static Modules.Sigmoid Sigmoid(bool inplace = false) => new(inplace);
            /// <summary>Softplus activation.</summary>
            public static Modules.Softplus Softplus(double beta = 1, double threshold = 20) => new(beta, threshold);
            /// <summary>Dropout; <paramref name="generator"/> (an extension over TorchSharp) draws the masks reproducibly.</summary>
            public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false, Generator? generator = null) => new(p, inplace, generator);
            /// <summary>Flattens dimensions <paramref name="start_dim"/>..<paramref name="end_dim"/>.</summary>
            public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);
            /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="unflattened_size"/>.</summary>
            public static Modules.Unflatten Unflatten(long dim, long[] unflattened_size) => new(dim, unflattened_size);
        }
    }
}
