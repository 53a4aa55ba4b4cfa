using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 21, saving and loading models and their parameters: chapter 19's training, then the test set evaluated
/// four times — by the trained model; by a new model (no optimizer) given the trained parameters with
/// <c>set_parameters</c>; by a new model after <c>save_parameters</c> / <c>load_parameters</c>; by the model read back
/// with <c>Model.load</c> after <c>model.save</c>. The four <c>validation, …</c> lines are identical, the book's check
/// that nothing was lost.
/// </summary>
/// <remarks>
/// The files are <c>fashion_mnist.parms</c> and <c>fashion_mnist.model</c> in the nnfs format (safetensors; not the
/// book's pickles), written into <c>--output-dir</c> (kept) or a temporary folder (deleted afterwards).
/// </remarks>
public sealed class Chapter21 : Chapter
{
    /// <summary>The book's parameters file name.</summary>
    public const string ParametersFile = "fashion_mnist.parms";

    /// <summary>The book's model file name.</summary>
    public const string ModelFileName = "fashion_mnist.model";

    /// <inheritdoc />
    public override int Number => 21;

    /// <inheritdoc />
    public override string Title => "Saving and loading models and their parameters";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (data, trained) = FashionMnistBook.TrainBookModel(output, options);
        trained.Evaluate(data.XTest, data.YTest);

        var parameters = trained.GetParameters();
        var copy = FashionMnistBook.CreateModel(output, withOptimizer: false);
        copy.SetParameters(parameters);
        copy.Evaluate(data.XTest, data.YTest);

        using var folder = new OutputFolder(options.OutputDir, "nnfs-book21-");
        string parametersPath = Path.Combine(folder.Path, ParametersFile);
        ModelFile.SaveParameters(trained, parametersPath);
        var fromParameters = FashionMnistBook.CreateModel(output, withOptimizer: false);
        ModelFile.LoadParameters(fromParameters, parametersPath);
        fromParameters.Evaluate(data.XTest, data.YTest);

        string modelPath = Path.Combine(folder.Path, ModelFileName);
        ModelFile.Save(trained, modelPath);
        Model loaded = ModelFile.Load(modelPath);
        loaded.Output = output;
        loaded.Evaluate(data.XTest, data.YTest);
    }
}
