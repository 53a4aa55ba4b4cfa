using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nnfs.Benchmarks.Machine;
using Nnfs.Inference;
using Nnfs.Kernels;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// Our side of one benchmark run (<c>Nnfs.Benchmarks worker …</c>, started by <see cref="BenchRunner"/> in a fresh process):
/// the peers' workloads with the library, ending with one <c>RESULT {json}</c> line in the peers' format.
/// </summary>
internal static class BenchWorker
{
    /// <summary>The Fashion-MNIST network of the peers.</summary>
    public static readonly int[] MlpSizes = [784, 128, 128, 10];

    /// <summary>How many of the first mlp steps are timed apart (<c>first_steps_s</c>).</summary>
    private const int FirstSteps = 10;

    /// <summary>The spiral network of the peers.</summary>
    public static readonly int[] SpiralSizes = [2, 64, 3];

    /// <summary>True when this process runs Native AOT code (no JIT, so no dynamic code).</summary>
    public static bool IsNativeAot => !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>True when <paramref name="assembly"/> beside this process (default this program's own) carries
    /// precompiled (ReadyToRun) code.</summary>
    public static bool IsReadyToRun(string assembly = BenchProcess.AssemblyFile) =>
        !IsNativeAot && ReadyToRunImage.Is(Path.Combine(AppContext.BaseDirectory, assembly));

    /// <summary>
    /// Runs <paramref name="workload"/> ("mlp", "spiral", "inference", or "runtime": no work, only what the process
    /// is, including whether it runs ReadyToRun code) and writes its RESULT line.
    /// </summary>
    public static JsonObject Run(string workload, int threads, int? epochs, NumericPath path, string? dataDir,
        bool profile, int batch, TextWriter output, TextWriter progress)
    {
        Engine.Threads = threads;
        Engine.Path = path;
        var result = new JsonObject
        {
            ["tool"] = "nnfs",
            ["nnfs"] = typeof(Matrix).Assembly.GetName().Version?.ToString(),
            ["workload"] = workload,
            ["path"] = path.ToString(),
            ["threads"] = threads,
            ["tier"] = Engine.Tier.ToString(),
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["native_aot"] = IsNativeAot,
        };
        switch (workload)
        {
            // Only the probe of what the process is needs it: opening the DLL is no part of a timed run.
            case "runtime":
                result["ready_to_run"] = IsReadyToRun();
                result["library_ready_to_run"] = IsReadyToRun("Nnfs.dll");
                break;
            case "mlp": Mlp(result, epochs ?? 1, batch, dataDir, profile, progress); break;
            case "spiral": Spiral(result, epochs ?? 10001, profile); break;
            case "inference": Inference(result, batch, dataDir); break;
            default: throw new ArgumentException($"unknown bench workload '{workload}'; expected mlp, spiral, inference or runtime.");
        }
        result["peak_rss_kib"] = BenchProcess.ReadHighWaterMark(Environment.ProcessId);
        output.WriteLine("RESULT " + result.ToJsonString());
        return result;
    }

    private static void Mlp(JsonObject res, int epochs, int batch, string? dataDir, bool profile, TextWriter progress)
    {
        long loadStart = Stopwatch.GetTimestamp();
        // Training images stay bytes (47 MB rather than 188 MB of float32) and each batch is scaled as it is
        // gathered, to the same float32 values the peers' matrix holds.
        var data = BenchData.LoadFashionPixels(dataDir);
        double loadS = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
        res["rss_after_load_kib"] = BenchProcess.ReadHighWaterMark(Environment.ProcessId);
        var images = data.Train;
        int n = images.Count, features = images.ImageSize;
        var net = new BenchNetwork(MlpSizes, new Adam(learningRate: 0.001, decay: 1e-3, epsilon: 1e-7));
        if (profile) net.Profile = new PhaseTimes();

        int steps = (n + batch - 1) / batch;
        // One input matrix and one set of targets per batch size, reused: the loop itself allocates nothing.
        var batches = new Dictionary<int, (Matrix? X, int[] Y, Targets T)>();
        foreach (int size in new[] { batch, n - (steps - 1) * batch }.Distinct())
        {
            var yb = new int[size];
            batches[size] = (new Matrix(size, features), yb, Targets.FromClasses(yb));
        }

        // Allocation window: every step after the first epoch, or after 20 steps when there is only one.
        int warmSteps = epochs > 1 ? steps : Math.Min(20, steps - 1);
        long allocThread = 0, allocTotal = 0, allocSteps = 0;
        var epochS = new JsonArray();
        int gen0 = GC.CollectionCount(0);
        double? firstStepsS = null, firstStepsCpuS = null;
        // The training thread's CPU time per epoch: on a loaded machine, the loop's own cost, including what the
        // JIT compiles on this thread but not the runtime's background recompilation.
        var epochCpuS = new JsonArray();
        double? trainCpuStart = ThreadCpuTime.Seconds();
        var poolBefore = KernelThreadPool.Statistics;
        long trainStart = Stopwatch.GetTimestamp();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            long epochStart = Stopwatch.GetTimestamp();
            double? epochCpuStart = ThreadCpuTime.Seconds();
            net.NewPass();
            var order = BenchData.Permutation(epoch, n);
            for (int step = 0; step < steps; step++)
            {
                int start = step * batch, size = Math.Min(batch, n - start);
                var (xb, yb, tb) = batches[size];
                long g = profile ? net.Profile!.Start() : 0;
                var rows = order.AsSpan(start, size);
                images.GatherScaled(rows, ref xb);
                for (int i = 0; i < size; i++) yb[i] = data.Y[rows[i]];
                if (profile) net.Profile!.Add("batch gather", g);
                bool measure = epoch * steps + step >= warmSteps;
                if (measure)
                {
                    long total = GC.GetTotalAllocatedBytes(precise: true);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    net.TrainStep(xb!, tb);
                    allocThread += GC.GetAllocatedBytesForCurrentThread() - before;
                    allocTotal += GC.GetTotalAllocatedBytes(precise: true) - total;
                    allocSteps++;
                }
                else net.TrainStep(xb!, tb);
                if (epoch == 0 && step + 1 == FirstSteps)
                {
                    firstStepsS = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
                    firstStepsCpuS = ThreadCpuTime.Seconds() - trainCpuStart;
                }
            }
            double seconds = Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            epochS.Add((JsonNode)seconds);
            if (ThreadCpuTime.Seconds() - epochCpuStart is { } epochCpu) epochCpuS.Add((JsonNode)epochCpu);
            progress.WriteLine($"epoch {epoch + 1} acc {net.AccumulatedAccuracy:0.0000} loss {net.AccumulatedLoss:0.0000} " +
                               $"lr {net.Optimizer.CurrentLearningRate:0.000000} {seconds:0.000}s");
        }
        double trainS = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
        res["pool"] = PoolReport(poolBefore, KernelThreadPool.Statistics);
        int collections = GC.CollectionCount(0) - gen0;
        double loss = net.AccumulatedLoss, acc = net.AccumulatedAccuracy;
        res["rss_after_training_kib"] = BenchProcess.ReadHighWaterMark(Environment.ProcessId);
        // Validation in training-sized batches, as the book's model.train(..., batch_size=128) does (the peers use
        // 10,000-sample batches; the figures agree to float rounding).
        var (vloss, vacc) = net.Evaluate(data.XTest, data.YTest, batch);
        long fps = BenchReport.TrainFlopsPerSample(MlpSizes);
        double samples = (double)epochs * n;
        var checksum = BenchData.Checksum(images, data.Y);
        res["epochs"] = epochs;
        res["batch"] = batch;
        res["steps_per_epoch"] = steps;
        res["samples_per_epoch"] = n;
        res["data_source"] = data.Source;
        res["load_s"] = loadS;
        res["train_s"] = trainS;
        res["epoch_s"] = epochS;
        // The first steps against the rest: JIT compilation and warm-up, which the first epoch includes.
        res["first_steps"] = FirstSteps;
        res["first_steps_s"] = firstStepsS;
        if (epochCpuS.Count == epochs)
        {
            res["epoch_thread_cpu_s"] = epochCpuS;
            res["first_steps_thread_cpu_s"] = firstStepsCpuS;
        }
        res["s_per_epoch"] = trainS / epochs;
        res["final_loss"] = loss;
        res["final_acc"] = acc;
        res["val_loss"] = vloss;
        res["val_acc"] = vacc;
        res["sizes"] = new JsonArray(MlpSizes.Select(s => (JsonNode?)s).ToArray());
        res["samples_per_s"] = samples / trainS;
        res["flops_per_sample"] = fps;
        res["gflops"] = fps * samples / trainS / 1e9;
        res["alloc_steps"] = allocSteps;
        res["alloc_bytes_per_step"] = allocSteps == 0 ? null : (double)allocThread / allocSteps;
        res["alloc_total_bytes_per_step"] = allocSteps == 0 ? null : (double)allocTotal / allocSteps;
        res["gen0_collections"] = collections;
        res["data"] = new JsonObject
        {
            ["n"] = checksum.N, ["sum_x"] = checksum.SumX, ["sum_x2"] = checksum.SumX2,
            ["label_counts"] = new JsonArray(checksum.LabelCounts.Select(c => (JsonNode?)c).ToArray()),
        };
        if (profile)
        {
            var phases = new JsonObject();
            foreach (var (phase, s) in net.Profile!.Seconds) phases[phase] = s / epochs;
            res["profile_s_per_epoch"] = phases;
            res["matmul_alone_s_per_epoch"] = MatMulAlone(batch, steps, n);
        }
    }

