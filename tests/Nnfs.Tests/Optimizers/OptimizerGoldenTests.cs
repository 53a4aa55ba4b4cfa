using System.Globalization;
using System.Text.Json;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Optimizers;

/// <summary>
/// Four steps of every optimizer against NumPy running the book's code (Golden/optimizers/make_golden.py, see the
/// README there for the regenerate command): bit for bit on the Exact path, within a few ulps on the Fast path.
/// </summary>
public class OptimizerGoldenTests
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Load().GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExactPathEqualsNumPyBitForBit(int index)
    {
        var (optimizer, layer, golden) = Setup(index);
        using var _ = Engine.UsePath(NumericPath.Exact);
        int step = 0;
        foreach (var s in golden.GetProperty("steps").EnumerateArray())
        {
            Fill(layer.Weight.Gradient, s.GetProperty("dweights"));
            Fill(layer.Bias.Gradient, s.GetProperty("dbiases"));
            optimizer.PreUpdateParams();
            optimizer.UpdateParams(layer);
            optimizer.PostUpdateParams();
            Assert.Equal(double.Parse(s.GetProperty("current_learning_rate").GetString()!, CultureInfo.InvariantCulture), optimizer.CurrentLearningRate);
            AssertBits(s.GetProperty("weights"), layer.Weight.Value, $"case {index} step {step} weights");
            AssertBits(s.GetProperty("biases"), layer.Bias.Value, $"case {index} step {step} biases");
            step++;
        }
        foreach (var state in golden.GetProperty("state").EnumerateObject())
        {
            var parts = state.Name.Split('.');
            var parameter = parts[0] == "weight" ? layer.Weight : layer.Bias;
            AssertBits(state.Value, parameter.OptimizerState[parts[1]], $"case {index} state {state.Name}");
        }
        Assert.Equal(golden.GetProperty("state").EnumerateObject().Count(), layer.Weight.OptimizerState.Count + layer.Bias.OptimizerState.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FastPathIsCloseToNumPy(int index)
    {
        var (optimizer, layer, golden) = Setup(index);
        using var _ = Engine.UsePath(NumericPath.Fast);
        foreach (var s in golden.GetProperty("steps").EnumerateArray())
        {
            Fill(layer.Weight.Gradient, s.GetProperty("dweights"));
            Fill(layer.Bias.Gradient, s.GetProperty("dbiases"));
            optimizer.PreUpdateParams();
            optimizer.UpdateParams(layer);
            optimizer.PostUpdateParams();
            AssertClose(s.GetProperty("weights"), layer.Weight.Value);
            AssertClose(s.GetProperty("biases"), layer.Bias.Value);
        }
    }

    internal static (Optimizer, FakeTrainableLayer, JsonElement) Setup(int index)
    {
        var golden = Load().GetProperty("cases")[index];
        var layer = new FakeTrainableLayer(Read(golden, "weights_shape", "weights0"), Read(golden, "biases_shape", "biases0"));
        return (Create(golden.GetProperty("optimizer").GetString()!, golden.GetProperty("args")), layer, golden);
    }

    internal static void Fill(Matrix m, JsonElement bits)
    {
        int i = 0;
        foreach (var b in bits.EnumerateArray()) m.Span[i++] = FromBits(b);
        Assert.Equal(m.Length, i);
    }

    internal static Optimizer Create(string name, JsonElement args)
    {
        double Arg(string key, double fallback) => args.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        return name switch
        {
            "sgd" => new Sgd(Arg("learning_rate", 1.0), Arg("decay", 0), Arg("momentum", 0)),
            "adagrad" => new AdaGrad(Arg("learning_rate", 1.0), Arg("decay", 0), Arg("epsilon", 1e-7)),
            "rmsprop" => new RmsProp(Arg("learning_rate", 0.001), Arg("decay", 0), Arg("epsilon", 1e-7), Arg("rho", 0.9)),
            "adam" => new Adam(Arg("learning_rate", 0.001), Arg("decay", 0), Arg("epsilon", 1e-7), Arg("beta_1", 0.9), Arg("beta_2", 0.999)),
            _ => throw new InvalidDataException($"unknown optimizer '{name}' in optimizers.json"),
        };
    }

    internal static Matrix Read(JsonElement golden, string shape, string values)
    {
        var s = golden.GetProperty(shape);
        var m = new Matrix(s[0].GetInt32(), s[1].GetInt32());
        Fill(m, golden.GetProperty(values));
        return m;
    }

    private static float FromBits(JsonElement hex) =>
        BitConverter.Int32BitsToSingle(int.Parse(hex.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    internal static void AssertBits(JsonElement expected, Matrix actual, string what)
    {
        int i = 0;
        foreach (var b in expected.EnumerateArray())
        {
            float e = FromBits(b), a = actual.Span[i];
            if (BitConverter.SingleToInt32Bits(e) != BitConverter.SingleToInt32Bits(a))
                Assert.Fail($"{what}[{i}]: expected {e:R} ({b.GetString()}), got {a:R} ({BitConverter.SingleToInt32Bits(a):x8})");
            i++;
        }
        Assert.Equal(actual.Length, i);
    }

    private static void AssertClose(JsonElement expected, Matrix actual)
    {
        int i = 0;
        foreach (var b in expected.EnumerateArray())
        {
            float e = FromBits(b), a = actual.Span[i++];
            Assert.True(Math.Abs(e - a) <= 1e-5f * Math.Max(1f, Math.Abs(e)), $"element {i - 1}: expected {e:R}, got {a:R}");
        }
    }

    private static JsonElement? s_golden;

    private static JsonElement Load()
    {
        if (s_golden is { } g) return g;
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "optimizers", "optimizers.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        s_golden = doc.RootElement.Clone();
        return s_golden.Value;
    }
}
