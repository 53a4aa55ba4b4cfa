using System.Numerics;
using System.Runtime.InteropServices;

namespace Nnfs.Kernels;

/// <summary>The element-wise loops of the rectified linear unit: its forward <c>max(0, x)</c> and its backward mask.</summary>
internal static class Rectifier
{
    /// <summary><c>output[i] = x[i] ≤ 0 ? +0 : x[i]</c>, vectorised: exactly <c>TensorPrimitives.Max(x, 0)</c>
    /// (NaN kept, −0 → +0) without its general NaN and signed-zero handling.</summary>
    public static void Rectify(ReadOnlySpan<float> x, Span<float> output)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
        int vectors = Math.Min(vx.Length, vo.Length);
        for (int i = 0; i < vectors; i++)
            vo[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(vx[i], Vector<float>.Zero), Vector<float>.Zero, vx[i]);
        for (int i = vectors * Vector<float>.Count; i < x.Length; i++) output[i] = x[i] <= 0 ? 0f : x[i];
    }

    /// <summary><c>dinputs[i] = x[i] ≤ 0 ? 0 : d[i]</c> (a NaN input passes the gradient, as the book's
    /// <c>dinputs[inputs &lt;= 0] = 0</c>), vectorised; identical to the scalar loop on both paths.</summary>
    public static void Mask(ReadOnlySpan<float> x, ReadOnlySpan<float> d, Span<float> dinputs)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vd = MemoryMarshal.Cast<float, Vector<float>>(d);
        var vo = MemoryMarshal.Cast<float, Vector<float>>(dinputs);
        int vectors = Math.Min(vx.Length, Math.Min(vd.Length, vo.Length));
        for (int i = 0; i < vectors; i++)
            vo[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(vx[i], Vector<float>.Zero), Vector<float>.Zero, vd[i]);
        for (int i = vectors * Vector<float>.Count; i < d.Length; i++) dinputs[i] = x[i] <= 0 ? 0f : d[i];
    }
}
