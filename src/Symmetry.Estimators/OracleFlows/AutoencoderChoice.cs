namespace Microsoft.ML.Symmetry;

/// <summary>The autoencoder a fit trains, resolved from the options once the input column's size is known.</summary>
/// <param name="Convolutional">True: <see cref="Torch.ConvAutoencoder"/> on Height × Width images; false: the dense one.</param>
/// <param name="Height">Image height in pixels (0 for dense).</param>
/// <param name="Width">Image width in pixels (0 for dense).</param>
internal readonly record struct AutoencoderChoice(bool Convolutional, int Height, int Width)
{
    /// <summary>The smallest side of a square column that <see cref="AutoencoderKind.Auto"/> takes for an image (8 × 8: two stride-2 convolutions still leave 2 × 2).</summary>
    internal const int SmallestAutoSide = 8;

    /// <summary>
    /// Resolves <see cref="OracleFlowsEstimator.Options.AutoencoderKind"/> for an input column of <paramref name="size"/>
    /// slots. Throws <see cref="ArgumentException"/> naming ImageHeight/ImageWidth when H·W ≠ size, and naming
    /// AutoencoderKind when a convolutional autoencoder is asked for a column of no known image shape.
    /// </summary>
    internal static AutoencoderChoice Resolve(OracleFlowsEstimator.Options options, string column, int size)
    {
        (int H, int W)? shape = null;
        if (options.ImageHeight is { } h && options.ImageWidth is { } w)
        {
            if ((long)h * w != size)
                throw new ArgumentException($"ImageHeight × ImageWidth ({h} × {w} = {(long)h * w}) must equal the size of the input column '{column}' ({size} values).",
                                            nameof(OracleFlowsEstimator.Options.ImageHeight));
            shape = (h, w);
        }
        var side = (int)Math.Round(Math.Sqrt(size));
        var square = side * side == size;
        switch (options.AutoencoderKind)
        {
            case AutoencoderKind.Dense:
                return new(false, 0, 0);
            case AutoencoderKind.Convolutional:
                if (shape is null && !square)
                    throw new ArgumentException($"AutoencoderKind = Convolutional needs an image shape: the input column '{column}' has {size} values, not a square number; set ImageHeight and ImageWidth.",
                                                nameof(OracleFlowsEstimator.Options.AutoencoderKind));
                shape ??= (side, side);
                return new(true, shape.Value.H, shape.Value.W);
            default:
                if (shape is null && square && side >= SmallestAutoSide) shape = (side, side);
                return shape is { } s ? new(true, s.H, s.W) : new(false, 0, 0);
        }
    }
}
