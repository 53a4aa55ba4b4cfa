using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Tests.Kernels;

/// <summary>The exact path's product with a float64 operand (<see cref="MatMulExactWide"/>, through <see cref="MatMul"/>).</summary>
public class MatMulExactWideTests
{
    private static Matrix Random(Random rng, int rows, int columns)
    {
        var m = new Matrix(rows, columns);
        for (int i = 0; i < m.Length; i++) m.Span[i] = (float)(rng.NextDouble() * 2 - 1);
        return m;
    }

    // The same values, held as float64 (each float32 value widened exactly).
    private static Matrix Widened(Matrix m) => Matrix.FromFloat64(m.Rows, m.Columns, m.Span.ToArray().Select(v => (double)v).ToArray());

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 13, 5)]
    [InlineData(30, 64, 3)]
    [InlineData(3, 300, 17)]
    public void FloatValuesHeldAsFloat64GiveTheFloat32ProductBitForBit(int m, int k, int n)
    {
        // A product of two floats is exact in double, so the float64 kernel's fused multiply-adds in increasing k are
        // the float32 kernel's order: any difference would be a bug in the indexing or the rounding.
        using var exact = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(m * 100 + k + n);
        var a = Random(rng, m, k);
        var b = Random(rng, k, n);
        var bias = Random(rng, 1, n);
        var dvalues = Random(rng, m, n);
        var w = Random(rng, k, n);
        (Matrix, Matrix) Both(Action<Matrix, Matrix, Matrix> product, Matrix x, Matrix y, Matrix wideX, Matrix wideY)
        {
            var narrow = new Matrix(1, 1);
            var wide = new Matrix(1, 1);
            product(x, y, narrow);
            product(wideX, wideY, wide);
            return (narrow, wide);
        }
        var cases = new[]
        {
            Both(MatMul.Multiply, a, b, Widened(a), b),
            Both(MatMul.Multiply, a, b, a, Widened(b)),
            Both((x, y, c) => MatMul.MultiplyAddBias(x, y, bias, c), a, b, Widened(a), b),
            Both(MatMul.MultiplyTransposeA, a, dvalues, a, Widened(dvalues)),
            Both(MatMul.MultiplyTransposeA, a, dvalues, Widened(a), dvalues),
            Both(MatMul.MultiplyTransposeB, dvalues, w, Widened(dvalues), w),
            Both(MatMul.MultiplyTransposeB, dvalues, w, dvalues, Widened(w)),
        };
        foreach (var (narrow, wide) in cases)
        {
            Assert.False(wide.IsFloat64);
            Assert.Equal(narrow.Span.ToArray().Select(BitConverter.SingleToInt32Bits), wide.Span.ToArray().Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void AFloat64OperandEntersWithAllItsBits()
    {
        // x = 0.5 + 3·2⁻²⁷ rounds to 0.5 in float32, so 3·(float)x = 1.5; np.dot widens the float64 x as it is, and
        // 3x = 1.5 + 0.5625·2⁻²³ rounds up to the next float32 after 1.5.
        using var exact = Engine.UsePath(NumericPath.Exact);
        double x = 0.5 + 3 * Math.Pow(2, -27);
        var a = Matrix.FromFloat64(1, 3, [x, x, x]);
        var ones = Matrix.FromArray(new float[,] { { 1 }, { 1 }, { 1 } });
        var c = new Matrix(1, 1);
        MatMul.Multiply(a, ones, c);
        Assert.Equal(MathF.BitIncrement(1.5f), c[0, 0]);
        MatMul.Multiply(Matrix.FromArray(new float[,] { { (float)x, (float)x, (float)x } }), ones, c);
        Assert.Equal(1.5f, c[0, 0]);
    }
}
