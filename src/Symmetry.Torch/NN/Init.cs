namespace Symmetry.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// torch.nn.init: in-place initialisations with PyTorch's formulas (fans, gains, bounds), so that a module
        /// initialised here draws the same distribution as in PyTorch, and, from the same generator state, the same
        /// numbers. Each function fills the given tensor without recording autograd and returns that same tensor
        /// object (no new handle to dispose). Every random one takes an optional <see cref="Generator"/>; without it
        /// the global generator (<see cref="manual_seed"/>) is used.
        /// </summary>
        public static class init
        {
            /// <summary>Which fan kaiming initialisation preserves: the forward pass's (fan in) or the backward pass's.</summary>
            public enum FanInOut
            {
                /// <summary>Preserves the variance of activations in the forward pass.</summary>
                FanIn,
                /// <summary>Preserves the variance of gradients in the backward pass.</summary>
                FanOut,
            }

            /// <summary>The non-linearity a gain is computed for (<see cref="calculate_gain"/>).</summary>
            public enum NonlinearityType
            {
                /// <summary>Identity: gain 1.</summary>
                Linear,
                /// <summary>Convolution: gain 1.</summary>
                Conv1D,
                /// <summary>Convolution: gain 1.</summary>
                Conv2D,
                /// <summary>Convolution: gain 1.</summary>
                Conv3D,
                /// <summary>Transposed convolution: gain 1.</summary>
                ConvTranspose1D,
                /// <summary>Transposed convolution: gain 1.</summary>
                ConvTranspose2D,
                /// <summary>Transposed convolution: gain 1.</summary>
                ConvTranspose3D,
                /// <summary>Sigmoid: gain 1.</summary>
                Sigmoid,
                /// <summary>tanh: gain 5/3.</summary>
                Tanh,
                /// <summary>ReLU: gain √2.</summary>
                ReLU,
                /// <summary>Leaky ReLU with slope s (default 0.01): gain √(2/(1+s²)).</summary>
                LeakyReLU,
                /// <summary>SELU: gain 3/4.</summary>
                SELU,
            }

            /// <summary>The recommended gain for a non-linearity (PyTorch's table); <paramref name="param"/> is the leaky-ReLU slope.</summary>
            public static double calculate_gain(NonlinearityType nonlinearity, double? param = null)
            {
                switch (nonlinearity)
                {
                    case NonlinearityType.Tanh: return 5.0 / 3;
                    case NonlinearityType.ReLU: return Math.Sqrt(2.0);
                    case NonlinearityType.SELU: return 3.0 / 4;
                    case NonlinearityType.LeakyReLU:
                        var slope = param ?? 0.01;
                        return Math.Sqrt(2.0 / (1 + Math.Pow(slope, 2)));
                    default:
                        return 1.0;
                }
            }

            /// <summary>
            /// (fan_in, fan_out) of a weight as PyTorch computes them: size(1) and size(0), each times the product of
            /// the remaining (receptive-field) dimensions. Needs at least 2 dimensions.
            /// </summary>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                var s = tensor.shape;
                if (s.Length < 2) throw new ArgumentException($"Fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [{string.Join(", ", s)}]).", nameof(tensor));
                long receptive = 1;
                for (var i = 2; i < s.Length; i++) receptive *= s[i];
                return (s[1] * receptive, s[0] * receptive);
            }

            private static Tensor InPlace(Tensor tensor, Func<Tensor, Tensor> fill)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                // Parameters require grad; filling them must not be recorded (and would be refused if it were).
                using (no_grad())
                {
                    fill(tensor).Dispose();
                }
                return tensor;
            }

            /// <summary>Fills with U(<paramref name="low"/>, <paramref name="high"/>).</summary>
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1, Generator? generator = null) =>
                InPlace(tensor, t => t.uniform_(low, high, generator));

            /// <summary>Fills with N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null) =>
                InPlace(tensor, t => t.normal_(mean, std, generator));

            /// <summary>Fills with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, Scalar val) => InPlace(tensor, t => t.fill_(val));

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1.0);

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => InPlace(tensor, t => t.zero_());

            /// <summary>Fills a 2-D tensor with the identity (ones on the diagonal, zeros elsewhere).</summary>
            public static Tensor eye_(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                var s = tensor.shape;
                if (s.Length != 2) throw new ArgumentException($"eye_ needs a 2-D tensor; got shape [{string.Join(", ", s)}].", nameof(tensor));
                using var eye = torch.eye(s[0], s[1], tensor.dtype, tensor.device);
                return InPlace(tensor, t => t.copy_(eye));
            }

            /// <summary>Glorot/Xavier uniform: U(−a, a) with a = gain·√(6/(fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                var a = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -a, a, generator);
            }

            /// <summary>Glorot/Xavier normal: N(0, std²) with std = gain·√(2/(fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return normal_(tensor, 0, std, generator);
            }

            /// <summary>
            /// He/Kaiming uniform: U(−b, b) with b = √3·gain/√fan, gain = <see cref="calculate_gain"/>(nonlinearity, a).
            /// PyTorch's Linear and Conv layers use a = √5 (b = 1/√fan_in). A tensor with a zero-sized dimension is left as is.
            /// </summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (tensor.numel() == 0) return tensor;
                var std = KaimingStd(tensor, a, mode, nonlinearity);
                var bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>He/Kaiming normal: N(0, std²) with std = gain/√fan. A tensor with a zero-sized dimension is left as is.</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (tensor.numel() == 0) return tensor;
                var std = KaimingStd(tensor, a, mode, nonlinearity);
                return normal_(tensor, 0, std, generator);
            }

            private static double KaimingStd(Tensor tensor, double a, FanInOut mode, NonlinearityType nonlinearity)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var fan = mode == FanInOut.FanIn ? fanIn : fanOut;
                var gain = calculate_gain(nonlinearity, a);
                return gain / Math.Sqrt(fan);
            }

            // PyTorch's default for Linear and Conv weights (kaiming_uniform_ with a = √5) and their biases
            // (U(−1/√fan_in, 1/√fan_in), 0 when fan_in is 0), in that order, so draws match PyTorch's sequence.
            internal static void DefaultLayerInit(Tensor weight, Tensor? bias, Generator? generator)
            {
                kaiming_uniform_(weight, Math.Sqrt(5), generator: generator);
                if (bias is null) return;
                var (fanIn, _) = calculate_fan_in_and_fan_out(weight);
                var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
                uniform_(bias, -bound, bound, generator);
            }
        }
    }
}
