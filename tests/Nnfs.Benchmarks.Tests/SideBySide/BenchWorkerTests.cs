using System.Text.Json;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

// Golden values: the peers' ref_numpy.py run by tests/Nnfs.Benchmarks.Tests/Golden/Bench/make_benchdata_golden.py
// (regenerate: /usr/bin/python3 tests/Nnfs.Benchmarks.Tests/Golden/Bench/make_benchdata_golden.py > tests/Nnfs.Benchmarks.Tests/Golden/Bench/benchdata.json).
public class BenchWorkerTests
{
    private static readonly JsonElement s_golden = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Bench", "benchdata.json"))).RootElement;

    [Theory]
    [InlineData(NumericPath.Fast)]
    [InlineData(NumericPath.Exact)]
    public void Spiral_TrainsLikeTheNumPyPeer(NumericPath path)
    {
        // Same data, initial weights and optimizer as ref_numpy.py: after 10 Adam steps the loss agrees to float32
        // rounding and the accuracy exactly (later the lr-0.05 trajectory amplifies last-bit differences).
        var expected = s_golden.GetProperty("ref_numpy_spiral_10");
        var output = new StringWriter();
        var (previousPath, previousThreads) = (Engine.Path, Engine.Threads);
        System.Text.Json.Nodes.JsonObject result;
        try
        {
            result = BenchWorker.Run("spiral", threads: 1, epochs: 10, path, dataDir: null, profile: false, batch: 128,
                output, TextWriter.Null);
        }
        finally { (Engine.Path, Engine.Threads) = (previousPath, previousThreads); }
        Assert.StartsWith("RESULT {", output.ToString());
        Assert.Equal(expected.GetProperty("final_loss").GetDouble(), (double)result["final_loss"]!, 1e-5);
        Assert.Equal(expected.GetProperty("final_acc").GetDouble(), (double)result["final_acc"]!);
        Assert.True((double)result["train_s"]! > 0);
    }

    [Theory]
    [InlineData(NumericPath.Fast, "Dense + ReLU forward (fused),Dense forward,Softmax forward,loss + accuracy,softmax + cross-entropy backward,Dense + ReLU + Dense backward (fused),optimizer (Adam)")]
    [InlineData(NumericPath.Exact, "Dense forward,ReLU forward,Softmax forward,loss + accuracy,softmax + cross-entropy backward,Dense backward,ReLU backward,optimizer (Adam)")]
    public void Profile_TimesTheStagesOfTheTimedStepAndTrainsTheSame(NumericPath path, string phases)
    {
        var (previousPath, previousThreads) = (Engine.Path, Engine.Threads);
        System.Text.Json.Nodes.JsonObject plain, profiled;
        try
        {
            plain = BenchWorker.Run("spiral", 1, 10, path, null, profile: false, 128, TextWriter.Null, TextWriter.Null);
            profiled = BenchWorker.Run("spiral", 1, 10, path, null, profile: true, 128, TextWriter.Null, TextWriter.Null);
        }
        finally { (Engine.Path, Engine.Threads) = (previousPath, previousThreads); }
        Assert.Equal((double)plain["final_loss"]!, (double)profiled["final_loss"]!);
        var seconds = profiled["profile_s"]!.AsObject();
        Assert.Equal(phases, string.Join(",", seconds.Select(kv => kv.Key)));
        Assert.All(seconds, kv => Assert.True((double)kv.Value! >= 0));
        Assert.False(plain.ContainsKey("profile_s"));
        Assert.False(plain.ContainsKey("ready_to_run"));
    }

    [Fact]
    public void Profile_LeavesEvaluationOut()
    {
        var net = new BenchNetwork([5, 4, 3], new Nnfs.Optimizers.Adam());
        var times = new PhaseTimes();
        net.Profile = times;
        var x = new Nnfs.Tensors.Matrix(20, 5);
        for (int i = 0; i < x.Length; i++) x.Span[i] = (i % 7) * 0.1f - 0.3f;
        var labels = Enumerable.Range(0, 20).Select(i => i % 3).ToArray();
        net.Evaluate(x, labels, batch: 8);
        Assert.Empty(times.Seconds);
        Assert.NotNull(net.Model.StageObserver);
        net.TrainStep(new Nnfs.Tensors.Matrix(8, 5, x.Span[..40].ToArray()), Nnfs.Tensors.Targets.FromClasses(labels[..8]));
        Assert.Contains(times.Seconds, t => t.Phase == "optimizer (Adam)");
    }

    [Fact]
    public void Runtime_SaysWhatKindOfProcessItIs()
    {
        var output = new StringWriter();
        var result = BenchWorker.Run("runtime", 1, null, Engine.Path, null, false, 128, output, TextWriter.Null);
        Assert.StartsWith("RESULT {", output.ToString());
        Assert.False((bool)result["native_aot"]!);
        Assert.False(BenchWorker.IsNativeAot);
        Assert.False((bool)result["ready_to_run"]!);
        Assert.Contains(".NET", (string)result["runtime"]!);
    }

    [SkippableFact]
    public void Inference_ChecksAgreementThenTimesOursBesideOnnxRuntime()
    {
        string dir = TestData.FashionMnistDirectory;
        var threads = Engine.Threads;
        System.Text.Json.Nodes.JsonObject result;
        try { result = BenchWorker.Run("inference", 2, null, NumericPath.Fast, dir, false, 128, TextWriter.Null, TextWriter.Null); }
        finally { Engine.Threads = threads; }
        Assert.False(result.ContainsKey("onnx_error"), (string?)result["onnx_error"]);
        Assert.StartsWith("10,200 rows: arg-max equal", (string)result["onnx_agreement"]!);
        Assert.StartsWith("ONNX Runtime ", (string)result["onnx_runtime"]!);
        foreach (var key in new[] { "images_per_s", "latency_us", "onnx_images_per_s", "onnx_latency_us" })
            Assert.True((double)result[key]! > 0, key);
        Assert.Equal(Engine.Tier.ToString(), (string)result["tier"]!);
    }

    [Fact]
    public void UnknownWorkload_IsRejectedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            BenchWorker.Run("gpu", 1, 1, NumericPath.Fast, null, false, 128, TextWriter.Null, TextWriter.Null));
        Assert.Contains("'gpu'", ex.Message);
    }
}
