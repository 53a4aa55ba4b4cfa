using Nnfs.Benchmarks.SideBySide;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.Tests.SideBySide;

public class OnnxRuntimeRunnerTests
{
    private static readonly int[] Sizes = [20, 16, 16, 5];

    private static Matrix Inputs(int rows)
    {
        var x = new Matrix(rows, Sizes[0]);
        for (int i = 0; i < x.Length; i++) x.Span[i] = (i * 37 % 101) / 50f - 1f;
        return x;
    }

    private static IInferenceRunner Runner(BenchNetwork net, int threads) =>
        BenchWorker.CreateOnnxRuntime(net, threads, Sizes[0], Sizes[^1], out string? why) ?? throw new InvalidOperationException(why);

    [Theory]
    [InlineData(1, 128)]
    [InlineData(2, 128)]
    [InlineData(1, 1)]
    [InlineData(2, 37)]
    public void Run_GivesRowsOfOutputsLikeOurForward(int threads, int rows)
    {
        var net = new BenchNetwork(Sizes, new Nnfs.Optimizers.Adam());
        using var runner = Runner(net, threads);
        var x = Inputs(rows);
        var theirs = runner.Run(x.Span, rows).ToArray();
        var ours = net.Forward(x, training: false).Span.ToArray();
        Assert.Equal(rows * Sizes[^1], theirs.Length);
        for (int r = 0; r < rows; r++)
            Assert.Equal(1.0, theirs.AsSpan(r * Sizes[^1], Sizes[^1]).ToArray().Sum(), 1e-5);
        var check = new InferenceAgreement();
        check.Add(ours, theirs, Sizes[^1]);
        Assert.True(check.Agrees, check.Describe());
        Assert.StartsWith("ONNX Runtime ", runner.Name);
    }

    [Fact]
    public void Run_RefusesTooFewValues()
    {
        using var runner = Runner(new BenchNetwork(Sizes, new Nnfs.Optimizers.Adam()), 1);
        var ex = Assert.Throws<ArgumentException>(() => runner.Run(new float[Sizes[0] * 2 - 1], 2));
        Assert.Contains("not 2 rows of 20", ex.Message);
    }

    [Fact]
    public void CheckAgreement_PassesOnTheSameModel_AndFailsOnADifferentOne()
    {
        var net = new BenchNetwork(Sizes, new Nnfs.Optimizers.Adam());
        var other = new BenchNetwork([20, 17, 16, 5], new Nnfs.Optimizers.Adam());
        var x = Inputs(300);
        var one = new Matrix(1, Sizes[0]);
        ReadOnlySpan<float> Ours(ReadOnlySpan<float> rows, int count) =>
            net.Forward(new Matrix(count, Sizes[0], rows[..(count * Sizes[0])].ToArray()), training: false).Span;
        ReadOnlySpan<float> OursOne(ReadOnlySpan<float> row)
        {
            row.CopyTo(one.Span);
            return net.Forward(one, training: false).Span;
        }

        using (var same = Runner(net, 2))
        {
            var agreement = BenchWorker.CheckAgreement(x, 128, Ours, OursOne, same, same);
            Assert.True(agreement.Agrees, agreement.Describe());
            Assert.Equal(300 + 200, agreement.Rows);
        }
        using var different = Runner(other, 2);
        var refused = BenchWorker.CheckAgreement(x, 128, Ours, OursOne, different, different);
        Assert.False(refused.Agrees);
        Assert.NotNull(refused.FirstDisagreement);
        Assert.True(refused.MaxAbsDifference > InferenceAgreement.DefaultTolerance);
    }
}
