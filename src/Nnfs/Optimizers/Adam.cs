using System.Numerics;
using System.Runtime.InteropServices;
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

    private (Matrix m, Matrix v) States(Parameter parameter)
    {
        var v = State(parameter, CacheSlot, out bool created);
        var m = created ? ResetState(parameter, MomentumSlot) : State(parameter, MomentumSlot, out _);
        return (m, v);
    }

    private protected override void UpdateExact(Parameter parameter)
    {
        var p = parameter.Value.Span;
        var g = parameter.Gradient.Span;
        var (mm, vm) = States(parameter);
        var m = mm.Span;
        var v = vm.Span;
        float negLr = (float)-CurrentLearningRate, eps = (float)Epsilon;
        float b1 = (float)Beta1, oneMinusB1 = (float)(1 - Beta1), b2 = (float)Beta2, oneMinusB2 = (float)(1 - Beta2);
        float correction1 = (float)(1 - Math.Pow(Beta1, Iterations + 1));
        float correction2 = (float)(1 - Math.Pow(Beta2, Iterations + 1));
        // The same float32 operations, in the same order, a vector at a time: each lane rounds as the scalar loop.
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
