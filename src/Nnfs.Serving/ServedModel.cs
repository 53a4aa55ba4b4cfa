using Nnfs.Datasets;
using Nnfs.Inference;
using Nnfs.Tensors;

namespace Nnfs.Serving;

/// <summary>
/// The one model a server answers for: its <see cref="Predictor"/> (raw input, the recorded preprocessing, safe to
/// call from every request at once) and the name it is served under.
/// </summary>
internal sealed class ServedModel
{
    private ServedModel(string name, Predictor predictor)
    {
        Name = name;
        Predictor = predictor;
        if (predictor.Input.Kind == InputKind.Image)
        {
            ImageHeight = predictor.Input.Height;
            ImageWidth = predictor.Input.Width;
        }
    }

    /// <summary>Loads the model file at <paramref name="path"/>, served as <paramref name="name"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="Nnfs.Serialization.ModelFormatException">The file is not a model the predictor can run; the message names it.</exception>
    public static ServedModel Load(string path, string name)
    {
        if (!Path.Exists(path)) throw new FileNotFoundException($"model file '{path}' does not exist", path);
        return new ServedModel(name, Predictor.Load(path));
    }

    /// <summary>The name in the URLs (<c>/v2/models/{name}</c>).</summary>
    public string Name { get; }

    /// <summary>The model's predictor.</summary>
    public Predictor Predictor { get; }

    /// <summary>Raw values per sample.</summary>
    public int InputLength => Predictor.InputLength;

    /// <summary>Output values per sample.</summary>
    public int OutputLength => Predictor.OutputLength;

    /// <summary>True when the outputs are class probabilities.</summary>
    public bool IsClassifier => Predictor.IsClassifier;

    /// <summary>The class names (recorded, or "0", "1", …).</summary>
    public IReadOnlyList<string> ClassNames => Predictor.ClassNames;

    /// <summary>True when the recorded input is a gray image of <see cref="ImageHeight"/> × <see cref="ImageWidth"/> pixels.</summary>
    public bool IsImage => ImageHeight > 0;

    /// <summary>Image rows (0 for features).</summary>
    public int ImageHeight { get; }

    /// <summary>Image columns (0 for features).</summary>
    public int ImageWidth { get; }

    /// <summary>Names of the input features, when recorded.</summary>
    public IReadOnlyList<string>? FeatureNames => Predictor.Input.FeatureNames;

    /// <summary>Outputs (rows × <see cref="OutputLength"/>) for raw input (rows × <see cref="InputLength"/>).</summary>
    /// <exception cref="ServingException">400 when an output is not finite (input far outside the trained range),
    /// which JSON cannot carry.</exception>
    public float[] Predict(float[] raw, int rows)
    {
        var outputs = new float[rows * OutputLength];
        Predictor.Predict(raw, rows, outputs);
        int bad = Array.FindIndex(outputs, v => !float.IsFinite(v));
        if (bad >= 0)
            throw ServingException.BadRequest(
                $"the model's output for row {bad / OutputLength} is not a finite number (its input values are too large); JSON cannot carry it");
        return outputs;
    }

    /// <summary>The <paramref name="k"/> most probable classes of one raw sample (<see cref="Predictor.TopK"/>).</summary>
    public IReadOnlyList<ClassScore> TopK(float[] raw, int k) => Predictor.TopK(new Matrix(1, InputLength, raw), k)[0];
}
