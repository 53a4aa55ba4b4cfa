using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Optimizers;

/// <summary>A layer that is only a weight and a bias, for driving optimizers without the real layers.</summary>
internal sealed class FakeTrainableLayer : ITrainableLayer
{
    public FakeTrainableLayer(Matrix weights, Matrix biases)
    {
        Weight = new Parameter("weight", weights);
        Bias = new Parameter("bias", biases);
        Parameters = [Weight, Bias];
    }

    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public IReadOnlyList<Parameter> Parameters { get; }
    public Matrix Output => throw new NotSupportedException();
    public Matrix DInputs => throw new NotSupportedException();
    public void Forward(Matrix inputs, bool training) => throw new NotSupportedException();
    public void Backward(Matrix dvalues) => throw new NotSupportedException();
    /// <summary>What <see cref="AddRegularizationLoss"/> adds (default 0).</summary>
    public double Penalty { get; init; }
    public double AddRegularizationLoss(double total) => total + Penalty;
}
