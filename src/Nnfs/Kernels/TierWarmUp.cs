using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// Compiles the kernels of the running tier on a background thread while an image data set loads, so that the first
/// training steps do not wait for the JIT.
/// </summary>
/// <remarks>
/// <para>Why: the 512-bit tier's kernels cannot be in the tool's ReadyToRun image (it is compiled for x86-64-v3, which
/// every x64 processor with AVX2 must be able to load, and crossgen2 leaves any code with <c>Vector512</c> to the JIT),
/// and a program that does not precompile the library at all JIT-compiles every kernel at its first call.</para>
/// <para>When: started when an IDX image file is read (<see cref="Datasets.IdxFile"/>): loading Fashion-MNIST takes
/// far longer than compiling the kernels, so they are ready before the first step and the training thread never
/// waits for the warm-up. Not started where the first kernel call follows at once (building a model, the spiral's
/// few points, a prediction): there the training thread would find the warm-up compiling the kernel it needs and wait
/// for it, which on a busy machine (a descheduled warm-up thread) measured slower than compiling it itself, and a
/// prediction needs only two of the kernels.</para>
/// <para>What: <see cref="Methods"/>, every method marked <see cref="TierKernelAttribute"/>, instantiated for the
/// tier, and the product kernels of <see cref="MatMulMicroKernel.Table"/> for the tier (<see cref="ProductKernels"/>).
/// Each is prepared with <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/>, which compiles it as its
/// first call would (the same code, so results cannot change) or takes the precompiled code where there is some.</para>
/// <para>Not at all: twice for a tier in a process; in the browser, under Native AOT or an interpreter (nothing to
/// compile); on one processor (no core to overlap with); with <c>NNFS_WARMUP=0</c>. The thread is a background thread
/// (it never keeps the process alive) and nobody waits for it. A failure stops the warm-up silently: it only moves
/// work earlier, and the kernels compile at their first call as they would without it.</para>
/// </remarks>
internal static class TierWarmUp
{
    /// <summary>The environment variable that turns the warm-up off (<c>0</c>).</summary>
    public const string Variable = "NNFS_WARMUP";

    private static readonly bool s_switchedOff = Environment.GetEnvironmentVariable(Variable)?.Trim() == "0";
    private static int s_started;

    /// <summary>Whether this process warms up at all (see the remarks).</summary>
    public static bool Enabled =>
        !s_switchedOff && !OperatingSystem.IsBrowser() && RuntimeFeature.IsDynamicCodeCompiled && Environment.ProcessorCount > 1;

    /// <summary>Starts the warm-up of the current flow's tier (<see cref="Engine.Tier"/>) on a background thread,
    /// unless it has started before or is not <see cref="Enabled"/>; returns the thread, or null. Never throws (an
    /// invalid <c>NNFS_ISA</c> is left to the kernels to report).</summary>
    public static Thread? Start()
    {
        if (!Enabled || !RuntimeFeature.IsDynamicCodeSupported || Engine.TierIfValid is not { } tier) return null;
        int bit = 1 << (int)tier;
        if ((Interlocked.Or(ref s_started, bit) & bit) != 0) return null;
        var thread = NewThread(tier);
        thread.UnsafeStart();
        return thread;
    }

    /// <summary>The warm-up's thread for <paramref name="tier"/>, not started: a background thread, so that it never
    /// keeps the process alive.</summary>
    internal static Thread NewThread(IsaTier tier) => new(() => Prepare(tier)) { IsBackground = true, Name = "nnfs kernel warm-up" };

    /// <summary>Prepares <see cref="Methods"/> of <paramref name="tier"/> on the calling thread; false if one failed
    /// (the rest are then skipped).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection over the library's own kernels; a kernel trimmed away is never called, so there is nothing to prepare.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called where dynamic code is supported (Start checks RuntimeFeature.IsDynamicCodeSupported).")]
    internal static bool Prepare(IsaTier tier)
    {
        try
        {
            foreach (var method in Methods(tier)) RuntimeHelpers.PrepareMethod(method.MethodHandle);
            return true;
        }
        catch (Exception)
        {
            // Only an optimisation, on a thread nobody waits for: an exception here must not end the process.
            return false;
        }
    }

