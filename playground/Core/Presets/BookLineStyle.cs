namespace Nnfs.Playground.Presets;

/// <summary>How the book prints a training line.</summary>
public enum BookLineStyle
{
    /// <summary>Chapters 10 and 11: <c>epoch: E, acc: A, loss: L, lr: R</c> (the data loss), E counting from 0.</summary>
    Plain,

    /// <summary>Chapters 14 to 17: <c>epoch: E, acc: A, loss: L (data_loss: D, reg_loss: G), lr: R</c>, E counting from 0.</summary>
    Regularized,

    /// <summary>Chapter 18's model: as <see cref="Regularized"/>, but E counts from 1.</summary>
    Model,
}
