using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Modules
{
    /// <summary>
    /// Runs its modules in order, each on the previous one's output. Children are named "0", "1", … unless given
    /// names, and those names prefix their state-dict keys. Intermediate outputs are disposed as soon as the next
    /// module has consumed them (autograd keeps what it needs), so a forward pass leaves only its result behind.
    /// </summary>
    public sealed class Sequential : nn.Module<Tensor, Tensor>
    {
        private readonly List<nn.Module<Tensor, Tensor>> layers = [];

        internal Sequential(IEnumerable<(string name, nn.Module<Tensor, Tensor> module)> modules) : base(nameof(Sequential))
        {
            ArgumentNullException.ThrowIfNull(modules);
            foreach (var (n, m) in modules) append(n, m);
        }

        /// <summary>The number of modules.</summary>
        public int Count => layers.Count;

        /// <summary>The module at <paramref name="index"/>.</summary>
        public nn.Module<Tensor, Tensor> this[int index] => layers[index];

        /// <summary>Appends a module named by its position; returns this.</summary>
        public Sequential append(nn.Module<Tensor, Tensor> module) => append(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

        /// <summary>Appends a named module; returns this.</summary>
        public Sequential append(string name, nn.Module<Tensor, Tensor> module)
        {
            ArgumentNullException.ThrowIfNull(module);
            if (named_children().Any(c => c.name == name)) throw new ArgumentException($"Sequential already has a module named '{name}'.", nameof(name));
            register_module(name, module);
            layers.Add(module);
            return this;
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            if (layers.Count == 0) return input.alias();
            var x = input;
            foreach (var layer in layers)
            {
                var y = layer.call(x);
                if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
                x = y;
            }
            // Never hand back the caller's own object: the result is always a tensor the caller may dispose.
            return ReferenceEquals(x, input) ? input.alias() : x;
        }
    }
}

namespace Symmetry.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A sequence of modules named "0", "1", ….</summary>
            public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) =>
                new(modules.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)));

            /// <summary>A sequence of named modules.</summary>
            public static Modules.Sequential Sequential(params (string name, Module<Tensor, Tensor> submodule)[] modules) =>
                new(modules.Select(m => (m.name, m.submodule)));

            /// <summary>A sequence of modules named "0", "1", ….</summary>
            public static Modules.Sequential Sequential(IEnumerable<Module<Tensor, Tensor>> modules) =>
                new(modules.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)));

            /// <summary>A sequence of named modules.</summary>
            public static Modules.Sequential Sequential(IEnumerable<(string name, Module<Tensor, Tensor> submodule)> modules) =>
                new(modules.Select(m => (m.name, m.submodule)));
        }
    }
}
