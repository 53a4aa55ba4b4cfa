using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Nnfs.Activations;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>
/// Softmax followed by categorical cross-entropy with the fused gradient (the book's
/// <c>Activation_Softmax_Loss_CategoricalCrossentropy</c>).
/// </summary>
/// <remarks>
/// <para>Backward, with softmax outputs s and class ids y (one-hot rows are turned into their argmax):
/// <c>dinputs = (s − onehot(y)) / N</c>, computed as the book does: copy s, subtract 1 at <c>[i, yᵢ]</c>, divide by N.
/// This equals <c>Softmax.Backward(CategoricalCrossEntropy.Backward(s))</c> but is cheaper and better conditioned.</para>
/// <para><see cref="Forward"/> (chapters 9–17) runs <see cref="Activation"/> then <see cref="Loss"/>'s
/// <c>Calculate</c>; from chapter 18 the model runs the softmax itself and uses only <see cref="Backward"/>.</para>
/// </remarks>
public sealed class SoftmaxCategoricalCrossEntropy
{
    private Matrix? _dinputs;

    /// <summary>The softmax activation used by <see cref="Forward"/>.</summary>
    public Softmax Activation { get; } = new();

    /// <summary>The loss used by <see cref="Forward"/>.</summary>
    public CategoricalCrossEntropy Loss { get; } = new();

    /// <summary>The softmax output of the last <see cref="Forward"/>.</summary>
    public Matrix Output => Activation.Output;

    /// <summary>∂L/∂(softmax inputs) from the last <see cref="Backward"/>.</summary>
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException("SoftmaxCategoricalCrossEntropy: Backward has not been called yet.");

    /// <summary>Softmax of <paramref name="inputs"/>, then the mean cross-entropy against <paramref name="y"/>.</summary>
    public float Forward(Matrix inputs, Targets y)
    {
        Activation.Forward(inputs, training: true);
        return Loss.Calculate(Activation.Output, y);
    }

    /// <summary><c>dinputs = (softmaxOutputs − onehot(y)) / N</c>.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, or a label out of range.</exception>
    public void Backward(Matrix softmaxOutputs, Targets y)
    {
        ArgumentNullException.ThrowIfNull(softmaxOutputs);
        ArgumentNullException.ThrowIfNull(y);
        const string name = nameof(SoftmaxCategoricalCrossEntropy);
        y.RequireCount(softmaxOutputs, name);
        int samples = softmaxOutputs.Rows, classes = softmaxOutputs.Columns;
        if (y.Values is { } oneHot && (oneHot.Rows != samples || oneHot.Columns != classes))
            throw new ArgumentException($"{name}: softmax outputs {softmaxOutputs.Shape} and one-hot targets {oneHot.Shape} must have the same shape.");
        var dinputs = Matrix.Ensure(ref _dinputs, samples, classes);
        softmaxOutputs.Span.CopyTo(dinputs.Span);
        var d = dinputs.Span;
        if (y.Classes is { } labels)
        {
            for (int i = 0; i < samples; i++)
            {
                int label = labels[i];
                if ((uint)label >= (uint)classes) ThrowLabelOutOfRange(label, i, softmaxOutputs);
                d[i * classes + label] -= 1f;
            }
        }
        else
            SubtractOneHot(y.Values!, d, softmaxOutputs);
        DivideInPlace(d, samples);
    }

    // One-hot targets and the throw live in their own methods, so that a run with class ids never compiles them
    // (start-up time).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SubtractOneHot(Matrix oneHot, Span<float> d, Matrix softmaxOutputs)
    {
        int classes = softmaxOutputs.Columns;
        for (int i = 0; i < oneHot.Rows; i++)
        {
            int label = ElementMath.ArgMax(oneHot.Row(i));
            if ((uint)label >= (uint)classes) ThrowLabelOutOfRange(label, i, softmaxOutputs);
            d[i * classes + label] -= 1f;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLabelOutOfRange(int label, int i, Matrix softmaxOutputs) =>
        throw new ArgumentException($"{nameof(SoftmaxCategoricalCrossEntropy)}: label {label} at index {i} is out of range for {softmaxOutputs.Columns} classes (outputs {softmaxOutputs.Shape}).");

    // d[i] /= n: IEEE division, so the vector and scalar parts round alike (TensorPrimitives.Divide gives the same
    // bits but compiles slowly on first use).
    private static void DivideInPlace(Span<float> values, float n)
    {
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
        var divisor = new System.Numerics.Vector<float>(n);
        for (int i = 0; i < vectors.Length; i++) vectors[i] /= divisor;
        for (int i = vectors.Length * System.Numerics.Vector<float>.Count; i < values.Length; i++) values[i] /= n;
    }
}
