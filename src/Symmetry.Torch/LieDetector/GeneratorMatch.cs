namespace Microsoft.ML.Symmetry;

/// <summary>A named generator compared with a discovered one: |cosine| of their coefficient vectors.</summary>
/// <param name="Name">E.g. "rotation", "translation x".</param>
/// <param name="Cosine">|⟨a, c⟩| / (‖a‖ ‖c‖), in [0, 1] (the sign of a generator is that of t, which is free).</param>
public sealed record GeneratorMatch(string Name, double Cosine);
