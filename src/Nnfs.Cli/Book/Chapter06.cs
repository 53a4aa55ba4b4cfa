using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 6, introducing optimization: three random searches over the weights of Dense(2, 3) → ReLU → Dense(3, 3)
/// → Softmax, each a separate script of the book starting from <c>nnfs.init()</c>.
/// </summary>
/// <remarks>
/// Variant <c>a</c>: every iteration sets all weights and biases to fresh <c>0.05·randn</c> values (vertical data).
/// Variant <c>b</c>: every iteration adds <c>0.05·randn</c> and reverts to the best parameters when the loss did not
/// improve (vertical data). Variant <c>spiral</c>: <c>b</c> on <c>spiral_data(100, 3)</c>. The Gaussians are drawn in
/// the order dense1 weights, dense1 biases, dense2 weights, dense2 biases. Each improvement prints
/// <c>New set of weights found, iteration: i loss: L acc: A</c> (L a float32, A a float64). Default 10,000 iterations
/// each; all three variants in book order.
/// </remarks>
public sealed class Chapter06 : Chapter
{
    /// <summary>The variants, in book order.</summary>
    public static readonly IReadOnlyList<string> Variants = ["a", "b", "spiral"];

    /// <inheritdoc />
    public override int Number => 6;

    /// <inheritdoc />
    public override string Title => "Introducing optimization: random search (variants a, b, spiral)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        var iterations = options.Iterations ?? 10000;
        if (iterations < 0)
            throw new ArgumentException($"--iterations must be >= 0, got {iterations}.", nameof(options));
        IEnumerable<string> variants = options.Variant is null or "all" ? Variants : [options.Variant.ToLowerInvariant()];
        foreach (var variant in variants)
        {
            switch (variant)
            {
                case "a": RandomSearch(output, options, spiral: false, adjust: false, iterations); break;
                case "b": RandomSearch(output, options, spiral: false, adjust: true, iterations); break;
                case "spiral": RandomSearch(output, options, spiral: true, adjust: true, iterations); break;
                default:
                    throw new ArgumentException(
                        $"Chapter 6 has no variant '{options.Variant}'; use one of {string.Join(", ", Variants)} or all.", nameof(options));
            }
        }
    }

    private static void RandomSearch(TextWriter output, BookOptions options, bool spiral, bool adjust, int iterations)
    {
        Init(options);
        var (x, y) = spiral ? SyntheticData.Spiral(samples: 100, classes: 3) : SyntheticData.Vertical(samples: 100, classes: 3);
        var dense1 = new Dense(2, 3);
        var activation1 = new ReLU();
        var dense2 = new Dense(3, 3);
        var activation2 = new Softmax();
        var lossFunction = new CategoricalCrossEntropy();
        var accuracy = new CategoricalAccuracy();
        Matrix[] parameters = [dense1.Weights, dense1.Biases, dense2.Weights, dense2.Biases];
        var best = parameters.Select(p => p.Clone()).ToArray();
        var lowestLoss = 9999999f;
        var noise = new float[9];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            foreach (var p in parameters) Perturb(p, adjust, noise);
            dense1.Forward(x, training: false);
            activation1.Forward(dense1.Output, training: false);
            dense2.Forward(activation1.Output, training: false);
            activation2.Forward(dense2.Output, training: false);
            var loss = lossFunction.Calculate(activation2.Output, y);
            var acc = accuracy.Calculate(activation2.Predictions(activation2.Output), y);
            if (loss < lowestLoss)
            {
                output.WriteLine($"New set of weights found, iteration: {iteration} loss: {PythonFormat.Repr(loss)} acc: {PythonFormat.Repr(acc)}");
                for (var i = 0; i < parameters.Length; i++) parameters[i].CopyTo(best[i]);
                lowestLoss = loss;
            }
            else if (adjust)
            {
                for (var i = 0; i < parameters.Length; i++) best[i].CopyTo(parameters[i]);
            }
        }
    }

    /// <summary><c>p = 0.05·randn(shape)</c> or <c>p += 0.05·randn(shape)</c>, in float32 as NumPy does.</summary>
    private static void Perturb(Matrix parameter, bool adjust, float[] noise)
    {
        var values = parameter.Span;
        var draws = noise.AsSpan(0, values.Length);
        RandomState.Global.Randn(draws);
        for (var i = 0; i < values.Length; i++)
        {
            var step = 0.05f * draws[i];
            values[i] = adjust ? values[i] + step : step;
        }
    }
}
