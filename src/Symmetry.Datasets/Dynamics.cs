namespace Microsoft.ML.Symmetry;

/// <summary>Array generators for LaLiGAN's small dynamical systems (Yang et al.; Rose-STL-Lab/LaLiGAN src/data_utils).</summary>
internal static class Dynamics
{
    private const string LaLiGan = "J. Yang et al., \"Latent space symmetry discovery\" (LaLiGAN), src/data_utils; reference/datasets.md §4";

    /// <summary>Pendulum energy H = ω²/2 − cos θ.</summary>
    public static double PendulumEnergy(double theta, double omega) => 0.5 * omega * omega - Math.Cos(theta);

    public static DatasetTable Pendulum(int trajectories, int steps, double dt, bool images, int imageSize, long seed)
    {
        Check.Count(trajectories, nameof(trajectories));
        Check.Count(steps, nameof(steps));
        Check.Positive(dt, nameof(dt));
        if (images) ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 3);
        var rng = new SymmetryRandom(seed);
        int points = steps + 1;
        Check.ArraySize((long)trajectories * (steps + 1L) * (images ? Math.Max(2L, (long)imageSize * imageSize) : 2), nameof(trajectories),
            images ? "'trajectories' × ('steps' + 1) × 'imageSize'²" : "'trajectories' × ('steps' + 1)");
        var states = new double[trajectories * points * 2];
        var energy = new float[trajectories * points];
        const int substeps = 10;
        for (int t = 0; t < trajectories; t++)
        {
            double th, om;
            do
            {
                th = rng.NextDouble(-Math.PI, Math.PI);
                om = rng.NextDouble(-2.1, 2.1);
            } while (Math.Abs(PendulumEnergy(th, om)) > 0.99);   // LaLiGAN: |ω²/2 − cos θ| ≤ 0.99 (librations)
            double h0 = PendulumEnergy(th, om);
            for (int k = 0; k < points; k++)
            {
                int i = t * points + k;
                states[2 * i] = th; states[2 * i + 1] = om;
                energy[i] = (float)h0;
                if (k == steps) break;
                for (int s = 0; s < substeps; s++) Rk4(ref th, ref om, dt / substeps, static (a, b) => (b, -Math.Sin(a)));
            }
        }
        int size = images ? imageSize * imageSize : 2;
        var features = new float[trajectories * points * size];
        for (int i = 0; i < trajectories * points; i++)
        {
            if (images) Render(states[2 * i], imageSize, features.AsSpan(i * size, size));
            else { features[2 * i] = (float)states[2 * i]; features[2 * i + 1] = (float)states[2 * i + 1]; }
        }
        var info = new DatasetInfo(
            "pendulum",
            $"Frictionless pendulum θ'' = −sin θ: {trajectories} trajectories of {points} states, dt = {dt} (RK4, {substeps} substeps), " +
            "θ0 ~ U(−π, π), ω0 ~ U(−2.1, 2.1) kept when |H| ≤ 0.99 (librations)" +
            (images ? $"; features are {imageSize}×{imageSize} images exp(−((y1 − cos(θ − π/2))² + (y2 − sin(θ − π/2))²)/0.05) on [−1.5, 1.5]²." : "; features are (θ, ω).") +
            " Energy H = ω²/2 − cos θ is conserved; each orbit is a closed curve (latent SO(2)).",
            LaLiGan,
            images ? ["pixel[row,col]"] : ["theta", "omega"], images ? ["1"] : ["rad", "rad/s"],
            intrinsicDimension: 2, embeddingDimension: size,
            generators: [new SymmetryGenerator("orbit rotation (latent)", new double[,] { { 0, -1 }, { 1, 0 } }, SymmetryKind.Latent, "latent orbit plane")],
            referenceValues: new Dictionary<string, double> { ["Dt"] = dt, ["Trajectories"] = trajectories, ["StatesPerTrajectory"] = points, ["MaxAbsEnergy"] = 0.99 },
            parameters: Geometry.Params(("trajectories", trajectories), ("steps", steps), ("dt", dt), ("images", images), ("imageSize", imageSize), ("seed", seed)),
            oracle: images ? null : x => PendulumEnergy(x[0], x[1]),
            oracleDescription: images ? null : "Energy H = ω²/2 − cos θ (conserved along each trajectory; the Energy column holds its initial value)");
        return Pairs(info, features, size, energy, trajectories, points, dt);
    }

    /// <summary>Lotka–Volterra Hamiltonian in canonical log coordinates: H = c e^x0 − d x0 + b e^x1 − a x1.</summary>
    public static double LotkaVolterraEnergy(double x0, double x1, double a, double b, double c, double d) =>
        c * Math.Exp(x0) - d * x0 + b * Math.Exp(x1) - a * x1;

    public static DatasetTable LotkaVolterra(int trajectories, int steps, double dt, int saveEvery, double a, double b, double c, double d,
        double energyMin, double energyMax, long seed)
    {
        Check.Count(trajectories, nameof(trajectories));
        Check.Count(steps, nameof(steps));
        Check.Count(saveEvery, nameof(saveEvery));
        Check.Positive(dt, nameof(dt));
        foreach (var (v, nm) in new[] { (a, "a"), (b, "b"), (c, "c"), (d, "d") }) Check.Positive(v, nm);
        double x1Star = Math.Log(a / b), hMin = LotkaVolterraEnergy(Math.Log(d / c), x1Star, a, b, c, d);
        if (saveEvery > steps)
            throw new ArgumentOutOfRangeException(nameof(saveEvery), saveEvery, $"'saveEvery' must be at most 'steps' ({steps}) so that each trajectory keeps at least two states.");
        if (!(energyMin > hMin) || !(energyMax >= energyMin))
            throw new ArgumentOutOfRangeException(nameof(energyMin), $"The energy range must satisfy {hMin:G6} (the fixed point) < energyMin ≤ energyMax.");
        Check.Finite(energyMax, nameof(energyMax));
        var rng = new SymmetryRandom(seed);
        int points = steps / saveEvery + 1;
        Check.ArraySize((long)trajectories * points * 2, nameof(trajectories), "'trajectories' × ('steps' / 'saveEvery' + 1)");
        var features = new float[trajectories * points * 2];
        var energy = new float[trajectories * points];
        for (int t = 0; t < trajectories; t++)
        {
            double h0 = rng.NextDouble(energyMin, energyMax);
            // Start on the line x1 = ln(a/b) on the branch x0 > ln(d/c): c e^x0 − d x0 = h0 − (b e^x1 − a x1), by Newton.
            double rhs = h0 - (b * Math.Exp(x1Star) - a * x1Star);
            double x0 = Math.Log(d / c) + 1;
            for (int it = 0; it < 100; it++)
            {
                double g = c * Math.Exp(x0) - d * x0 - rhs, dg = c * Math.Exp(x0) - d;
                double nx = x0 - g / dg;
                if (nx <= Math.Log(d / c)) nx = 0.5 * (x0 + Math.Log(d / c));
                if (Math.Abs(nx - x0) < 1e-15) { x0 = nx; break; }
                x0 = nx;
            }
            double x1 = x1Star;
            for (int k = 0, saved = 0; k <= steps; k++)
            {
                if (k % saveEvery == 0)
                {
                    int i = t * points + saved++;
                    features[2 * i] = (float)x0; features[2 * i + 1] = (float)x1;
                    energy[i] = (float)h0;
                }
                if (k < steps) Rk4(ref x0, ref x1, dt, (p, q) => (a - b * Math.Exp(q), c * Math.Exp(p) - d));
            }
        }
        var info = new DatasetInfo(
            "lotka-volterra",
            $"Lotka–Volterra predator–prey in canonical log coordinates x = (ln prey, ln predator): x0' = a − b e^x1, x1' = c e^x0 − d " +
            $"(a = {a}, b = {b}, c = {c}, d = {d}); {trajectories} trajectories, RK4 dt = {dt}, {steps} steps, every {saveEvery}th state kept; " +
            $"initial H uniform in [{energyMin}, {energyMax}] starting on x1 = ln(a/b). H = c e^x0 − d x0 + b e^x1 − a x1 is conserved; orbits are closed curves (latent SO(2)).",
            LaLiGan,
            ["x0 = ln(prey)", "x1 = ln(predator)"], ["1", "1"],
            intrinsicDimension: 2, embeddingDimension: 2,
            generators: [new SymmetryGenerator("orbit rotation (latent)", new double[,] { { 0, -1 }, { 1, 0 } }, SymmetryKind.Latent, "latent orbit plane")],
            referenceValues: new Dictionary<string, double>
            {
                ["Dt"] = dt * saveEvery, ["Trajectories"] = trajectories, ["StatesPerTrajectory"] = points,
                ["EnergyMin"] = energyMin, ["EnergyMax"] = energyMax, ["FixedPointEnergy"] = hMin,
            },
            parameters: Geometry.Params(("trajectories", trajectories), ("steps", steps), ("dt", dt), ("saveEvery", saveEvery),
                ("a", a), ("b", b), ("c", c), ("d", d), ("energyMin", energyMin), ("energyMax", energyMax), ("seed", seed)),
            oracle: x => LotkaVolterraEnergy(x[0], x[1], a, b, c, d),
            oracleDescription: "H = c e^x0 − d x0 + b e^x1 − a x1 (conserved; the Energy column holds the initial value)");
        return Pairs(info, features, 2, energy, trajectories, points, dt * saveEvery);
    }

    private static void Rk4(ref double x, ref double y, double h, Func<double, double, (double, double)> f)
    {
        var (k1x, k1y) = f(x, y);
        var (k2x, k2y) = f(x + h / 2 * k1x, y + h / 2 * k1y);
        var (k3x, k3y) = f(x + h / 2 * k2x, y + h / 2 * k2y);
        var (k4x, k4y) = f(x + h * k3x, y + h * k3y);
        x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
        y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
    }

    private static void Render(double theta, int size, Span<float> image)
    {
        double cx = Math.Cos(theta - Math.PI / 2), cy = Math.Sin(theta - Math.PI / 2);
        for (int r = 0; r < size; r++)
            for (int c = 0; c < size; c++)
            {
                // y1 along columns, y2 along rows, both linspace(−1.5, 1.5, size); row 0 at the top (y2 = +1.5).
                double y1 = -1.5 + 3.0 * c / (size - 1), y2 = 1.5 - 3.0 * r / (size - 1);
                image[r * size + c] = (float)Math.Exp(-((y1 - cx) * (y1 - cx) + (y2 - cy) * (y2 - cy)) / 0.05);
            }
    }

    /// <summary>Rows = consecutive (state, next state) pairs inside each trajectory, sharing the state array.</summary>
    private static DatasetTable Pairs(DatasetInfo info, float[] features, int size, float[] energy, int trajectories, int points, double dt)
    {
        // An integration that overflowed (too large a step or energy) must not hand out NaN/∞ rows.
        int bad = Array.FindIndex(features, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            int state = bad / size;
            throw new ArgumentException(
                $"The {info.Name} integration produced a non-finite value (trajectory {state / points}, state {state % points}); " +
                "use a smaller 'dt'" + (info.Name == "lotka-volterra" ? " or a lower 'energyMax'." : "."));
        }
        int rows = trajectories * (points - 1);
        var a = new int[rows];
        var time = new float[trajectories * points];
        var traj = new float[trajectories * points];
        for (int t = 0, r = 0; t < trajectories; t++)
            for (int k = 0; k < points; k++)
            {
                time[t * points + k] = (float)(dt * k);
                traj[t * points + k] = t;
                if (k + 1 < points) a[r++] = t * points + k;
            }
        int[] b = [.. a.Select(i => i + 1)];
        var feat = new DatasetColumn("Features", features, size, true, a);
        return new DatasetTable(info, rows,
        [
            feat,
            feat.Alias("Source"),
            new DatasetColumn("Target", features, size, true, b),
            new DatasetColumn("Time", time, 1, false, a),
            new DatasetColumn("Trajectory", traj, 1, false, a),
            new DatasetColumn("Energy", energy, 1, false, a),
        ]);
    }
}
