using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// The float32 <c>exp</c> and <c>log</c> of the exact path: glibc's <c>expf</c>/<c>logf</c>, which NumPy's float32
/// <c>np.exp</c>/<c>np.log</c> call on Linux, reproduced bit for bit in managed code (docs/numerics.md, "exp and log").
/// </summary>
/// <remarks>
/// glibc's functions are not correctly rounded: a few arguments in 10,000 (for <c>log</c>, about 1 in 100 near 1) come
/// out one ulp away from <c>(float)Math.Exp(x)</c>, enough to change a long training run. <see cref="GlibcExpf"/> and
/// <see cref="GlibcLogf"/> follow glibc's algorithm step for step, so the exact path gives NumPy's numbers on every
/// operating system (Windows, macOS, musl, WebAssembly) without calling any native library. They reproduce the build
/// glibc dispatches to on x86-64 processors with FMA and AVX2 (Intel's since 2013, AMD's since 2015), whose results
/// differ from the plain SSE2 build for two arguments of <c>expf</c> and none of <c>logf</c> (docs/numerics.md).
/// </remarks>
internal static class LibM
{
    /// <summary><c>expf(x)</c>, glibc's result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => GlibcExpf.Exp(x);

    /// <summary><c>logf(x)</c>, glibc's result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x) => GlibcLogf.Log(x);
}
