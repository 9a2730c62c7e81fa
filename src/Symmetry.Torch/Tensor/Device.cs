namespace Symmetry.Torch;

/// <summary>Device kinds, with libtorch's integer codes.</summary>
public enum DeviceType
{
    /// <summary>The host CPU.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

public static partial class torch
{
    /// <summary>A device: a type and an index (−1 = the current device of that type).</summary>
    public sealed class Device : IEquatable<Device>
    {
        /// <summary>Creates a device of the given type and index.</summary>
        public Device(DeviceType deviceType, int index = -1)
        {
            if (index < -1) throw new ArgumentOutOfRangeException(nameof(index), index, "A device index is −1 (current) or ≥ 0.");
            type = deviceType;
            this.index = index;
        }

        /// <summary>Creates a device from a type name ("cpu" or "cuda", case-insensitive) and an index.</summary>
        public Device(string deviceType, int index = -1) : this(ParseType(deviceType, nameof(deviceType)), index) { }

        /// <summary>The CUDA device with ordinal <paramref name="index"/>.</summary>
        public Device(int index) : this(DeviceType.CUDA, index) { }

        private static DeviceType ParseType(string name, string paramName)
        {
            ArgumentNullException.ThrowIfNull(name, paramName);
            return name.Trim().ToLowerInvariant() switch
            {
                "cpu" => DeviceType.CPU,
                "cuda" => DeviceType.CUDA,
                _ => throw new ArgumentException($"Unknown device type '{name}': expected 'cpu' or 'cuda'.", paramName),
            };
        }

        /// <summary>Parses "cpu", "cuda", "cuda:N" (case-insensitive).</summary>
        public Device(string description)
        {
            ArgumentNullException.ThrowIfNull(description);
            var s = description.Trim().ToLowerInvariant();
            var parts = s.Split(':');
            type = parts[0] switch
            {
                "cpu" => DeviceType.CPU,
                "cuda" => DeviceType.CUDA,
                _ => throw new ArgumentException($"Unknown device '{description}': expected 'cpu', 'cuda' or 'cuda:N'.", nameof(description)),
            };
            index = -1;
            if (parts.Length == 2)
            {
                if (!int.TryParse(parts[1], out var i) || i < 0)
                    throw new ArgumentException($"Bad device index in '{description}': expected a non-negative integer.", nameof(description));
                index = i;
            }
            else if (parts.Length > 2)
            {
                throw new ArgumentException($"Unknown device '{description}': expected 'cpu', 'cuda' or 'cuda:N'.", nameof(description));
            }
        }

        /// <summary>The device type.</summary>
        public DeviceType type { get; }

        /// <summary>The device index, −1 for the current one.</summary>
        public int index { get; }

        /// <inheritdoc/>
        public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as Device);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(type, index);

        /// <summary>"cpu", "cuda" or "cuda:N".</summary>
        public override string ToString() => (type == DeviceType.CPU ? "cpu" : "cuda") + (index >= 0 ? $":{index}" : "");

        /// <summary>Parses a device string.</summary>
        public static implicit operator Device(string description) => new(description);
    }

    /// <summary>The CPU.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device device(string description) => new(description);

    /// <summary>A device of the given type and index.</summary>
    public static Device device(DeviceType deviceType, int index = -1) => new(deviceType, index);

    /// <summary>A device from a type name ("cpu" or "cuda") and an index.</summary>
    public static Device device(string deviceType, int index = -1) => new(deviceType, index);

    /// <summary>The CUDA device with ordinal <paramref name="index"/>.</summary>
    public static Device device(int index) => new(index);
}
