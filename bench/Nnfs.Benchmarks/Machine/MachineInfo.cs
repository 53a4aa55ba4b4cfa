using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Machine;

/// <summary>What the report says about the machine and the software it measured.</summary>
internal static class MachineInfo
{
    /// <summary>The CPU model from <c>/proc/cpuinfo</c> with its family and model numbers when given, or the architecture.</summary>
    public static string Cpu()
    {
        try
        {
            string? name = null, family = null, model = null;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.Length == 0) break;
                int colon = line.IndexOf(':');
                if (colon < 0) continue;
                string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                if (key == "model name") name = value;
                else if (key == "cpu family") family = value;
                else if (key == "model") model = value;
            }
            if (name is not null) return family is null ? name : $"{name} (family {family}, model {model ?? "?"})";
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The processor's vector instruction-set flags from <c>/proc/cpuinfo</c> (see <see cref="IsaFlags(string)"/>), or null.</summary>
    public static string? IsaFlags()
    {
        try { return IsaFlags(File.ReadAllText("/proc/cpuinfo")); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// The vector instruction-set flags of the first processor in <paramref name="cpuinfo"/> (the x86 <c>flags</c>
    /// line or the ARM <c>Features</c> line), in their order: SSE4, AVX, AVX2, FMA, F16C, every AVX-512 and AMX flag,
    /// AVX-VNNI; NEON (<c>asimd…</c>), SVE, I8MM, BF16. Null when there is no such line.
    /// </summary>
    public static string? IsaFlags(string cpuinfo)
    {
        string[] prefixes = ["sse4", "avx", "fma", "f16c", "amx", "asimd", "sve", "i8mm", "bf16"];
        foreach (var line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim();
            if (key != "flags" && key != "Features") continue;
            var kept = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(f => prefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))).ToArray();
            return kept.Length == 0 ? "none" : string.Join(' ', kept);
        }
        return null;
    }

    /// <summary>Which SIMD instruction sets the .NET JIT can use here.</summary>
    public static string Simd()
    {
        var sets = new List<string>();
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) sets.Add("AVX-512F");
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported) sets.Add("AVX2");
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) sets.Add("FMA");
        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) sets.Add("AdvSIMD");
        return sets.Count == 0 ? "none" : string.Join(", ", sets);
    }

    /// <summary>The Nnfs version and, when run from a git checkout, its commit.</summary>
    public static string NnfsVersion()
    {
        var asm = typeof(Nnfs.Tensors.Matrix).Assembly;
        var version = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? asm.GetName().Version?.ToString() ?? "?";
        int plus = version.IndexOf('+');
        if (plus > 0) version = version[..plus];
        var commit = GitCommit();
        return commit is null ? version : $"{version} (git {commit})";
    }

    private static string? GitCommit()
    {
        var root = BenchData.FindUpwards(AppContext.BaseDirectory, "Nnfs.sln", File.Exists)
            ?? BenchData.FindUpwards(Directory.GetCurrentDirectory(), "Nnfs.sln", File.Exists);
        if (root is null) return null;
        try
        {
            var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-C", Path.GetDirectoryName(root)!, "log", "-1", "--format=%h %cd", "--date=format:%Y-%m-%d %H:%M" })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null) return null;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
