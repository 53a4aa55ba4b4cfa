using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Tests;

/// <summary>Proves that <see cref="GradientCheck"/> rejects wrong gradients.</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData(Mistake.MissingFactorTwo)]
    [InlineData(Mistake.OneElementOffByFivePercent)]
    [InlineData(Mistake.WrongSign)]
    [InlineData(Mistake.TwoPercentTooLarge)]
    public void CatchesWrongGradients(Mistake mistake)
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(5);
        var layer = new Square(mistake);
        var x = GradientCheck.Random(rng, 3, 4, awayFromZero: 0.2);
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GradientCheck.CheckInputGradient(layer, x, rng));
        Assert.Contains("analytic", failure.Message);
    }

    [Fact]
    public void AcceptsTheCorrectGradient()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(5);
        GradientCheck.CheckInputGradient(new Square(Mistake.None), GradientCheck.Random(rng, 3, 4, awayFromZero: 0.2), rng);
    }

    public enum Mistake { None, MissingFactorTwo, OneElementOffByFivePercent, WrongSign, TwoPercentTooLarge }

    // output = x², dinputs = 2x·dvalues, with a deliberate mistake.
    private sealed class Square(Mistake mistake) : ILayer
    {
        private Matrix _inputs = new(0, 0);
        public Matrix Output { get; } = new(0, 0);
        public Matrix DInputs { get; } = new(0, 0);

        public void Forward(Matrix inputs, bool training)
        {
            _inputs = inputs;
            Output.Reshape(inputs.Rows, inputs.Columns);
            for (int i = 0; i < inputs.Length; i++) Output.Span[i] = inputs.Span[i] * inputs.Span[i];
        }

        public void Backward(Matrix dvalues)
        {
            DInputs.Reshape(dvalues.Rows, dvalues.Columns);
            var dx = DInputs.Span;
            for (int i = 0; i < dx.Length; i++) dx[i] = 2 * _inputs.Span[i] * dvalues.Span[i];
            switch (mistake)
            {
                case Mistake.MissingFactorTwo:
                    for (int i = 0; i < dx.Length; i++) dx[i] /= 2;
                    break;
                case Mistake.OneElementOffByFivePercent:
                    dx[dx.Length / 2] *= 1.05f;
                    break;
                case Mistake.WrongSign:
                    dx[1] = -dx[1];
                    break;
                case Mistake.TwoPercentTooLarge:
                    for (int i = 0; i < dx.Length; i++) dx[i] *= 1.02f;
                    break;
            }
        }
    }
}
