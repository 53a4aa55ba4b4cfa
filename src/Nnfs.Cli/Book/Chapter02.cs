using Nnfs.Formatting;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 2, coding our first neurons: a layer of 3 neurons applied to a batch of 3 samples,
/// <c>np.dot(inputs, np.array(weights).T) + biases</c>, in plain float64 (no <c>nnfs.init()</c>).
/// </summary>
public sealed class Chapter02 : Chapter
{
    /// <summary>The batch of 3 samples with 4 features each.</summary>
    public static readonly double[,] Inputs = { { 1.0, 2.0, 3.0, 2.5 }, { 2.0, 5.0, -1.0, 2.0 }, { -1.5, 2.7, 3.3, -0.8 } };

    /// <summary>The weights, one row of 4 per neuron (the book transposes them for the dot product).</summary>
    public static readonly double[,] Weights = { { 0.2, 0.8, -0.5, 1.0 }, { 0.5, -0.91, 0.26, -0.5 }, { -0.26, -0.27, 0.17, 0.87 } };

    /// <summary>One bias per neuron.</summary>
    public static readonly double[] Biases = [2.0, 3.0, 0.5];

    /// <inheritdoc />
    public override int Number => 2;

    /// <inheritdoc />
    public override string Title => "Coding our first neurons: a layer of neurons on a batch of data";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        var outputs = new double[3, 3];
        for (var sample = 0; sample < 3; sample++)
        for (var neuron = 0; neuron < 3; neuron++)
        {
            var sum = 0.0;
            for (var i = 0; i < 4; i++) sum += Inputs[sample, i] * Weights[neuron, i];
            outputs[sample, neuron] = sum + Biases[neuron];
        }
        output.WriteLine(NumPyFormat.Array(outputs));
    }
}
