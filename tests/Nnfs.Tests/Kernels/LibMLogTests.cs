using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

/// <summary>LibM.Log (glibc's logf, managed) against np.log in the libm environment (Golden/numpy_log/make_golden.py regenerates log.bin).</summary>
public class LibMLogTests
{
    [Fact]
    public void EqualsNumPyBitForBit()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "numpy_log", "log.bin"));
        var pairs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes);
        Assert.Equal(400000, pairs.Length);
        int roundedDiffers = 0, mismatches = 0;
        string first = "";
        for (int i = 0; i < pairs.Length; i += 2)
        {
            float x = pairs[i], expected = pairs[i + 1], actual = LibM.Log(x);
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual) && !(float.IsNaN(expected) && float.IsNaN(actual)))
            {
                if (mismatches++ == 0) first = $"log({x:R}) [{BitConverter.SingleToInt32Bits(x):x8}]: NumPy {expected:R}, LibM {actual:R}";
            }
            if (float.IsFinite(expected) && (float)Math.Log(x) != expected) roundedDiffers++;
        }
        Assert.True(mismatches == 0, $"{mismatches} mismatches; first: {first}");
        // The reason this kernel exists: correctly rounded log differs from NumPy's on some arguments.
        Assert.True(roundedDiffers > 0);
    }
}
