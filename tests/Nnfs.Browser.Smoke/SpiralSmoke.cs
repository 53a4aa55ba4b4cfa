using System.Diagnostics;
using System.Globalization;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Browser.Smoke;

/// <summary>
/// The smoke run: the book's chapter-10 spiral network (100 samples of 3 classes, 2→64→3, ReLU, Softmax with
/// categorical cross-entropy, Adam with learning rate 0.05 and decay 5e-7), seeded with 0, trained on the fast path.
/// The page runs it in the browser and the test runs the same code (this file, linked) on the desktop.
/// </summary>
public static class SpiralSmoke
{
    /// <summary>The training steps whose losses and weights the page reports bit for bit: 3.</summary>
    public const int Steps = 3;

    /// <summary>The epochs of the timed run unless the page's <c>?epochs=</c> asks for others: 1,001 (the book's
    /// 10,001 divided by ten).</summary>
    public const int TimedEpochs = 1001;

    /// <summary>The book's chapter-10 run: 10,001 epochs.</summary>
    public const int BookEpochs = 10_001;

    /// <summary>The timed run's epochs for the page's query string: <c>epochs=N</c> (1 ≤ N ≤ 100,000) if present,
    /// else <see cref="TimedEpochs"/>.</summary>
    /// <exception cref="FormatException"><c>epochs</c> is not a whole number from 1 to 100,000.</exception>
    public static int EpochsFromQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] != "epochs") continue;
            string value = parts.Length > 1 ? parts[1] : "";
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int epochs) && epochs is >= 1 and <= 100_000
                ? epochs
                : throw new FormatException($"epochs={value} in the page's address is not a whole number from 1 to 100,000");
        }
        return TimedEpochs;
    }

    /// <summary>Trains a fresh network <paramref name="steps"/> full-batch steps and returns what it reached.</summary>
    /// <param name="steps">Training steps, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1.</exception>
    public static SmokeResult Train(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var (model, x, y) = Build();
        var losses = new float[steps];
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < steps; step++) losses[step] = model.TrainStep(x, y).DataLoss;
        clock.Stop();
        float[] parameters = [.. model.GetParameters().SelectMany(layer => layer).SelectMany(matrix => matrix.Span.ToArray())];
        return new SmokeResult(losses, parameters, clock.Elapsed);
    }

    /// <summary>
    /// Where a training step's time goes: a fresh network trained <paramref name="steps"/> steps, each stage of each
    /// step timed (<see cref="Model.StageObserver"/>), returned as the stage's name and its mean time per step in
    /// microseconds, in the order the step runs them (the first 10 steps, the runtime's warm-up, are not counted).
    /// </summary>
    /// <param name="steps">Timed steps, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1.</exception>
    public static IReadOnlyList<(string Stage, double Microseconds)> Profile(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var (model, x, y) = Build();
        for (int step = 0; step < 10; step++) model.TrainStep(x, y);
        var totals = new Dictionary<string, long>();
        var order = new List<string>();
        long last = 0;
        model.StageObserver = (first, layers, backward) =>
        {
            long now = Stopwatch.GetTimestamp();
            string stage = (first, layers, backward) switch
            {
                (-1, _, _) => "optimizer",
                (_, 0, false) => "loss, accuracy",
                (_, 0, true) => "loss gradient",
                _ => $"{(backward ? "backward" : "forward")} {string.Join('+', model.Layers.Skip(first).Take(layers).Select(l => l.GetType().Name))}",
            };
            if (!totals.ContainsKey(stage)) order.Add(stage);
            totals[stage] = totals.GetValueOrDefault(stage) + (now - last);
            last = Stopwatch.GetTimestamp();
        };
        long start = Stopwatch.GetTimestamp();
        for (int step = 0; step < steps; step++)
        {
            last = Stopwatch.GetTimestamp();
            model.TrainStep(x, y);
        }
        long total = Stopwatch.GetTimestamp() - start;
        model.StageObserver = null;
        double perStep = 1e6 / Stopwatch.Frequency / steps;
        var stages = order.Select(stage => (stage, totals[stage] * perStep)).ToList();
        stages.Add(("whole step", total * perStep));
        return stages;
    }

    private static (Model Model, Matrix X, Targets Y) Build()
    {
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(samples: 100, classes: 3, random);
        var model = new Model(random);
        model.Add(new Dense(2, 64, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(64, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(learningRate: 0.05, decay: 5e-7), new CategoricalAccuracy());
        model.Build();
        return (model, x, y);
    }

    /// <summary>
    /// A product large enough to be split between threads (a 128-row batch through a 128→128 dense layer, 2.1 million
    /// multiply-adds) computed with <see cref="Engine.Threads"/> set to <paramref name="threads"/>: in the browser, where
    /// no thread can be started, the kernels must run it on the calling thread whatever the setting.
    /// </summary>
    /// <param name="threads">The thread count to ask for, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public static float[] LayerOutput(int threads)
    {
        var random = new RandomState(1);
        var inputs = new float[128 * 128];
        random.Randn(inputs);
        var dense = new Dense(128, 128, random: random);
        int before = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            dense.Forward(new Matrix(128, 128, inputs), training: false);
        }
        finally
        {
            Engine.Threads = before;
        }
        return dense.Output.Span.ToArray();
    }

    /// <summary>The bits of each value as 8 lower-case hex digits, separated by spaces.</summary>
    public static string Hex(IEnumerable<float> values) =>
        string.Join(' ', values.Select(v => BitConverter.SingleToUInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));

    /// <summary>The values <see cref="Hex"/> wrote.</summary>
    /// <exception cref="FormatException">A word is not 8 hex digits.</exception>
    public static float[] FromHex(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word.Length == 8
            && uint.TryParse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits)
                ? BitConverter.UInt32BitsToSingle(bits)
                : throw new FormatException($"'{word}' is not the 8 hex digits of a float's bits"))];
}

/// <summary>What a smoke run reached.</summary>
/// <param name="Losses">The data loss of every step (computed before that step's update).</param>
/// <param name="Parameters">Every layer's parameters after the last step, in <see cref="Model.GetParameters"/> order
/// (weights, then biases, layer by layer), flattened row by row.</param>
/// <param name="Elapsed">The time the steps took (not the set-up).</param>
public sealed record SmokeResult(float[] Losses, float[] Parameters, TimeSpan Elapsed);
