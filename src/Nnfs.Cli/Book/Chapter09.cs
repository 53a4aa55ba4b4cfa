using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 9, backpropagation: the single-neuron example, the layer examples with chapter 2's values (plain float64),
/// then the chapter's final code: one forward and backward pass of Dense(2, 3) → ReLU → Dense(3, 3) →
/// Softmax + cross-entropy on <c>spiral_data(100, 3)</c>, printing the softmax rows, loss, accuracy and the gradients
/// of both dense layers.
/// </summary>
public sealed class Chapter09 : Chapter
{
    /// <inheritdoc />
    public override int Number => 9;

    /// <inheritdoc />
    public override string Title => "Backpropagation: a neuron, a layer, and the full network's gradients";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        SingleNeuron(output);
        LayerExamples(output);
        FinalCode(output, options);
    }

    /// <summary>
    /// ReLU(x·w + b) for one neuron: its gradients with respect to the inputs, weights and bias for an upstream
    /// gradient of 1, one step of −0.001 × gradient, and the new output.
    /// </summary>
    private static void SingleNeuron(TextWriter output)
    {
        double[] x = [1.0, -2.0, 3.0];
        double[] w = [-3.0, -1.0, 2.0];
        var b = 1.0;
        var z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b;
        var dreluDz = 1.0 * (z > 0 ? 1.0 : 0.0);
        var dx = w.Select(wi => dreluDz * wi).ToArray();
        var dw = x.Select(xi => dreluDz * xi).ToArray();
        var db = dreluDz;
        output.WriteLine($"{BookMatrices.List(dx)} {BookMatrices.List(dw)} {PythonFormat.Repr(db)}");
        output.WriteLine($"{BookMatrices.List(w)} {PythonFormat.Repr(b)}");
        for (var i = 0; i < 3; i++) w[i] += -0.001 * dw[i];
        b += -0.001 * db;
        output.WriteLine($"{BookMatrices.List(w)} {PythonFormat.Repr(b)}");
        z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b;
        output.WriteLine(PythonFormat.Repr(Math.Max(z, 0)));
    }

    /// <summary>
    /// With chapter 2's inputs, weights and biases: dinputs = dvalues·W, dweights = inputsᵀ·dvalues,
    /// dbiases = column sums, the ReLU mask, then a forward pass, ReLU, backward with the ReLU outputs as upstream
    /// gradient, and one step of −0.001 × gradient on the weights (printed transposed, as the book stores them) and biases.
    /// </summary>
    private static void LayerExamples(TextWriter output)
    {
        var inputs = Chapter02.Inputs;
        var neuronWeights = Chapter02.Weights;
        double[,] dvalues = { { 1, 1, 1 }, { 2, 2, 2 }, { 3, 3, 3 } };
        output.WriteLine(NumPyFormat.Array(Multiply(dvalues, neuronWeights)));
        output.WriteLine(NumPyFormat.Array(Multiply(Transpose(inputs), dvalues)));
        output.WriteLine(NumPyFormat.Array(ColumnSums(dvalues)));

        long[,] z = { { 1, 2, -3, -4 }, { 2, -7, -1, 3 }, { -1, 2, 5, -1 } };
        long[,] upstream = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } };
        var drelu = (long[,])upstream.Clone();
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < 4; c++)
            if (z[r, c] <= 0) drelu[r, c] = 0;
        output.WriteLine(NumPyFormat.Array(drelu));

        var weights = Transpose(neuronWeights);
        var biases = new double[1, 3];
        for (var j = 0; j < 3; j++) biases[0, j] = Chapter02.Biases[j];
        var layerOutputs = Multiply(inputs, weights);
        var dreluFull = new double[3, 3];
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < 3; c++)
        {
            layerOutputs[r, c] += biases[0, c];
            var relu = Math.Max(0, layerOutputs[r, c]);
            dreluFull[r, c] = layerOutputs[r, c] <= 0 ? 0 : relu;
        }
        var dweights = Multiply(Transpose(inputs), dreluFull);
        var dbiases = ColumnSums(dreluFull);
        for (var r = 0; r < 4; r++)
        for (var c = 0; c < 3; c++)
            weights[r, c] += -0.001 * dweights[r, c];
        for (var c = 0; c < 3; c++) biases[0, c] += -0.001 * dbiases[0, c];
        output.WriteLine(NumPyFormat.Array(weights));
        output.WriteLine(NumPyFormat.Array(biases));
    }

    private static void FinalCode(TextWriter output, BookOptions options)
    {
        Init(options);
        var (x, y) = SyntheticData.Spiral(samples: 100, classes: 3);
        var dense1 = new Dense(2, 3);
        var activation1 = new ReLU();
        var dense2 = new Dense(3, 3);
        var lossActivation = new SoftmaxCategoricalCrossEntropy();
        dense1.Forward(x, training: true);
        activation1.Forward(dense1.Output, training: true);
        dense2.Forward(activation1.Output, training: true);
        var loss = lossActivation.Forward(dense2.Output, y);
        output.WriteLine(NumPyFormat.Array(BookMatrices.Head(lossActivation.Output, 5)));
        output.WriteLine($"loss: {PythonFormat.Repr(loss)}");
        var accuracy = new CategoricalAccuracy().Calculate(lossActivation.Activation.Predictions(lossActivation.Output), y);
        output.WriteLine($"acc: {PythonFormat.Repr(accuracy)}");
        lossActivation.Backward(lossActivation.Output, y);
        dense2.Backward(lossActivation.DInputs);
        activation1.Backward(dense2.DInputs);
        dense1.Backward(activation1.DInputs);
        output.WriteLine(NumPyFormat.Array(dense1.DWeights));
        output.WriteLine(NumPyFormat.Array(dense1.DBiases));
        output.WriteLine(NumPyFormat.Array(dense2.DWeights));
        output.WriteLine(NumPyFormat.Array(dense2.DBiases));
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        var c = new double[n, m];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < m; j++)
        {
            var sum = 0.0;
            for (var p = 0; p < k; p++) sum += a[i, p] * b[p, j];
            c[i, j] = sum;
        }
        return c;
    }

    private static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (var i = 0; i < a.GetLength(0); i++)
        for (var j = 0; j < a.GetLength(1); j++)
            t[j, i] = a[i, j];
        return t;
    }

    private static double[,] ColumnSums(double[,] a)
    {
        var sums = new double[1, a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        for (var j = 0; j < a.GetLength(1); j++)
            sums[0, j] += a[i, j];
        return sums;
    }
}
