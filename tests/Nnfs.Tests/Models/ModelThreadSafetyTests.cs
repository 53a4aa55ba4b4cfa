using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Models;

/// <summary>Model's concurrent-use guard: used from several threads, a model answers correctly or refuses.</summary>
public class ModelThreadSafetyTests
{
    private static int[] Bits(Matrix m) => m.Span.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private static Model Classifier()
    {
        var random = new RandomState(21);
        var model = new Model(random) { Report = TrainingReport.None };
        model.Add(new Dense(16, 64, random: random, initScale: 0.3f));
        model.Add(new ReLU());
        model.Add(new Dense(64, 5, random: random, initScale: 0.3f));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(), new CategoricalAccuracy());
        model.Build();
        return model;
    }

    private static Matrix Inputs(int rows, uint seed)
    {
        var x = new Matrix(rows, 16);
        new RandomState(seed).Randn(x.Span);
        return x;
    }

    [Fact]
    public void AnotherThreadIsRefusedWhileOneIsInside()
    {
        var model = Classifier();
        var x = Inputs(10, 1);
        Targets y = new int[10];
        var expected = Bits(model.Predict(x));
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int holder = Environment.CurrentManagedThreadId;
        model.StageObserver = (_, _, _) =>
        {
            if (Environment.CurrentManagedThreadId != holder) return;
            inside.Set();
            release.Wait();
        };
        Matrix? result = null;
        var first = new Thread(() =>
        {
            holder = Environment.CurrentManagedThreadId;
            result = model.Predict(x);
        });
        holder = -1;
        first.Start();
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));
        var refusals = new Action[]
        {
            () => model.Predict(x),
            () => model.Evaluate(x, y),
            () => model.Forward(x, training: false),
            () => model.TrainStep(x, y),
            () => model.Train(x, y),
        }.Select(call => Assert.Throws<InvalidOperationException>(call).Message).ToList();
        release.Set();
        first.Join();
        Assert.All(refusals, m => Assert.Contains("is not thread-safe", m));
        Assert.All(refusals, m => Assert.Contains("Predictor", m));
        Assert.StartsWith("Model.Predict is not thread-safe", refusals[0]);
        Assert.Equal(expected, Bits(result!));
        model.StageObserver = null;
        Assert.Equal(expected, Bits(model.Predict(x)));
    }

    [Fact]
    public void TheThreadInsideMayCallAgain()
    {
        var model = Classifier();
        var x = Inputs(40, 2);
        Targets y = Enumerable.Range(0, 40).Select(i => i % 5).ToArray();
        var expected = Bits(model.Predict(x));
        int epochs = 0;
        model.EpochCompleted += (_, _) =>
        {
            Assert.Equal(5, model.Predict(x).Columns);
            model.Evaluate(x, y);
            epochs++;
        };
        model.Train(x, y, epochs: 2, batchSize: 16);
        Assert.Equal(2, epochs);
        Assert.NotEqual(expected, Bits(model.Predict(x)));
    }

    [Fact]
    public void ManyThreadsEitherGetTheirOwnAnswerOrTheTypedRefusal()
    {
        var model = Classifier();
        const int threads = 8, calls = 200;
        var inputs = Enumerable.Range(0, threads).Select(t => Inputs(1 + 7 * t, (uint)(100 + t))).ToArray();
        var expected = inputs.Select(x => Bits(model.Predict(x))).ToArray();
        int correct = 0, refused = 0, wrong = 0;
        Exception? other = null;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < calls; i++)
            {
                try
                {
                    if (Bits(model.Predict(inputs[t])).SequenceEqual(expected[t])) Interlocked.Increment(ref correct);
                    else Interlocked.Increment(ref wrong);
                }
                catch (InvalidOperationException ex) when (ex.Message.StartsWith("Model.Predict is not thread-safe", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception ex)
                {
                    other = ex;
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Null(other);
        Assert.Equal(0, wrong);
        Assert.Equal(threads * calls, correct + refused);
        Assert.True(correct > 0);
    }
}
