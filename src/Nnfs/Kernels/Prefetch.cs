using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// Software prefetch of a row that is about to be read: gathering a batch of randomly chosen rows from a data set
/// far larger than the caches waits on memory once per row, because the hardware prefetcher cannot guess the next
/// row; asking for row i + <see cref="Distance"/> while copying row i overlaps those waits.
/// </summary>
/// <remarks>A hint only: it never changes a value, and does nothing where the processor has no prefetch
/// instruction exposed to .NET (non-x86).</remarks>
internal static class Prefetch
{
    /// <summary>How many rows ahead a gather asks for (measured best at 2–4 for 784-pixel rows).</summary>
    public const int Distance = 3;

    /// <summary>Asks for every 64-byte line of <paramref name="row"/> to be brought into the caches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Row<T>(ReadOnlySpan<T> row) where T : unmanaged
    {
        if (!Sse.IsSupported || row.IsEmpty) return;
        fixed (T* start = &MemoryMarshal.GetReference(row))
        {
            byte* p = (byte*)start;
            long bytes = (long)row.Length * sizeof(T);
            for (long offset = 0; offset < bytes; offset += 64) Sse.Prefetch0(p + offset);
            Sse.Prefetch0(p + bytes - 1);
        }
    }
}
