using Nnfs.Tensors;

namespace Nnfs.Tests.Tensors;

/// <summary>A matrix's float64 values (<see cref="Matrix.IsFloat64"/>): how they are created, kept, copied and dropped.</summary>
public class MatrixFloat64Tests
{
    private static readonly double Third = 1.0 / 3;

    [Fact]
    public void FromFloat64KeepsTheValuesAndRoundsTheFloat32Ones()
    {
        var m = Matrix.FromFloat64(1, 2, [Third, 0.1]);
        Assert.True(m.IsFloat64);
        Assert.Equal([Third, 0.1], m.Float64.ToArray());
        Assert.Equal([(float)Third, 0.1f], m.Span.ToArray());
    }

    [Fact]
    public void ANewOrReshapedMatrixIsFloat32Only()
    {
        Assert.False(new Matrix(2, 2).IsFloat64);
        var m = Matrix.FromFloat64(1, 2, [Third, 0.1]);
        m.Reshape(1, 2);
        Assert.False(m.IsFloat64);
        Assert.Throws<InvalidOperationException>(() => m.Float64.ToArray());
    }

    [Fact]
    public void CopiesAreFloat64LikeNumPysCopy()
    {
        var m = Matrix.FromFloat64(1, 2, [Third, 0.1]);
        Assert.Equal([Third, 0.1], m.Clone().Float64.ToArray());
        var destination = new Matrix(3, 3);
        m.CopyTo(destination);
        Assert.Equal([Third, 0.1], destination.Float64.ToArray());
        m.Clear();
        Assert.Equal([0.0, 0.0], m.Float64.ToArray());
        new Matrix(1, 2).CopyTo(destination);
        Assert.False(destination.IsFloat64);
    }

    [Fact]
    public void TooFewValuesAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Matrix.FromFloat64(2, 2, [1.0, 2.0, 3.0]));
        Assert.Contains("needs 4 values, got 3", error.Message);
    }
}
