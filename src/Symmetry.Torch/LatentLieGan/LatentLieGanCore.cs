using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>The rows a LaLiGAN fit learns from, already read and standardized by the caller.</summary>
/// <param name="States">rows × (T·n) standardized states, row-major.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Size">T·n, the row size.</param>
/// <param name="Velocities">rows × (T·n) velocities ẋ of the states in input units per unit time, or null: with them the latent SINDy data come from the chain rule, without them from finite differences of consecutive steps.</param>
/// <param name="Mean">The per-slot means (T·n) subtracted from <see cref="States"/>.</param>
/// <param name="Scale">The per-slot divisors (T·n) of <see cref="States"/>.</param>
/// <param name="HeldOut">A trajectory held out of training (steps × n, input units, consecutive states Δt apart) for the rollout test, or null.</param>
internal sealed record LatentLieGanInput(float[] States, int Rows, int Size, float[]? Velocities, IReadOnlyList<double> Mean, IReadOnlyList<double> Scale, double[,]? HeldOut);

/// <summary>
/// LaLiGAN (Yang et al., "Latent Space Symmetry Discovery"): trains the autoencoder, generator and discriminator, then
/// analyses the generators, fits SINDy on the latent dynamics and measures the held-out rollout. ML.NET-free.
/// </summary>
internal static class LatentLieGanCore
{
    /// <summary>
    /// Trains on <paramref name="input"/> (see <see cref="LieGanTraining.Train"/>), reads the generators out, fits the
    /// latent SINDy model when <see cref="LatentLieGanTrainingOptions.Sindy"/> is set and, with a held-out trajectory and
    /// rollout horizons, measures the rollout errors. The caller disposes the result (or takes its autoencoder).
    /// </summary>
    public static LatentLieGanResult Train(LatentLieGanInput input, LatentLieGanTrainingOptions options, int seed, Device device, TrainingLoop loop)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loop);
        if (options.VelocitiesInData && input.Velocities is null)
            throw new ArgumentException("VelocitiesInData needs the velocities of the states.", nameof(input));
        var t = options.TimeSteps;
        using var data = ToTensor(input.States, input.Rows, input.Size, device);
        // The joint chain-rule term reads ẋ beside its states, so the training loop shuffles both rows together.
        using var velocityData = options.VelocitiesInData ? LatentSindyData.ScaledVelocities(input.Velocities!, input.Rows, input.Size, input.Scale, device) : null;
        using var trainingData = velocityData is null ? null : cat([data, velocityData], 1);
        var trained = LieGanTraining.Train(trainingData ?? data, options, seed, loop);
        var autoencoder = trained.Autoencoder;
        try
        {
            double[][,] generators;
            using (var generator = trained.Generator) generators = generator.ToArrays();
            SindyModel? sindy = null;
            if (options.Sindy is { } s)
            {
                var (z, zDot) = input.Velocities is null
                    ? LatentSindyData.FiniteDifferences(autoencoder, data, t, s.TimeStep)
                    : LatentSindyData.ChainRule(autoencoder, data, input.Velocities, input.Scale, t);
                sindy = Sindy.Fit(z, zDot, s.Library(options.Latent), s.Threshold, s.L1);
            }
            var (details, algebra) = LatentGeneratorAnalysis.AnalyseAll(generators);
            IReadOnlyList<LatentRolloutError>? rollout = null;
            if (input.HeldOut is { } trajectory && options.Sindy?.SortedHorizons is { } horizons)
                rollout = LatentRollout.Errors(new LatentCodec(autoencoder, input.Mean, input.Scale, device), sindy, trajectory, options.Sindy.TimeStep, horizons);
            return new LatentLieGanResult(autoencoder, generators, details, algebra, trained.History, sindy, trained.JointSindyCoefficients, rollout);
        }
        catch
        {
            autoencoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Splits off the held-out trajectory of the rollout test: the last <paramref name="horizon"/> + 1 rows of
    /// <paramref name="values"/> (rows × size, T ≥ 2 states of n each, input units) must form one trajectory (each row's
    /// second state equal to the next row's first); their first states are returned and the rows before them are
    /// trained on.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows would remain to train on.</exception>
    /// <exception cref="InvalidOperationException">The held-out rows are not one trajectory.</exception>
    public static (int TrainRows, double[,] Trajectory) HoldOut(float[] values, int rows, int size, int t, int horizon)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = size / t;
        var held = horizon + 1;
        var keep = rows - held;
        if (keep < 2)
            throw new ArgumentException($"Sindy.RolloutHorizons holds out the last {held} rows (the longest horizon + 1); the data has {rows}, leaving {keep} to train on (at least 2 are needed).", "Sindy.RolloutHorizons");
        for (var r = keep; r + 1 < rows; r++)
            for (var j = 0; j < n; j++)
            {
                double next = values[(long)r * size + n + j], first = values[(long)(r + 1) * size + j];
                // Consecutive pair rows copy the same frame, so only float rounding of a CSV round trip may differ.
                if (Math.Abs(next - first) > 1e-5 * (1 + Math.Abs(first)))
                    throw new InvalidOperationException($"Sindy.RolloutHorizons needs the last {held} rows to be one trajectory (each row's second state equal to the next row's first); row {r + 1}'s second state differs from row {r + 2}'s first at slot {j}.");
            }
        var trajectory = new double[held, n];
        for (var r = 0; r < held; r++)
            for (var j = 0; j < n; j++) trajectory[r, j] = values[(long)(keep + r) * size + j];
        return (keep, trajectory);
    }

    private static Tensor ToTensor(float[] values, int rows, int size, Device device)
    {
        // On the CPU the copy torch.tensor makes is the result (a second one would hold the data twice for a moment).
        var host = tensor(values, [rows, size]);
        if (device.type == DeviceType.CPU) return host;
        using (host) return host.to(device, copy: true);
    }
}
