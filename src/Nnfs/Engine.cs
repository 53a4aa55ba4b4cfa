using Nnfs.Randomness;

namespace Nnfs;

/// <summary>Which arithmetic the library uses for products, exponentials and reductions.</summary>
public enum NumericPath
{
    /// <summary>
    /// float32 SIMD with FMA, multithreaded, for real training. Results are identical from run to run and whatever
    /// the thread count, but differ from NumPy in the last bits.
    /// </summary>
    Fast,

    /// <summary>
    /// The arithmetic of the book under <c>nnfs.init()</c>: every dot product accumulated in double and rounded once
    /// to float32, glibc's <c>expf</c>/<c>logf</c> (managed, on every system), NumPy's summation orders. Reproduces the book's numbers.
    /// </summary>
    Exact,
}

/// <summary>
/// Process-wide settings: the numeric path, the thread count, the instruction-set tier and the book's
/// <c>nnfs.init()</c>.
/// </summary>
/// <remarks>
/// Settings made with <see cref="Path"/> and <see cref="Threads"/> apply to the current asynchronous flow
/// (an <see cref="AsyncLocal{T}"/>), falling back to the process defaults, so tests and concurrent callers do not
/// see each other's choices. Defaults: <see cref="NumericPath.Fast"/> and <see cref="Environment.ProcessorCount"/>.
/// </remarks>
public static class Engine
{
    private static readonly AsyncLocal<NumericPath?> s_path = new();
    private static readonly AsyncLocal<int?> s_threads = new();
    private static readonly AsyncLocal<IsaTier?> s_tier = new();

    /// <summary>
    /// The instruction-set tier the fast kernels run in: the widest the processor accelerates, unless the
    /// <c>NNFS_ISA</c> environment variable (<c>avx512</c>, <c>avx2</c>, <c>v128</c>, <c>v128-unfused</c>, <c>scalar</c>, or <c>auto</c>),
    /// read once at start-up, names another.
    /// </summary>
    /// <remarks>
    /// A tier the processor lacks runs correctly but emulated (slowly). Results depend only on the tier, never on the
    /// thread count or the machine's cache sizes; the exact path gives the same bits on every tier.
    /// </remarks>
    /// <exception cref="IsaSettingException"><c>NNFS_ISA</c> names no tier.</exception>
    public static IsaTier Tier => s_tier.Value ?? IsaSelection.Process;

    /// <summary>The tier of the current flow, or null where <c>NNFS_ISA</c> names none (for callers that must not
    /// throw; the kernels report the setting).</summary>
    internal static IsaTier? TierIfValid => s_tier.Value ?? IsaSelection.ProcessIfValid;

    /// <summary>The widest tier this processor accelerates (what <see cref="Tier"/> is without <c>NNFS_ISA</c>).</summary>
    public static IsaTier HardwareTier => IsaSelection.Hardware;

    /// <summary>The numeric path for the current flow. Default <see cref="NumericPath.Fast"/>.</summary>
    public static NumericPath Path
    {
        get => s_path.Value ?? NumericPath.Fast;
        set => s_path.Value = value;
    }

    /// <summary>The number of threads kernels may use (at least 1). Default: the processor count.</summary>
    public static int Threads
    {
        get => s_threads.Value ?? Environment.ProcessorCount;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "threads must be >= 1");
            s_threads.Value = value;
        }
    }

    /// <summary>
    /// The book's <c>nnfs.init()</c>: selects <see cref="NumericPath.Exact"/> and re-seeds the global generator
    /// <see cref="RandomState.Global"/> with <paramref name="seed"/> (default 0), clearing its cached Gaussian.
    /// </summary>
    public static void Init(uint seed = 0)
    {
        Path = NumericPath.Exact;
        RandomState.Global.Seed(seed);
    }

    /// <summary>Runs with a given path until the returned scope is disposed.</summary>
    public static IDisposable UsePath(NumericPath path)
    {
        var previous = s_path.Value;
        s_path.Value = path;
        return new Restore(() => s_path.Value = previous);
    }

    /// <summary>Runs the fast kernels in <paramref name="tier"/> for the current flow until the returned scope is
    /// disposed (tests run every tier in one process this way).</summary>
    internal static IDisposable UseTier(IsaTier tier)
    {
        var previous = s_tier.Value;
        s_tier.Value = tier;
        return new Restore(() => s_tier.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        private Action? _undo = undo;
        public void Dispose() { _undo?.Invoke(); _undo = null; }
    }
}
