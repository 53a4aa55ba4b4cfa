using System.Runtime.InteropServices;

namespace Nnfs.Kernels;

/// <summary>
/// The C library's float32 <c>expf</c> and <c>logf</c>, which NumPy's float32 <c>np.exp</c>/<c>np.log</c> call in the
/// spec's "libm environment" (NNFS-SPEC §0).
/// </summary>
/// <remarks>
/// glibc's <c>expf</c> and <c>logf</c> are not correctly rounded: a few arguments in 10,000 (for <c>log</c>, about 1 in
/// 100 near 1) come out one ulp away from <c>(float)Math.Exp(x)</c>, enough to change a long training run. Rather than
/// re-implementing glibc, the exact path calls the very functions NumPy calls, through <c>libm.so.6</c>. Where that
/// library is not present (Windows, macOS, musl) it falls back to the correctly rounded
/// <c>(float)Math.Exp(x)</c>/<c>(float)Math.Log(x)</c>, which agree with glibc except in those rare last-bit cases;
/// <see cref="IsGlibc"/> tells which is in use.
/// </remarks>
internal static unsafe class LibM
{
    private static readonly delegate* unmanaged[SuppressGCTransition]<float, float> s_expf;
    private static readonly delegate* unmanaged[SuppressGCTransition]<float, float> s_logf;

#pragma warning disable CA1810 // the pointers are looked up once, here
    static LibM()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libm.so.6", out var handle)) return;
        if (NativeLibrary.TryGetExport(handle, "expf", out var exp) && NativeLibrary.TryGetExport(handle, "logf", out var log))
        {
            s_expf = (delegate* unmanaged[SuppressGCTransition]<float, float>)exp;
            s_logf = (delegate* unmanaged[SuppressGCTransition]<float, float>)log;
        }
    }
#pragma warning restore CA1810

    /// <summary>True when glibc's functions are used (NumPy's results bit for bit).</summary>
    public static bool IsGlibc => s_expf != null;

    /// <summary><c>expf(x)</c>.</summary>
    public static float Exp(float x) => s_expf != null ? s_expf(x) : (float)Math.Exp(x);

    /// <summary><c>logf(x)</c>.</summary>
    public static float Log(float x) => s_logf != null ? s_logf(x) : (float)Math.Log(x);
}
