namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Yang et al.'s long-term test at one horizon: relative MSE of the SINDy rollout against the data.</summary>
/// <param name="Horizon">Steps h ≥ 1 of Δt rolled forward from the trajectory's first state.</param>
/// <param name="LatentRelativeMse">‖ẑ_h − φ(x_h)‖² / ‖φ(x_h)‖² in latent space.</param>
/// <param name="InputRelativeMse">‖ψ(ẑ_h) − x_h‖² / ‖x_h‖² in input space (input units).</param>
internal sealed record LatentRolloutError(int Horizon, double LatentRelativeMse, double InputRelativeMse);

/// <summary>Rollouts of the latent SINDy equation through a trained autoencoder, and their errors on a trajectory.</summary>
internal static class LatentRollout
{
    /// <summary>
    /// The rollout ẑ_{t+1} = ẑ_t + F(ẑ_t) Δt for <paramref name="steps"/> steps from each initial state (rows × n,
    /// input units): (steps + 1) × rows × m latent codes and their decodings (steps + 1) × rows × n. A row whose
    /// explicit-Euler path leaves the finite numbers (a diverging equation) is NaN from that step on. Checks the
    /// arguments in the order the transformer's public Rollout documents them.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="sindy"/> is null (SINDy was off).</exception>
    public static (double[,,] Latent, double[,,] Decoded) Run(LatentCodec codec, SindyModel? sindy, double[,] initialStates, int steps, double dt)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (sindy is null) throw new InvalidOperationException("This model has no SINDy equations (Options.Sindy was null).");
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentOutOfRangeException(nameof(dt), dt, "Δt must be a positive finite number.");
        var n = codec.StateSize;
        LatentCodec.Check(initialStates, n, nameof(initialStates));
        var z = codec.Encode(initialStates);
        var rows = z.GetLength(0);
        var m = codec.LatentSize;
        var latent = new double[steps + 1, rows, m];
        var decoded = new double[steps + 1, rows, n];
        var alive = Enumerable.Repeat(true, rows).ToArray();
        for (var s = 0; s <= steps; s++)
        {
            for (var r = 0; r < rows; r++)
                for (var j = 0; j < m; j++) latent[s, r, j] = alive[r] ? z[r, j] : double.NaN;
            // Only finite codes go through the decoder; a diverged row decodes to NaN.
            var live = Enumerable.Range(0, rows).Where(r => alive[r]).ToArray();
            var codes = new double[live.Length, m];
            for (var i = 0; i < live.Length; i++)
                for (var j = 0; j < m; j++) codes[i, j] = z[live[i], j];
            var x = live.Length > 0 ? codec.Decode(codes) : new double[0, n];
            for (var r = 0; r < rows; r++)
                for (var j = 0; j < n; j++) decoded[s, r, j] = double.NaN;
            for (var i = 0; i < live.Length; i++)
                for (var j = 0; j < n; j++) decoded[s, live[i], j] = x[i, j];
            if (s == steps) break;
            var point = new double[m];
            foreach (var r in live)
            {
                for (var j = 0; j < m; j++) point[j] = z[r, j];
                var f = sindy.Predict(point);
                for (var j = 0; j < m; j++) z[r, j] += f[j] * dt;
                for (var j = 0; j < m; j++) alive[r] &= double.IsFinite(z[r, j]);
            }
        }
        return (latent, decoded);
    }

    /// <summary>
    /// Rolls the SINDy equation forward from the first state of <paramref name="trajectory"/> (steps × n, input units,
    /// consecutive states Δt apart) and returns, for each horizon h (1 ≤ h &lt; steps), the relative MSE in latent and in
    /// input space (+∞ from the horizon where the rollout diverged).
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="sindy"/> is null (SINDy was off).</exception>
    public static IReadOnlyList<LatentRolloutError> Errors(LatentCodec codec, SindyModel? sindy, double[,] trajectory, double dt, IReadOnlyList<int> horizons)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var n = codec.StateSize;
        LatentCodec.Check(trajectory, n, nameof(trajectory));
        ArgumentNullException.ThrowIfNull(horizons);
        var m = codec.LatentSize;
        var steps = trajectory.GetLength(0);
        if (horizons.Count == 0 || horizons.Any(h => h < 1 || h >= steps))
            throw new ArgumentOutOfRangeException(nameof(horizons), $"Every horizon must be in [1, {steps - 1}] for a trajectory of {steps} states.");
        var first = new double[1, n];
        for (var j = 0; j < n; j++) first[0, j] = trajectory[0, j];
        var (latent, decoded) = Run(codec, sindy, first, horizons.Max(), dt);
        var truth = codec.Encode(trajectory);
        var result = new List<LatentRolloutError>(horizons.Count);
        foreach (var h in horizons)
        {
            double le = 0, ln = 0, xe = 0, xn = 0;
            for (var j = 0; j < m; j++)
            {
                le += Math.Pow(latent[h, 0, j] - truth[h, j], 2);
                ln += truth[h, j] * truth[h, j];
            }
            for (var j = 0; j < n; j++)
            {
                xe += Math.Pow(decoded[h, 0, j] - trajectory[h, j], 2);
                xn += trajectory[h, j] * trajectory[h, j];
            }
            static double Finite(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;
            result.Add(new LatentRolloutError(h, Finite(ln > 0 ? le / ln : le), Finite(xn > 0 ? xe / xn : xe)));
        }
        return result;
    }
}
