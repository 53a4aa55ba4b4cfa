namespace Nnfs.Kernels;

/// <summary>The gradient of a parameter's L1 and L2 penalties (the book's chapter 14), added to its loss gradient.</summary>
internal static class RegularizationGradient
{
    /// <summary>
    /// Adds <c>λ₁·sign'(p)</c> with sign'(0) = +1 (the book's <c>dL1 = ones_like(p); dL1[p &lt; 0] = -1</c>) when
    /// <paramref name="l1"/> &gt; 0, then <c>2λ₂·p</c> when <paramref name="l2"/> &gt; 0, to <paramref name="gradient"/>.
    /// </summary>
    /// <remarks>float32 arithmetic; <c>2λ₂</c> is the Python scalar rounded to float32 (exactly <c>2·(float)λ₂</c>).</remarks>
    public static void Add(Span<float> gradient, ReadOnlySpan<float> values, float l1, float l2)
    {
        if (l1 > 0)
            for (int i = 0; i < gradient.Length; i++) gradient[i] += values[i] < 0 ? -l1 : l1;
        if (l2 > 0)
        {
            float twice = 2 * l2;
            for (int i = 0; i < gradient.Length; i++) gradient[i] += twice * values[i];
        }
    }
}
