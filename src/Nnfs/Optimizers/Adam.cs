using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Optimizers;

/// <summary>Adaptive momentum (the book's <c>Optimizer_Adam</c>).</summary>
/// <remarks>
/// <para>For each parameter p with gradient g and learning rate lr (after decay), at step t = <see cref="Optimizer.Iterations"/>
/// (0 on the first update), with momentums m (slot <see cref="Optimizer.MomentumSlot"/>) and cache v
/// (slot <see cref="Optimizer.CacheSlot"/>), both starting at zero:</para>
/// <para><c>m ← β₁·m + (1 − β₁)·g</c>; <c>m̂ = m / (1 − β₁^(t+1))</c>;</para>
/// <para><c>v ← β₂·v + (1 − β₂)·g²</c>; <c>v̂ = v / (1 − β₂^(t+1))</c>;</para>
/// <para><c>p ← p + (−lr·m̂) / (√v̂ + ε)</c>.</para>
/// <para>The bias corrections <c>1 − β^(t+1)</c> are computed in double, then rounded to float32 as NumPy does.
/// As in the book, when the cache is missing both slots are (re)created with zeros.</para>
/// <para>On the fast path (<see cref="Engine.Path"/> = Fast) the update is fused as
/// <c>m ← fma(1 − β₁, g, β₁·m)</c>, <c>v ← fma(1 − β₂, g², β₂·v)</c>, <c>p ← p + (s·m) / (√(v·c₂) + ε)</c> with
/// <c>s = −lr / (1 − β₁^(t+1))</c> and <c>c₂ = 1 / (1 − β₂^(t+1))</c> computed once per step in double, and a
/// momentum or cache whose magnitude falls below float32's smallest normal number (1.1754944e-38) is stored as 0.
/// Otherwise the momentum of a weight whose gradient stays 0 (a unit that no sample activates) decays into the
/// subnormals until 0.9·m rounds back to m (at 4·2⁻¹⁴⁹ ≈ 5.6e-45) and stays there; every later update of it then takes
/// the processor's slow path for subnormal numbers (measured: Adam's share of a Fashion-MNIST epoch from 0.023 to
/// ~0.04 s once 3,920 of the first layer's momentums are stuck there). Such a momentum moves a weight by at most
/// |s|·2⁻¹²⁶/ε (below 10⁻²⁸ with the default ε and rates up to 1), so no weight of ordinary size differs. The exact
/// path keeps them, as NumPy does.</para>
/// <para>Defaults: learning rate 0.001, decay 0, ε = 1e-7 (the book and Keras; PyTorch uses 1e-8; ε is added
/// after the square root of the corrected cache), β₁ = 0.9, β₂ = 0.999.</para>
/// </remarks>
public sealed class Adam : Optimizer, IDescribable
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The initial learning rate, &gt; 0. Default 0.001.</param>
    /// <param name="decay">The inverse-time decay, ≥ 0. Default 0.</param>
    /// <param name="epsilon">ε &gt; 0, added to the root of the corrected cache. Default 1e-7.</param>
    /// <param name="beta1">The momentum memory β₁ in [0, 1). Default 0.9.</param>
    /// <param name="beta2">The cache memory β₂ in [0, 1). Default 0.999.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public Adam(double learningRate = 0.001, double decay = 0, double epsilon = 1e-7, double beta1 = 0.9, double beta2 = 0.999)
        : base(learningRate, decay)
    {
        RequirePositive(epsilon, nameof(epsilon), "epsilon");
        RequireUnitInterval(beta1, nameof(beta1), "beta1");
        RequireUnitInterval(beta2, nameof(beta2), "beta2");
        Epsilon = epsilon;
        Beta1 = beta1;
        Beta2 = beta2;
    }

    /// <summary>ε, added to the root of the corrected cache (the book's <c>epsilon</c>).</summary>
    public double Epsilon { get; }

    /// <summary>The momentum memory β₁ (the book's <c>beta_1</c>).</summary>
    public double Beta1 { get; }

    /// <summary>The cache memory β₂ (the book's <c>beta_2</c>).</summary>
    public double Beta2 { get; }

    [HotLoop]
    private (Matrix m, Matrix v) States(Parameter parameter)
    {
        var v = State(parameter, CacheSlot, out bool created);
        var m = created ? ResetState(parameter, MomentumSlot) : State(parameter, MomentumSlot, out _);
        return (m, v);
    }

    // The step's scalars (PrepareStep): the exact path's float32 values of the book's expressions, the fast path's
    // −lr / (1 − β₁^(t+1)) and 1 / (1 − β₂^(t+1)).
    private float _negLr, _correction1, _correction2, _fastStep, _fastInvCorrection2;

    private protected override void PrepareStep()
    {
        double correction1 = 1 - Math.Pow(Beta1, Iterations + 1), correction2 = 1 - Math.Pow(Beta2, Iterations + 1);
        _negLr = (float)-CurrentLearningRate;
        _correction1 = (float)correction1;
        _correction2 = (float)correction2;
        _fastStep = (float)(-CurrentLearningRate / correction1);
        _fastInvCorrection2 = (float)(1 / correction2);
    }

    private unsafe struct StepState
    {
        public float* P, G, M, V;
        public float NegLr, Eps, B1, OneMinusB1, B2, OneMinusB2, Correction1, Correction2, Step, InvCorrection2;
    }

    private unsafe StepState Scalars(float* p, float* g, float* m, float* v) => new()
    {
        P = p, G = g, M = m, V = v, NegLr = _negLr, Eps = (float)Epsilon,
        B1 = (float)Beta1, OneMinusB1 = (float)(1 - Beta1), B2 = (float)Beta2, OneMinusB2 = (float)(1 - Beta2),
        Correction1 = _correction1, Correction2 = _correction2, Step = _fastStep, InvCorrection2 = _fastInvCorrection2,
    };

    private protected override StateSlots UsedSlots => StateSlots.Momentum | StateSlots.Cache;

    private protected override unsafe void UpdateExact(Parameter parameter)
    {
        if (parameter.Gradient.IsFloat64 || States(parameter).v.IsFloat64) UpdateFloat64(parameter);
        else Run(parameter, &ExactRange);
    }

    // The book's update where the gradient (or, from then on, the momentums and the cache) is float64: m and v become
    // float64, the corrections and the step are computed in double and the float32 parameter is rounded once.
    private void UpdateFloat64(Parameter parameter)
    {
        var (mm, vm) = States(parameter);
        var p = parameter.Value.Span;
        var g = PromotedArray.Read(parameter.Gradient);
        var m = PromotedArray.Promote(mm);
        var v = PromotedArray.Promote(vm);
        double negLr = -CurrentLearningRate;
        double correction1 = 1 - Math.Pow(Beta1, Iterations + 1), correction2 = 1 - Math.Pow(Beta2, Iterations + 1);
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = m.Times(Beta1, i) + g.Times(1 - Beta1, i);
            v[i] = v.Times(Beta2, i) + g.SquareTimes(1 - Beta2, i);
            p[i] = (float)(p[i] + negLr * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + Epsilon));
        }
        mm.RoundFloat64();
        vm.RoundFloat64();
    }

    private protected override unsafe void UpdateFast(Parameter parameter) => Run(parameter, FastRangeOfTier());

    private protected override unsafe void UpdateExact(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v) =>
        Run(p, g, m, v, &ExactRange);

    private protected override unsafe void UpdateFast(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v) =>
        Run(p, g, m, v, FastRangeOfTier());

    // Read on the calling thread: the chunks run on the kernel pool's threads, which do not see a tier forced here.
    private static unsafe delegate*<void*, int, int, void> FastRangeOfTier() => Engine.Tier switch
    {
        IsaTier.Vector512 => &FastRange<Lanes512>,
        IsaTier.Vector256 => &FastRange<Lanes256>,
        IsaTier.Vector128 => &FastRange<Lanes128>,
        IsaTier.Vector128Unfused => &FastRange<Lanes128Unfused>,
        _ => &FastRange<Lanes1>,
    };

    private unsafe void Run(Parameter parameter, delegate*<void*, int, int, void> range)
    {
        var (m, v) = States(parameter);
        Run(parameter.Value.Span, parameter.Gradient.Span, m.Span, v.Span, range);
    }

    [HotLoop]
    private unsafe void Run(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, delegate*<void*, int, int, void> range)
    {
        fixed (float* pp = p, pg = g, pm = m, pv = v)
        {
            var state = Scalars(pp, pg, pm, pv);
            ForEachChunk(p.Length, range, &state);
        }
    }

    // The book's float32 operations in its order, a vector at a time (each lane rounds as the scalar loop), then the tail.
    [HotLoop]
    private static unsafe void ExactRange(void* state, int start, int length)
    {
        var s = (StepState*)state;
        var p = new Span<float>(s->P + start, length);
        var g = new ReadOnlySpan<float>(s->G + start, length);
        var m = new Span<float>(s->M + start, length);
        var v = new Span<float>(s->V + start, length);
        float negLr = s->NegLr, eps = s->Eps, b1 = s->B1, oneMinusB1 = s->OneMinusB1, b2 = s->B2, oneMinusB2 = s->OneMinusB2;
        float correction1 = s->Correction1, correction2 = s->Correction2;
        var vp = MemoryMarshal.Cast<float, Vector<float>>(p);
        var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vmv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vvv = MemoryMarshal.Cast<float, Vector<float>>(v);
        Vector<float> vNegLr = new(negLr), vEps = new(eps), vB1 = new(b1), vOneMinusB1 = new(oneMinusB1);
        Vector<float> vB2 = new(b2), vOneMinusB2 = new(oneMinusB2), vCorrection1 = new(correction1), vCorrection2 = new(correction2);
        for (int i = 0; i < vp.Length; i++)
        {
            var gi = vg[i];
            var mi = vB1 * vmv[i] + vOneMinusB1 * gi;
            vmv[i] = mi;
            var vi = vB2 * vvv[i] + vOneMinusB2 * (gi * gi);
            vvv[i] = vi;
            vp[i] += vNegLr * (mi / vCorrection1) / (Vector.SquareRoot(vi / vCorrection2) + vEps);
        }
        for (int i = vp.Length * Vector<float>.Count; i < p.Length; i++)
        {
            m[i] = b1 * m[i] + oneMinusB1 * g[i];
            float mHat = m[i] / correction1;
            v[i] = b2 * v[i] + oneMinusB2 * (g[i] * g[i]);
            float vHat = v[i] / correction2;
            p[i] += negLr * mHat / (MathF.Sqrt(vHat) + eps);
        }
    }

    // m' = fma(1 − β₁, g, β₁·m), v' = fma(1 − β₂, g·g, β₂·v), each 0 when below the smallest normal (NaN kept),
    // p' = p + (step·m') / (√(v'·invCorrection2) + ε), a vector of the tier's width at a time, then the tail; every
    // lane rounds as the scalar form, so every tier gives the same bits.
    [HotLoop]
    [TierKernel]
    private static unsafe void FastRange<TL>(void* state, int start, int length) where TL : unmanaged, ILanes<TL>
    {
        var s = (StepState*)state;
        float* p = s->P + start, g = s->G + start, m = s->M + start, v = s->V + start;
        TL b1 = TL.Create(s->B1), oneMinusB1 = TL.Create(s->OneMinusB1);
        TL b2 = TL.Create(s->B2), oneMinusB2 = TL.Create(s->OneMinusB2);
        TL step = TL.Create(s->Step), inv2 = TL.Create(s->InvCorrection2), eps = TL.Create(s->Eps);
        TL smallest = TL.Create(SmallestNormal);
        int i = 0;
        for (; i + TL.Count <= length; i += TL.Count)
        {
            var gi = TL.Load(g + i);
            var mi = TL.MultiplyAdd(oneMinusB1, gi, b1 * TL.Load(m + i));
            var vi = TL.MultiplyAdd(oneMinusB2, gi * gi, b2 * TL.Load(v + i));
            mi = TL.AndNot(mi, TL.LessThan(TL.Abs(mi), smallest));
            vi = TL.AndNot(vi, TL.LessThan(TL.Abs(vi), smallest));
            TL.Store(m + i, mi);
            TL.Store(v + i, vi);
            TL.Store(p + i, TL.Load(p + i) + step * mi / (TL.Sqrt(vi * inv2) + eps));
        }
        for (; i < length; i++)
        {
            float mi = TL.MultiplyAdd(s->OneMinusB1, g[i], s->B1 * m[i]);
            float vi = TL.MultiplyAdd(s->OneMinusB2, g[i] * g[i], s->B2 * v[i]);
            if (MathF.Abs(mi) < SmallestNormal) mi = 0f;
            if (MathF.Abs(vi) < SmallestNormal) vi = 0f;
            m[i] = mi;
            v[i] = vi;
            p[i] += s->Step * mi / (MathF.Sqrt(vi * s->InvCorrection2) + s->Eps);
        }
    }

    /// <summary>The kind <c>adam</c> with the schedule, <c>epsilon</c>, <c>beta_1</c> and <c>beta_2</c>, and the progress (see
    /// <see cref="Optimizer.Describe(string, Func{Description, Description})"/>).</summary>
    public Description Describe() => Describe("adam", d => d.With("epsilon", Epsilon).With("beta_1", Beta1).With("beta_2", Beta2));
}
