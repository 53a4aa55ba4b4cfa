using System.Globalization;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// The processor's level-2 cache size, read once at start-up, from which <see cref="MatMulFast"/> sizes its row and
/// column blocks (never its blocks along k, which would change the order of additions).
/// </summary>
/// <remarks>
/// Linux: <c>/sys/devices/system/cpu/cpu0/cache/index*/</c> (<c>level</c> 2, <c>type</c> Unified or Data,
/// <c>size</c> such as <c>1024K</c>); where that folder is missing (some virtual machines), on x86 the size CPUID leaf
/// 0x80000006 reports (ECX bits 31–16, KiB; AMD and Intel). Elsewhere, and in the browser (no probing there), none:
/// the kernels keep their fixed defaults.
/// </remarks>
internal static class CacheSizes
{
    /// <summary>The level-2 cache of cpu0 in bytes, or null when it could not be read.</summary>
    public static long? L2Bytes { get; } = Detect();

    private static long? Detect()
    {
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsWasi()) return null;
        return FromSysfs("/sys/devices/system/cpu/cpu0/cache") ?? FromCpuid();
    }

    /// <summary>The level-2 size listed under <paramref name="directory"/> (a sysfs <c>cache</c> folder), or null.</summary>
    internal static long? FromSysfs(string directory)
    {
        try
        {
            if (!Directory.Exists(directory)) return null;
            foreach (var index in Directory.EnumerateDirectories(directory, "index*").Order(StringComparer.Ordinal))
            {
                string level = Read(Path.Combine(index, "level")), type = Read(Path.Combine(index, "type"));
                if (level == "2" && type is "Unified" or "Data") return ParseSize(Read(Path.Combine(index, "size")));
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";

    /// <summary>A sysfs size (<c>512K</c>, <c>2M</c>, or bytes) in bytes; null if it is not one.</summary>
    internal static long? ParseSize(string text)
    {
        text = text.Trim();
        long unit = 1;
        if (text.EndsWith('K')) unit = 1024;
        else if (text.EndsWith('M')) unit = 1024 * 1024;
        if (unit > 1) text = text[..^1];
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0 && value <= (1L << 40) / unit
            ? value * unit : null;
    }

    private static long? FromCpuid()
    {
        if (!X86Base.IsSupported) return null;
        var (maxExtended, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
        if ((uint)maxExtended < 0x80000006) return null;
        var (_, _, ecx, _) = X86Base.CpuId(unchecked((int)0x80000006), 0);
        long kib = (uint)ecx >> 16;
        return kib > 0 ? kib * 1024 : null;
    }
}
