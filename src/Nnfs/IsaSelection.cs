using System.Runtime.Intrinsics;

namespace Nnfs;

/// <summary>
/// The one place where the process's instruction-set tier is decided: what the processor accelerates, and the
/// <c>NNFS_ISA</c> switch read once at start-up.
/// </summary>
/// <remarks>
/// Detection, widest first: <see cref="IsaTier.Vector512"/> when <see cref="Vector512.IsHardwareAccelerated"/>
/// (which the runtime's <c>DOTNET_EnableAVX512=0</c> turns off), <see cref="IsaTier.Vector256"/> when
/// <see cref="Vector256.IsHardwareAccelerated"/> (on x86 also FMA, which every AVX2 processor has),
/// <see cref="IsaTier.Vector128"/> when <see cref="Vector128.IsHardwareAccelerated"/> and the processor fuses
/// multiply-adds (ARM64 NEON, x86 SSE with FMA), <see cref="IsaTier.Vector128Unfused"/> when it accelerates
/// <see cref="Vector128"/> but has no fused multiply-add (WebAssembly SIMD, x86 SSE without FMA: there
/// <c>Vector128.FusedMultiplyAdd</c> is computed lane by lane in software), else <see cref="IsaTier.Scalar"/>.
/// <c>NNFS_ISA</c>: <c>avx512</c>, <c>avx2</c>, <c>v128</c>, <c>v128-unfused</c>, <c>scalar</c> (case-insensitive),
/// or empty/unset/<c>auto</c> for the detected tier.
/// </remarks>
internal static class IsaSelection
{
    /// <summary>The environment variable that forces a tier.</summary>
    public const string Variable = "NNFS_ISA";

    /// <summary>The widest tier this processor accelerates.</summary>
    public static IsaTier Hardware { get; } = Detect();

    // After Hardware: static initializers run in the order written, and Parse reads Hardware.
    private static readonly (IsaTier Tier, string? Invalid) s_fromEnvironment = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The process's tier: <c>NNFS_ISA</c>'s, else <see cref="Hardware"/>.</summary>
    /// <exception cref="IsaSettingException"><c>NNFS_ISA</c> names no tier.</exception>
    public static IsaTier Process =>
        s_fromEnvironment.Invalid is { } invalid ? throw new IsaSettingException(invalid) : s_fromEnvironment.Tier;

    /// <summary><see cref="Process"/>, or null where <c>NNFS_ISA</c> names no tier.</summary>
    public static IsaTier? ProcessIfValid => s_fromEnvironment.Invalid is null ? s_fromEnvironment.Tier : null;

    /// <summary>The tier a value of <c>NNFS_ISA</c> asks for (<see cref="Hardware"/> for null, empty or
    /// <c>auto</c>), or the value itself as <c>Invalid</c> when it names none.</summary>
    internal static (IsaTier Tier, string? Invalid) Parse(string? value) =>
        (value ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "auto" => (Hardware, null),
            "avx512" => (IsaTier.Vector512, null),
            "avx2" => (IsaTier.Vector256, null),
            "v128" => (IsaTier.Vector128, null),
            "v128-unfused" => (IsaTier.Vector128Unfused, null),
            "scalar" => (IsaTier.Scalar, null),
            _ => (Hardware, value),
        };

    /// <summary>The name <c>NNFS_ISA</c> takes for <paramref name="tier"/>.</summary>
    public static string Name(IsaTier tier) => tier switch
    {
        IsaTier.Vector512 => "avx512",
        IsaTier.Vector256 => "avx2",
        IsaTier.Vector128 => "v128",
        IsaTier.Vector128Unfused => "v128-unfused",
        _ => "scalar",
    };

    private static IsaTier Detect()
    {
        if (Vector512.IsHardwareAccelerated) return IsaTier.Vector512;
        if (Vector256.IsHardwareAccelerated && (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || System.Runtime.Intrinsics.X86.Fma.IsSupported))
            return IsaTier.Vector256;
        if (Vector128.IsHardwareAccelerated) return FusesMultiplyAdds ? IsaTier.Vector128 : IsaTier.Vector128Unfused;
        return IsaTier.Scalar;
    }

    /// <summary>Whether the processor has a fused multiply-add for 128-bit vectors (ARM64's FMLA, x86's FMA): not
    /// WebAssembly SIMD, not x86 without FMA.</summary>
    internal static bool FusesMultiplyAdds => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>Whether <paramref name="tier"/> runs vectors (every tier but <see cref="IsaTier.Scalar"/>).</summary>
    internal static bool HasVectors(IsaTier tier) => tier != IsaTier.Scalar;

    /// <summary>Whether <paramref name="tier"/> is a 256- or 512-bit tier (fused, as every tier but
    /// <see cref="IsaTier.Vector128Unfused"/>).</summary>
    internal static bool IsWide(IsaTier tier) => tier is IsaTier.Vector256 or IsaTier.Vector512;
}
