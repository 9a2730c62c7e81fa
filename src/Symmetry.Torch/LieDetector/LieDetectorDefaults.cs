namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Every default of the LieDetector method (Gabel, Quax, Gavves), written once: <see cref="LieDetectorTrainingOptions"/>
/// and the estimator's public options both read them. Where the public code has a SyMNIST configuration, these are its values.
/// </summary>
internal static class LieDetectorDefaults
{
    /// <summary>Latent patch side s (9 → 81 latent pixels, as the SyMNIST configuration).</summary>
    public const int LatentSide = 9;

    /// <summary>The affine basis (6 terms).</summary>
    public const DetectorBasis Basis = DetectorBasis.Affine;

    /// <summary>Weight of MSE(dec(exp(tG) enc(x)), y).</summary>
    public const double TransformedWeight = 1;

    /// <summary>l_r: weight of MSE(AE(x), x) + MSE(AE(y), y).</summary>
    public const double AuxiliaryWeight = 1;

    /// <summary>l_z: weight of MSE(enc(y), exp(tG) enc(x)).</summary>
    public const double LatentWeight = 1;

    /// <summary>l_lasso: weight of ‖a‖₁.</summary>
    public const double LassoWeight = 0;

    /// <summary>l_a: weight of the α-matching term (the SyMNIST configuration's 1e5).</summary>
    public const double AlphaWeight = 1e5;

    /// <summary>Taylor order of α-matching.</summary>
    public const int AlphaOrder = 1;

    /// <summary>The magnitude α-matching uses: each pair's least-squares t* (the paper uses the t-network's t).</summary>
    public const DetectorAlphaMagnitude AlphaMagnitude = DetectorAlphaMagnitude.LeastSquares;

    /// <summary>Where a starts.</summary>
    public const DetectorStart Start = DetectorStart.Spectral;

    /// <summary>Adam step of the encoder, decoder and t-network.</summary>
    public const double LearningRate = 1e-3;

    /// <summary>Adam step of the generator coefficients a.</summary>
    public const double CoefficientLearningRate = 1e-2;

    /// <summary>Passes over the training pairs.</summary>
    public const int Epochs = 20;

    /// <summary>Pairs per step (the memory benchmark's 256; the paper's SyMNIST runs used 1024).</summary>
    public const int BatchSize = 256;

    /// <summary>Fraction of the pairs held out for the magnitude metrics.</summary>
    public const double ValidationFraction = 0.1;
}
