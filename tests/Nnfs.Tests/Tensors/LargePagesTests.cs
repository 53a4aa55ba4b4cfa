using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nnfs.Tests.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Tests.Tensors;

public class LargePagesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData((4 << 20) - 1)]
    public void SmallArraysAreOrdinaryZeroedArrays(int length)
    {
        var array = LargePages.Allocate<byte>(length);
        Assert.Equal(length, array.Length);
        Assert.Equal(-1, array.AsSpan().IndexOfAnyExcept((byte)0));
    }

    [Theory]
    [InlineData(4 << 20)]
    [InlineData((5 << 20) + 12345)]
    [InlineData(47_040_000)]
    public void LargeByteArraysHoldWhatIsWritten(int length)
    {
        var array = LargePages.Allocate<byte>(length);
        Assert.Equal(length, array.Length);
        for (int i = 0; i < array.Length; i++) array[i] = (byte)(i * 7 + (i >> 13));
        for (int i = 0; i < array.Length; i++)
            if (array[i] != (byte)(i * 7 + (i >> 13))) Assert.Fail($"element {i} is {array[i]}");
    }

    [Fact]
    public void LargeFloatArraysHoldWhatIsWritten()
    {
        var array = LargePages.Allocate<float>(3 << 20);
        Assert.Equal(3 << 20, array.Length);
        for (int i = 0; i < array.Length; i++) array[i] = i * 0.5f;
        for (int i = 0; i < array.Length; i++)
            if (array[i] != i * 0.5f) Assert.Fail($"element {i} is {array[i]}");
    }

    [Fact]
    public void NegativeLengthIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LargePages.Allocate<byte>(-1));

    [Fact]
    public void AdviceIsAvailableWhereGlibcIs() => Assert.Equal(GlibcReference.IsLoaded, LargePages.CanAdvise);

    [Fact]
    public unsafe void LargeArraysAreAdvisedForHugePagesOnLinux()
    {
        if (!LargePages.CanAdvise || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")) return;
        var array = LargePages.Allocate<byte>(12 << 20);
        array.AsSpan().Fill(1);
        ulong start = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        ulong middle = start + (6 << 20);
        Assert.Contains("hg", VmFlags(middle));
    }

    /// <summary>The VmFlags of the mapping of this process that contains <paramref name="address"/>.</summary>
    private static string[] VmFlags(ulong address)
    {
        bool inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, null, out ulong from)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, null, out ulong to))
                inside = from <= address && address < to;
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        throw new InvalidOperationException($"no mapping of /proc/self/smaps contains 0x{address:x}");
    }
}
