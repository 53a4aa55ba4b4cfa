namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 20, model evaluation: chapter 19's training, then <c>model.evaluate(X_test, y_test)</c> (the same line as
/// the last validation of training) and <c>model.evaluate(X, y)</c> on the training data — both print
/// <c>validation, acc: …, loss: …</c>, as the book's <c>evaluate</c> always does.
/// </summary>
public sealed class Chapter20 : Chapter
{
    /// <inheritdoc />
    public override int Number => 20;

    /// <inheritdoc />
    public override string Title => "Model evaluation: the test set and the training data";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (data, model) = FashionMnistBook.TrainBookModel(output, options);
        model.Evaluate(data.XTest, data.YTest);
        model.Evaluate(data.X, data.Y);
    }
}
