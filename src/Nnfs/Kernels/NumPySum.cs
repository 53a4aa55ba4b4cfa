using System.Numerics;

namespace Nnfs.Kernels;

/// <summary>
/// NumPy's float32 and float64 summation orders, needed to reproduce the book's numbers bit for bit.
/// </summary>
/// <remarks>
/// <see cref="Pairwise{T}"/> is NumPy's pairwise sum (block size 128, eight partial sums; docs/numerics.md, "Summation orders"), used for
/// 1-D <c>np.sum</c>/<c>np.mean</c> and for row sums along the last axis of length ≥ 8. Shorter rows are summed
/// left to right from −0.0, then added to the ufunc identity 0.
/// </remarks>
public static class NumPySum
{
    /// <summary>NumPy's <c>np.sum</c> of a float32 vector (or a contiguous row), in float32.</summary>
    public static float Sum(ReadOnlySpan<float> values) => 0f + Pairwise(values);

    /// <summary>NumPy's <c>np.mean</c> of a float32 vector: the pairwise sum divided by the count in float32.</summary>
    public static float Mean(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("mean of an empty vector");
        return (float)((double)Sum(values) / values.Length);
    }

    /// <summary>NumPy's <c>np.sum</c> of a float64 vector: the same pairwise order in double.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

    /// <summary>NumPy's <c>np.mean</c> of a float64 vector: the pairwise sum divided by the count.</summary>
    /// <exception cref="ArgumentException">The vector is empty.</exception>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("mean of an empty vector");
        return Sum(values) / values.Length;
    }

    /// <summary>The pairwise reduction itself (without the final addition of the identity), in the values' own
    /// precision: NumPy uses the same order for float32 and float64.</summary>
    public static T Pairwise<T>(ReadOnlySpan<T> a) where T : IBinaryFloatingPointIeee754<T>
    {
        int n = a.Length;
        if (n < 8)
        {
            T res = T.NegativeZero;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= 128)
        {
            T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            T res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }
}
