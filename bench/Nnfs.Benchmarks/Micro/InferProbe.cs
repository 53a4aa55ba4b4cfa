using System.Diagnostics;
using System.Globalization;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// <c>infer</c> mode: where the time of a 784-128-128-10 forward pass at batch 128 goes, at 1 and 2 threads: the
/// whole pass with the products split by columns (as <c>Model.Forward</c>), each product alone, and the pass split
/// into row shares (each thread copies its own rows and runs the whole pass on them), with each share's own time.
/// Variants are timed in alternation (short bursts) so that a busy machine's phases hit each alike.
/// </summary>
internal static unsafe class InferProbe
{
    private const int Batch = 128, In = 784, Hidden = 128, Classes = 10, PoolRows = 10000;

    public static int Run(string[] args)
    {
        int rounds = 15, calls = 200;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--calls": calls = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--panel-kc": MatMulFast.PanelBlockK = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: infer [--rounds R] [--calls C] [--panel-kc K]");
                    return 2;
            }
        }
        var net = new Net();
        var variants = new (string Name, Action<int> Call)[]
        {
            ("model 1t", s => net.Model(1, s)),
            ("model 2t", s => net.Model(2, s)),
            ("predictor 1t", s => net.Predict(1, s)),
            ("predictor 2t", s => net.Predict(2, s)),
            ("columns 1t", s => net.Columns(1, s)),
            ("columns 2t", s => net.Columns(2, s)),
            ("shares 1t", s => net.Shares(1, s)),
            ("shares 2t", s => net.Shares(2, s)),
            ("copy only 1t", s => net.Copy(0, Batch, s)),
            ("L1 alone 1t", _ => net.Layer1(1)),
            ("L1 alone 2t", _ => net.Layer1(2)),
            ("L1 64 rows 1t", _ => net.Layer1Half()),
            ("L2 alone 1t", _ => net.Layer2(1)),
            ("L2 alone 2t", _ => net.Layer2(2)),
            ("L3 alone 1t", _ => net.Layer3()),
        };
        var times = variants.Select(_ => new List<double>()).ToArray();
        var pool = new (long Jobs, long Joined, long Sleeps, long Quiet)[variants.Length];
        int counter = 0;
        foreach (var v in variants)
            for (int s = 0; s < calls; s++) v.Call(counter++);
        net.ResetShareTimes();
        for (int r = 0; r < rounds; r++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                var before = KernelThreadPool.Statistics;
                long t = Stopwatch.GetTimestamp();
                for (int s = 0; s < calls; s++) variants[v].Call(counter++);
                times[v].Add(Stopwatch.GetElapsedTime(t).TotalSeconds / calls);
                var after = KernelThreadPool.Statistics;
                pool[v] = (pool[v].Jobs + after.Jobs - before.Jobs, pool[v].Joined + after.Joined - before.Joined,
                    pool[v].Sleeps + after.Sleeps - before.Sleeps, pool[v].Quiet + after.Quiet - before.Quiet);
            }
        }
        Console.WriteLine($"Inference probe, batch {Batch}, tier {Engine.Tier}, wall time per call, median [min] of {rounds} alternating bursts of {calls} calls:");
        for (int v = 0; v < variants.Length; v++)
        {
            var sorted = times[v].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {variants[v].Name,-20} {sorted[sorted.Length / 2] * 1e6,8:F1} µs  [{sorted[0] * 1e6:F1}]  {Batch / sorted[sorted.Length / 2]:F0} images/s  pool {pool[v]}"));
        }
        net.PrintShareTimes();
        return 0;
    }

    private sealed class Net
    {
        private readonly float[] _data = Fill(PoolRows * In, 1);
        private readonly float[] _w1 = Fill(In * Hidden, 2), _w2 = Fill(Hidden * Hidden, 3), _w3 = Fill(Hidden * Classes, 4);
        private readonly float[] _b1 = Fill(Hidden, 5), _b2 = Fill(Hidden, 6), _b3 = Fill(Classes, 7);
        private readonly float[] _out = new float[Batch * Classes];
        private readonly Buffers[] _shares = [new(), new()];
        private readonly List<double>[] _shareTimes = [[], []];
        private readonly long[] _shareTicks = new long[2];

        private sealed class Buffers
        {
            public readonly float[] X = new float[Batch * In], Z1 = new float[Batch * Hidden], H1 = new float[Batch * Hidden];
            public readonly float[] Z2 = new float[Batch * Hidden], H2 = new float[Batch * Hidden], Z3 = new float[Batch * Classes];
        }

        private static float[] Fill(int length, int seed)
        {
            var random = new Random(seed);
            var a = new float[length];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 0.2 - 0.1);
            return a;
        }

        private int _step;
        private readonly SideBySide.BenchNetwork _model = new(SideBySide.BenchWorker.MlpSizes, new Nnfs.Optimizers.Adam());
        private readonly Nnfs.Tensors.Matrix _xb = new(Batch, In);

        private Nnfs.Inference.Predictor? _predictor;
        private readonly float[] _probabilities = new float[Batch * Classes];

        public void Predict(int threads, int step)
        {
            Engine.Threads = threads;
            _predictor ??= new Nnfs.Inference.Predictor(_model.Model);
            int start = step * Batch % (PoolRows - Batch);
            _predictor.Predict(_data.AsSpan(start * In, Batch * In), Batch, _probabilities);
        }

        // The side-by-side bench's inference: the caller copies the batch, then Model.Forward.
        public void Model(int threads, int step)
        {
            Engine.Threads = threads;
            int start = step * Batch % (PoolRows - Batch);
            _data.AsSpan(start * In, Batch * In).CopyTo(_xb.Span);
            _model.Forward(_xb, training: false);
        }
        private static Net? s_net;

        public void Copy(int first, int rows, int step)
        {
            int start = step * Batch % (PoolRows - Batch);
            _data.AsSpan((start + first) * In, rows * In).CopyTo(_shares[0].X.AsSpan(first * In, rows * In));
        }

        // As Model.Forward: the caller copies the batch, each product split by columns over the threads.
        public void Columns(int threads, int step)
        {
            var b = _shares[0];
            Copy(0, Batch, step);
            Pass(b, 0, Batch, threads);
        }

        private void Pass(Buffers b, int first, int rows, int threads)
        {
            int o = first;
            MatMulFast.Gemm(false, false, rows, Hidden, In, b.X.AsSpan(o * In), _w1, _b1, b.Z1.AsSpan(o * Hidden), threads);
            Relu(b.Z1.AsSpan(o * Hidden, rows * Hidden), b.H1.AsSpan(o * Hidden));
            MatMulFast.Gemm(false, false, rows, Hidden, Hidden, b.H1.AsSpan(o * Hidden), _w2, _b2, b.Z2.AsSpan(o * Hidden), threads);
            Relu(b.Z2.AsSpan(o * Hidden, rows * Hidden), b.H2.AsSpan(o * Hidden));
            MatMulFast.Gemm(false, false, rows, Classes, Hidden, b.H2.AsSpan(o * Hidden), _w3, _b3, b.Z3.AsSpan(o * Classes), threads);
            b.Z3.AsSpan(o * Classes, rows * Classes).CopyTo(_out.AsSpan(o * Classes));
        }

        public void Shares(int threads, int step)
        {
            _step = step;
            fixed (long* ticks = _shareTicks)
            {
                s_net = this;
                var job = new ShareJob { Ticks = ticks };
                KernelThreadPool.Run(threads, &RunShare, &job);
            }
        }

        private struct ShareJob
        {
            public long* Ticks;
            public int Claimed;
        }

        private static void RunShare(void* state, int index, int count)
        {
            var job = (ShareJob*)state;
            var net = s_net!;
            for (int share; (share = KernelThreadPool.Claim(&job->Claimed, count > 1)) < count;)
            {
                long t = Stopwatch.GetTimestamp();
                int rows = Batch / count, first = share * rows;
                var b = net._shares[share];
                int start = net._step * Batch % (PoolRows - Batch);
                net._data.AsSpan((start + first) * In, rows * In).CopyTo(b.X.AsSpan(first * In, rows * In));
                net.Pass(b, first, rows, 1);
                if (count > 1) job->Ticks[share] += Stopwatch.GetTimestamp() - t;
            }
        }

        public void ResetShareTimes() => Array.Clear(_shareTicks);

        public void PrintShareTimes() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  share times in 'shares 2t' (total over the timed rounds, s): share 0 {_shareTicks[0] / (double)Stopwatch.Frequency:F4}, share 1 {_shareTicks[1] / (double)Stopwatch.Frequency:F4}"));

        public void Layer1(int threads)
        {
            var b = _shares[0];
            MatMulFast.Gemm(false, false, Batch, Hidden, In, b.X, _w1, _b1, b.Z1, threads);
        }

        public void Layer1Half()
        {
            var b = _shares[0];
            MatMulFast.Gemm(false, false, Batch / 2, Hidden, In, b.X, _w1, _b1, b.Z1, 1);
        }

        public void Layer2(int threads)
        {
            var b = _shares[0];
            MatMulFast.Gemm(false, false, Batch, Hidden, Hidden, b.H1, _w2, _b2, b.Z2, threads);
        }

        public void Layer3()
        {
            var b = _shares[0];
            MatMulFast.Gemm(false, false, Batch, Classes, Hidden, b.H2, _w3, _b3, b.Z3, 1);
        }

        private static void Relu(ReadOnlySpan<float> z, Span<float> h)
        {
            for (int i = 0; i < z.Length; i++) h[i] = Math.Max(z[i], 0f);
        }
    }
}
