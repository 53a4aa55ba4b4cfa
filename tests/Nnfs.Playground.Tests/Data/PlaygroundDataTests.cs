using Nnfs.Playground.Data;
using Nnfs.Tensors;

namespace Nnfs.Playground.Tests.Data;

public class PlaygroundDataTests
{
    private static PlaygroundData Three() =>
        PlaygroundData.Classification(Matrix.FromArray(new float[,] { { 0, 0 }, { 1, 2 }, { -1, 4 } }), [0, 1, 1], 2);

    [Fact]
    public void ThePlottedAreaIsTheDataWidenedByATenthOnEachSide()
    {
        var data = Three();
        Assert.Equal(-1.2f, data.MinX, 5);
        Assert.Equal(1.2f, data.MaxX, 5);
        Assert.Equal(-0.4f, data.MinY, 5);
        Assert.Equal(4.4f, data.MaxY, 5);
    }

    [Fact]
    public void ASingleSigmoidGetsAColumnOfZerosAndOnesOthersTheClassIds()
    {
        var data = Three();
        var column = data.Targets(binaryColumn: true).Values!;
        Assert.Equal((3, 1), (column.Rows, column.Columns));
        Assert.Equal([0f, 1f, 1f], column.Span.ToArray());
        Assert.Equal([0, 1, 1], data.Targets(binaryColumn: false).Classes!);
    }

    [Fact]
    public void PlotPointsAreXYAndClass()
    {
        Assert.Equal([0f, 0, 0, 1, 2, 1, -1, 4, 1], Three().PlotPoints());
        var sine = PlaygroundData.Regression(Matrix.FromArray(new float[,] { { 0.5f } }), Matrix.FromArray(new float[,] { { -0.25f } }));
        Assert.Equal([0.5f, -0.25f, 0], sine.PlotPoints());
        Assert.Equal(-0.3f, sine.MinY, 5);
    }

    [Fact]
    public void MismatchedShapesAndLabelsAreRefused()
    {
        var two = Matrix.FromArray(new float[,] { { 0, 0 }, { 1, 1 } });
        Assert.Contains("N × 2", Assert.Throws<ArgumentException>(() => PlaygroundData.Classification(new Matrix(2, 3), [0, 1], 2)).Message);
        Assert.Contains("1 labels for 2 rows", Assert.Throws<ArgumentException>(() => PlaygroundData.Classification(two, [0], 2)).Message);
        Assert.Contains("outside [0, 2)", Assert.Throws<ArgumentException>(() => PlaygroundData.Classification(two, [0, 2], 2)).Message);
        Assert.Contains("N × 1", Assert.Throws<ArgumentException>(() => PlaygroundData.Regression(new Matrix(2, 1), new Matrix(3, 1))).Message);
    }
}
