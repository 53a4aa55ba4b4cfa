using Nnfs.Inference;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Tests.Inference;

/// <summary>A batch split into shares of rows, each running the whole forward pass on its own thread.</summary>
public class PredictorSharesTests
{
    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static float[] Predict(Predictor predictor, Matrix raw, int rows, int threads)
    {
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            var outputs = new float[rows * predictor.OutputLength];
            predictor.Predict(raw.Span[..(rows * raw.Columns)], rows, outputs);
            return outputs;
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    // The test MLP has 784·64 + 64·64 + 64·10 = 55,040 multiply-adds per row, so a share needs 20 rows
    // (MinWorkPerThread = 2²⁰).
    [Theory]
    [InlineData(1, 2, true, 1)]     // one image: never split
    [InlineData(128, 1, true, 1)]   // one thread
    [InlineData(128, 2, true, 2)]
    [InlineData(128, 8, true, 6)]   // ⌊128 · 55,040 / 2²⁰⌋ = 6 shares of 21–22 rows
    [InlineData(19, 2, true, 1)]    // too little work for two
    [InlineData(20, 2, true, 1)]    // shares of 10 rows would compute the 10-class layer as C, the batch as Cᵀ
    [InlineData(40, 2, true, 2)]
    [InlineData(300, 2, true, 1)]   // 150 rows read A in place (150 · 784 ≤ 2¹⁷), 300 rows pack it: another form
    [InlineData(300, 2, false, 2)]  // the exact path's rows never depend on the batch
    [InlineData(400, 2, true, 2)]   // 200 rows pack A as 400 do
    public void SharesFollowTheWorkAndKeepEveryProductsForm(int rows, int threads, bool fast, int expected)
    {
        var predictor = new Predictor(PredictorTests.FashionMlp());
        Assert.Equal(expected, predictor.Shares(rows, threads, fast));
    }

    [Fact]
    public void TheSpiralModelsSmallBatchesRunOnOneThread()
    {
        var predictor = new Predictor(PredictorTests.SpiralModel(out _));
        Assert.Equal(1, predictor.Shares(300, 2, true));
    }

    [Theory]
    [InlineData(NumericPath.Fast)]
    [InlineData(NumericPath.Exact)]
    public void EveryThreadCountGivesTheSameBits(NumericPath path)
    {
        using var _ = Engine.UsePath(path);
        var predictor = new Predictor(PredictorTests.FashionMlp());
        var raw = PredictorTests.RawPixels(400, 21);
        foreach (int rows in new[] { 1, 40, 128, 300, 400 })
        {
            var alone = Bits(Predict(predictor, raw, rows, 1));
            foreach (int threads in new[] { 2, 3, 4 })
                for (int call = 0; call < 5; call++)
                    Assert.True(alone.SequenceEqual(Bits(Predict(predictor, raw, rows, threads))), $"{path}, {rows} rows, {threads} threads, call {call}");
        }
    }

    // A worker runs its share in the caller's execution context: with the exact path set only on the calling
    // thread, a share computed on the fast path would differ in the last bits.
    [Fact]
    public void AShareOnAWorkerFollowsTheCallersPath()
    {
        var predictor = new Predictor(PredictorTests.FashionMlp());
        var raw = PredictorTests.RawPixels(400, 22);
        float[] exact, fast;
        using (Engine.UsePath(NumericPath.Exact)) exact = Predict(predictor, raw, 400, 1);
        using (Engine.UsePath(NumericPath.Fast)) fast = Predict(predictor, raw, 400, 1);
        Assert.False(Bits(exact).SequenceEqual(Bits(fast)));
        using (Engine.UsePath(NumericPath.Exact))
            for (int call = 0; call < 20; call++)
                Assert.Equal(Bits(exact), Bits(Predict(predictor, raw, 400, 2)));
    }
}
