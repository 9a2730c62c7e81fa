using System.Reflection;
using Symmetry.Torch.Modules;
using Symmetry.Torch.Native;

namespace Symmetry.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Base class of every layer and model, as TorchSharp's <c>torch.nn.Module</c>: it owns named parameters,
        /// buffers (non-learnable state such as running statistics) and child modules, and offers the recursive
        /// operations over them (<see cref="parameters"/>, <see cref="train"/>, <see cref="state_dict"/>,
        /// <see cref="save(Stream, IList{string}?)"/>, ...). A custom module passes its name to the base constructor, assigns its
        /// layers to fields, and calls <see cref="RegisterComponents"/>; the field names become the state-dict keys.
        /// Disposing a module disposes its parameters, buffers and children.
        /// </summary>
        public class Module : IDisposable
        {
            // Registration order is the state-dict order (as PyTorch's attribute-assignment order), hence ordered maps.
            private readonly OrderedDictionary<string, Module> submodules = new(StringComparer.Ordinal);
            private readonly OrderedDictionary<string, Parameter?> parametersByName = new(StringComparer.Ordinal);
            private readonly OrderedDictionary<string, (Tensor tensor, bool persistent)> buffersByName = new(StringComparer.Ordinal);
            private readonly string name;
            private bool componentsRegistered;
            private bool disposed;

            /// <summary>Creates a module with a descriptive name (reported by <see cref="GetName"/> and in errors).</summary>
            protected Module(string name)
            {
                ArgumentNullException.ThrowIfNull(name);
                this.name = name;
            }

            /// <summary>The name given to the constructor.</summary>
            public string GetName() => name;

            /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
            public bool training { get; private set; } = true;

            // ---- registration ----

            /// <summary>
            /// Registers, by reflection, every field of this object (from the most basic class down) whose value is a
            /// <see cref="Module"/> (a child), a <see cref="Parameter"/> or another <see cref="Tensor"/> (a buffer),
            /// under the field's name (an auto-property's backing field under the property's name). Null fields are
            /// skipped. Runs once; later calls do nothing.
            /// </summary>
            protected virtual void RegisterComponents()
            {
                if (componentsRegistered) return;
                componentsRegistered = true;
                var chain = new List<Type>();
                for (var t = GetType(); t is not null && t != typeof(Module); t = t.BaseType) chain.Add(t);
                chain.Reverse();
                foreach (var type in chain)
                {
                    foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        var value = field.GetValue(this);
                        if (value is null) continue;
                        var fieldName = ComponentName(field.Name);
                        switch (value)
                        {
                            case Module m when !ReferenceEquals(m, this):
                                if (!submodules.ContainsKey(fieldName)) register_module(fieldName, m);
                                break;
                            case Parameter p:
                                if (!parametersByName.ContainsKey(fieldName)) register_parameter(fieldName, p);
                                break;
                            case Tensor t:
                                if (!buffersByName.ContainsKey(fieldName)) register_buffer(fieldName, t);
                                break;
                        }
                    }
                }
            }

            // "<weights>k__BackingField" -> "weights", so auto-properties register under the name users see.
            private static string ComponentName(string fieldName)
            {
                if (fieldName.Length > 0 && fieldName[0] == '<')
                {
                    var end = fieldName.IndexOf('>', StringComparison.Ordinal);
                    if (end > 1) return fieldName[1..end];
                }
                return fieldName;
            }

            private void CheckName(string componentName, string kind)
            {
                ArgumentNullException.ThrowIfNull(componentName);
                if (componentName.Length == 0) throw new ArgumentException($"A {kind} name cannot be empty.", nameof(componentName));
                if (componentName.Contains('.')) throw new ArgumentException($"A {kind} name cannot contain '.': got '{componentName}'.", nameof(componentName));
                if (kind != "module" && submodules.ContainsKey(componentName)) throw new ArgumentException($"'{componentName}' is already a child module of {name}.", nameof(componentName));
                if (kind != "parameter" && parametersByName.ContainsKey(componentName)) throw new ArgumentException($"'{componentName}' is already a parameter of {name}.", nameof(componentName));
                if (kind != "buffer" && buffersByName.ContainsKey(componentName)) throw new ArgumentException($"'{componentName}' is already a buffer of {name}.", nameof(componentName));
            }

            /// <summary>Adds (or replaces) a child module under <paramref name="name"/>.</summary>
            public virtual void register_module(string name, Module submodule)
            {
                ArgumentNullException.ThrowIfNull(submodule);
                CheckName(name, "module");
                if (ReferenceEquals(submodule, this)) throw new ArgumentException("A module cannot be its own child.", nameof(submodule));
                submodules[name] = submodule;
            }

            /// <summary>
            /// Adds (or replaces) a parameter under <paramref name="name"/>; null records a parameter slot that is absent
            /// (as a Linear without bias), which <see cref="named_parameters"/> and <see cref="state_dict"/> skip.
            /// </summary>
            public virtual void register_parameter(string name, Parameter? param)
            {
                CheckName(name, "parameter");
                parametersByName[name] = param;
            }

            /// <summary>
            /// Adds (or replaces) a buffer: state that is not learned but moves with the module and, when
            /// <paramref name="persistent"/>, is saved in the state dict (running statistics, for instance). The module
            /// takes ownership: the tensor leaves its dispose scope and is disposed with the module.
            /// </summary>
            public virtual void register_buffer(string name, Tensor tensor, bool persistent = true)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (tensor is Parameter) throw new ArgumentException($"'{name}' is a Parameter; register it with register_parameter.", nameof(tensor));
                CheckName(name, "buffer");
                tensor.DetachFromDisposeScope();
                buffersByName[name] = (tensor, persistent);
            }

            // ---- traversal ----

            /// <summary>Parameters with their dotted names (children's prefixed by the child's name); each once.</summary>
            public virtual IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                return NamedParameters(recurse, "", seen);
            }

            private IEnumerable<(string name, Parameter parameter)> NamedParameters(bool recurse, string prefix, HashSet<Tensor> seen)
            {
                foreach (var (n, p) in parametersByName)
                {
                    if (p is null || !seen.Add(p)) continue;
                    yield return (prefix + n, p);
                }
                if (!recurse) yield break;
                foreach (var (n, m) in submodules)
                    foreach (var item in m.NamedParameters(true, prefix + n + ".", seen))
                        yield return item;
            }

            /// <summary>The parameters (this module's first, then each child's), each once.</summary>
            public virtual IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(np => np.parameter);

            /// <summary>Buffers with their dotted names; non-persistent ones only when <paramref name="include_nonpersistent"/>.</summary>
            public virtual IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true, bool include_nonpersistent = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                return NamedBuffers(recurse, include_nonpersistent, "", seen);
            }

            private IEnumerable<(string name, Tensor buffer)> NamedBuffers(bool recurse, bool nonpersistent, string prefix, HashSet<Tensor> seen)
            {
                foreach (var (n, (t, persistent)) in buffersByName)
                {
                    if ((!persistent && !nonpersistent) || !seen.Add(t)) continue;
                    yield return (prefix + n, t);
                }
                if (!recurse) yield break;
                foreach (var (n, m) in submodules)
                    foreach (var item in m.NamedBuffers(true, nonpersistent, prefix + n + ".", seen))
                        yield return item;
            }

            /// <summary>The buffers.</summary>
            public virtual IEnumerable<Tensor> buffers(bool recurse = true, bool include_nonpersistent = true) => named_buffers(recurse, include_nonpersistent).Select(nb => nb.buffer);

            /// <summary>The immediate children with their names.</summary>
            public virtual IEnumerable<(string name, Module module)> named_children() => submodules.Select(kv => (kv.Key, kv.Value));

            /// <summary>The immediate children.</summary>
            public virtual IEnumerable<Module> children() => submodules.Values;

            /// <summary>All descendants (children, then their descendants) with dotted names; this module is not included (as TorchSharp).</summary>
            public virtual IEnumerable<(string name, Module module)> named_modules()
            {
                foreach (var (n, m) in submodules) yield return (n, m);
                foreach (var (n, m) in submodules)
                    foreach (var (sn, sm) in m.named_modules())
                        yield return ($"{n}.{sn}", sm);
            }

            /// <summary>All descendants.</summary>
            public virtual IEnumerable<Module> modules() => named_modules().Select(nm => nm.module);

            /// <summary>Applies <paramref name="fn"/> to every descendant, then to this module; returns this module.</summary>
            public Module apply(Action<Module> fn)
            {
                ArgumentNullException.ThrowIfNull(fn);
                foreach (var m in submodules.Values) m.apply(fn);
                fn(this);
                return this;
            }

            // ---- modes and gradients ----

            /// <summary>Sets training mode (affects Dropout and BatchNorm) on this module and all descendants.</summary>
            public virtual void train(bool train = true)
            {
                training = train;
                foreach (var m in submodules.Values) m.train(train);
            }

            /// <summary>Sets evaluation mode: <c>train(false)</c>.</summary>
            public virtual void eval() => train(false);

            /// <summary>Drops (or, without <paramref name="set_to_none"/>, zeroes) the gradients of all parameters, in one native call.</summary>
            public virtual void zero_grad(bool set_to_none = true)
            {
                var ps = parameters().ToList();
                if (ps.Count == 0) return;
                var h = torch.Handles(ps.Cast<Tensor>().ToList());
                var r = NativeMethods.sym_module_zero_grad(h, h.Length, set_to_none ? 1 : 0);
                GC.KeepAlive(ps);
                Tensor.Check(r);
            }

            // ---- device and dtype ----

            /// <summary>
            /// Moves and/or converts every parameter and buffer in place (their objects keep their identity, so an
            /// optimizer built earlier still sees them, as in PyTorch). Only floating-point tensors change dtype.
            /// Gradients follow their parameters.
            /// </summary>
            protected internal virtual Module _to(Device? device, ScalarType? dtype)
            {
                foreach (var p in parametersByName.Values)
                {
                    if (p is null) continue;
                    Convert(p, device, dtype);
                    using var g = p.grad;
                    if (g is not null && NeedsConversion(g, device, dtype))
                    {
                        using var converted = Converted(g, device, dtype);
                        p.grad = converted;
                    }
                }
                foreach (var (t, _) in buffersByName.Values) Convert(t, device, dtype);
                foreach (var m in submodules.Values) m._to(device, dtype);
                return this;
            }

            private static bool NeedsConversion(Tensor t, Device? device, ScalarType? dtype) =>
                (device is not null && !SameDevice(t.device, device)) || (dtype is { } d && t.dtype != d && t.is_floating_point());

            // "cuda" (index −1) means the current device: a tensor on any CUDA device already satisfies it.
            private static bool SameDevice(Device actual, Device wanted) =>
                actual.type == wanted.type && (wanted.index < 0 || actual.index == wanted.index);

            private static Tensor Converted(Tensor t, Device? device, ScalarType? dtype)
            {
                var r = t.alias();
                try
                {
                    if (device is not null && !SameDevice(t.device, device)) { var n = r.to(device); r.Dispose(); r = n; }
                    if (dtype is { } d && r.dtype != d && r.is_floating_point()) { var n = r.to(d); r.Dispose(); r = n; }
                    return r;
                }
                catch
                {
                    // A device that is not available (cuda on a CPU build) must not leak the intermediate handle.
                    r.Dispose();
                    throw;
                }
            }

            private static void Convert(Tensor t, Device? device, ScalarType? dtype)
            {
                if (!NeedsConversion(t, device, dtype)) return;
                using var converted = Converted(t, device, dtype);
                Tensor.Check(NativeMethods.sym_module_set_data(t.Handle, converted.Handle));
            }

            // ---- state ----

            /// <summary>
            /// The module's state: parameters and persistent buffers under dotted names. The values are the live
            /// tensors themselves (not copies); do not dispose them.
            /// </summary>
            public virtual Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
            {
                destination ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
                var head = string.IsNullOrEmpty(prefix) ? "" : prefix + ".";
                foreach (var (n, p) in parametersByName)
                    if (p is not null) destination.TryAdd(head + n, p);
                foreach (var (n, (t, persistent)) in buffersByName)
                    if (persistent) destination.TryAdd(head + n, t);
                foreach (var (n, m) in submodules) m.state_dict(destination, head + n);
                return destination;
            }

            /// <summary>
            /// Copies values from <paramref name="source"/> into this module's parameters and buffers (converting
            /// dtype/device as needed). Keys in <paramref name="skip"/> are ignored. With <paramref name="strict"/>, any
            /// missing or unexpected key throws <see cref="InvalidOperationException"/>. A shape mismatch always throws,
            /// naming the key and both shapes, before anything is copied.
            /// </summary>
            /// <returns>The keys this module has that <paramref name="source"/> lacks, and those it has that the module lacks.</returns>
            public virtual (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(source);
                var own = state_dict();
                bool Skipped(string k) => skip is not null && skip.Contains(k);
                var missing = own.Keys.Where(k => !Skipped(k) && !source.ContainsKey(k)).ToList();
                var unexpected = source.Keys.Where(k => !Skipped(k) && !own.ContainsKey(k)).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                {
                    var msg = $"Error(s) in loading state_dict for {name}:";
                    if (missing.Count > 0) msg += $" Missing key(s) in state_dict: {string.Join(", ", missing.Select(k => $"\"{k}\""))}.";
                    if (unexpected.Count > 0) msg += $" Unexpected key(s) in state_dict: {string.Join(", ", unexpected.Select(k => $"\"{k}\""))}.";
                    throw new InvalidOperationException(msg);
                }
                var pairs = own.Where(kv => !Skipped(kv.Key) && source.ContainsKey(kv.Key)).Select(kv => (key: kv.Key, dst: kv.Value, src: source[kv.Key])).ToList();
                var mismatches = new List<string>();
                foreach (var (key, dst, src) in pairs)
                {
                    var ds = dst.shape;
                    var ss = src.shape;
                    if (!ds.SequenceEqual(ss))
                        mismatches.Add($"size mismatch for {key}: copying a param with shape [{string.Join(", ", ss)}] from checkpoint, the shape in current model is [{string.Join(", ", ds)}].");
                }
                if (mismatches.Count > 0)
                    throw new InvalidOperationException($"Error(s) in loading state_dict for {name}: {string.Join(" ", mismatches)}");
                // Copying into a leaf that requires grad is only allowed without recording.
                using (no_grad())
                {
                    foreach (var (_, dst, src) in pairs) dst.copy_(src).Dispose();
                }
                return (missing, unexpected);
            }

            /// <summary>Writes the state dict to <paramref name="location"/> (created or overwritten) in the format of <see cref="save(Stream, IList{string}?)"/>.</summary>
            /// <param name="location">The file path.</param>
            /// <param name="skip">Keys of the state dict not to write.</param>
            public Module save(string location, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(location);
                using var stream = File.Create(location);
                return save(stream, skip);
            }

            /// <summary>
            /// Writes the state dict (parameters and persistent buffers) to <paramref name="stream"/>, which stays open,
            /// in Symmetry.Torch's versioned binary format (documented in <c>NN/Serialization.cs</c>): a header, then
            /// TorchSharp's layout, then a checksum.
            /// </summary>
            /// <param name="stream">The destination.</param>
            /// <param name="skip">Keys of the state dict not to write.</param>
            public Module save(Stream stream, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(stream);
                var entries = state_dict();
                if (skip is not null)
                    foreach (var key in skip) entries.Remove(key);
                StateDictSerializer.Write(stream, entries);
                return this;
            }

            /// <summary>Writes the state dict through <paramref name="writer"/>'s stream (flushed first).</summary>
            /// <param name="writer">The destination.</param>
            /// <param name="skip">Keys of the state dict not to write.</param>
            public Module save(BinaryWriter writer, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(writer);
                writer.Flush();
                return save(writer.BaseStream, skip);
            }

            /// <summary>Loads a state dict written by <see cref="save(string, IList{string}?)"/> (see <see cref="load(Stream, bool, IList{string}?, Dictionary{string, bool}?)"/>).</summary>
            public Module load(string location, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
            {
                ArgumentNullException.ThrowIfNull(location);
                if (!File.Exists(location)) throw new FileNotFoundException($"No saved module at '{location}'.", location);
                using var stream = File.OpenRead(location);
                return load(stream, strict, skip, loadedParameters);
            }

            /// <summary>
            /// Reads a state dict written by <see cref="save(Stream, IList{string}?)"/> and loads it as <see cref="load_state_dict"/>.
            /// A stream that is not in the format, truncated or corrupt throws <see cref="InvalidDataException"/>;
            /// mismatched keys (when <paramref name="strict"/>) or shapes throw <see cref="InvalidOperationException"/>.
            /// <paramref name="loadedParameters"/>, when given, receives each stored key and whether it was loaded.
            /// </summary>
            public Module load(Stream stream, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
            {
                ArgumentNullException.ThrowIfNull(stream);
                var loaded = StateDictSerializer.Read(stream);
                try
                {
                    var (_, unexpected) = load_state_dict(loaded, strict, skip);
                    if (loadedParameters is not null)
                        foreach (var key in loaded.Keys)
                            loadedParameters[key] = !unexpected.Contains(key) && (skip is null || !skip.Contains(key));
                }
                finally
                {
                    foreach (var t in loaded.Values) t.Dispose();
                }
                return this;
            }

            /// <summary>Loads through <paramref name="reader"/>'s stream.</summary>
            public Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
            {
                ArgumentNullException.ThrowIfNull(reader);
                return load(reader.BaseStream, strict, skip, loadedParameters);
            }

            // ---- lifetime ----

            /// <summary>Disposes the parameters, buffers and child modules.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Disposes owned tensors and children when <paramref name="disposing"/>.</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (disposed || !disposing) return;
                disposed = true;
                foreach (var m in submodules.Values) m.Dispose();
                foreach (var p in parametersByName.Values) p?.Dispose();
                foreach (var (t, _) in buffersByName.Values) t.Dispose();
            }

            /// <summary>The module's name.</summary>
            public override string ToString() => name;
        }

        /// <summary>
        /// A module with a typed forward pass, as TorchSharp's <c>Module&lt;T, TResult&gt;</c>. Subclasses implement
        /// <see cref="forward"/>; callers use <see cref="call"/>, which also runs registered hooks.
        /// </summary>
        public abstract class Module<T, TResult> : Module
        {
            private readonly List<Func<Module<T, TResult>, T, T>> preHooks = [];
            private readonly List<Func<Module<T, TResult>, T, TResult, TResult>> postHooks = [];

            /// <summary>Creates a module with a descriptive name.</summary>
            protected Module(string name) : base(name) { }

            /// <summary>The computation.</summary>
            public abstract TResult forward(T input);

            /// <summary>Runs the pre-hooks (each may replace the input), <see cref="forward"/>, then the hooks (each may replace the result).</summary>
            public TResult call(T input)
            {
                if (preHooks.Count == 0 && postHooks.Count == 0) return forward(input);
                foreach (var h in preHooks) input = h(this, input);
                var result = forward(input);
                foreach (var h in postHooks) result = h(this, input, result);
                return result;
            }

            /// <summary>Adds a hook run before <see cref="forward"/>; it returns the (possibly new) input. Dispose the result to remove it.</summary>
            public IDisposable register_forward_pre_hook(Func<Module<T, TResult>, T, T> hook)
            {
                ArgumentNullException.ThrowIfNull(hook);
                preHooks.Add(hook);
                return new HookHandle(() => preHooks.Remove(hook));
            }

            /// <summary>Adds a hook run after <see cref="forward"/>; it returns the (possibly new) result. Dispose the result to remove it.</summary>
            public IDisposable register_forward_hook(Func<Module<T, TResult>, T, TResult, TResult> hook)
            {
                ArgumentNullException.ThrowIfNull(hook);
                postHooks.Add(hook);
                return new HookHandle(() => postHooks.Remove(hook));
            }

            private sealed class HookHandle(Action remove) : IDisposable
            {
                private Action? remove = remove;

                public void Dispose()
                {
                    remove?.Invoke();
                    remove = null;
                }
            }
        }

        /// <summary>Wraps <paramref name="data"/> as a <see cref="Modules.Parameter"/> (shared storage, a gradient-recording leaf).</summary>
        public static Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
    }
}

