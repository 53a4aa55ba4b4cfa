using System.Globalization;

namespace Nnfs.Playground.Inspection;

/// <summary>
/// The inspected network's loss as a function of its parameters, computed in double from the float32 weights and
/// biases widened exactly: the function whose derivatives the gradient check estimates by finite differences.
/// </summary>
/// <remarks>The same formulas as the library's layers and losses (the ones <see cref="InspectedLayerKind"/> and
/// <see cref="InspectedLossKind"/> state), with no float32 rounding; softmax with categorical cross-entropy is
/// log Σⱼ e^(zⱼ) − z_target (the unclipped loss whose gradient is the combined backward's softmax − one-hot); the
/// regularization strengths are the decimals they were written as (5e-4f → 0.0005), as the library takes them.</remarks>
internal sealed class DoubleNetwork
{
    private readonly SampleInspection _inspection;

    /// <summary>Each dense layer's weights then biases, in layer order: the values the check perturbs.</summary>
    public double[][] Parameters { get; }

    public DoubleNetwork(SampleInspection inspection)
    {
        _inspection = inspection;
        var parameters = new List<double[]>();
        foreach (var layer in inspection.Layers)
        {
            if (layer.Dense is not { } dense) continue;
            parameters.Add(Widen(dense.Weights));
            parameters.Add(Widen(dense.Biases));
        }
        Parameters = [.. parameters];
    }

    /// <summary>The data loss plus the regularization penalty at the current <see cref="Parameters"/>.</summary>
    public double Loss()
    {
        var current = Widen(_inspection.Input);
        double penalty = 0;
        int p = 0;
        var layers = _inspection.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            bool softmaxIntoLoss = l == layers.Count - 1 && _inspection.Loss == InspectedLossKind.SoftmaxCategoricalCrossEntropy;
            switch (layer.Kind)
            {
                case InspectedLayerKind.Dense:
                    var dense = layer.Dense!;
                    var weights = Parameters[p++];
                    var biases = Parameters[p++];
                    current = Affine(current, weights, biases, dense.Neurons);
                    penalty += Penalty(weights, dense.WeightL1, dense.WeightL2) + Penalty(biases, dense.BiasL1, dense.BiasL2);
                    break;
                case InspectedLayerKind.ReLU:
                    for (int i = 0; i < current.Length; i++) current[i] = Math.Max(0, current[i]);
                    break;
                case InspectedLayerKind.Sigmoid:
                    for (int i = 0; i < current.Length; i++) current[i] = 1 / (1 + Math.Exp(-current[i]));
                    break;
                case InspectedLayerKind.Softmax when softmaxIntoLoss:
                    return LogSumExp(current) - current[_inspection.TargetClass ?? ArgMax(_inspection.TargetValues!)] + penalty;
                case InspectedLayerKind.Softmax:
                    current = Softmax(current);
                    break;
            }
        }
        return DataLoss(current) + penalty;
    }

    private double DataLoss(double[] output)
    {
        const double clipLow = 1e-7, clipHigh = 1 - 1e-7;
        var targets = _inspection.TargetValues is { } values ? Widen(values) : null;
        double sum = 0;
        switch (_inspection.Loss)
        {
            case InspectedLossKind.CategoricalCrossEntropy:
                return -Math.Log(output[_inspection.TargetClass ?? ArgMax(_inspection.TargetValues!)]);
            case InspectedLossKind.BinaryCrossEntropy:
                for (int i = 0; i < output.Length; i++)
                {
                    double p = Math.Clamp(output[i], clipLow, clipHigh);
                    sum -= targets![i] * Math.Log(p) + (1 - targets[i]) * Math.Log(1 - p);
                }
                break;
            case InspectedLossKind.MeanSquaredError:
                for (int i = 0; i < output.Length; i++) sum += (targets![i] - output[i]) * (targets[i] - output[i]);
                break;
            default:
                for (int i = 0; i < output.Length; i++) sum += Math.Abs(targets![i] - output[i]);
                break;
        }
        return sum / output.Length;
    }

    private static double[] Affine(double[] inputs, double[] weights, double[] biases, int neurons)
    {
        var outputs = (double[])biases.Clone();
        for (int i = 0; i < inputs.Length; i++)
            for (int j = 0; j < neurons; j++) outputs[j] += inputs[i] * weights[i * neurons + j];
        return outputs;
    }

    private static double Penalty(double[] values, float l1, float l2)
    {
        double sum = 0;
        double a = AsDecimal(l1), b = AsDecimal(l2);
        foreach (double v in values) sum += a * Math.Abs(v) + b * v * v;
        return sum;
    }

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double total = e.Sum();
        for (int i = 0; i < e.Length; i++) e[i] /= total;
        return e;
    }

    private static double LogSumExp(double[] z)
    {
        double max = z.Max();
        return max + Math.Log(z.Sum(v => Math.Exp(v - max)));
    }

    private static int ArgMax(IReadOnlyList<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static double AsDecimal(float value) =>
        double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double[] Widen(IReadOnlyList<float> values)
    {
        var wide = new double[values.Count];
        for (int i = 0; i < wide.Length; i++) wide[i] = values[i];
        return wide;
    }
}
