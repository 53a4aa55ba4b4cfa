using System.Diagnostics;
using System.Globalization;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// <c>step</c> mode: the nine matrix products of a 784-128-128-10 training step at batch 128, in training order,
/// with single-threaded element-wise passes between them (batch gather, ReLU, softmax-like, Adam-like) as the
/// layers have, so the kernel pool sees the gaps it sees in training. Several kernel settings are timed in
/// alternation (A B A B, short bursts) so that a busy machine's phases hit each alike.
/// </summary>
/// <remarks>
/// <c>step [--threads N] [--rounds R] [--steps S] [--cpu-time] [--variant SETTINGS]…</c>, SETTINGS like
/// <c>spin=200,panel=131072</c> (spin in µs, <see cref="KernelThreadPool.SpinTime"/>; panel in elements,
/// <see cref="MatMulFast.PanelThreshold"/>; panel-kc, <see cref="MatMulFast.PanelBlockK"/>; rows, <see cref="MatMulFast.MaxRowBlock"/>). Prints the median time per step of every variant and its products'
/// share measured alone.
/// </remarks>
internal static class StepProbe
{
    private const int Batch = 128, In = 784, Hidden = 128, Classes = 10, PoolRows = 8192;

    public static int Run(string[] args)
    {
        int threads = 2, rounds = 15, steps = 40;
        bool cpuTime = false;
        var variants = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--cpu-time": cpuTime = true; break;
                case "--variant": variants.Add(args[++i]); break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: step [--threads N] [--rounds R] [--steps S] [--cpu-time] [--variant spin=US,panel=N,panel-kc=K,rows=S]…");
                    return 2;
            }
        }
        if (variants.Count == 0) variants.Add("");
        var net = new Network();
        var times = variants.Select(_ => new List<double>()).ToArray();
        for (int v = 0; v < variants.Count; v++)
        {
            Apply(variants[v]);
            for (int s = 0; s < steps; s++) net.Step(threads, s);
        }
        double Now() => ProductTiming.Now(cpuTime);
        int counter = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int v = 0; v < variants.Count; v++)
            {
                Apply(variants[v]);
                net.Step(threads, counter++);
                double t = Now();
                for (int s = 0; s < steps; s++) net.Step(threads, counter++);
                times[v].Add((Now() - t) / steps);
            }
        }
        Console.WriteLine($"Training-step probe, {threads} thread(s), {(cpuTime ? "process CPU" : "wall")} time per step, median [min] of {rounds} alternating bursts of {steps} steps:");
        for (int v = 0; v < variants.Count; v++)
        {
            var sorted = times[v].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(variants[v].Length == 0 ? "default" : variants[v]),-28} {sorted[sorted.Length / 2] * 1e6,8:F1} µs  [{sorted[0] * 1e6:F1}]"));
        }
        return 0;
    }

    private static void Apply(string settings)
    {
        MatMulFast.PanelThreshold = 1L << 17;
        MatMulFast.PanelBlockK = 1024;
        MatMulFast.MaxRowBlock = 16;
        KernelThreadPool.SpinTime = TimeSpan.FromMicroseconds(50);
        foreach (var item in settings.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = item.Split('=');
            double value = double.Parse(kv[1], CultureInfo.InvariantCulture);
            switch (kv[0])
            {
                case "spin": KernelThreadPool.SpinTime = TimeSpan.FromMicroseconds(value); break;
                case "panel": MatMulFast.PanelThreshold = (long)value; break;
                case "panel-kc": MatMulFast.PanelBlockK = (int)value; break;
                case "rows": MatMulFast.MaxRowBlock = (int)value; break;
                default: throw new ArgumentException($"unknown setting '{kv[0]}' in '{settings}'");
            }
        }
    }

    private sealed class Network
    {
        private readonly float[] _pool = Fill(PoolRows * In, 1), _x = new float[Batch * In];
        private readonly float[] _w1 = Fill(In * Hidden, 2), _w2 = Fill(Hidden * Hidden, 3), _w3 = Fill(Hidden * Classes, 4);
        private readonly float[] _b1 = new float[Hidden], _b2 = new float[Hidden], _b3 = new float[Classes];
        private readonly float[] _z1 = new float[Batch * Hidden], _z2 = new float[Batch * Hidden], _z3 = new float[Batch * Classes];
        private readonly float[] _dz3 = new float[Batch * Classes], _dz2 = new float[Batch * Hidden], _dz1 = new float[Batch * Hidden];
        private readonly float[] _dw1 = new float[In * Hidden], _dw2 = new float[Hidden * Hidden], _dw3 = new float[Hidden * Classes];
        private readonly float[] _dx = new float[Batch * In];
        private readonly float[] _m1 = new float[In * Hidden], _v1 = new float[In * Hidden];

        private static float[] Fill(int length, int seed)
        {
            var random = new Random(seed);
            var a = new float[length];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 0.2 - 0.1);
            return a;
        }

        public void Step(int threads, int step)
        {
            for (int r = 0; r < Batch; r++)
                _pool.AsSpan((int)((uint)(r * 2654435761u + (uint)step * 40503u) % PoolRows) * In, In).CopyTo(_x.AsSpan(r * In, In));
            MatMulFast.Gemm(false, false, Batch, Hidden, In, _x, _w1, _b1, _z1, threads);
            Relu(_z1);
            MatMulFast.Gemm(false, false, Batch, Hidden, Hidden, _z1, _w2, _b2, _z2, threads);
            Relu(_z2);
            MatMulFast.Gemm(false, false, Batch, Classes, Hidden, _z2, _w3, _b3, _z3, threads);
            for (int i = 0; i < _z3.Length; i++) _dz3[i] = MathF.Exp(Math.Min(_z3[i], 10f)) * 1e-3f;
            MatMulFast.Gemm(true, false, Hidden, Classes, Batch, _z2, _dz3, _dw3, threads);
            MatMulFast.Gemm(false, true, Batch, Hidden, Classes, _dz3, _w3, _dz2, threads);
            ReluBackward(_dz2, _z2);
            MatMulFast.Gemm(true, false, Hidden, Hidden, Batch, _z1, _dz2, _dw2, threads);
            MatMulFast.Gemm(false, true, Batch, Hidden, Hidden, _dz2, _w2, _dz1, threads);
            ReluBackward(_dz1, _z1);
            MatMulFast.Gemm(true, false, In, Hidden, Batch, _x, _dz1, _dw1, threads);
            MatMulFast.Gemm(false, true, Batch, In, Hidden, _dz1, _w1, _dx, threads);
            for (int i = 0; i < _dw1.Length; i++)
            {
                _m1[i] = 0.9f * _m1[i] + 0.1f * _dw1[i];
                _v1[i] = 0.999f * _v1[i] + 0.001f * _dw1[i] * _dw1[i];
            }
        }

        private static void Relu(float[] z)
        {
            for (int i = 0; i < z.Length; i++) z[i] = Math.Max(z[i], 0f);
        }

        private static void ReluBackward(float[] dz, float[] z)
        {
            for (int i = 0; i < dz.Length; i++) if (z[i] <= 0f) dz[i] = 0f;
        }
    }
}
