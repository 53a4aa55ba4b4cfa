namespace Nnfs.Tests.Kernels;

/// <summary>Operands and the double-precision yardstick shared by the matrix-product tests.</summary>
internal static class GemmTestData
{
    /// <summary>Uniform values in [−1, 1): <paramref name="aLength"/> for A, then <paramref name="bLength"/> for B.</summary>
    public static (float[] A, float[] B) Uniform(int aLength, int bLength, int seed)
    {
        var random = new Random(seed);
        var a = new float[aLength];
        var b = new float[bLength];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(random.NextDouble() * 2 - 1);
        return (a, b);
    }

    /// <summary>Element (i, j) of op(A)·op(B) summed in double, with Σ|a·b| for the error bound.</summary>
    public static (double Exact, double Magnitude) DoubleDot(bool transA, bool transB, int m, int n, int k,
        float[] a, float[] b, int i, int j)
    {
        double sum = 0, magnitude = 0;
        for (int p = 0; p < k; p++)
        {
            double x = transA ? a[p * m + i] : a[i * k + p];
            double y = transB ? b[j * k + p] : b[p * n + j];
            sum += x * y;
            magnitude += Math.Abs(x * y);
        }
        return (sum, magnitude);
    }

    /// <summary><c>a·b + c</c> as <paramref name="tier"/>'s kernels compute it: rounded once, or, in
    /// <see cref="IsaTier.Vector128Unfused"/>, the product rounded and then the sum.</summary>
    public static float MultiplyAdd(IsaTier tier, float a, float b, float c) =>
        tier == IsaTier.Vector128Unfused ? a * b + c : MathF.FusedMultiplyAdd(a, b, c);

    /// <summary>The vector tiers.</summary>
    public static readonly IsaTier[] VectorTiers = [IsaTier.Vector512, IsaTier.Vector256, IsaTier.Vector128, IsaTier.Vector128Unfused];

    /// <summary>An array of <paramref name="length"/> copies of <paramref name="value"/>.</summary>
    public static float[] Filled(int length, float value)
    {
        var array = new float[length];
        Array.Fill(array, value);
        return array;
    }
}
