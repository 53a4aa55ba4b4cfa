using System.Numerics;
using System.Runtime.InteropServices;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;

namespace Nnfs.Optimizers;

/// <summary>Root mean square propagation (the book's <c>Optimizer_RMSprop</c>).</summary>
/// <remarks>
/// <para>For each parameter p with gradient g and learning rate lr (after decay), with the cache c
/// (slot <see cref="Optimizer.CacheSlot"/>, starting at zero):</para>
/// <para><c>c ← ρ·c + (1 − ρ)·g²</c>; <c>p ← p + (−lr·g) / (√c + ε)</c>.</para>
/// <para>On the fast path (<see cref="Engine.Path"/> = Fast) <c>c ← fma(1 − ρ, g², ρ·c)</c>, and a cache below
/// float32's smallest normal number (1.1754944e-38) is stored as 0; NaN is kept. Otherwise the cache of a weight whose
/// gradient stays 0 decays into the subnormals and, for ρ = 0.9, stays there (0.9·c rounds back to c), and every later
/// update of it takes the processor's slow path for subnormal numbers (as with <see cref="Adam"/>'s cache). The root of
/// such a cache is below 1.1e-19, far under the default ε, so no step changes measurably. The exact path keeps them, as NumPy
/// does.</para>
/// <para>Defaults: learning rate 0.001, decay 0, ε = 1e-7 (as the book and Keras; PyTorch uses 1e-8 and adds
/// it the same way), ρ = 0.9 (PyTorch calls it alpha and defaults to 0.99).</para>
/// </remarks>
public sealed class RmsProp : Optimizer, IDescribable
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The initial learning rate, &gt; 0. Default 0.001.</param>
    /// <param name="decay">The inverse-time decay, ≥ 0. Default 0.</param>
    /// <param name="epsilon">ε &gt; 0, added to the root of the cache. Default 1e-7.</param>
    /// <param name="rho">The cache memory ρ in [0, 1). Default 0.9.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public RmsProp(double learningRate = 0.001, double decay = 0, double epsilon = 1e-7, double rho = 0.9)
        : base(learningRate, decay)
    {
        RequirePositive(epsilon, nameof(epsilon), "epsilon");
        RequireUnitInterval(rho, nameof(rho), "rho");
        Epsilon = epsilon;
        Rho = rho;
    }

    /// <summary>ε, added to the root of the cache (the book's <c>epsilon</c>).</summary>
    public double Epsilon { get; }

    /// <summary>The cache memory ρ (the book's <c>rho</c>).</summary>
    public double Rho { get; }

    private protected override StateSlots UsedSlots => StateSlots.Cache;

    private protected override void UpdateExact(Parameter parameter)
    {
        if (parameter.Gradient.IsFloat64 || State(parameter, CacheSlot, out _).IsFloat64)
        {
            UpdateFloat64(parameter);
            return;
        }
        UpdateExact(parameter.Value.Span, parameter.Gradient.Span, default, State(parameter, CacheSlot, out _).Span);
    }

    private protected override void UpdateExact(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> c)
    {
        float negLr = (float)-CurrentLearningRate, eps = (float)Epsilon, rho = (float)Rho, oneMinusRho = (float)(1 - Rho);
        for (int i = 0; i < p.Length; i++)
        {
            c[i] = rho * c[i] + oneMinusRho * (g[i] * g[i]);
            p[i] += negLr * g[i] / (MathF.Sqrt(c[i]) + eps);
        }
    }

    // The book's update with a float64 gradient (or cache): the cache becomes float64, the step is computed in double
    // and the float32 parameter is rounded once.
    private void UpdateFloat64(Parameter parameter)
    {
        var p = parameter.Value.Span;
        var g = PromotedArray.Read(parameter.Gradient);
        var state = State(parameter, CacheSlot, out _);
        var c = PromotedArray.Promote(state);
        double negLr = -CurrentLearningRate;
        for (int i = 0; i < p.Length; i++)
        {
            c[i] = c.Times(Rho, i) + g.SquareTimes(1 - Rho, i);
            p[i] = (float)(p[i] + g.Times(negLr, i) / (Math.Sqrt(c[i]) + Epsilon));
        }
        state.RoundFloat64();
    }

    private protected override void UpdateFast(Parameter parameter) =>
        UpdateFast(parameter.Value.Span, parameter.Gradient.Span, default, State(parameter, CacheSlot, out _).Span);

    private protected override void UpdateFast(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> c)
    {
        float negLr = (float)-CurrentLearningRate, eps = (float)Epsilon, rho = (float)Rho, oneMinusRho = (float)(1 - Rho);
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: FastLoop<Lanes512>(p, g, c, negLr, eps, rho, oneMinusRho); break;
            case IsaTier.Vector256: FastLoop<Lanes256>(p, g, c, negLr, eps, rho, oneMinusRho); break;
            case IsaTier.Vector128: FastLoop<Lanes128>(p, g, c, negLr, eps, rho, oneMinusRho); break;
            case IsaTier.Vector128Unfused: FastLoop<Lanes128Unfused>(p, g, c, negLr, eps, rho, oneMinusRho); break;
            default: FastLoop<Lanes1>(p, g, c, negLr, eps, rho, oneMinusRho); break;
        }
    }

    // c' = fma(1 − ρ, g·g, ρ·c), 0 below the smallest normal (NaN kept), p' = p + (−lr·g) / (√c' + ε); a vector of
    // the tier's width at a time, then the tail: the same bits in every tier.
    [HotLoop]
    [TierKernel]
    private static unsafe void FastLoop<TL>(Span<float> p, ReadOnlySpan<float> g, Span<float> c, float negLr, float eps,
        float rho, float oneMinusRho) where TL : unmanaged, ILanes<TL>
    {
        fixed (float* pp = p, pg = g, pc = c)
        {
            TL vNegLr = TL.Create(negLr), vEps = TL.Create(eps), vRho = TL.Create(rho), vOneMinusRho = TL.Create(oneMinusRho);
            var vSmallest = TL.Create(SmallestNormal);
            int i = 0;
            for (; i + TL.Count <= p.Length; i += TL.Count)
            {
                var gi = TL.Load(pg + i);
                var ci = TL.MultiplyAdd(vOneMinusRho, gi * gi, vRho * TL.Load(pc + i));
                ci = TL.AndNot(ci, TL.LessThan(TL.Abs(ci), vSmallest));
                TL.Store(pc + i, ci);
                TL.Store(pp + i, TL.Load(pp + i) + vNegLr * gi / (TL.Sqrt(ci) + vEps));
            }
            for (; i < p.Length; i++)
            {
                float ci = TL.MultiplyAdd(oneMinusRho, pg[i] * pg[i], rho * pc[i]);
                if (MathF.Abs(ci) < SmallestNormal) ci = 0f;
                pc[i] = ci;
                pp[i] += negLr * pg[i] / (MathF.Sqrt(ci) + eps);
            }
        }
    }

    /// <summary>The kind <c>rmsprop</c> with the schedule, <c>epsilon</c> and <c>rho</c>, and the progress (see
    /// <see cref="Optimizer.Describe(string, Func{Description, Description})"/>).</summary>
    public Description Describe() => Describe("rmsprop", d => d.With("epsilon", Epsilon).With("rho", Rho));
}
