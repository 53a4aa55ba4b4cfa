using System.Diagnostics;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks;

/// <summary>The micro-kernel alone on L1/L2-resident packed slivers: the ceiling the blocked product can reach.</summary>
internal static unsafe class KernelProbe
{
    public static int Run(string[] args)
    {
        int kc = args.Length > 1 ? int.Parse(args[1]) : 256;
        int slivers = args.Length > 2 ? int.Parse(args[2]) : 8;
        int rows = MatMulMicroKernel.MaxRows;
        var a = GC.AllocateArray<float>(rows * kc + 64, pinned: true);
        var b = GC.AllocateArray<float>(slivers * kc * 16 + 64, pinned: true);
        var c = GC.AllocateArray<float>(rows * slivers * 16 + 64, pinned: true);
        new Random(1).NextSingle();
        for (int i = 0; i < a.Length; i++) a[i] = 0.001f * (i % 7);
        for (int i = 0; i < b.Length; i++) b[i] = 0.001f * (i % 5);
        var kernel = MatMulMicroKernel.Table[rows * 2 + 1];
        fixed (float* pa = a, pb = b, pc = c)
        {
            double best = 0;
            for (int trial = 0; trial < 20; trial++)
            {
                double t = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
                for (int rep = 0; rep < 400; rep++)
                    for (int s = 0; s < slivers; s++)
                        kernel(kc, pa, pb + s * kc * 16, pc + s * 16, slivers * 16, true, null);
                double sec = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - t;
                best = Math.Max(best, 400.0 * slivers * 2 * rows * 16 * kc / sec / 1e9);
            }
            Console.WriteLine($"kernel {rows}x16 kc={kc} slivers={slivers}: best {best:F1} GFLOP/s");
        }
        return 0;
    }
}
