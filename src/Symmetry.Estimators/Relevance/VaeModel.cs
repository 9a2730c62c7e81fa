using Symmetry.Torch;
using Symmetry.Torch.Modules;
using static Symmetry.Torch.torch;

namespace Symmetry.Estimators.Relevance;

/// <summary>
/// The VAE of paper 000 §3: encoder input → hidden… (ReLU) → (μ, log σ²) of a diagonal Gaussian in
/// <c>latent</c> dimensions; decoder latent → hidden reversed (ReLU) → input, no output activation. The forward
/// pass returns the deterministic reconstruction decode(μ).
/// </summary>
public sealed class VaeModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] encoder;
    private readonly Linear mean;
    private readonly Linear logvar;
    private readonly Linear[] decoder;

    /// <summary>Builds the network with PyTorch's default initialisation, drawn from <paramref name="generator"/> when given.</summary>
    public VaeModel(int inputSize, IReadOnlyList<int> hidden, int latentSize, Generator? generator = null) : base("VAE")
    {
        InputSize = inputSize;
        LatentSize = latentSize;
        HiddenLayers = hidden.ToArray();
        encoder = new Linear[hidden.Count];
        var prev = inputSize;
        for (var i = 0; i < hidden.Count; i++)
        {
            encoder[i] = nn.Linear(prev, hidden[i], generator: generator);
            register_module($"encoder{i}", encoder[i]);
            prev = hidden[i];
        }
        mean = nn.Linear(prev, latentSize, generator: generator);
        register_module("mean", mean);
        logvar = nn.Linear(prev, latentSize, generator: generator);
        register_module("logvar", logvar);
        decoder = new Linear[hidden.Count + 1];
        prev = latentSize;
        for (var i = 0; i < hidden.Count; i++)
        {
            decoder[i] = nn.Linear(prev, hidden[hidden.Count - 1 - i], generator: generator);
            register_module($"decoder{i}", decoder[i]);
            prev = hidden[hidden.Count - 1 - i];
        }
        decoder[hidden.Count] = nn.Linear(prev, inputSize, generator: generator);
        register_module($"decoder{hidden.Count}", decoder[hidden.Count]);
    }

    /// <summary>Input size D.</summary>
    public int InputSize { get; }

    /// <summary>(in, out) of every linear layer, in the order the constructor builds them.</summary>
    public static IEnumerable<(long In, long Out)> LayerShapes(int inputSize, IReadOnlyList<int> hidden, int latentSize)
    {
        long prev = inputSize;
        foreach (var h in hidden) { yield return (prev, h); prev = h; }
        yield return (prev, latentSize);
        yield return (prev, latentSize);
        prev = latentSize;
        for (var i = hidden.Count - 1; i >= 0; i--) { yield return (prev, hidden[i]); prev = hidden[i]; }
        yield return (prev, inputSize);
    }

    /// <summary>Latent dimension L.</summary>
    public int LatentSize { get; }

    /// <summary>Widths of the encoder's hidden layers (the decoder mirrors them).</summary>
    public IReadOnlyList<int> HiddenLayers { get; }

    /// <summary>μ and log σ² for a batch x (batch × input).</summary>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor x)
    {
        var h = x;
        foreach (var layer in encoder)
        {
            using var pre = layer.forward(h);
            var next = nn.functional.relu(pre);
            if (!ReferenceEquals(h, x)) h.Dispose();
            h = next;
        }
        var m = mean.forward(h);
        var lv = logvar.forward(h);
        if (!ReferenceEquals(h, x)) h.Dispose();
        return (m, lv);
    }

    /// <summary>The reconstruction of latent points z (batch × latent).</summary>
    public Tensor Decode(Tensor z)
    {
        var h = z;
        for (var i = 0; i < decoder.Length; i++)
        {
            var pre = decoder[i].forward(h);
            if (!ReferenceEquals(h, z)) h.Dispose();
            if (i == decoder.Length - 1) return pre;
            h = nn.functional.relu(pre);
            pre.Dispose();
        }
        return h;
    }

    /// <summary>The deterministic reconstruction decode(μ(x)) of a batch (batch × input).</summary>
    public override Tensor forward(Tensor input)
    {
        var (m, lv) = Encode(input);
        lv.Dispose();
        using (m) return Decode(m);
    }

    /// <summary>
    /// The loss terms of paper 000 eq. 3.1–3.2 for a batch: reconstruction = mean over events of ‖x − x̂‖², and
    /// KL = mean over events of Σ_j KL(N(μ_j, σ_j²) ‖ N(0, 1)), with x̂ decoded from z = μ + σ ε, ε ~ N(0, 1).
    /// </summary>
    public (Tensor Reconstruction, Tensor Kl) Loss(Tensor x, Generator? generator)
    {
        var (m, lv) = Encode(x);
        using var std = (lv * 0.5).exp();
        // With a generator the shim draws on the CPU and moves the values, so a seed means the same noise on any device.
        using var eps = randn(m.shape, m.dtype, m.device, generator: generator);
        using var noise = std * eps;
        using var z = m + noise;
        using var xhat = Decode(z);
        // Mean over events of ‖x − x̂‖² = (sum of all squared errors) / events: one fused kernel instead of four ops.
        using var total = nn.functional.mse_loss(xhat, x, nn.Reduction.Sum);
        var recon = total / (double)x.shape[0];
        var kl = KlDivergence(m, lv);
        m.Dispose();
        lv.Dispose();
        return (recon, kl);
    }

    /// <summary>Mean over events of Σ_j −½(1 + log σ² − μ² − σ²), the closed-form KL to N(0, 1).</summary>
    public static Tensor KlDivergence(Tensor mean, Tensor logVar)
    {
        using var s = logVar + 1.0;
        using var m2 = mean.square();
        using var v = logVar.exp();
        using var a = s - m2;
        using var b = a - v;
        using var perEvent = b.sum(1);
        using var avg = perEvent.mean();
        return avg * -0.5;
    }
}
