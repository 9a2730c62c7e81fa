using Symmetry.Torch.Native;
using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    /// <summary>Interpolation of <see cref="nn.functional.grid_sample"/> (TorchSharp's values).</summary>
    public enum GridSampleMode
    {
        /// <summary>The nearest input pixel.</summary>
        Nearest = 0,
        /// <summary>Bilinear interpolation of the four neighbours.</summary>
        Bilinear = 2,
    }

    /// <summary>What <see cref="nn.functional.grid_sample"/> reads outside the input (TorchSharp's values).</summary>
    public enum GridSamplePaddingMode
    {
        /// <summary>Zeros.</summary>
        Zeros = 0,
        /// <summary>The input reflected at its border.</summary>
        Reflection = 1,
        /// <summary>The nearest border value.</summary>
        Border = 2,
    }

    /// <summary>How <see cref="nn.functional.pad(Tensor, long[], PaddingModes, double)"/> fills the new border (TorchSharp's values).</summary>
    public enum PaddingModes
    {
        /// <summary>Zeros (constant 0).</summary>
        Zeros = 0,
        /// <summary>Mirror without repeating the edge.</summary>
        Reflect = 1,
        /// <summary>Repeat the edge value.</summary>
        Replicate = 2,
        /// <summary>Wrap around.</summary>
        Circular = 3,
        /// <summary>A constant value.</summary>
        Constant = 4,
    }

    /// <summary>torch.nn: modules, losses and the functional forms.</summary>
    public static partial class nn
    {
        /// <summary>How a loss reduces its per-element values (libtorch's codes, as TorchSharp).</summary>
        public enum Reduction : long
        {
            /// <summary>No reduction: one value per element.</summary>
            None = 0,
            /// <summary>The mean.</summary>
            Mean = 1,
            /// <summary>The sum.</summary>
            Sum = 2,
        }

        /// <summary>torch.nn.functional: stateless building blocks of networks.</summary>
        public static partial class functional
        {
            private static TensorHandle H(Tensor? t) => t?.Handle ?? TensorHandle.Null;

            // ---- linear ----

            /// <summary>y = x·Wᵀ + b. For 2-D input with a bias this is one fused addmm call.</summary>
            /// <param name="input">(*, in_features).</param>
            /// <param name="weights">(out_features, in_features).</param>
            /// <param name="bias">(out_features), or null.</param>
            public static Tensor linear(Tensor input, Tensor weights, Tensor? bias = null) => new(sym_nn_linear(Arg(input), Arg(weights), H(bias)));

            // ---- activations ----

            /// <summary>max(x, 0).</summary>
            /// <param name="x">The input.</param>
            /// <param name="inplace">Overwrite <paramref name="x"/>.</param>
            public static Tensor relu(Tensor x, bool inplace = false) => new(sym_nn_relu(Arg(x), inplace ? 1 : 0));

            /// <summary>x for x ≥ 0, negative_slope·x otherwise.</summary>
            /// <param name="input">The input.</param>
            /// <param name="negative_slope">Slope for negative inputs.</param>
            /// <param name="inplace">Overwrite <paramref name="input"/>.</param>
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01, bool inplace = false) =>
                new(sym_nn_leaky_relu(Arg(input), negative_slope, inplace ? 1 : 0));

            /// <summary>x for x &gt; 0, alpha·(eˣ − 1) otherwise.</summary>
            /// <param name="x">The input.</param>
            /// <param name="alpha">Scale of the negative part.</param>
            /// <param name="inplace">Overwrite <paramref name="x"/>.</param>
            public static Tensor elu(Tensor x, double alpha = 1.0, bool inplace = false) => new(sym_nn_elu(Arg(x), alpha, inplace ? 1 : 0));

            /// <summary>log(1 + e^(beta·x))/beta, linear where beta·x exceeds <paramref name="threshold"/>.</summary>
            /// <param name="x">The input.</param>
            /// <param name="beta">Sharpness.</param>
            /// <param name="threshold">Above this (times beta) the function is the identity, for stability.</param>
            public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20) => new(sym_nn_softplus(Arg(x), beta, threshold));

            /// <summary>tanh x.</summary>
            /// <param name="x">The input.</param>
            /// <param name="inplace">Overwrite <paramref name="x"/>.</param>
            public static Tensor tanh(Tensor x, bool inplace = false) => new(sym_nn_tanh(Arg(x), inplace ? 1 : 0));

            /// <summary>1/(1 + e⁻ˣ).</summary>
            /// <param name="x">The input.</param>
            /// <param name="inplace">Overwrite <paramref name="x"/>.</param>
            public static Tensor sigmoid(Tensor x, bool inplace = false) => new(sym_nn_sigmoid(Arg(x), inplace ? 1 : 0));

            /// <summary>exp(x)/Σ exp(x) along <paramref name="dim"/>.</summary>
            /// <param name="input">The input.</param>
            /// <param name="dim">The dimension that sums to one.</param>
            /// <param name="dtype">Compute (and return) in this type.</param>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) =>
                new(sym_nn_softmax(Arg(input), dim, dtype.HasValue ? (sbyte)dtype.Value : (sbyte)-1));

            /// <summary>log softmax along <paramref name="dim"/>, computed stably.</summary>
            /// <param name="x">The input.</param>
            /// <param name="dim">The dimension normalised.</param>
            /// <param name="dtype">Compute (and return) in this type.</param>
            public static Tensor log_softmax(Tensor x, long dim, ScalarType? dtype = null) =>
                new(sym_nn_log_softmax(Arg(x), dim, dtype.HasValue ? (sbyte)dtype.Value : (sbyte)-1));

            /// <summary>
            /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1 − p) while
            /// <paramref name="training"/>; the identity otherwise. With a <paramref name="generator"/> the mask is drawn from it.
            /// </summary>
            /// <param name="input">The input.</param>
            /// <param name="p">Drop probability in [0, 1].</param>
            /// <param name="training">Apply dropout (false: return the input unchanged).</param>
            /// <param name="inplace">Overwrite <paramref name="input"/>.</param>
            /// <param name="generator">Source of the mask; null uses the global generator.</param>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false, Generator? generator = null) =>
                new(sym_nn_dropout(Arg(input), p, training ? 1 : 0, inplace ? 1 : 0, Gen(generator)));

            // ---- losses ----

            /// <summary>Mean squared error.</summary>
            /// <param name="input">Predictions.</param>
            /// <param name="target">Targets (same shape).</param>
            /// <param name="reduction">How to reduce.</param>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(sym_nn_mse_loss(Arg(input), Arg(target), (long)reduction));

            /// <summary>−w·[y·log x + (1 − y)·log(1 − x)] for probabilities x.</summary>
            /// <param name="input">Probabilities in [0, 1].</param>
            /// <param name="target">Targets in [0, 1], same shape.</param>
            /// <param name="weight">Per-element rescaling, broadcast to the input, or null.</param>
            /// <param name="reduction">How to reduce.</param>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                new(sym_nn_binary_cross_entropy(Arg(input), Arg(target), H(weight), (long)reduction));

            /// <summary>Binary cross-entropy of sigmoid(input), computed stably from logits.</summary>
            /// <param name="input">Logits.</param>
            /// <param name="target">Targets in [0, 1], same shape.</param>
            /// <param name="weight">Per-element rescaling, or null.</param>
            /// <param name="reduction">How to reduce.</param>
            /// <param name="pos_weights">Weight of positive examples per class, or null.</param>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null) =>
                new(sym_nn_binary_cross_entropy_with_logits(Arg(input), Arg(target), H(weight), H(pos_weights), (long)reduction));

            /// <summary>log_softmax followed by nll_loss (class indices) or by the soft-label cross-entropy (class probabilities).</summary>
            /// <param name="input">Logits (N, C, …).</param>
            /// <param name="target">Class indices (N, …) as int64, or probabilities shaped as the input.</param>
            /// <param name="weight">Per-class weights (C), or null.</param>
            /// <param name="ignore_index">A class index that contributes nothing.</param>
            /// <param name="reduction">How to reduce.</param>
            /// <param name="label_smoothing">Mix of the targets with the uniform distribution, in [0, 1].</param>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0.0) =>
                new(sym_nn_cross_entropy(Arg(input), Arg(target), H(weight), ignore_index, (long)reduction, label_smoothing));

            /// <summary>Negative log-likelihood of log-probabilities at the target classes.</summary>
            /// <param name="input">Log-probabilities (N, C, …).</param>
            /// <param name="target">Class indices (N, …), int64.</param>
            /// <param name="weight">Per-class weights (C), or null.</param>
            /// <param name="reduction">How to reduce (the mean is weighted by the target weights).</param>
            /// <param name="ignore_index">A class index that contributes nothing.</param>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                new(sym_nn_nll_loss(Arg(input), Arg(target), H(weight), ignore_index, (long)reduction));

            // ---- convolution and pooling ----

            /// <summary>2-D cross-correlation of (N, C_in, H, W) with (C_out, C_in/groups, kH, kW).</summary>
            /// <param name="input">(N, C_in, H, W).</param>
            /// <param name="weight">(C_out, C_in/groups, kH, kW).</param>
            /// <param name="bias">(C_out), or null.</param>
            /// <param name="strides">Stride per spatial dim (default 1).</param>
            /// <param name="padding">Zero padding per spatial dim (default 0).</param>
            /// <param name="dilation">Kernel dilation (default 1).</param>
            /// <param name="groups">Channel groups.</param>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                new(sym_nn_conv2d(Arg(input), Arg(weight), H(bias), strides, Len(strides), padding, Len(padding), dilation, Len(dilation), groups));

            /// <summary>2-D transposed convolution (the gradient of conv2d with respect to its input).</summary>
            /// <param name="input">(N, C_in, H, W).</param>
            /// <param name="weight">(C_in, C_out/groups, kH, kW).</param>
            /// <param name="bias">(C_out), or null.</param>
            /// <param name="strides">Stride per spatial dim (default 1).</param>
            /// <param name="padding">Implicit padding removed from the output (default 0).</param>
            /// <param name="output_padding">Extra size added to one side of the output (default 0).</param>
            /// <param name="dilation">Kernel dilation (default 1).</param>
            /// <param name="groups">Channel groups.</param>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null,
                                                  long[]? output_padding = null, long[]? dilation = null, long groups = 1) =>
                new(sym_nn_conv_transpose2d(Arg(input), Arg(weight), H(bias), strides, Len(strides), padding, Len(padding),
                    output_padding, Len(output_padding), dilation, Len(dilation), groups));

            /// <summary>2-D max pooling.</summary>
            /// <param name="input">(N, C, H, W) or (C, H, W).</param>
            /// <param name="kernel_size">Window size.</param>
            /// <param name="stride">Window step (default: the kernel size).</param>
            /// <param name="padding">Implicit −∞ padding (default 0).</param>
            /// <param name="dilation">Window dilation (default 1).</param>
            /// <param name="ceil_mode">Round the output size up instead of down.</param>
            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                return new(sym_nn_max_pool2d(Arg(input), kernel_size, kernel_size.Length, stride, Len(stride), padding, Len(padding), dilation, Len(dilation), ceil_mode ? 1 : 0));
            }

            // ---- normalisation ----

            /// <summary>Normalises over the trailing <paramref name="normalized_shape"/> dims, then scales and shifts.</summary>
            /// <param name="input">The input.</param>
            /// <param name="normalized_shape">The trailing shape normalised.</param>
            /// <param name="weight">Scale (normalized_shape), or null.</param>
            /// <param name="bias">Shift (normalized_shape), or null.</param>
            /// <param name="eps">Added to the variance.</param>
            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                ArgumentNullException.ThrowIfNull(normalized_shape);
                return new(sym_nn_layer_norm(Arg(input), normalized_shape, normalized_shape.Length, H(weight), H(bias), eps));
            }

            /// <summary>
            /// Batch normalisation over dim 1. While <paramref name="training"/> it uses the batch statistics and updates the
            /// running ones in place (running = (1 − momentum)·running + momentum·batch, unbiased variance); otherwise it uses
            /// the running statistics.
            /// </summary>
            /// <param name="input">(N, C) or (N, C, …).</param>
            /// <param name="running_mean">(C), updated in place when training; may be null.</param>
            /// <param name="running_var">(C), updated in place when training; may be null.</param>
            /// <param name="weight">Scale (C), or null.</param>
            /// <param name="bias">Shift (C), or null.</param>
            /// <param name="training">Use (and record) batch statistics.</param>
            /// <param name="momentum">Weight of the new batch in the running statistics.</param>
            /// <param name="eps">Added to the variance.</param>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                                            bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(sym_nn_batch_norm(Arg(input), H(running_mean), H(running_var), H(weight), H(bias), training ? 1 : 0, momentum, eps));

            /// <summary>x₁·x₂ / max(‖x₁‖·‖x₂‖, eps) along <paramref name="dim"/>.</summary>
            /// <param name="x1">First input.</param>
            /// <param name="x2">Second input (broadcastable).</param>
            /// <param name="dim">The dimension of the vectors.</param>
            /// <param name="eps">Lower bound of the norm product.</param>
            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                new(sym_nn_cosine_similarity(Arg(x1), Arg(x2), dim, eps));

            // ---- spatial transformers ----

            /// <summary>The sampling grid (N, H, W, 2) of the affine maps <paramref name="theta"/> (N, 2, 3) for an output of <paramref name="size"/> (N, C, H, W).</summary>
            /// <param name="theta">(N, 2, 3) or (N, 3, 4) affine matrices.</param>
            /// <param name="size">The output size (N, C, H, W) or (N, C, D, H, W).</param>
            /// <param name="align_corners">−1 and 1 are the centres (true) or the outer edges (false) of the corner pixels.</param>
            public static Tensor affine_grid(Tensor theta, long[]? size = null, bool align_corners = false)
            {
                if (size is null) throw new ArgumentNullException(nameof(size), "affine_grid needs the output size (N, C, H, W).");
                return new(sym_nn_affine_grid(Arg(theta), size, size.Length, align_corners ? 1 : 0));
            }

            /// <summary>Samples <paramref name="input"/> at the normalised locations of <paramref name="grid"/> (N, H_out, W_out, 2), x then y in [−1, 1].</summary>
            /// <param name="input">(N, C, H, W) or (N, C, D, H, W).</param>
            /// <param name="grid">(N, H_out, W_out, 2) or (N, D_out, H_out, W_out, 3).</param>
            /// <param name="mode">Interpolation.</param>
            /// <param name="padding_mode">Values outside the input.</param>
            /// <param name="align_corners">As <see cref="affine_grid"/>; null means false, PyTorch's default.</param>
            public static Tensor grid_sample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
                                             GridSamplePaddingMode padding_mode = GridSamplePaddingMode.Zeros, bool? align_corners = null)
            {
                // ATen's codes: interpolation 0 bilinear, 1 nearest; padding 0 zeros, 1 border, 2 reflection.
                long m = mode switch
                {
                    GridSampleMode.Bilinear => 0,
                    GridSampleMode.Nearest => 1,
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "grid_sample supports Bilinear and Nearest."),
                };
                long pm = padding_mode switch
                {
                    GridSamplePaddingMode.Zeros => 0,
                    GridSamplePaddingMode.Border => 1,
                    GridSamplePaddingMode.Reflection => 2,
                    _ => throw new ArgumentOutOfRangeException(nameof(padding_mode), padding_mode, "grid_sample supports Zeros, Border and Reflection."),
                };
                return new(sym_nn_grid_sample(Arg(input), Arg(grid), m, pm, align_corners == true ? 1 : 0));
            }

            /// <summary>
            /// Pads the trailing dimensions: <paramref name="pad"/> = (left, right) of the last dim, then of the one before, ….
            /// Reflect/replicate/circular pad up to the last three dims of a batched input.
            /// </summary>
            /// <param name="input">The input.</param>
            /// <param name="pad">Pairs of padding sizes, last dimension first.</param>
            /// <param name="mode">How to fill the border.</param>
            /// <param name="value">The fill of <see cref="PaddingModes.Constant"/>.</param>
            public static Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                ArgumentNullException.ThrowIfNull(pad);
                var (m, v) = mode switch
                {
                    PaddingModes.Constant => ("constant", value),
                    PaddingModes.Zeros => ("constant", 0.0),
                    PaddingModes.Reflect => ("reflect", 0.0),
                    PaddingModes.Replicate => ("replicate", 0.0),
                    PaddingModes.Circular => ("circular", 0.0),
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown padding mode."),
                };
                return new(sym_nn_pad(Arg(input), pad, pad.Length, m, v));
            }

            /// <summary>Pads every edge of every dimension by <paramref name="pad"/>.</summary>
            /// <param name="input">The input.</param>
            /// <param name="pad">The padding of each edge.</param>
            /// <param name="mode">How to fill the border.</param>
            /// <param name="value">The fill of <see cref="PaddingModes.Constant"/>.</param>
            public static Tensor pad(Tensor input, long pad, PaddingModes mode = PaddingModes.Constant, double value = 0) =>
                functional.pad(input, Enumerable.Repeat(pad, (int)input.ndim * 2).ToArray(), mode, value);

            private static int Len(long[]? a) => a?.Length ?? -1;
        }
    }
}
