using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules
{
    /// <summary>
    /// 2-D convolution over (N, C_in, H, W) input. Weight (out, in/groups, kH, kW) and bias (out), initialised as
    /// PyTorch: kaiming_uniform_(a = √5) and U(−1/√fan_in, 1/√fan_in) with fan_in = in/groups·kH·kW. Non-zero
    /// padding modes pad explicitly first, as PyTorch does.
    /// </summary>
    public sealed class Conv2d : nn.Module<Tensor, Tensor>
    {
        private Parameter weightParam;
        private Parameter? biasParam;
        private readonly long[] stride;
        private readonly long[] padding;
        private readonly long[] dilation;
        private readonly long[] explicitPad;

        internal Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long) stride, (long, long) padding, (long, long) dilation,
                        PaddingModes padding_mode, long groups, bool bias, Device? device, ScalarType? dtype, Generator? generator) : base(nameof(Conv2d))
        {
            ConvChecks.Validate(in_channels, out_channels, kernel_size, stride, padding, dilation, groups);
            if (padding_mode == PaddingModes.Constant) throw new ArgumentException("Conv2d padding_mode must be Zeros, Reflect, Replicate or Circular.", nameof(padding_mode));
            this.in_channels = in_channels;
            this.out_channels = out_channels;
            this.groups = groups;
            this.padding_mode = padding_mode;
            this.kernel_size = kernel_size;
            this.stride = [stride.Item1, stride.Item2];
            this.dilation = [dilation.Item1, dilation.Item2];
            // Zeros padding is done by the convolution; the others pad the input explicitly (last dim first) and convolve unpadded.
            if (padding_mode == PaddingModes.Zeros)
            {
                this.padding = [padding.Item1, padding.Item2];
                explicitPad = [];
            }
            else
            {
                this.padding = [0, 0];
                explicitPad = [padding.Item2, padding.Item2, padding.Item1, padding.Item1];
            }
            (weightParam, biasParam) = ModuleInit.WeightAndBias(this, [out_channels, in_channels / groups, kernel_size.Item1, kernel_size.Item2], bias ? out_channels : null, device, dtype);
            reset_parameters(generator);
        }

        /// <summary>Input channels.</summary>
        public long in_channels { get; }
        /// <summary>Output channels.</summary>
        public long out_channels { get; }
        /// <summary>Channel groups.</summary>
        public long groups { get; }
        /// <summary>Kernel height and width.</summary>
        public (long, long) kernel_size { get; }
        /// <summary>How the border is padded.</summary>
        public PaddingModes padding_mode { get; }

        /// <summary>The weight (out, in/groups, kH, kW).</summary>
        public Parameter weight
        {
            get => weightParam;
            set { ArgumentNullException.ThrowIfNull(value); weightParam = value; register_parameter("weight", value); }
        }

        /// <summary>The bias (out), or null.</summary>
        public Parameter? bias
        {
            get => biasParam;
            set { biasParam = value; register_parameter("bias", value); }
        }

        /// <summary>Re-draws the weight and bias with PyTorch's defaults, from <paramref name="generator"/> when given.</summary>
        public void reset_parameters(Generator? generator = null) => nn.init.DefaultLayerInit(weightParam, biasParam, generator);

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            if (explicitPad.Length == 0) return nn.functional.conv2d(input, weightParam, biasParam, stride, padding, dilation, groups);
            using var padded = nn.functional.pad(input, explicitPad, padding_mode);
            return nn.functional.conv2d(padded, weightParam, biasParam, stride, padding, dilation, groups);
        }
    }

    /// <summary>
    /// 2-D transposed convolution. Weight (in, out/groups, kH, kW) and bias (out), initialised as PyTorch computes it
    /// from that layout: kaiming_uniform_(a = √5) and U(−1/√fan_in, 1/√fan_in) with fan_in = out/groups·kH·kW.
    /// </summary>
    public sealed class ConvTranspose2d : nn.Module<Tensor, Tensor>
    {
        private Parameter weightParam;
        private Parameter? biasParam;
        private readonly long[] stride;
        private readonly long[] padding;
        private readonly long[] outputPadding;
        private readonly long[] dilation;

        internal ConvTranspose2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long) stride, (long, long) padding, (long, long) output_padding,
                                 (long, long) dilation, PaddingModes padding_mode, long groups, bool bias, Device? device, ScalarType? dtype, Generator? generator) : base(nameof(ConvTranspose2d))
        {
            ConvChecks.Validate(in_channels, out_channels, kernel_size, stride, padding, dilation, groups);
            if (padding_mode != PaddingModes.Zeros) throw new ArgumentException("Only Zeros padding mode is supported for ConvTranspose2d.", nameof(padding_mode));
            // PyTorch: output padding must be smaller than either stride or dilation.
            if (output_padding.Item1 < 0 || output_padding.Item2 < 0 ||
                (output_padding.Item1 >= stride.Item1 && output_padding.Item1 >= dilation.Item1) ||
                (output_padding.Item2 >= stride.Item2 && output_padding.Item2 >= dilation.Item2))
                throw new ArgumentException($"output padding {output_padding} must be smaller than either stride {stride} or dilation {dilation}.", nameof(output_padding));
            this.in_channels = in_channels;
            this.out_channels = out_channels;
            this.groups = groups;
            this.kernel_size = kernel_size;
            this.stride = [stride.Item1, stride.Item2];
            this.padding = [padding.Item1, padding.Item2];
            outputPadding = [output_padding.Item1, output_padding.Item2];
            this.dilation = [dilation.Item1, dilation.Item2];
            (weightParam, biasParam) = ModuleInit.WeightAndBias(this, [in_channels, out_channels / groups, kernel_size.Item1, kernel_size.Item2], bias ? out_channels : null, device, dtype);
            reset_parameters(generator);
        }

        /// <summary>Input channels.</summary>
        public long in_channels { get; }
        /// <summary>Output channels.</summary>
        public long out_channels { get; }
        /// <summary>Channel groups.</summary>
        public long groups { get; }
        /// <summary>Kernel height and width.</summary>
        public (long, long) kernel_size { get; }

        /// <summary>The weight (in, out/groups, kH, kW).</summary>
        public Parameter weight
        {
            get => weightParam;
            set { ArgumentNullException.ThrowIfNull(value); weightParam = value; register_parameter("weight", value); }
        }

        /// <summary>The bias (out), or null.</summary>
        public Parameter? bias
        {
            get => biasParam;
            set { biasParam = value; register_parameter("bias", value); }
        }

        /// <summary>Re-draws the weight and bias with PyTorch's defaults, from <paramref name="generator"/> when given.</summary>
        public void reset_parameters(Generator? generator = null) => nn.init.DefaultLayerInit(weightParam, biasParam, generator);

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) =>
            nn.functional.conv_transpose2d(input, weightParam, biasParam, stride, padding, outputPadding, dilation, groups);
    }

    internal static class ConvChecks
    {
        internal static void Validate(long inC, long outC, (long, long) k, (long, long) s, (long, long) p, (long, long) d, long groups)
        {
            if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "groups must be a positive integer.");
            if (inC < 1 || inC % groups != 0) throw new ArgumentException($"in_channels ({inC}) must be positive and divisible by groups ({groups}).", "in_channels");
            if (outC < 1 || outC % groups != 0) throw new ArgumentException($"out_channels ({outC}) must be positive and divisible by groups ({groups}).", "out_channels");
            if (k.Item1 < 1 || k.Item2 < 1) throw new ArgumentException($"kernel_size must be positive; got {k}.", "kernel_size");
            if (s.Item1 < 1 || s.Item2 < 1) throw new ArgumentException($"stride must be positive; got {s}.", "stride");
            if (p.Item1 < 0 || p.Item2 < 0) throw new ArgumentException($"padding must be non-negative; got {p}.", "padding");
            if (d.Item1 < 1 || d.Item2 < 1) throw new ArgumentException($"dilation must be positive; got {d}.", "dilation");
        }
    }
}

