namespace Microsoft.ML.Symmetry;

/// <summary>Where the generator coefficients a start.</summary>
public enum DetectorStart
{
    /// <summary>
    /// The direction that best explains the pairs' differences to first order, before any network is trained: the a
    /// that maximises Σₚ ⟨G_a xₚ, yₚ − xₚ⟩² / Σₚ ‖G_a xₚ‖² over the training pairs (the top generalised eigenvector of
    /// two terms × terms matrices; independent of how the basis terms are scaled). Training then refines it with all
    /// the method's losses. The default: from a random direction the α-matching term has other minima (mixtures of a
    /// translation with a stretch or shear) that training fell into on long image axes (docs/reproduction.md).
    /// </summary>
    Spectral,

    /// <summary>A uniformly drawn unit vector (the paper's N(0, 1) draw, normalised), from the seed.</summary>
    Random,
}
