using Nnfs.Inference;
using Nnfs.Models;
using Nnfs.Tensors;
using Nnfs.Testing;

namespace Nnfs.Tests.Inference;

/// <summary>A shared <see cref="Predictor"/>: many threads at once, no allocation per call, batch sizes.</summary>
public class PredictorThreadSafetyTests
{
    private static readonly int[] BatchSizes = [1, 2, 3, 4, 5, 8, 13, 32, 64, 100];

    private static float[] Rows(Matrix m, int rows) => m.Span[..(rows * m.Columns)].ToArray();

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    public static TheoryData<string, NumericPath> Models => new()
    {
        { "fashion", NumericPath.Fast },
        { "fashion", NumericPath.Exact },
        { "spiral", NumericPath.Fast },
    };

    private static (Predictor Predictor, Matrix Raw) Sample(string name)
    {
        if (name == "fashion") return (new Predictor(PredictorTests.FashionMlp()), PredictorTests.RawPixels(100, 12));
        var model = PredictorTests.SpiralModel(out var raw);
        return (new Predictor(model), raw);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TenThreadsWithDifferentBatchSizesEachGetTheSerialAnswer(string name, NumericPath path)
    {
        using var _ = Engine.UsePath(path);
        var (predictor, raw) = Sample(name);
        var expected = BatchSizes.Select(rows =>
        {
            var outputs = new float[rows * predictor.OutputLength];
            predictor.Predict(Rows(raw, rows), rows, outputs);
            return Bits(outputs);
        }).ToArray();

        const int threads = 10, calls = 40;
        int wrong = 0, done = 0;
        Exception? failure = null;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                using var __ = Engine.UsePath(path);
                var inputs = BatchSizes.Select(rows => Rows(raw, rows)).ToArray();
                var outputs = BatchSizes.Select(rows => new float[rows * predictor.OutputLength]).ToArray();
                start.SignalAndWait();
                for (int i = 0; i < calls; i++)
                {
                    int b = (t + i) % BatchSizes.Length;
                    Array.Clear(outputs[b]);
                    predictor.Predict(inputs[b], BatchSizes[b], outputs[b]);
                    if (!Bits(outputs[b]).SequenceEqual(expected[b])) Interlocked.Increment(ref wrong);
                    Interlocked.Increment(ref done);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Null(failure);
        Assert.Equal(threads * calls, done);
        Assert.Equal(0, wrong);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void APredictionAllocatesNothingInSteadyState(string name, NumericPath path)
    {
        using var _ = Engine.UsePath(path);
        var (predictor, raw) = Sample(name);
        foreach (int rows in new[] { 1, 37, 100 })
        {
            var input = Rows(raw, rows);
            var outputs = new float[rows * predictor.OutputLength];
            var classes = new int[rows];
            SteadyState.AssertAllocatesNothing(() => predictor.Predict(input, rows, outputs), $"Predictor.Predict ({name}, {path}, {rows} rows)");
            SteadyState.AssertAllocatesNothing(() => predictor.PredictClasses(input, rows, classes), $"Predictor.PredictClasses ({name}, {path}, {rows} rows)");
        }
    }

    // The class remarks: on the exact path a row's result does not depend on the batch; on the fast path it may
    // differ in the last bits only.
    [Theory]
    [InlineData(NumericPath.Exact)]
    [InlineData(NumericPath.Fast)]
    public void ARowsResultAcrossBatchSizes(NumericPath path)
    {
        using var _ = Engine.UsePath(path);
        var predictor = new Predictor(PredictorTests.FashionMlp());
        var raw = PredictorTests.RawPixels(300, 13);
        var batch = predictor.Predict(raw);
        for (int r = 0; r < raw.Rows; r++)
        {
            var one = new float[10];
            predictor.Predict(raw.Row(r), 1, one);
            for (int c = 0; c < 10; c++)
            {
                if (path == NumericPath.Exact) Assert.Equal(BitConverter.SingleToInt32Bits(batch[r, c]), BitConverter.SingleToInt32Bits(one[c]));
                else Assert.True(Math.Abs(batch[r, c] - one[c]) <= 1e-6f + 1e-5f * Math.Abs(one[c]), $"row {r} class {c}: {batch[r, c]} vs {one[c]}");
            }
        }
    }
}
