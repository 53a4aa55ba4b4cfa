namespace Nnfs.Datasets;

/// <summary>What one sample of a model's raw input is (see <see cref="InputPreparation"/>).</summary>
public enum InputKind
{
    /// <summary>A row of numeric features (a CSV row, the spiral's coordinates), optionally named.</summary>
    Features,

    /// <summary>A gray-scale image of <see cref="InputPreparation.Height"/> × <see cref="InputPreparation.Width"/>
    /// pixels, flattened row by row (raw pixels 0 = background … 255 = full ink, as in Fashion-MNIST).</summary>
    Image,
}
