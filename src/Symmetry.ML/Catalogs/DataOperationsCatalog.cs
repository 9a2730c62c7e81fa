using Symmetry.ML.Runtime;

namespace Symmetry.ML;

/// <summary>
/// Data operations, <see cref="MLContext.Data"/>: loading from objects and text files, saving as text, splitting,
/// shuffling, taking and filtering rows. Every result is a lazy view.
/// </summary>
public sealed partial class DataOperationsCatalog : IInternalCatalog
{
    internal DataOperationsCatalog(IHostEnvironment env) => Environment = env;

    internal IHostEnvironment Environment { get; }

    IHostEnvironment IInternalCatalog.Environment => Environment;
}
