using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Models;

public class ModelFusionTests
{
    // Bit patterns, so that −0 and +0 (equal as floats) count as different.
    private static int[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values).ToArray();

    private static Model Spiral(bool fuse, int hidden, float l1, float l2)
    {
        var random = new RandomState(7);
        var model = new Model(random) { FuseDenseReLU = fuse, Report = TrainingReport.None };
        model.Add(new Dense(2, hidden, weightRegularizerL1: l1, weightRegularizerL2: l2, biasRegularizerL1: l1,
            biasRegularizerL2: l2, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(hidden, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.02, 5e-7), new CategoricalAccuracy());
        return model;
    }

    [Theory]
    [InlineData(NumericPath.Fast, true, "f0+2 f2+1 f3+1 b4+0 b0+3")]
    [InlineData(NumericPath.Fast, false, "f0+1 f1+1 f2+1 f3+1 b4+0 b2+1 b1+1 b0+1")]
    [InlineData(NumericPath.Exact, true, "f0+1 f1+1 f2+1 f3+1 b4+0 b2+1 b1+1 b0+1")]
    public void StageObserverSeesEveryStageTheStepRuns(NumericPath path, bool fuse, string expected)
    {
        using var _ = Engine.UsePath(path);
        var (x, y) = SyntheticData.Spiral(20, 3, new RandomState(3));
        var model = Spiral(fuse, 64, 0f, 0f);
        model.Build();
        var stages = new List<string>();
        model.StageObserver = (first, count, backward) => stages.Add($"{(backward ? 'b' : 'f')}{first}+{count}");
        var output = model.Forward(x, training: true);
        model.Backward(output, y);
        Assert.Equal(expected, string.Join(" ", stages));
    }

    [Theory]
    [InlineData(64, 0f, 0f)]
    [InlineData(64, 5e-4f, 5e-4f)]
    [InlineData(24, 0f, 5e-4f)]
    [InlineData(20, 0f, 0f)]
    public void FusedDenseReLUBackwardIsBitIdenticalToTheLayers(int hidden, float l1, float l2)
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var (x, y) = SyntheticData.Spiral(100, 3, new RandomState(3));
        var fused = Spiral(true, hidden, l1, l2);
        var plain = Spiral(false, hidden, l1, l2);
        fused.Train(x, y, epochs: 30);
        plain.Train(x, y, epochs: 30);

        for (int i = 0; i < 3; i += 2)
        {
            var f = (Dense)fused.Layers[i];
            var p = (Dense)plain.Layers[i];
            Assert.Equal(Bits(p.Weights.Span), Bits(f.Weights.Span));
            Assert.Equal(Bits(p.Biases.Span), Bits(f.Biases.Span));
            Assert.Equal(Bits(p.DWeights.Span), Bits(f.DWeights.Span));
            Assert.Equal(Bits(p.DBiases.Span), Bits(f.DBiases.Span));
        }
        Assert.Equal(Bits(plain.Layers[2].DInputs.Span), Bits(fused.Layers[2].DInputs.Span));
        Assert.Equal(Bits(plain.Layers[1].DInputs.Span), Bits(fused.Layers[1].DInputs.Span));
        Assert.Throws<InvalidOperationException>(() => fused.Layers[0].DInputs);
        for (int i = 0; i < 4; i++)
            Assert.Equal(Bits(plain.Layers[i].Output.Span), Bits(fused.Layers[i].Output.Span));
        Assert.Same(fused.Layers[0].Output, ((ReLU)fused.Layers[1]).Inputs);
        Assert.Same(x, ((Dense)fused.Layers[0]).Inputs);
    }

