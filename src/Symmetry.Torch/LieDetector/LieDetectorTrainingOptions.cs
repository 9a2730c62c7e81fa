namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The hyperparameters of <see cref="LieDetectorCore.Train"/>: the model shape, the loss weights and optimizer groups
/// of Gabel, Quax and Gavves, the held-out split and the truth the analysis compares with.
/// </summary>
internal sealed record LieDetectorTrainingOptions
{
    /// <summary>Latent patch side s (L = s²).</summary>
    public int LatentSide { get; init; } = LieDetectorDefaults.LatentSide;

    /// <summary>Affine (6) or quadratic (12) terms.</summary>
    public DetectorBasis Basis { get; init; } = LieDetectorDefaults.Basis;

    /// <summary>Weight of MSE(dec(exp(tG) enc(x)), y).</summary>
    public double TransformedWeight { get; init; } = LieDetectorDefaults.TransformedWeight;

    /// <summary>l_r: weight of MSE(AE(x), x) + MSE(AE(y), y).</summary>
    public double AuxiliaryWeight { get; init; } = LieDetectorDefaults.AuxiliaryWeight;

    /// <summary>l_z: weight of MSE(enc(y), exp(tG) enc(x)).</summary>
    public double LatentWeight { get; init; } = LieDetectorDefaults.LatentWeight;

    /// <summary>l_lasso: weight of ‖a‖₁.</summary>
    public double LassoWeight { get; init; } = LieDetectorDefaults.LassoWeight;

    /// <summary>l_a: weight of the α-matching term MSE(x + t̄ Gx [+ t̄²/2 G²x], y), t̄ = t detached.</summary>
    public double AlphaWeight { get; init; } = LieDetectorDefaults.AlphaWeight;

    /// <summary>1 or 2: Taylor order of the α-matching term.</summary>
    public int AlphaOrder { get; init; } = LieDetectorDefaults.AlphaOrder;

    /// <summary>Adam step of the networks.</summary>
    public double LearningRate { get; init; } = LieDetectorDefaults.LearningRate;

    /// <summary>Adam step of the coefficients a.</summary>
    public double CoefficientLearningRate { get; init; } = LieDetectorDefaults.CoefficientLearningRate;

    /// <summary>Passes over the training pairs.</summary>
    public int Epochs { get; init; } = LieDetectorDefaults.Epochs;

    /// <summary>Pairs per step.</summary>
    public int BatchSize { get; init; } = LieDetectorDefaults.BatchSize;

    /// <summary>Fraction in [0, 1) of the pairs held out for the magnitude metrics; 0 computes them on the training pairs.</summary>
    public double ValidationFraction { get; init; } = LieDetectorDefaults.ValidationFraction;

    /// <summary>
    /// Whether the coefficients act on unit-RMS coordinate fields instead of raw pixel units (false, the method's
    /// basis). For the long-axis measurement only: a model trained with it cannot be saved in the current format.
    /// </summary>
    public bool UnitRmsFields { get; init; }

    /// <summary>The magnitude α-matching uses: each pair's least-squares t*, or the t-network's t (the paper).</summary>
    public DetectorAlphaMagnitude AlphaMagnitude { get; init; } = LieDetectorDefaults.AlphaMagnitude;

    /// <summary>
    /// Whether a starts at a unit vector (true, the default) or at the paper's N(0, 1) draw (false; measurement only).
    /// G depends only on a/‖a‖, so the start changes no loss, only how far one Adam step turns a/‖a‖.
    /// </summary>
    public bool UnitStart { get; init; } = true;

    /// <summary>Where a starts: the data's first-order best direction (the default) or a random unit vector from the seed.</summary>
    public DetectorStart Start { get; init; } = LieDetectorDefaults.Start;

    /// <summary>The true generator in the term order of <see cref="Basis"/> (pixel coordinates), or null when unknown.</summary>
    public double[]? TrueCoefficients { get; init; }
}