    /// <summary>
    /// The nine matrix products of one training step (forward, dW and dX of each dense layer) timed alone on the
    /// training shapes, times the steps of an epoch: how much of an epoch the kernel itself takes.
    /// </summary>
    private static JsonObject MatMulAlone(int batch, int steps, int n)
    {
        var res = new JsonObject();
        double total = 0;
        for (int i = 0; i + 1 < MlpSizes.Length; i++)
        {
            int a = MlpSizes[i], b = MlpSizes[i + 1];
            var x = Filled(batch, a);
            var w = Filled(a, b);
            var g = Filled(batch, b);
            var y = new Matrix(batch, b);
            var dw = new Matrix(a, b);
            var dx = new Matrix(batch, a);
            double fwd = TimePerCall(() => MatMul.Multiply(x, w, y));
            double dW = TimePerCall(() => MatMul.MultiplyTransposeA(x, g, dw));
            double dX = TimePerCall(() => MatMul.MultiplyTransposeB(g, w, dx));
            res[$"layer{i} {batch}x{a}@{a}x{b} forward"] = fwd * steps;
            res[$"layer{i} dW"] = dW * steps;
            res[$"layer{i} dX"] = dX * steps;
            total += (fwd + dW + dX) * steps;
        }
        res["total"] = total;
        return res;
    }

