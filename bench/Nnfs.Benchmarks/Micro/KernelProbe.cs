using System.Diagnostics;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks.Micro;

/// <summary>The micro-kernel alone on L1/L2-resident operands: the ceiling the blocked product can reach.</summary>
/// <remarks>
/// <c>kernel [kc] [slivers] [lda]</c>: a 6×16 tile against <c>slivers</c> packed B slivers, A packed (depth-major)
/// and A read in place as rows <c>lda</c> floats apart (row-major).
/// </remarks>
internal static unsafe class KernelProbe
{
    public static int Run(string[] args)
    {
        int kc = args.Length > 1 ? int.Parse(args[1]) : 256;
        int slivers = args.Length > 2 ? int.Parse(args[2]) : 8;
        int lda = args.Length > 3 ? int.Parse(args[3]) : kc;
        int rows = MatMulMicroKernel.MaxRows;
        var a = GC.AllocateArray<float>(Math.Max(rows * kc, rows * lda) + 64, pinned: true);
        var b = GC.AllocateArray<float>(slivers * kc * 16 + 64, pinned: true);
        var c = GC.AllocateArray<float>(rows * slivers * 16 + 64, pinned: true);
        for (int i = 0; i < a.Length; i++) a[i] = 0.001f * (i % 7);
        for (int i = 0; i < b.Length; i++) b[i] = 0.001f * (i % 5);
        int index = MatMulMicroKernel.Index(rows, wide: true);
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int variant = 0; variant < 2; variant++)
            {
                var kernel = variant == 0 ? MatMulMicroKernel.DepthMajorTable[index] : MatMulMicroKernel.RowMajorTable[index];
                nint stride = variant == 0 ? rows : lda;
                string name = variant == 0 ? "packed" : "row-major";
                double best = 0;
                for (int trial = 0; trial < 20; trial++)
                {
                    double t = ProductTiming.Now(cpuTime: true);
                    for (int rep = 0; rep < 400; rep++)
                        for (int s = 0; s < slivers; s++)
                            kernel(kc, pa, stride, pb + s * kc * 16, 16, pc + s * 16, slivers * 16, true, null);
                    double sec = ProductTiming.Now(cpuTime: true) - t;
                    best = Math.Max(best, 400.0 * slivers * 2 * rows * 16 * kc / sec / 1e9);
                }
                Console.WriteLine($"kernel {rows}x16 {name} A (stride {stride}) kc={kc} slivers={slivers}: best {best:F1} GFLOP/s");
            }
        }
        return 0;
    }
}
