using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules
{
    /// <summary>
    /// y = x·Wᵀ + b, with W (out_features, in_features) and b (out_features). Initialised as PyTorch:
    /// W ~ kaiming_uniform_(a = √5), i.e. U(−1/√in, 1/√in), then b ~ U(−1/√in, 1/√in).
    /// </summary>
    public sealed class Linear : nn.Module<Tensor, Tensor>
    {
        private Parameter weightParam;
        private Parameter? biasParam;

        internal Linear(long inputSize, long outputSize, bool hasBias, Device? device, ScalarType? dtype, Generator? generator) : base(nameof(Linear))
        {
            if (inputSize < 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "in_features must be ≥ 0.");
            if (outputSize < 0) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "out_features must be ≥ 0.");
            in_features = inputSize;
            out_features = outputSize;
            (weightParam, biasParam) = ModuleInit.WeightAndBias(this, [outputSize, inputSize], hasBias ? outputSize : null, device, dtype);
            reset_parameters(generator);
        }

        /// <summary>Input size.</summary>
        public long in_features { get; }

        /// <summary>Output size.</summary>
        public long out_features { get; }

        /// <summary>The weight (out_features, in_features). Setting it registers the new parameter (the old one is not disposed).</summary>
        public Parameter weight
        {
            get => weightParam;
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                weightParam = value;
                register_parameter("weight", value);
            }
        }

        /// <summary>The bias (out_features), or null. Setting it registers the new parameter (the old one is not disposed).</summary>
        public Parameter? bias
        {
            get => biasParam;
            set
            {
                biasParam = value;
                register_parameter("bias", value);
            }
        }

        /// <summary>Re-draws the weight and bias with PyTorch's defaults, from <paramref name="generator"/> when given.</summary>
        public void reset_parameters(Generator? generator = null) => nn.init.DefaultLayerInit(weightParam, biasParam, generator);

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.linear(input, weightParam, biasParam);
    }

    // Shared construction helpers for the built-in modules.
    internal static class ModuleInit
    {
        // An uninitialised parameter of the given shape on the given device/dtype; the caller initialises it.
        internal static Parameter NewParameter(long[] shape, Device? device, ScalarType? dtype)
        {
            using var data = empty(shape, dtype, device);
            return new Parameter(data);
        }

        // Registers an uninitialised "weight" of the given shape and, when biasSize is given, a "bias" of that size
        // (in that order) on module; the caller initialises them.
        internal static (Parameter weight, Parameter? bias) WeightAndBias(nn.Module module, long[] weightShape, long? biasSize, Device? device, ScalarType? dtype)
        {
            var weight = NewParameter(weightShape, device, dtype);
            module.register_parameter("weight", weight);
            if (biasSize is not long size) return (weight, null);
            var bias = NewParameter([size], device, dtype);
            module.register_parameter("bias", bias);
            return (weight, bias);
        }

        internal static Parameter Filled(long[] shape, double value, Device? device, ScalarType? dtype)
        {
            using var data = full(shape, value, dtype ?? get_default_dtype(), device);
            return new Parameter(data);
        }

        internal static Tensor Buffer(long[] shape, double value, Device? device, ScalarType? dtype) =>
            full(shape, value, dtype ?? get_default_dtype(), device).DetachFromDisposeScope();
    }
}

namespace Symmetry.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>
            /// A fully connected layer y = x·Wᵀ + b with PyTorch's default initialisation. <paramref name="generator"/>
            /// (an extension over TorchSharp) makes the initialisation reproducible without touching the global seed.
            /// </summary>
            public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null, Generator? generator = null) =>
                new(inputSize, outputSize, hasBias, device, dtype, generator);
        }
    }
}
