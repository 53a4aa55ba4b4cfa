using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Serving;

/// <summary>
/// The one model a server answers for: its name, what input it takes and what it returns, and prediction on raw input.
/// </summary>
/// <remarks>
/// Stand-in until <c>Nnfs.Inference.Predictor</c> is available: the model is loaded with <see cref="ModelFile.Load"/>
/// and <see cref="Model.Predict"/> is called under a lock; input is passed as it comes (no preprocessing).
/// </remarks>
internal sealed class ServedModel
{
    private readonly Model _model;
    private readonly Lock _lock = new();

    private ServedModel(string name, Model model)
    {
        Name = name;
        _model = model;
        InputLength = model.Layers.OfType<Dense>().FirstOrDefault()?.InputCount
            ?? throw new InvalidDataException($"model '{name}' has no dense layer");
        OutputLength = model.Layers.OfType<Dense>().Last().Neurons;
        IsClassifier = model.OutputLayerActivation is Softmax or Sigmoid;
        ClassNames = [.. Enumerable.Range(0, OutputLength).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        int side = (int)Math.Round(Math.Sqrt(InputLength));
        if (side > 1 && side * side == InputLength) ImageHeight = ImageWidth = side;
    }

    /// <summary>Loads the model file at <paramref name="path"/>, served as <paramref name="name"/>.</summary>
    public static ServedModel Load(string path, string name)
    {
        if (!Path.Exists(path)) throw new FileNotFoundException($"model file '{path}' does not exist", path);
        return new ServedModel(name, ModelFile.Load(path));
    }

    /// <summary>The name in the URLs (<c>/v2/models/{name}</c>).</summary>
    public string Name { get; }

    /// <summary>Raw values per sample.</summary>
    public int InputLength { get; }

    /// <summary>Output values per sample.</summary>
    public int OutputLength { get; }

    /// <summary>True when the outputs are class probabilities.</summary>
    public bool IsClassifier { get; }

    /// <summary>A name for every output.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>True when the input is a gray image of <see cref="ImageHeight"/> × <see cref="ImageWidth"/> pixels.</summary>
    public bool IsImage => ImageHeight > 0;

    /// <summary>Image rows (0 for features).</summary>
    public int ImageHeight { get; }

    /// <summary>Image columns (0 for features).</summary>
    public int ImageWidth { get; }

    /// <summary>Names of the input features, when recorded.</summary>
    public IReadOnlyList<string>? FeatureNames => null;

    /// <summary>Outputs (rows × <see cref="OutputLength"/>) for raw input (rows × <see cref="InputLength"/>).</summary>
    /// <exception cref="ServingException">400 when an output is not finite (input far outside the trained range),
    /// which JSON cannot carry.</exception>
    public float[] Predict(float[] raw, int rows)
    {
        var x = new Matrix(rows, InputLength, raw);
        float[] outputs;
        lock (_lock) outputs = _model.Predict(x).Span.ToArray();
        int bad = Array.FindIndex(outputs, v => !float.IsFinite(v));
        if (bad >= 0)
            throw ServingException.BadRequest(
                $"the model's output for row {bad / OutputLength} is not a finite number (its input values are too large); JSON cannot carry it");
        return outputs;
    }

    /// <summary>
    /// The <paramref name="k"/> largest outputs of one sample's <paramref name="outputs"/>, largest first (the lower class
    /// id first on ties).
    /// </summary>
    public IReadOnlyList<(int ClassId, string Name, float Probability)> TopK(float[] outputs, int k) =>
        [.. Enumerable.Range(0, OutputLength).OrderByDescending(i => outputs[i]).ThenBy(i => i).Take(k).Select(i => (i, ClassNames[i], outputs[i]))];
}
