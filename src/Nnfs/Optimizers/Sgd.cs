using System.Numerics;
using System.Runtime.InteropServices;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;

namespace Nnfs.Optimizers;

/// <summary>Stochastic gradient descent with optional momentum (the book's <c>Optimizer_SGD</c>).</summary>
/// <remarks>
/// <para>For each parameter p with gradient g and learning rate lr (after decay):</para>
/// <para>without momentum: <c>p ← p + (−lr)·g</c>;</para>
/// <para>with momentum μ: <c>u = μ·m − lr·g</c>, <c>m ← u</c>, <c>p ← p + u</c>, where the momentums m
/// (slot <see cref="Optimizer.MomentumSlot"/>) start at zero.</para>
/// <para>On the fast path (<see cref="Engine.Path"/> = Fast) <c>u = fma(−lr, g, μ·m)</c>, and a momentum whose
/// magnitude falls below float32's smallest normal number (1.1754944e-38) is stored (and added) as 0; NaN is kept.
/// Otherwise the momentum of a weight whose gradient stays 0 decays into the subnormals and, for μ = 0.9, stays there
/// (0.9·m rounds back to m), and every later update of it takes the processor's slow path for subnormal numbers
/// (as with <see cref="Adam"/>'s momentum). The exact path keeps them, as NumPy does.</para>
/// <para>Defaults: learning rate 1.0, decay 0, momentum 0.</para>
/// </remarks>
public sealed class Sgd : Optimizer, IDescribable
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The initial learning rate, &gt; 0. Default 1.0.</param>
    /// <param name="decay">The inverse-time decay, ≥ 0. Default 0.</param>
    /// <param name="momentum">The momentum factor μ in [0, 1); 0 (default) disables momentum.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public Sgd(double learningRate = 1.0, double decay = 0, double momentum = 0)
        : base(learningRate, decay)
    {
        RequireUnitInterval(momentum, nameof(momentum), "momentum");
        Momentum = momentum;
    }

    /// <summary>The momentum factor μ (the book's <c>momentum</c>); 0 means plain SGD.</summary>
    public double Momentum { get; }

    private protected override StateSlots UsedSlots => Momentum != 0 ? StateSlots.Momentum : StateSlots.None;

    private protected override void UpdateExact(Parameter parameter)
    {
        if (parameter.Gradient.IsFloat64 || (Momentum != 0 && State(parameter, MomentumSlot, out _).IsFloat64))
        {
            UpdateFloat64(parameter);
            return;
        }
        UpdateExact(parameter.Value.Span, parameter.Gradient.Span, Momentums(parameter), default);
    }

    private Span<float> Momentums(Parameter parameter) => Momentum != 0 ? State(parameter, MomentumSlot, out _).Span : default;

    private protected override void UpdateExact(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
    {
        if (Momentum != 0)
        {
            float mu = (float)Momentum, lr = (float)CurrentLearningRate;
            for (int i = 0; i < p.Length; i++)
            {
                float u = mu * m[i] - lr * g[i];
                m[i] = u;
                p[i] += u;
            }
        }
        else
        {
            float negLr = (float)-CurrentLearningRate;
            for (int i = 0; i < p.Length; i++) p[i] += negLr * g[i];
        }
    }

    // The book's update with a float64 gradient (or momentums): the update and the momentums are float64, the float32
    // parameter is rounded once.
    private void UpdateFloat64(Parameter parameter)
    {
        var p = parameter.Value.Span;
        var g = PromotedArray.Read(parameter.Gradient);
        double lr = CurrentLearningRate;
        if (Momentum != 0)
        {
            var state = State(parameter, MomentumSlot, out _);
            var m = PromotedArray.Promote(state);
            for (int i = 0; i < p.Length; i++)
            {
                m[i] = m.Times(Momentum, i) - g.Times(lr, i);
                p[i] = (float)(p[i] + m[i]);
            }
            state.RoundFloat64();
        }
        else
        {
            for (int i = 0; i < p.Length; i++) p[i] = (float)(p[i] + g.Times(-lr, i));
        }
    }

    private protected override void UpdateFast(Parameter parameter) =>
        UpdateFast(parameter.Value.Span, parameter.Gradient.Span, Momentums(parameter), default);

    private protected override void UpdateFast(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
    {
        float negLr = (float)-CurrentLearningRate, mu = (float)Momentum;
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: FastLoop<Lanes512>(p, g, m, negLr, mu); break;
            case IsaTier.Vector256: FastLoop<Lanes256>(p, g, m, negLr, mu); break;
            case IsaTier.Vector128: FastLoop<Lanes128>(p, g, m, negLr, mu); break;
            case IsaTier.Vector128Unfused: FastLoop<Lanes128Unfused>(p, g, m, negLr, mu); break;
            default: FastLoop<Lanes1>(p, g, m, negLr, mu); break;
        }
    }

    // u = fma(−lr, g, μ·m), 0 below the smallest normal (NaN kept), m' = u, p' = p + u; without momentum
    // p' = fma(−lr, g, p). A vector of the tier's width at a time, then the tail: the same bits in every tier.
    [HotLoop]
    [TierKernel]
    private static unsafe void FastLoop<TL>(Span<float> p, ReadOnlySpan<float> g, Span<float> m, float negLr, float mu)
        where TL : unmanaged, ILanes<TL>
    {
        fixed (float* pp = p, pg = g, pm = m)
        {
            var vNegLr = TL.Create(negLr);
            int i = 0;
            if (mu != 0)
            {
                var vMu = TL.Create(mu);
                var vSmallest = TL.Create(SmallestNormal);
                for (; i + TL.Count <= p.Length; i += TL.Count)
                {
                    var u = TL.MultiplyAdd(vNegLr, TL.Load(pg + i), vMu * TL.Load(pm + i));
                    u = TL.AndNot(u, TL.LessThan(TL.Abs(u), vSmallest));
                    TL.Store(pm + i, u);
                    TL.Store(pp + i, TL.Load(pp + i) + u);
                }
                for (; i < p.Length; i++)
                {
                    float u = TL.MultiplyAdd(negLr, pg[i], mu * pm[i]);
                    if (MathF.Abs(u) < SmallestNormal) u = 0f;
                    pm[i] = u;
                    pp[i] += u;
                }
            }
            else
            {
                for (; i + TL.Count <= p.Length; i += TL.Count)
                    TL.Store(pp + i, TL.MultiplyAdd(vNegLr, TL.Load(pg + i), TL.Load(pp + i)));
                for (; i < p.Length; i++) pp[i] = TL.MultiplyAdd(negLr, pg[i], pp[i]);
            }
        }
    }

    /// <summary>The kind <c>sgd</c> with the schedule, <c>momentum</c>, and the progress (see
    /// <see cref="Optimizer.Describe(string, Func{Description, Description})"/>).</summary>
    public Description Describe() => Describe("sgd", d => d.With("momentum", Momentum));
}
