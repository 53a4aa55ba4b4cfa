using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// <para>Defaults: learning rate 0.001, decay 0, ε = 1e-7 (the book and Keras; PyTorch uses 1e-8; ε is added
/// after the square root of the corrected cache), β₁ = 0.9, β₂ = 0.999.</para>
/// </remarks>
public sealed class Adam : Optimizer
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (Matrix m, Matrix v) States(Parameter parameter)
    {
        var v = State(parameter, CacheSlot, out bool created);
        var m = created ? ResetState(parameter, MomentumSlot) : State(parameter, MomentumSlot, out _);
        return (m, v);
    }

    /// <summary>Elements per unit of shared work on the exact path; smaller parameters are updated on one thread.</summary>
    private const int ExactChunk = 16384;

    private unsafe struct ExactStep
    {
        public float* P, G, M, V;
        public int Length, Chunks, Claimed;
        public float NegLr, Eps, B1, OneMinusB1, B2, OneMinusB2, Correction1, Correction2;
    }

    private protected override unsafe void UpdateExact(Parameter parameter)
    {
        var p = parameter.Value.Span;
        var g = parameter.Gradient.Span;
        var (mm, vm) = States(parameter);
        var m = mm.Span;
        var v = vm.Span;
        fixed (float* pp = p, pg = g, pm = m, pv = v)
        {
            var step = new ExactStep
            {
                P = pp, G = pg, M = pm, V = pv, Length = p.Length, Chunks = (p.Length + ExactChunk - 1) / ExactChunk,
                NegLr = (float)-CurrentLearningRate, Eps = (float)Epsilon,
                B1 = (float)Beta1, OneMinusB1 = (float)(1 - Beta1), B2 = (float)Beta2, OneMinusB2 = (float)(1 - Beta2),
                Correction1 = (float)(1 - Math.Pow(Beta1, Iterations + 1)),
                Correction2 = (float)(1 - Math.Pow(Beta2, Iterations + 1)),
            };
            // Elements are independent, so the split between threads cannot change a result.
            KernelThreadPool.Run(Math.Min(Engine.Threads, step.Chunks), &ExactChunks, &step);
        }
    }

    private static unsafe void ExactChunks(void* state, int index, int count)
    {
        var s = (ExactStep*)state;
        for (int chunk; (chunk = KernelThreadPool.Claim(&s->Claimed, count > 1)) < s->Chunks;)
        {
            int start = chunk * ExactChunk;
            int length = Math.Min(ExactChunk, s->Length - start);
            ExactRange(s, new Span<float>(s->P + start, length), new ReadOnlySpan<float>(s->G + start, length),
                new Span<float>(s->M + start, length), new Span<float>(s->V + start, length));
        }
    }

    // The book's float32 operations in its order, a vector at a time (each lane rounds as the scalar loop), then the tail.
    private static unsafe void ExactRange(ExactStep* s, Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
    {
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

    // The fast step's scalars, computed once per step (two Math.Pow calls) instead of once per parameter.
    private long _scalarsIteration = -1;
    private double _scalarsLearningRate;
    private float _step, _invCorrection2;

    /// <summary><c>−lr / (1 − β₁^(t+1))</c> and <c>1 / (1 − β₂^(t+1))</c> in float32 for the current step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (float Step, float InvCorrection2) StepScalars()
    {
        if (_scalarsIteration != Iterations || _scalarsLearningRate != CurrentLearningRate)
        {
            _step = (float)(-CurrentLearningRate / (1 - Math.Pow(Beta1, Iterations + 1)));
            _invCorrection2 = (float)(1 / (1 - Math.Pow(Beta2, Iterations + 1)));
            _scalarsIteration = Iterations;
            _scalarsLearningRate = CurrentLearningRate;
        }
        return (_step, _invCorrection2);
    }

    private protected override void UpdateFast(Parameter parameter)
    {
        var p = parameter.Value.Span;
        var g = parameter.Gradient.Span;
        var (mm, vm) = States(parameter);
        var m = mm.Span;
        var v = vm.Span;
        float b1 = (float)Beta1, oneMinusB1 = (float)(1 - Beta1), b2 = (float)Beta2, oneMinusB2 = (float)(1 - Beta2);
        var (step, invCorrection2) = StepScalars();
        float eps = (float)Epsilon;
        var vp = MemoryMarshal.Cast<float, Vector<float>>(p);
        var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vmv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vvv = MemoryMarshal.Cast<float, Vector<float>>(v);
        Vector<float> vB1 = new(b1), vOneMinusB1 = new(oneMinusB1), vB2 = new(b2), vOneMinusB2 = new(oneMinusB2);
        Vector<float> vStep = new(step), vInv2 = new(invCorrection2), vEps = new(eps);
        for (int i = 0; i < vp.Length; i++)
        {
            var gi = vg[i];
            var mi = Vector.FusedMultiplyAdd(vOneMinusB1, gi, vB1 * vmv[i]);
            var vi = Vector.FusedMultiplyAdd(vOneMinusB2, gi * gi, vB2 * vvv[i]);
            vmv[i] = mi;
            vvv[i] = vi;
            vp[i] += vStep * mi / (Vector.SquareRoot(vi * vInv2) + vEps);
        }
        for (int i = vp.Length * Vector<float>.Count; i < p.Length; i++)
        {
            float mi = MathF.FusedMultiplyAdd(oneMinusB1, g[i], b1 * m[i]);
            float vi = MathF.FusedMultiplyAdd(oneMinusB2, g[i] * g[i], b2 * v[i]);
            m[i] = mi;
            v[i] = vi;
            p[i] += step * mi / (MathF.Sqrt(vi * invCorrection2) + eps);
        }
    }
}