/// <summary>Type-preserving <c>to</c>/<c>cpu</c>/<c>cuda</c> for modules, as TorchSharp's <c>ModuleExtensionMethods</c>.</summary>
public static class ModuleExtensionMethods
{
    /// <summary>Moves the module's parameters and buffers to <paramref name="device"/> in place; returns the module.</summary>
    public static T to<T>(this T module, torch.Device device) where T : torch.nn.Module
    {
        ArgumentNullException.ThrowIfNull(device);
        module._to(device, null);
        return module;
    }

    /// <summary>Moves the module to a device given by type and index; returns the module.</summary>
    public static T to<T>(this T module, DeviceType deviceType, int deviceIndex = -1) where T : torch.nn.Module => module.to(new torch.Device(deviceType, deviceIndex));

    /// <summary>Converts the module's floating-point parameters and buffers to <paramref name="type"/> in place; returns the module.</summary>
    public static T to<T>(this T module, torch.ScalarType type) where T : torch.nn.Module
    {
        if (!torch.is_floating_point(type)) throw new ArgumentException($"Modules can only be converted to a floating-point dtype, not {type}.", nameof(type));
        module._to(null, type);
        return module;
    }

    /// <summary>Moves and converts the module; returns it.</summary>
    public static T to<T>(this T module, torch.Device device, torch.ScalarType type) where T : torch.nn.Module
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!torch.is_floating_point(type)) throw new ArgumentException($"Modules can only be converted to a floating-point dtype, not {type}.", nameof(type));
        module._to(device, type);
        return module;
    }

    /// <summary>Moves the module to the CPU; returns it.</summary>
    public static T cpu<T>(this T module) where T : torch.nn.Module => module.to(torch.CPU);

    /// <summary>Moves the module to a CUDA device; returns it.</summary>
    public static T cuda<T>(this T module, int deviceIndex = -1) where T : torch.nn.Module => module.to(new torch.Device(DeviceType.CUDA, deviceIndex));

    /// <summary>Converts the module to float64; returns it.</summary>
    public static T @double<T>(this T module) where T : torch.nn.Module => module.to(torch.ScalarType.Float64);

    /// <summary>Converts the module to float32; returns it.</summary>
    public static T @float<T>(this T module) where T : torch.nn.Module => module.to(torch.ScalarType.Float32);
}
