using System.Globalization;
using System.Runtime.CompilerServices;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Optimizers;

/// <summary>
/// The base of the book's optimizers (<c>Optimizer_SGD</c>, <c>Optimizer_Adagrad</c>, <c>Optimizer_RMSprop</c>,
/// <c>Optimizer_Adam</c>): a learning rate with an inverse-time decay schedule and the three-call update cycle
/// <see cref="PreUpdateParams"/>, <see cref="UpdateParams"/> per trainable layer, <see cref="PostUpdateParams"/>,
/// run as one call by <see cref="Step(IReadOnlyList{ITrainableLayer})"/>.
/// </summary>
/// <remarks>
/// <para>Schedule: before each step, when <see cref="Decay"/> ≠ 0,
/// <c>CurrentLearningRate = LearningRate · (1 / (1 + Decay · Iterations))</c>, in double; so step k (0-based) uses
/// <c>lr / (1 + decay·k)</c>.</para>
/// <para>Per-parameter state (momentums, caches) lives in <see cref="Parameter.OptimizerState"/> under the slots
/// <see cref="MomentumSlot"/> and <see cref="CacheSlot"/>, created lazily with zeros on the first update, so it
/// belongs to the model and is saved with it. The updates read the two slots from fields, not by name. In a built
/// model the values, gradients and slots of all parameters live in one array each, and <c>Model.TrainStep</c>
/// updates them in one pass over those arrays (same bits: the updates are element-wise).</para>
/// <para>Two arithmetic paths, chosen by <see cref="Engine.Path"/>: <see cref="NumericPath.Exact"/> computes
/// each element independently in the book's float32 evaluation order (Adam's runs lane by lane in vectors and over
/// threads) (Python-float hyper-parameters rounded to float32,
/// <c>-lr·g</c> before the division), equal bit for bit to NumPy; <see cref="NumericPath.Fast"/> is one fused SIMD
/// pass per parameter with fused multiply-adds, equal to the exact path within a few ulps.</para>
/// <para>Scalars that depend only on the step (e.g. Adam's bias corrections) are computed once per step, when
/// <see cref="Iterations"/> or <see cref="CurrentLearningRate"/> changes, for every parameter and both paths; long
/// parameters are updated in chunks over <see cref="Engine.Threads"/> threads on both paths (element-wise, so the
/// results do not depend on the thread count).</para>
/// </remarks>
public abstract class Optimizer
{
    /// <summary>The state slot of the momentums (the book's <c>weight_momentums</c>/<c>bias_momentums</c>).</summary>
    public const string MomentumSlot = OptimizerState.MomentumSlot;

    /// <summary>The state slot of the squared-gradient caches (the book's <c>weight_cache</c>/<c>bias_cache</c>).</summary>
    public const string CacheSlot = OptimizerState.CacheSlot;

    private double _currentLearningRate;
    private long _iterations;