namespace Symmetry.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 2-D convolution with a square kernel (PyTorch's default initialisation; <paramref name="generator"/> makes it reproducible).</summary>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null, Generator? generator = null) =>
                new(in_channels, out_channels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (dilation, dilation), padding_mode, groups, bias, device, dtype, generator);

            /// <summary>A 2-D convolution with (height, width) sizes; null stride/padding/dilation mean 1/0/1.</summary>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernelSize, (long, long)? stride = null, (long, long)? padding = null, (long, long)? dilation = null,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null, Generator? generator = null) =>
                new(in_channels, out_channels, kernelSize, stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1), padding_mode, groups, bias, device, dtype, generator);

            /// <summary>A 2-D transposed convolution with a square kernel (PyTorch's default initialisation; <paramref name="generator"/> makes it reproducible).</summary>
            public static Modules.ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0, long output_padding = 0, long dilation = 1,
                                                                  PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null, Generator? generator = null) =>
                new(in_channels, out_channels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (output_padding, output_padding), (dilation, dilation), padding_mode, groups, bias, device, dtype, generator);

            /// <summary>A 2-D transposed convolution with (height, width) sizes; null stride/padding/output_padding/dilation mean 1/0/0/1.</summary>
            public static Modules.ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, (long, long) kernelSize, (long, long)? stride = null, (long, long)? padding = null, (long, long)? output_padding = null,
                                                                  (long, long)? dilation = null, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null, Generator? generator = null) =>
                new(in_channels, out_channels, kernelSize, stride ?? (1, 1), padding ?? (0, 0), output_padding ?? (0, 0), dilation ?? (1, 1), padding_mode, groups, bias, device, dtype, generator);
        }
    }
}