    /// <summary>The methods the kernels of <paramref name="tier"/> call: the marked kernels (small, and called by
    /// every network), then the product kernels (<see cref="ProductKernels"/>).</summary>
    [RequiresUnreferencedCode("Finds the kernels by reflection.")]
    [RequiresDynamicCode("Instantiates generic kernels.")]
    internal static IReadOnlyList<MethodInfo> Methods(IsaTier tier)
    {
        var list = new List<MethodInfo>();
        var lanes = LanesOf(tier);
        var types = typeof(TierWarmUp).Assembly.GetTypes();
        foreach (var type in types)
            foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!method.IsDefined(typeof(TierKernelAttribute), false)) continue;
                if (method.GetCustomAttribute<TierKernelAttribute>()!.Tier is { } only)
                {
                    if (only == tier) list.Add(method);
                    continue;
                }
                foreach (var arguments in Instantiations(method.GetGenericArguments(), lanes, types))
                    list.Add(method.MakeGenericMethod(arguments));
            }
        list.AddRange(ProductKernels(tier));
        return list;
    }

    /// <summary>The entries of <see cref="MatMulMicroKernel.Table"/> for <paramref name="tier"/>, depth-major then
    /// row-major, each in index order (<see cref="MatMulMicroKernel.Index"/>: rows 1…<see cref="MatMulMicroKernel.TileRows"/>,
    /// narrow then wide).</summary>
    [RequiresUnreferencedCode("Finds the kernels by reflection.")]
    [RequiresDynamicCode("Instantiates generic kernels.")]
    internal static IEnumerable<MethodInfo> ProductKernels(IsaTier tier)
    {
        Type[] rows = [typeof(K1), typeof(K2), typeof(K3), typeof(K4), typeof(K5), typeof(K6),
            typeof(K7), typeof(K8), typeof(K9), typeof(K10), typeof(K11), typeof(K12)];
        const BindingFlags Flags = BindingFlags.Static | BindingFlags.Public;
        int tileRows = MatMulMicroKernel.TileRows(tier);
        foreach (var sliver in new[] { typeof(DepthMajor), typeof(RowMajor) })
            for (int index = 2; index < 2 * tileRows + 2; index++)
            {
                var r = rows[index / 2 - 1];
                bool wide = index % 2 == 1;
                yield return tier switch
                {
                    IsaTier.Vector512 => typeof(MatMulTile512).GetMethod(nameof(MatMulTile512.Run), Flags)!
                        .MakeGenericMethod(sliver, r, wide ? typeof(K2) : typeof(K1)),
                    IsaTier.Vector256 => typeof(MatMulMicroKernel).GetMethod(nameof(MatMulMicroKernel.Run), Flags)!
                        .MakeGenericMethod(sliver, r, wide ? typeof(K2) : typeof(K1)),
                    IsaTier.Vector128 or IsaTier.Vector128Unfused => typeof(MatMulTierKernel).GetMethod(nameof(MatMulTierKernel.Run), Flags)!
                        .MakeGenericMethod(sliver, r, LanesOf(tier), wide ? typeof(K4) : typeof(K2)),
                    _ => typeof(MatMulTierKernel).GetMethod(nameof(MatMulTierKernel.RunScalar), Flags)!
                        .MakeGenericMethod(sliver, r, wide ? typeof(K2) : typeof(K1)),
                };
            }
    }

    /// <summary>The lanes type of <paramref name="tier"/>.</summary>
    internal static Type LanesOf(IsaTier tier) => tier switch
    {
        IsaTier.Vector512 => typeof(Lanes512),
        IsaTier.Vector256 => typeof(Lanes256),
        IsaTier.Vector128 => typeof(Lanes128),
        IsaTier.Vector128Unfused => typeof(Lanes128Unfused),
        _ => typeof(Lanes1),
    };

    // Every combination: a lanes parameter takes the tier's lanes, any other parameter each struct meeting its
    // interface constraints.
    private static IEnumerable<Type[]> Instantiations(Type[] parameters, Type lanes, Type[] types)
    {
        IEnumerable<Type[]> result = [[]];
        foreach (var parameter in parameters)
        {
            var constraints = parameter.GetGenericParameterConstraints();
            Type[] choices = constraints.Any(c => c.IsGenericType && c.GetGenericTypeDefinition() == typeof(ILanes<>))
                ? [lanes]
                : types.Where(t => t.IsValueType && !t.IsGenericTypeDefinition && constraints.All(c => c.IsAssignableFrom(t))).ToArray();
            result = result.SelectMany(prefix => choices.Select(choice => (Type[])[.. prefix, choice])).ToList();
        }
        return result;
    }
}
