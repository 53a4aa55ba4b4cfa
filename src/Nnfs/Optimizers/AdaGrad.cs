using System.Numerics;
using System.Runtime.InteropServices;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;

namespace Nnfs.Optimizers;

/// <summary>Adaptive gradient (the book's <c>Optimizer_Adagrad</c>): a per-parameter learning rate.</summary>
/// <remarks>
/// <para>For each parameter p with gradient g and learning rate lr (after decay), with the cache c
/// (slot <see cref="Optimizer.CacheSlot"/>, starting at zero):</para>
/// <para><c>c ← c + g²</c>; <c>p ← p + (−lr·g) / (√c + ε)</c>.</para>
/// <para>Defaults: learning rate 1.0, decay 0, ε = 1e-7.</para>
/// </remarks>
public sealed class AdaGrad : Optimizer, IDescribable
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The initial learning rate, &gt; 0. Default 1.0.</param>
    /// <param name="decay">The inverse-time decay, ≥ 0. Default 0.</param>
    /// <param name="epsilon">ε &gt; 0, added to the root of the cache. Default 1e-7.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public AdaGrad(double learningRate = 1.0, double decay = 0, double epsilon = 1e-7)
        : base(learningRate, decay)
    {
        RequirePositive(epsilon, nameof(epsilon), "epsilon");
        Epsilon = epsilon;
    }

    /// <summary>ε, added to the root of the cache (the book's <c>epsilon</c>).</summary>
    public double Epsilon { get; }

    private protected override StateSlots UsedSlots => StateSlots.Cache;

    private protected override void UpdateExact(Parameter parameter)
    {
        if (parameter.Gradient.IsFloat64)
        {
            UpdateFloat64(parameter);
            return;
        }
        UpdateExact(parameter.Value.Span, parameter.Gradient.Span, default, State(parameter, CacheSlot, out _).Span);
    }

    private protected override void UpdateExact(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> c)
    {
        float negLr = (float)-CurrentLearningRate, eps = (float)Epsilon;
        for (int i = 0; i < p.Length; i++)
        {
            c[i] += g[i] * g[i];
            p[i] += negLr * g[i] / (MathF.Sqrt(c[i]) + eps);
        }
    }

    // The book's update with a float64 gradient: the cache is updated in place and stays float32 (each element
    // rounded after a double addition); the step is float64, the float32 parameter is rounded once.
    private void UpdateFloat64(Parameter parameter)
    {
        var p = parameter.Value.Span;
        var g = PromotedArray.Read(parameter.Gradient);
        var c = State(parameter, CacheSlot, out _).Span;
        double negLr = -CurrentLearningRate;
        float eps = (float)Epsilon;
        for (int i = 0; i < p.Length; i++)
        {
            c[i] = (float)(c[i] + g[i] * g[i]);
            p[i] = (float)(p[i] + g.Times(negLr, i) / (MathF.Sqrt(c[i]) + eps));
        }
    }

    private protected override void UpdateFast(Parameter parameter) =>
        UpdateFast(parameter.Value.Span, parameter.Gradient.Span, default, State(parameter, CacheSlot, out _).Span);

    private protected override void UpdateFast(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> c)
    {
        float negLr = (float)-CurrentLearningRate, eps = (float)Epsilon;
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: FastLoop<Lanes512>(p, g, c, negLr, eps); break;
            case IsaTier.Vector256: FastLoop<Lanes256>(p, g, c, negLr, eps); break;
            case IsaTier.Vector128: FastLoop<Lanes128>(p, g, c, negLr, eps); break;
            case IsaTier.Vector128Unfused: FastLoop<Lanes128Unfused>(p, g, c, negLr, eps); break;
            default: FastLoop<Lanes1>(p, g, c, negLr, eps); break;
        }
    }

    // c' = fma(g, g, c), p' = p + (−lr·g) / (√c' + ε); a vector of the tier's width at a time, then the tail: the
    // same bits in every tier.
    [HotLoop]
    [TierKernel]
    private static unsafe void FastLoop<TL>(Span<float> p, ReadOnlySpan<float> g, Span<float> c, float negLr, float eps)
        where TL : unmanaged, ILanes<TL>
    {
        fixed (float* pp = p, pg = g, pc = c)
        {
            TL vNegLr = TL.Create(negLr), vEps = TL.Create(eps);
            int i = 0;
            for (; i + TL.Count <= p.Length; i += TL.Count)
            {
                var gi = TL.Load(pg + i);
                var ci = TL.MultiplyAdd(gi, gi, TL.Load(pc + i));
                TL.Store(pc + i, ci);
                TL.Store(pp + i, TL.Load(pp + i) + vNegLr * gi / (TL.Sqrt(ci) + vEps));
            }
            for (; i < p.Length; i++)
            {
                float ci = TL.MultiplyAdd(pg[i], pg[i], pc[i]);
                pc[i] = ci;
                pp[i] += negLr * pg[i] / (MathF.Sqrt(ci) + eps);
            }
        }
    }

    /// <summary>The kind <c>adagrad</c> with the schedule, <c>epsilon</c>, and the progress (see
    /// <see cref="Optimizer.Describe(string, Func{Description, Description})"/>).</summary>
    public Description Describe() => Describe("adagrad", d => d.With("epsilon", Epsilon));
}
