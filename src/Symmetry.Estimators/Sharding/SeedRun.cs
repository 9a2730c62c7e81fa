namespace Microsoft.ML.Symmetry;

/// <summary>
/// One run of a multi-seed protocol (<c>Options.Runs</c> of <see cref="LieDetectorEstimator"/> and
/// <see cref="LatentLieGanEstimator"/>): run r trains with seed Seed + r on the same data, and the fitted
/// transformer keeps the run with the lowest <see cref="Criterion"/>.
/// </summary>
/// <param name="Seed">The run's training seed (the options' Seed + r).</param>
/// <param name="Generator">
/// The closest canonical generator's name when it is close enough to be named (LieDetector: |cos| ≥
/// <see cref="LieDetectorReport.CanonicalNameFloor"/>; LatentLieGan, of L1: |cos| ≥ <see cref="GeneratorInvariants.NameFloor"/>),
/// else "no canonical match".
/// </param>
/// <param name="Closest">The closest canonical generator, whatever its cosine.</param>
/// <param name="Cosine">Its |cosine| with the run's generator.</param>
/// <param name="Kind">
/// The eigenvalue kind (<see cref="GeneratorInvariants"/>): LatentLieGan, of L1; LieDetector, of the affine part of G as a
/// 3 × 3 matrix in homogeneous pixel coordinates (so a translation is nilpotent-like, a rotation rotation-like).
/// </param>
/// <param name="Criterion">
/// What the kept run minimises, on the training data: LieDetector, the last epoch's mean α-matching loss (how well G
/// explains y − x); LatentLieGan, |final discriminator accuracy − 0.5| (0: the discriminator cannot tell moved codes
/// from real ones, the method's evidence that the symmetry was reached).
/// </param>
/// <param name="DiscriminatorAccuracy">LatentLieGan: the final discriminator accuracy; null for LieDetector.</param>
/// <param name="Coefficients">
/// The generator as numbers: LieDetector, the unit-norm pixel-unit coefficients in term order (one basis for every run,
/// so runs compare directly); LatentLieGan, L1 row-major (in that run's own latent basis, so only invariants compare).
/// </param>
public sealed record SeedRun(int Seed, string Generator, string Closest, double Cosine, GeneratorEigenKind Kind, double Criterion,
                             double? DiscriminatorAccuracy, IReadOnlyList<double> Coefficients);
