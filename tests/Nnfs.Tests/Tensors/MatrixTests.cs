using Nnfs.Tensors;

namespace Nnfs.Tests.Tensors;

public class MatrixTests
{
    [Fact]
    public void ReshapeReusesBufferWhenLargeEnough()
    {
        var m = new Matrix(4, 5);
        var buffer = m.Buffer;
        m.Reshape(2, 3);
        Assert.Same(buffer, m.Buffer);
        Assert.Equal(6, m.Span.Length);
        m.Reshape(10, 10);
        Assert.NotSame(buffer, m.Buffer);
    }

    [Fact]
    public void WrongDataLengthNamesShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Matrix(2, 3, new float[5]));
        Assert.Contains("2×3", ex.Message);
    }
}
