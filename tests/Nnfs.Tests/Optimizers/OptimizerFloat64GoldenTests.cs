using System.Globalization;
using System.Text.Json;
using Nnfs.Tensors;

namespace Nnfs.Tests.Optimizers;

/// <summary>
/// Four steps of every optimizer whose bias gradients are float64 in the middle two, as NumPy has them below a dropout
/// layer or above float64 targets, against NumPy running the book's code (Golden/optimizers/optimizers_float64.json; regenerate command in
/// the README there): the exact path's parameters bit for bit, and the caches the book reassigns float64, bit for bit.
/// </summary>
public class OptimizerFloat64GoldenTests
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Load().GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExactPathFollowsNumPysFloat64Update(int index)
    {
        var golden = Load().GetProperty("cases")[index];
        var layer = new FakeTrainableLayer(OptimizerGoldenTests.Read(golden, "weights_shape", "weights0"),
            OptimizerGoldenTests.Read(golden, "biases_shape", "biases0"));
        var optimizer = OptimizerGoldenTests.Create(golden.GetProperty("optimizer").GetString()!, golden.GetProperty("args"));
        using var _ = Engine.UsePath(NumericPath.Exact);
        int step = 0;
        foreach (var s in golden.GetProperty("steps").EnumerateArray())
        {
            OptimizerGoldenTests.Fill(layer.Weight.Gradient, s.GetProperty("dweights"));
            var dbiases = s.GetProperty("dbiases");
            layer.Bias.Gradient.MarkFloat32();
            if (dbiases[0].GetString()!.Length == 16)
            {
                Doubles(dbiases).CopyTo(layer.Bias.Gradient.SetFloat64());
                layer.Bias.Gradient.RoundFloat64();
            }
            else
            {
                OptimizerGoldenTests.Fill(layer.Bias.Gradient, dbiases);
            }
            optimizer.PreUpdateParams();
            optimizer.UpdateParams(layer);
            optimizer.PostUpdateParams();
            OptimizerGoldenTests.AssertBits(s.GetProperty("weights"), layer.Weight.Value, $"case {index} step {step} weights");
            OptimizerGoldenTests.AssertBits(s.GetProperty("biases"), layer.Bias.Value, $"case {index} step {step} biases");
            step++;
        }
        foreach (var state in golden.GetProperty("state").EnumerateObject())
        {
            var parts = state.Name.Split('.');
            var matrix = (parts[0] == "weight" ? layer.Weight : layer.Bias).OptimizerState[parts[1]];
            bool float64 = state.Value[0].GetString()!.Length == 16;
            Assert.True(float64 == matrix.IsFloat64, $"case {index} state {state.Name}: NumPy's is float{(float64 ? 64 : 32)}");
            if (float64) Assert.Equal(Doubles(state.Value), matrix.Float64.ToArray());
            else OptimizerGoldenTests.AssertBits(state.Value, matrix, $"case {index} state {state.Name}");
        }
    }

    private static double[] Doubles(JsonElement bits) =>
        bits.EnumerateArray().Select(b => BitConverter.Int64BitsToDouble(long.Parse(b.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray();

    private static JsonElement? s_golden;

    private static JsonElement Load()
    {
        if (s_golden is { } g) return g;
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "optimizers", "optimizers_float64.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        s_golden = doc.RootElement.Clone();
        return s_golden.Value;
    }
}
