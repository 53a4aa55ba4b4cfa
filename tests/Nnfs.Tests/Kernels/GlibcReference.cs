using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Tests.Kernels;

/// <summary>
/// The machine's glibc <c>expf</c>/<c>logf</c> (through <c>libm.so.6</c>), the reference the managed
/// <see cref="Nnfs.Kernels.GlibcExpf"/>/<see cref="Nnfs.Kernels.GlibcLogf"/> are compared with.
/// </summary>
internal static unsafe class GlibcReference
{
    /// <summary>glibc's <c>expf</c>, or null when <c>libm.so.6</c> is not loadable.</summary>
    public static readonly delegate* unmanaged[SuppressGCTransition]<float, float> Expf;

    /// <summary>glibc's <c>logf</c>, or null when <c>libm.so.6</c> is not loadable.</summary>
    public static readonly delegate* unmanaged[SuppressGCTransition]<float, float> Logf;

    /// <summary>True when <c>libm.so.6</c> was loaded (Linux with glibc).</summary>
    public static bool IsLoaded => Expf != null;

    /// <summary>Null when the comparison applies here; otherwise why it does not.</summary>
    public static readonly string? Unavailable;

#pragma warning disable CA1810 // looked up once, here
    static GlibcReference()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libm.so.6", out var libm)
            || !NativeLibrary.TryGetExport(libm, "expf", out var exp) || !NativeLibrary.TryGetExport(libm, "logf", out var log))
        {
            Unavailable = "libm.so.6 with expf/logf is not loadable here (not Linux with glibc)";
            return;
        }
        Expf = (delegate* unmanaged[SuppressGCTransition]<float, float>)exp;
        Logf = (delegate* unmanaged[SuppressGCTransition]<float, float>)log;
        var version = GlibcVersion();
        if (version is null || version < new Version(2, 28))
            Unavailable = $"glibc {version?.ToString() ?? "(version unknown)"} predates 2.28, whose expf/logf the managed ones reproduce";
        else if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Fma.IsSupported || !Avx2.IsSupported)
            Unavailable = "glibc dispatches to its FMA build only on x86-64 with FMA and AVX2; the managed functions reproduce that build";
    }
#pragma warning restore CA1810

    private static Version? GlibcVersion()
    {
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out var get))
            return null;
        string? text = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)get)());
        return Version.TryParse(text, out var version) ? version : null;
    }
}
