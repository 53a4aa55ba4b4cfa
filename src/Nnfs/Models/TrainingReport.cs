namespace Nnfs.Models;

/// <summary>Which of the book's console reports <see cref="Model"/> writes to <see cref="Model.Output"/>.</summary>
public enum TrainingReport
{
    /// <summary>
    /// The chapter 19+ report (the default): <c>epoch: N</c> at the start of each epoch; a
    /// <c>step: …, acc: …, loss: … (data_loss: …, reg_loss: …), lr: …</c> line every <c>printEvery</c> steps and on
    /// the last step; <c>training, acc: …</c> after the epoch; <c>validation, acc: …, loss: …</c> after every epoch
    /// when validation data is given, and from <see cref="Model.Evaluate"/>.
    /// </summary>
    Steps,

    /// <summary>
    /// The chapter 18 report: <c>epoch: N, acc: …, loss: … (data_loss: …, reg_loss: …), lr: …</c> every
    /// <c>printEvery</c> epochs (1-based, so the first line is epoch <c>printEvery</c>), and one
    /// <c>validation, acc: …, loss: …</c> line after training.
    /// </summary>
    Epochs,

    /// <summary>Nothing is written.</summary>
    None,
}