    /// <summary>
    /// The kernel pool between two readings of <see cref="KernelThreadPool.Statistics"/>: jobs on several threads,
    /// jobs a worker took part in, its sleeps, and the times it found itself descheduled while spinning (then it
    /// sleeps at once for a while).
    /// </summary>
    private static JsonObject PoolReport((long Jobs, long Joined, long Sleeps, long Quiet) before, (long Jobs, long Joined, long Sleeps, long Quiet) after) => new()
    {
        ["jobs"] = after.Jobs - before.Jobs, ["joined"] = after.Joined - before.Joined,
        ["sleeps"] = after.Sleeps - before.Sleeps, ["quiet"] = after.Quiet - before.Quiet,
    };

    private static Matrix Filled(int rows, int columns)
    {
        var m = new Matrix(rows, columns);
        var z = BenchData.Randn(99, m.Length);
        for (int i = 0; i < z.Length; i++) m.Span[i] = (float)z[i];
        return m;
    }

    /// <summary>Median seconds per call over batches of calls lasting about 20 ms each, after a warm-up.</summary>
    private static double TimePerCall(Action call)
    {
        for (int i = 0; i < 20; i++) call();
        long t = Stopwatch.GetTimestamp();
        call();
        double one = Math.Max(Stopwatch.GetElapsedTime(t).TotalSeconds, 1e-7);
        int reps = Math.Max(1, (int)(0.02 / one));
        var samples = new List<double>();
        for (int k = 0; k < 15; k++)
        {
            t = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++) call();
            samples.Add(Stopwatch.GetElapsedTime(t).TotalSeconds / reps);
        }
        return BenchReport.Median(samples)!.Value;
    }

    private static void Spiral(JsonObject res, int epochs, bool profile)
    {
        var (x, y) = BenchData.Spiral(100, 3);
        Targets targets = y;
        var net = new BenchNetwork(SpiralSizes, new Adam(learningRate: 0.05, decay: 5e-7));
        if (profile) net.Profile = new PhaseTimes();
        int half = epochs / 2;
        double? cpuStart = ThreadCpuTime.Seconds(), cpuAt100 = null;
        var jitStart = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        var jitAt100 = jitStart;
        long start = Stopwatch.GetTimestamp(), at100 = start, atHalf = start;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (epoch == 100)
            {
                at100 = Stopwatch.GetTimestamp();
                cpuAt100 = ThreadCpuTime.Seconds();
                jitAt100 = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
            }
            if (epoch == half) atHalf = Stopwatch.GetTimestamp();
            net.NewPass();
            net.TrainStep(x, targets);
        }
        long end = Stopwatch.GetTimestamp();
        double? cpuEnd = ThreadCpuTime.Seconds();
        double trainS = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        if (epochs > 100)
        {
            res["first_100_epochs_s"] = Stopwatch.GetElapsedTime(start, at100).TotalSeconds;
            // Of which the training thread spent compiling (the first calls of kernels that are not precompiled).
            res["first_100_epochs_jit_s"] = (jitAt100 - jitStart).TotalSeconds;
        }
        // The training thread's CPU time: on a loaded machine, the loop's own cost (background JIT excluded).
        if (cpuStart is { } c0 && cpuEnd is { } c1)
        {
            res["train_thread_cpu_s"] = c1 - c0;
            if (cpuAt100 is { } c100) res["first_100_epochs_thread_cpu_s"] = c100 - c0;
        }
        if (epochs - half > 0 && half > 0)
            res["second_half_us_per_epoch"] = Stopwatch.GetElapsedTime(atHalf, end).TotalSeconds / (epochs - half) * 1e6;
        long fps = BenchReport.TrainFlopsPerSample(SpiralSizes);
        double samples = (double)epochs * x.Rows;
        res["epochs"] = epochs;
        res["train_s"] = trainS;
        res["final_loss"] = net.AccumulatedLoss;
        res["final_acc"] = net.AccumulatedAccuracy;
        res["sizes"] = new JsonArray(SpiralSizes.Select(s => (JsonNode?)s).ToArray());
        res["samples_per_s"] = samples / trainS;
        res["flops_per_sample"] = fps;
        res["gflops"] = fps * samples / trainS / 1e9;
        if (profile)
        {
            var phases = new JsonObject();
            foreach (var (phase, s) in net.Profile!.Seconds) phases[phase] = s;
            res["profile_s"] = phases;
        }
    }

    /// <summary>
    /// Forward passes of the Fashion-MNIST network (benchdata's initial weights: the cost does not depend on the
    /// values) through <see cref="Predictor"/>: the test set in batches on the configured threads, then single images
    /// on one thread; and, beside them, the same model exported with the ONNX exporter and run by ONNX Runtime
    /// (<see cref="CreateOnnxRuntime"/>) on the same images, interleaved (ours, then theirs, each round, each pass
    /// after a pause of <see cref="PauseBeforePassMs"/>). Before anything is timed, both must give the
    /// same predictions on the whole test set and on single images (<see cref="InferenceAgreement"/>); when they do
    /// not, or ONNX Runtime cannot run here, <c>onnx_error</c> says why and only our side is timed.
    /// </summary>
    private static void Inference(JsonObject res, int batch, string? dataDir)
    {
        var data = BenchData.LoadFashion(dataDir);
        var net = new BenchNetwork(MlpSizes, new Adam());
        var xt = data.XTest;
        int n = xt.Rows, features = xt.Columns, classes = MlpSizes[^1];
        int threads = Engine.Threads;
        // The library's inference API, as a service would call it: raw rows in, probabilities out.
        var predictor = new Predictor(net.Model);
        var outputs = new float[batch * classes];
        ReadOnlySpan<float> Ours(ReadOnlySpan<float> rows, int count)
        {
            var result = outputs.AsSpan(0, count * classes);
            predictor.Predict(rows[..(count * features)], count, result);
            return result;
        }
        ReadOnlySpan<float> OursOne(ReadOnlySpan<float> row) => Ours(row, 1);

        var (ort, ortOne) = (CreateOnnxRuntime(net, threads, features, classes, out string? why), (IInferenceRunner?)null);
        if (ort is not null)
        {
            ortOne = threads == 1 ? ort : CreateOnnxRuntime(net, 1, features, classes, out why);
            var agreement = ortOne is null ? null : CheckAgreement(xt, batch, Ours, OursOne, ort, ortOne);
            if (agreement is not null)
            {
                res["onnx_agreement"] = agreement.Describe();
                if (!agreement.Agrees) why = "predictions differ from ours, not timed: " + agreement.Describe();
            }
            if (agreement is null || !agreement.Agrees)
            {
                if (!ReferenceEquals(ortOne, ort)) ortOne?.Dispose();
                ort.Dispose();
                (ort, ortOne) = (null, null);
            }
        }
        if (why is not null) res["onnx_error"] = why;

        double Pass(Func<ReadOnlySpan<float>, int, ReadOnlySpan<float>> run)
        {
            // ONNX Runtime's idle workers spin for milliseconds after its run and take the second core from a
            // pass that starts right away (ours at 2 threads measured ~40 % slower so); a pause lets the previous
            // side's threads go idle before each pass, as in a process that serves with one engine.
            Thread.Sleep(PauseBeforePassMs);
            long t = Stopwatch.GetTimestamp();
            for (int s = 0; s < n; s += batch)
            {
                int size = Math.Min(batch, n - s);
                run(xt.Span.Slice(s * features, size * features), size);
            }
            return Stopwatch.GetElapsedTime(t).TotalSeconds;
        }
        Func<ReadOnlySpan<float>, int, ReadOnlySpan<float>> ours = Ours;
        Func<ReadOnlySpan<float>, int, ReadOnlySpan<float>>? theirs = ort is null ? null : ort.Run;
        Pass(ours);
        if (theirs is not null) Pass(theirs);
        var passes = new List<double>();
        var ortPasses = new List<double>();
        var poolBefore = KernelThreadPool.Statistics;
        for (int k = 0; k < InferencePasses; k++)
        {
            passes.Add(Pass(ours));
            if (theirs is not null) ortPasses.Add(Pass(theirs));
        }
        double passS = BenchReport.Median(passes)!.Value;
        var poolAfter = KernelThreadPool.Statistics;
        res["pool"] = PoolReport(poolBefore, poolAfter);

        Engine.Threads = 1;
        for (int i = 0; i < 200; i++)
        {
            OursOne(xt.Row(i % n));
            ortOne?.Run(xt.Row(i % n), 1);
        }
        var lat = new List<double>();
        var ortLat = new List<double>();
        for (int i = 0; i < SingleImageCalls; i++)
        {
            var row = xt.Row(i % n);
            long t = Stopwatch.GetTimestamp();
            OursOne(row);
            lat.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
            if (ortOne is null) continue;
            t = Stopwatch.GetTimestamp();
            ortOne.Run(row, 1);
            ortLat.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        Engine.Threads = threads;
        res["batch"] = batch;
        res["images"] = n;
        res["pass_s"] = passS;
        res["images_per_s"] = n / passS;
        res["latency_us"] = BenchReport.Median(lat)!.Value * 1e6;
        res["latency_p90_us"] = lat.Order().ElementAt((int)(lat.Count * 0.9)) * 1e6;
        if (ort is not null)
        {
            double ortPassS = BenchReport.Median(ortPasses)!.Value;
            res["onnx_runtime"] = ort.Name;
            res["onnx_pass_s"] = ortPassS;
            res["onnx_images_per_s"] = n / ortPassS;
            res["onnx_latency_us"] = BenchReport.Median(ortLat)!.Value * 1e6;
            res["onnx_latency_p90_us"] = ortLat.Order().ElementAt((int)(ortLat.Count * 0.9)) * 1e6;
            if (!ReferenceEquals(ortOne, ort)) ortOne!.Dispose();
            ort.Dispose();
        }
        res["data_source"] = data.Source;
    }

    /// <summary>Timed passes over the test set per engine (the median counts).</summary>
    private const int InferencePasses = 5;

    /// <summary>Milliseconds between two timed inference passes (<see cref="Inference"/>).</summary>
    private const int PauseBeforePassMs = 50;

    /// <summary>Timed single-image calls per engine (the median counts).</summary>
    private const int SingleImageCalls = 2000;

    /// <summary>Single images compared before timing, beside the whole test set in batches.</summary>
    private const int SingleImagesChecked = 200;

    /// <summary>
    /// Both engines' outputs on the whole of <paramref name="x"/> in batches of <paramref name="batch"/> rows and on
    /// its first single images, compared (<see cref="InferenceAgreement"/>).
    /// </summary>
    internal static InferenceAgreement CheckAgreement(Matrix x, int batch,
        Func<ReadOnlySpan<float>, int, ReadOnlySpan<float>> ours, Func<ReadOnlySpan<float>, ReadOnlySpan<float>> oursOne,
        IInferenceRunner theirs, IInferenceRunner theirsOne)
    {
        int n = x.Rows, features = x.Columns;
        var agreement = new InferenceAgreement();
        for (int s = 0; s < n; s += batch)
        {
            int size = Math.Min(batch, n - s);
            var rows = x.Span.Slice(s * features, size * features);
            var mine = ours(rows, size).ToArray();
            agreement.Add(mine, theirs.Run(rows, size), mine.Length / size);
        }
        for (int i = 0; i < Math.Min(n, SingleImagesChecked); i++)
        {
            var mine = oursOne(x.Row(i)).ToArray();
            agreement.Add(mine, theirsOne.Run(x.Row(i), 1), mine.Length);
        }
        return agreement;
    }

    /// <summary>
    /// ONNX Runtime on <paramref name="net"/>'s model exported by the ONNX exporter, with <paramref name="threads"/>
    /// intra-op threads; null, with the reason in <paramref name="why"/>, where it cannot run (the Native AOT build,
    /// a missing native library).
    /// </summary>
    internal static IInferenceRunner? CreateOnnxRuntime(BenchNetwork net, int threads, int features, int outputs, out string? why)
    {
#if NNFS_NATIVE_AOT
        why = "ONNX Runtime is not part of the Native AOT build; run the side by side with the JIT build.";
        return null;
#else
        try
        {
            why = null;
            return new OnnxRuntimeRunner(Nnfs.Onnx.OnnxExporter.ToBytes(net.Model), threads, features, outputs);
        }
        catch (Exception e) when (e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
        {
            why = "ONNX Runtime could not run: " + e.Message.Split('\n')[0];
            return null;
        }
#endif
    }

    /// <summary>Parses the <c>--path</c> value.</summary>
    public static NumericPath ParsePath(string text) => text.ToLowerInvariant() switch
    {
        "fast" => NumericPath.Fast,
        "exact" => NumericPath.Exact,
        _ => throw new ArgumentException($"--path: '{text}' is not fast or exact."),
    };

    /// <summary>Pretty JSON, for tests and debugging.</summary>
    public static string Pretty(JsonObject o) => o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
