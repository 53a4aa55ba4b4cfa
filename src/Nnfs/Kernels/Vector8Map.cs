using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>A function computed on eight floats at a time, applied over a span by <see cref="Vector8Map"/>.</summary>
internal interface IVector8Function
{
    /// <summary>The function of each lane.</summary>
    static abstract Vector256<float> Apply(Vector256<float> x);
}

/// <summary>Applies an <see cref="IVector8Function"/> to every element of a span, eight at a time (AVX2).</summary>
internal static class Vector8Map
{
    // Loads and stores through pointers with the AVX instructions themselves, so that ReadyToRun can precompile the
    // loop (it leaves methods that pass vectors to Vector256.CopyTo or Store to the JIT). The last partial vector is
    // padded with a value the function maps to a finite result.
    internal static unsafe void Apply<TFunction>(ReadOnlySpan<float> x, Span<float> destination, float pad)
        where TFunction : IVector8Function
    {
        fixed (float* px = x, pd = destination)
        {
            int i = 0;
            for (; i <= x.Length - 8; i += 8) Avx.Store(pd + i, TFunction.Apply(Avx.LoadVector256(px + i)));
            if (i < x.Length)
            {
                float* tail = stackalloc float[8];
                for (int t = 0; t < 8; t++) tail[t] = i + t < x.Length ? px[i + t] : pad;
                Avx.Store(tail, TFunction.Apply(Avx.LoadVector256(tail)));
                for (int t = 0; i + t < x.Length; t++) pd[i + t] = tail[t];
            }
        }
    }
}