    /// <summary>Validates and stores the schedule.</summary>
    /// <param name="learningRate">The initial learning rate, &gt; 0.</param>
    /// <param name="decay">The inverse-time decay, ≥ 0 (0 = constant learning rate).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    protected Optimizer(double learningRate, double decay)
    {
        RequirePositive(learningRate, nameof(learningRate), "learning rate");
        if (!(decay >= 0) || double.IsInfinity(decay))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, $"decay must be >= 0, got {Show(decay)}");
        LearningRate = learningRate;
        Decay = decay;
        _currentLearningRate = learningRate;
    }

    /// <summary>The initial learning rate (the book's <c>learning_rate</c>).</summary>
    public double LearningRate { get; }

    /// <summary>The inverse-time decay (the book's <c>decay</c>); 0 keeps the learning rate constant.</summary>
    public double Decay { get; }

    /// <summary>
    /// The learning rate used by the current step (the book's <c>current_learning_rate</c>); initially
    /// <see cref="LearningRate"/>. Settable so that a saved optimizer can be restored.
    /// </summary>
    public double CurrentLearningRate
    {
        get => _currentLearningRate;
        set
        {
            RequirePositive(value, nameof(value), "current learning rate");
            _currentLearningRate = value;
        }
    }

    /// <summary>
    /// The number of completed steps (the book's <c>iterations</c>), incremented by <see cref="PostUpdateParams"/>.
    /// Settable so that a saved optimizer can be restored.
    /// </summary>
    public long Iterations
    {
        get => _iterations;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, $"iterations must be >= 0, got {value}");
            _iterations = value;
        }
    }

    /// <summary>
    /// Call once before the parameter updates of a step: applies the decay schedule (the book's
    /// <c>pre_update_params</c>).
    /// </summary>
    [HotLoop]
    public void PreUpdateParams()
    {
        if (Decay != 0) _currentLearningRate = LearningRate * (1.0 / (1.0 + Decay * _iterations));
    }

    /// <summary>
    /// Updates every parameter of <paramref name="layer"/> from its gradient (the book's <c>update_params</c>),
    /// on the path selected by <see cref="Engine.Path"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A gradient or a saved state slot does not have its parameter's shape.</exception>
    public void UpdateParams(ITrainableLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var parameters = layer.Parameters;
        var path = Engine.Path;
        for (int i = 0; i < parameters.Count; i++) Update(parameters[i], path);
    }

    /// <summary>Call once after the updates of a step: counts the step (the book's <c>post_update_params</c>).</summary>
    public void PostUpdateParams() => _iterations++;

    /// <summary>
    /// One optimization step over a model's trainable layers, the book's update sequence:
    /// <see cref="PreUpdateParams"/> (<c>pre_update_params</c>), <see cref="UpdateParams"/> (<c>update_params</c>)
    /// for every layer in order, then <see cref="PostUpdateParams"/> (<c>post_update_params</c>).
    /// </summary>
    /// <param name="layers">The trainable layers, in forward order (the book's <c>trainable_layers</c>).</param>
    /// <exception cref="ArgumentException">A gradient or a saved state slot does not have its parameter's shape
    /// (layers before it are already updated, and the step is not counted).</exception>
    public void Step(IReadOnlyList<ITrainableLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        PreUpdateParams();
        for (int i = 0; i < layers.Count; i++) UpdateParams(layers[i]);
        PostUpdateParams();
    }

    /// <summary>
    /// One optimization step over a built model's parameters: <see cref="PreUpdateParams"/>, then one update pass
    /// over the whole of <paramref name="store"/>'s arrays (values, gradients, the slots this optimizer uses), then
    /// <see cref="PostUpdateParams"/>. The same bits as <see cref="Step(IReadOnlyList{ITrainableLayer})"/>: the
    /// updates are element-wise and the gaps between parameters hold zeros, which every update leaves at zero.
    /// </summary>
    /// <remarks>Falls back to <see cref="Step(IReadOnlyList{ITrainableLayer})"/> (per parameter, creating missing
    /// slots, refusing wrong shapes) unless <see cref="ParameterStore.CanUpdateInOnePass"/> holds for
    /// <paramref name="layers"/>: the first step (slots not yet created), a float64 gradient or slot on the exact
    /// path, a slot replaced by one of another shape, a layer moved into a later model's store.</remarks>
    [HotLoop]
    internal void StepInOnePass(ParameterStore store, IReadOnlyList<ITrainableLayer> layers)
    {
        var slots = UsedSlots;
        bool momentum = (slots & StateSlots.Momentum) != 0, cache = (slots & StateSlots.Cache) != 0;
        if (!store.CanUpdateInOnePass(layers, momentum, cache))
        {
            Step(layers);
            return;
        }
        PreUpdateParams();
        PrepareStepOnce();
        Span<float> m = momentum ? store.Momentums : default, v = cache ? store.Caches : default;
        if (Engine.Path == NumericPath.Exact) UpdateExact(store.Values, store.Gradients, m, v);
        else UpdateFast(store.Values, store.Gradients, m, v);
        PostUpdateParams();
    }

    /// <summary>The state slots an update reads and writes.</summary>
    [Flags]
    private protected enum StateSlots
    {
        /// <summary>None (SGD without momentum).</summary>
        None = 0,

        /// <summary><see cref="MomentumSlot"/>.</summary>
        Momentum = 1,

        /// <summary><see cref="CacheSlot"/>.</summary>
        Cache = 2,
    }

    /// <summary>The slots this optimizer's updates use, with its current settings.</summary>
    private protected abstract StateSlots UsedSlots { get; }

    [HotLoop]
    internal void Update(Parameter parameter, NumericPath path)
    {
        if (!SameShape(parameter.Value, parameter.Gradient))
            parameter.Value.RequireSameShape(parameter.Gradient, $"{GetType().Name}: parameter '{parameter.Name}' and its gradient");
        PrepareStepOnce();
        if (path == NumericPath.Exact) UpdateExact(parameter);
        else UpdateFast(parameter);
    }

    private long _preparedIteration = -1;
    private double _preparedLearningRate;

    /// <summary>Calls <see cref="PrepareStep"/> when <see cref="Iterations"/> or <see cref="CurrentLearningRate"/>
    /// changed since its last call: once per step, shared by every parameter and both paths.</summary>
    [HotLoop]
    private void PrepareStepOnce()
    {
        if (_preparedIteration == _iterations && _preparedLearningRate == _currentLearningRate) return;
        PrepareStep();
        _preparedIteration = _iterations;
        _preparedLearningRate = _currentLearningRate;
    }

    /// <summary>Computes the step's scalars (e.g. Adam's bias corrections) from <see cref="Iterations"/> and
    /// <see cref="CurrentLearningRate"/>; called by <see cref="PrepareStepOnce"/>. Default: nothing.</summary>
    private protected virtual void PrepareStep()
    {
    }

    /// <summary>Elements per unit of shared work in <see cref="ForEachChunk"/>; shorter parameters run on one thread.</summary>
    private protected const int ChunkLength = 16384;

    /// <summary>float32's smallest normal number, 2⁻¹²⁶: the fast paths store a momentum or cache of smaller magnitude
    /// as 0 (see <see cref="Adam"/>).</summary>
    private protected const float SmallestNormal = 1.17549435e-38f;

    private unsafe struct ChunkWork
    {
        public delegate*<void*, int, int, void> Body;
        public void* State;
        public int Length, Chunks, Claimed;
    }

    /// <summary>
    /// Runs <paramref name="body"/>(state, start, length) over [0, <paramref name="length"/>) in chunks of
    /// <see cref="ChunkLength"/>, claimed by up to <see cref="Engine.Threads"/> threads. For element-wise updates:
    /// each element is computed by the same operations whichever thread runs it, so results do not depend on the
    /// thread count.
    /// </summary>
    private protected static unsafe void ForEachChunk(int length, delegate*<void*, int, int, void> body, void* state)
    {
        var work = new ChunkWork { Body = body, State = state, Length = length, Chunks = (length + ChunkLength - 1) / ChunkLength };
        int workers = Math.Min(Engine.Threads, work.Chunks);
        if (workers <= 1)
        {
            body(state, 0, length);
            return;
        }
        KernelThreadPool.Run(workers, &RunChunks, &work);
    }

    private static unsafe void RunChunks(void* state, int index, int count)
    {
        var work = (ChunkWork*)state;
        for (int chunk; (chunk = KernelThreadPool.Claim(&work->Claimed, count > 1)) < work->Chunks;)
        {
            int start = chunk * ChunkLength;
            work->Body(work->State, start, Math.Min(ChunkLength, work->Length - start));
        }
    }

    /// <summary>The reference update: each element computed independently in NumPy's float32 evaluation order (it
    /// may run lane by lane in vectors or over threads), equal bit for bit to NumPy.</summary>
    private protected abstract void UpdateExact(Parameter parameter);

    /// <summary>The fast update: one fused SIMD pass over the parameter and its state.</summary>
    private protected abstract void UpdateFast(Parameter parameter);

    /// <summary>The exact update of float32 values <paramref name="p"/> from gradients <paramref name="g"/> with the
    /// slots <paramref name="m"/> (momentums) and <paramref name="v"/> (caches) at the same indices, each empty when
    /// not in <see cref="UsedSlots"/>: one parameter, or a whole store.</summary>
    private protected abstract void UpdateExact(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v);

    /// <summary>The fast update over spans, as <see cref="UpdateExact(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>.</summary>
    private protected abstract void UpdateFast(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v);

    /// <summary>
    /// The state matrix in <paramref name="slot"/> (<see cref="MomentumSlot"/> or <see cref="CacheSlot"/>), created
    /// with zeros when missing (<paramref name="created"/> is then true). An existing slot of another shape is refused.
    /// </summary>
    /// <remarks>Reads the slot from its field in <see cref="OptimizerState"/>: no lookup by name.</remarks>
    [HotLoop]
    private protected static Matrix State(Parameter parameter, string slot, out bool created)
    {
        var state = parameter.OptimizerState;
        var m = string.Equals(slot, MomentumSlot, StringComparison.Ordinal) ? state.Momentum : state.Cache;
        if (m is not null)
        {
            created = false;
            if (!SameShape(parameter.Value, m))
                parameter.Value.RequireSameShape(m, $"optimizer state '{slot}' of parameter '{parameter.Name}'");
            return m;
        }
        created = true;
        return ResetState(parameter, slot);
    }

    private static bool SameShape(Matrix a, Matrix b) => a.Rows == b.Rows && a.Columns == b.Columns;

    /// <summary>Replaces <paramref name="slot"/> with zeros (used where the book re-creates a cache).</summary>
    private protected static Matrix ResetState(Parameter parameter, string slot)
    {
        return parameter.OptimizerState.Zeros(slot, parameter.Value.Rows, parameter.Value.Columns);
    }

    /// <summary>
    /// An optimizer's description: <paramref name="kind"/>, the schedule (<c>learning_rate</c>, <c>decay</c>), the
    /// kind's own settings added by <paramref name="settings"/>, then the progress a resumed run continues from
    /// (<c>current_learning_rate</c>, <c>iterations</c>).
    /// </summary>
    private protected Description Describe(string kind, Func<Description, Description> settings) =>
        settings(new Description(kind).With("learning_rate", LearningRate).With("decay", Decay))
            .With("current_learning_rate", CurrentLearningRate).With("iterations", Iterations);

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    private protected static void RequirePositive(double value, string parameterName, string what)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(parameterName, value, $"{what} must be > 0, got {Show(value)}");
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1.</summary>
    private protected static void RequireUnitInterval(double value, string parameterName, string what)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(parameterName, value, $"{what} must be in [0, 1), got {Show(value)}");
    }

    private protected static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
