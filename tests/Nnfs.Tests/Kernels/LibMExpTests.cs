using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

/// <summary>LibM.Exp (glibc's expf, managed) against np.exp in the libm environment (Golden/numpy_exp/make_golden.py regenerates exp.bin).</summary>
public class LibMExpTests
{
    [Fact]
    public void EqualsNumPyBitForBit()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "numpy_exp", "exp.bin"));
        var pairs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes);
        Assert.Equal(400000, pairs.Length);
        int roundedDiffers = 0;
        for (int i = 0; i < pairs.Length; i += 2)
        {
            float x = pairs[i], expected = pairs[i + 1], actual = LibM.Exp(x);
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual) && !(float.IsNaN(expected) && float.IsNaN(actual)))
                Assert.Fail($"exp({x:R}) [{BitConverter.SingleToInt32Bits(x):x8}]: NumPy {expected:R}, LibM {actual:R}");
            if (float.IsFinite(x) && (float)Math.Exp(x) != expected) roundedDiffers++;
        }
        // Why the exact path needs glibc itself: correctly rounded exp differs from NumPy's on some arguments.
        Assert.True(roundedDiffers > 0);
    }
}