    [Theory]
    [InlineData(300, 64, 2)]
    [InlineData(7, 45, 1)]
    [InlineData(9, 8, 4)]
    public void RectifiedProductMatchesTheProductThenReLU(int m, int n, int k)
    {
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported || !System.Runtime.Intrinsics.X86.Avx2.IsSupported) return;
        using var _ = Engine.UsePath(NumericPath.Fast);
        var random = new RandomState(5);
        var a = new Matrix(m, k);
        var b = new Matrix(k, n);
        var bias = new Matrix(1, n);
        random.Randn(a.Span);
        random.Randn(b.Span);
        random.Randn(bias.Span);
        a.Span[0] = float.NaN;
        bias.Span[1] = 0f;
        b.Span[1] = 0f;

        var c = new Matrix(m, n);
        var r = new Matrix(m, n);
        Assert.True(MatMulSmall.TryGemmRectified(m, n, k, a.Buffer, b.Buffer, bias.Buffer, c.Buffer, r.Buffer));
        var expected = new Matrix(m, n);
        var rectified = new Matrix(m, n);
        MatMul.MultiplyAddBias(a, b, bias, expected);
        ReLU.Rectify(expected.Span, rectified.Span);
        Assert.Equal(Bits(expected.Span), Bits(c.Span));
        Assert.Equal(Bits(rectified.Span), Bits(r.Span));
        Assert.Contains(0f, r.Span.ToArray());
    }

    [Theory]
    [InlineData(300, 64, 2, 3)]
    [InlineData(37, 40, 1, 1)]
    [InlineData(37, 40, 3, 2)]
    [InlineData(5, 8, 4, 4)]
    public void KernelMatchesTheUnfusedProductsMaskAndSums(int rows, int hidden, int inputs, int outputs)
    {
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported || !System.Runtime.Intrinsics.X86.Avx2.IsSupported) return;
        using var _ = Engine.UsePath(NumericPath.Fast);
        var random = new RandomState(11);
        var g = new Matrix(rows, outputs);
        var w = new Matrix(hidden, outputs);
        var z = new Matrix(rows, hidden);
        var x = new Matrix(rows, inputs);
        random.Randn(g.Span);
        random.Randn(w.Span);
        random.Randn(z.Span);
        random.Randn(x.Span);
        z.Span[5] = 0f;
        z.Span[6] = -0f;
        z.Span[7] = float.NaN;

        var d2 = new Matrix(rows, hidden);
        var d1 = new Matrix(rows, hidden);
        var dw = new Matrix(inputs, hidden);
        var db = new Matrix(1, hidden);
        Assert.True(MatMulSmall.TryDenseReLUBackward(rows, hidden, inputs, outputs, g.Buffer, w.Buffer, z.Buffer,
            x.Buffer, d2.Buffer, d1.Buffer, dw.Buffer, db.Buffer));

        var e2 = new Matrix(rows, hidden);
        var e1 = new Matrix(rows, hidden);
        var ew = new Matrix(inputs, hidden);
        var eb = new float[hidden];
        MatMul.MultiplyTransposeB(g, w, e2);
        ReLU.Mask(z.Span, e2.Span, e1.Span);
        MatMul.MultiplyTransposeA(x, e1, ew);
        Dense.ColumnSums(e1.Span, hidden, eb);

        Assert.Equal(Bits(e2.Span), Bits(d2.Span));
        Assert.Equal(Bits(e1.Span), Bits(d1.Span));
        Assert.Equal(Bits(ew.Span), Bits(dw.Span));
        Assert.Equal(Bits(eb), Bits(db.Span));
        Assert.Equal(0f, d1.Span[5]);
        Assert.Equal(d2.Span[7], d1.Span[7]);
    }

    [Fact]
    public void KernelDeclinesShapesItDoesNotCover()
    {
        var big = new float[1000];
        Assert.False(MatMulSmall.TryDenseReLUBackward(10, 20, 2, 3, big, big, big, big, big, big, big, big));
        Assert.False(MatMulSmall.TryDenseReLUBackward(10, 16, 5, 3, big, big, big, big, big, big, big, big));
        Assert.False(MatMulSmall.TryDenseReLUBackward(10, 16, 2, 5, big, big, big, big, big, big, big, big));
    }
}
