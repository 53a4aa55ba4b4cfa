namespace Nnfs.Playground.Data;

/// <summary>The book's toy data sets (<see cref="Nnfs.Datasets.SyntheticData"/>).</summary>
public enum DataSetKind
{
    /// <summary>Interleaved spiral arms, one per class (<c>spiral_data</c>): classification.</summary>
    Spiral,

    /// <summary>Gaussian blobs side by side, one per class (<c>vertical_data</c>): classification.</summary>
    Vertical,

    /// <summary>One period of a sine wave (<c>sine_data</c>): regression.</summary>
    Sine,
}
