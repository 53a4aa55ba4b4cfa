namespace Nnfs.Playground.Training;

/// <summary>When the validation data is drawn from the session's generator (the book does both).</summary>
public enum ValidationDraw
{
    /// <summary>No validation data.</summary>
    None,

    /// <summary>Right after the training data, before the network's weights (chapter 18).</summary>
    BeforeNetwork,

    /// <summary>After training, continuing the generator from where training left it (chapters 11 to 16); drawn from a
    /// copy of the generator, so that training can go on unchanged.</summary>
    AfterTraining,
}
