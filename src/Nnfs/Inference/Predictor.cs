using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Inference;

/// <summary>
/// Inference on raw input, safe to share: prepares raw samples with the model's recorded preprocessing
/// (<see cref="Model.Input"/>) and runs the forward pass without dropout over its own copy of the parameters.
/// Immutable, safe to call from any number of threads at once, and allocation-free per call in steady state
/// (<see cref="Predict(ReadOnlySpan{float}, int, Span{float})"/>, <see cref="PredictClasses(ReadOnlySpan{float}, int, Span{int})"/>).
/// </summary>
/// <remarks>
/// <para>Its outputs on raw input equal <see cref="Model.Predict"/>'s on the prepared input bit for bit, for the same
/// rows in one call (the same batch): the same kernels in the same order (<see cref="MatMul"/>, the fused Dense → ReLU
/// pass on the fast path, the activations' own loops), on the caller's <see cref="Engine.Path"/> and with
/// <see cref="Engine.Threads"/> kernel threads (results do not depend on the thread count).</para>
/// <para>Batch size: each row's result is computed from that row alone, but on <see cref="NumericPath.Fast"/> the
/// matrix product chooses its form by the product's shape, of which the batch is a side (one FMA chain over the
/// inputs for smaller batches, blocks of 256 inputs summed for larger ones: for 784 inputs, above 167 rows), so the
/// same row may differ in the last bits between batches of different sizes (a few units in the last place; the
/// predicted class only at a near tie). On <see cref="NumericPath.Exact"/> every dot product is accumulated in double
/// and rounded once, so a row's result does not depend on the batch. The thread count never matters
/// (<c>docs/numerics.md</c>, "Prediction and batch sizes").</para>
/// <para>Thread safety: the parameters are copied when the predictor is created and never written again; each call
/// takes a workspace (the prepared input and the layers' outputs) from a small lock-free pool and returns it, so
/// concurrent calls share nothing they write. A workspace grows to the largest batch it has served and is then
/// reused, so calls after the first few allocate nothing. <see cref="Model"/> itself is not thread-safe.</para>
/// <para>Memory: besides its copy of the parameters, the predictor keeps each dense layer's weights (k inputs × n
/// neurons) a second time, packed once in the layout the fast product reads (<see cref="PrepackedOperand"/>: k·⌈n/32⌉·32
/// floats), so that no batch packs them again; not for a layer with at most 4 inputs or neurons, or with fewer than 16
/// neurons and not a multiple of 8, whose products never read packed weights. For the 784-128-128-10 Fashion-MNIST MLP
/// that is 116,736 floats (456 KiB). Both copies are made when the predictor is created and never written, so the
/// packed weights cannot go stale.</para>
/// <para>Threads: with <see cref="Engine.Threads"/> above 1, a batch with enough work (<see cref="MinWorkPerThread"/>
/// multiply-adds per share: for the Fashion-MNIST MLP a batch of 128 in two shares, one image never) is cut into
/// contiguous shares of rows, and each share runs the whole forward pass on one thread of the kernel pool, the
/// caller taking one: one hand-off per batch instead of one per product, and a row's prepared input, activations and
/// outputs never leave the core that computes them (the weights, read by all, are shared).</para>
/// <para>Layers: <see cref="Dense"/>, <see cref="ReLU"/>, <see cref="Softmax"/>, <see cref="Sigmoid"/>,
/// <see cref="Linear"/> and <see cref="Dropout"/> (the last two pass their input through outside training).</para>
/// </remarks>
public sealed class Predictor
{
    private readonly Step[] _steps;
    private readonly Workspace?[] _pool;
    private readonly string[] _classNames;
    private readonly OutputKind _output;
    private readonly long _multiplyAddsPerRow;

    /// <summary>Creates a predictor from <paramref name="model"/>, copying what it needs: later changes to the model
    /// (training, new parameters, another <see cref="Model.Input"/>) do not affect it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model has no layers, its layers' widths do not chain, its width is
    /// unknown (no dense layer and no recorded input), or its <see cref="Model.Input"/> or
    /// <see cref="Model.ClassNames"/> does not fit its layers.</exception>
    /// <exception cref="NotSupportedException">A layer is of a kind the predictor does not run (see the remarks).</exception>
    public Predictor(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Layers.Count == 0) throw new ArgumentException("Predictor: the model has no layers.", nameof(model));
        if (model.DescriptionProblem() is { } problem) throw new ArgumentException($"Predictor: {problem}.", nameof(model));
        InputLength = model.InputWidth ?? model.Input?.Length
            ?? throw new ArgumentException("Predictor: the model has no dense layer and records no input, so its input width is unknown; set Model.Input.", nameof(model));
        Input = model.Input ?? InputPreparation.Features(InputLength);
        _steps = Plan(model.Layers, InputLength, out int width);
        foreach (var step in _steps)
            if (step.Weights is { } w) _multiplyAddsPerRow += (long)w.Rows * w.Columns;
        OutputLength = width;
        var last = model.Layers[^1];
        _output = last is Softmax ? OutputKind.Softmax
            : last is Sigmoid ? (width == 1 ? OutputKind.BinarySigmoid : OutputKind.Sigmoid)
            : OutputKind.Values;
        int classes = _output == OutputKind.BinarySigmoid ? 2 : width;
        _classNames = model.ClassNames is { } names ? [.. names]
            : Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        ClassNames = Array.AsReadOnly(_classNames);
        _pool = new Workspace?[Math.Max(4, 2 * Environment.ProcessorCount)];
    }

    /// <summary>Loads a model file (<see cref="ModelFile.Load"/>) and creates a predictor from it.</summary>
    /// <exception cref="ModelFormatException">As <see cref="ModelFile.Load"/>, or the loaded model cannot be run (no
    /// dense layer and no recorded input).</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">The operating system failed to read the file.</exception>
    /// <exception cref="NotSupportedException">As the constructor.</exception>
    public static Predictor Load(string path)
    {
        var model = ModelFile.Load(path);
        try
        {
            return new Predictor(model);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException(path, ex.Message, ex);
        }
    }

    /// <summary>The raw input the model takes and how it is prepared: the model's <see cref="Model.Input"/>, or, when
    /// it records none, <see cref="InputLength"/> features taken as they are.</summary>
    public InputPreparation Input { get; }

    /// <summary>The class names: the model's <see cref="Model.ClassNames"/>, or "0", "1", … when it records none (one
    /// per output, or two for a single sigmoid output).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Raw values per sample (the first dense layer's inputs).</summary>
    public int InputLength { get; }

    /// <summary>Output values per sample (the last dense layer's neurons).</summary>
    public int OutputLength { get; }

    /// <summary>True when the outputs are class probabilities: the last layer is <see cref="Softmax"/> or
    /// <see cref="Sigmoid"/>. <see cref="PredictClasses(Matrix)"/> and <see cref="TopK"/> need it.</summary>
    public bool IsClassifier => _output != OutputKind.Values;

    /// <summary>
    /// The outputs for <paramref name="rows"/> raw samples (rows × <see cref="InputLength"/> values, row-major) into
    /// <paramref name="outputs"/> (rows × <see cref="OutputLength"/>): for a classifier, the probabilities. Allocates
    /// nothing once the workspaces have grown to the batch size.
    /// </summary>
    /// <remarks>Equal bit for bit to <c>Model.Predict</c> on the prepared input of the same rows (see the class
    /// remarks on batch sizes). NaN or infinite inputs give NaN or infinite outputs; they are not refused.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span's length is not rows × the input or output length.</exception>
    public void Predict(ReadOnlySpan<float> raw, int rows, Span<float> outputs)
    {
        CheckSizes(raw.Length, rows, outputs.Length, OutputLength, "outputs");
        if (rows == 0) return;
        var workspace = Rent();
        try
        {
            Forward(raw, rows, workspace).Span.CopyTo(outputs);
        }
        finally
        {
            Return(workspace);
        }
    }

    /// <summary>The outputs for the raw samples in <paramref name="raw"/> (one per row), as a new matrix.</summary>
    /// <exception cref="ArgumentException"><paramref name="raw"/> does not have <see cref="InputLength"/> columns.</exception>
    public Matrix Predict(Matrix raw)
    {
        int rows = CheckMatrix(raw);
        var outputs = new Matrix(rows, OutputLength);
        Predict(raw.Span, rows, outputs.Span);
        return outputs;
    }

    /// <summary>
    /// The predicted class of each raw sample: the most probable class (the first on ties, and the first NaN if any,
    /// as the book's <c>np.argmax</c>); for a single sigmoid output, 1 when σ &gt; 0.5 and 0 otherwise (the book's
    /// <c>(outputs &gt; 0.5) * 1</c>); for several sigmoid outputs, the most probable one.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="raw"/> does not have <see cref="InputLength"/> columns.</exception>
    /// <exception cref="InvalidOperationException">The model is not a classifier (<see cref="IsClassifier"/>).</exception>
    public int[] PredictClasses(Matrix raw)
    {
        int rows = CheckMatrix(raw);
        var classes = new int[rows];
        PredictClasses(raw.Span, rows, classes);
        return classes;
    }

    /// <summary>The predicted class of each of <paramref name="rows"/> raw samples into <paramref name="classes"/>
    /// (see <see cref="PredictClasses(Matrix)"/>); allocates nothing in steady state.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span's length is not rows × the input length, or rows.</exception>
    /// <exception cref="InvalidOperationException">The model is not a classifier (<see cref="IsClassifier"/>).</exception>
    public void PredictClasses(ReadOnlySpan<float> raw, int rows, Span<int> classes)
    {
        RequireClassifier("PredictClasses");
        CheckSizes(raw.Length, rows, classes.Length, 1, "classes");
        if (rows == 0) return;
        var workspace = Rent();
        try
        {
            var outputs = Forward(raw, rows, workspace);
            for (int r = 0; r < rows; r++) classes[r] = Best(outputs.Row(r));
        }
        finally
        {
            Return(workspace);
        }
    }

    /// <summary>
    /// The <paramref name="k"/> most probable classes of each raw sample, most probable first (on equal probabilities
    /// the lower class id first; a NaN probability ranks last), with their names and probabilities. <paramref name="k"/>
    /// larger than the number of classes gives every class.
    /// </summary>
    /// <param name="raw">Raw samples, one per row.</param>
    /// <param name="k">How many classes per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="raw"/> does not have <see cref="InputLength"/> columns.</exception>
    /// <exception cref="InvalidOperationException">The model is not a classifier (<see cref="IsClassifier"/>).</exception>
    public IReadOnlyList<ClassScore>[] TopK(Matrix raw, int k)
    {
        RequireClassifier("TopK");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var outputs = Predict(raw);
        int classes = _classNames.Length;
        int take = Math.Min(k, classes);
        var result = new IReadOnlyList<ClassScore>[outputs.Rows];
        var probabilities = new float[classes];
        for (int r = 0; r < outputs.Rows; r++)
        {
            ClassProbabilities(outputs.Row(r), probabilities);
            var top = new ClassScore[take];
            int filled = 0;
            for (int c = 0; c < classes; c++)
            {
                float p = probabilities[c];
                int at = filled;
                while (at > 0 && Ranks(p, top[at - 1].Probability)) at--;
                if (at >= take) continue;
                int end = Math.Min(filled, take - 1);
                for (int j = end; j > at; j--) top[j] = top[j - 1];
                top[at] = new ClassScore(c, _classNames[c], p);
                if (filled < take) filled++;
            }
            result[r] = Array.AsReadOnly(top);
        }
        return result;
    }

    // A later class goes above an earlier one only when strictly more probable; NaN ranks below every number.
    private static bool Ranks(float p, float above) => p > above || (float.IsNaN(above) && !float.IsNaN(p));

    private void ClassProbabilities(ReadOnlySpan<float> output, Span<float> probabilities)
    {
        if (_output == OutputKind.BinarySigmoid)
        {
            probabilities[0] = 1f - output[0];
            probabilities[1] = output[0];
        }
        else
        {
            output.CopyTo(probabilities);
        }
    }

    private int Best(ReadOnlySpan<float> output)
    {
        if (_output == OutputKind.BinarySigmoid) return output[0] > 0.5f ? 1 : 0;
        int best = 0;
        float max = output[0];
        for (int j = 1; j < output.Length; j++)
        {
            float v = output[j];
            if (v > max || (float.IsNaN(v) && !float.IsNaN(max)))
            {
                best = j;
                max = v;
            }
        }
        return best;
    }

    private void RequireClassifier(string what)
    {
        if (!IsClassifier)
            throw new InvalidOperationException($"Predictor.{what}: the model's outputs are not class probabilities (its last layer is not Softmax or Sigmoid); use Predict.");
    }

    private int CheckMatrix(Matrix raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Columns != InputLength)
            throw new ArgumentException($"Predictor: the model takes {InputLength} values per sample ({Input}), the input {raw.Shape} has {raw.Columns}.", nameof(raw));
        return raw.Rows;
    }

    private void CheckSizes(int rawLength, int rows, int outputLength, int outputWidth, string outputName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rawLength != (long)rows * InputLength)
            throw new ArgumentException($"Predictor: {rows} samples of {InputLength} values need {(long)rows * InputLength} raw values, got {rawLength}.", "raw");
        if (outputLength != (long)rows * outputWidth)
            throw new ArgumentException($"Predictor: {rows} samples need {(long)rows * outputWidth} {outputName}, got {outputLength}.", outputName);
    }

    /// <summary>
    /// Least multiply-adds a share of a batch must have to get a thread of its own: 2²⁰, about 10 µs of work on the
    /// Zen 5 of the benchmarks, several times what handing it to another core costs (<see cref="WorkSplit"/>). For the
    /// Fashion-MNIST MLP (118,016 per row) a batch of 128 is split in two on 2 threads; one image never is.
    /// </summary>
    internal const long MinWorkPerThread = 1L << 20;

    /// <summary>
    /// Into how many contiguous shares of rows a batch of <paramref name="rows"/> is split, each share running the
    /// whole forward pass on its own thread (<see cref="WorkSplit.Parts"/> of the batch's multiply-adds with
    /// <see cref="MinWorkPerThread"/>), or 1. On the fast path only when every product has the same form
    /// (<see cref="MatMul.FastForm"/>, and the fused Dense → ReLU kernel or not) for a share's rows as for the whole
    /// batch, so that every row gets the same bits as in one piece.
    /// </summary>
    internal int Shares(int rows, int threads, bool fast)
    {
        int shares = WorkSplit.Parts(rows * _multiplyAddsPerRow, rows, threads, MinWorkPerThread);
        if (shares <= 1 || !fast) return shares;
        int small = rows / shares, large = (rows + shares - 1) / shares;
        foreach (var step in _steps)
        {
            if (step.Weights is not { } w) continue;
            int whole = Form(step.Kind, rows, w.Columns, w.Rows);
            if (Form(step.Kind, small, w.Columns, w.Rows) != whole || Form(step.Kind, large, w.Columns, w.Rows) != whole) return 1;
        }
        return shares;
    }

    private static int Form(StepKind kind, int rows, int columns, int k) =>
        kind == StepKind.DenseReLU && MatMulSmall.GemmRectifiedApplies(rows, columns, k) ? -1 : MatMul.FastForm(rows, columns, k);

    /// <summary>Prepares the input and runs the steps, in shares of rows on several threads when that pays
    /// (<see cref="Shares"/>); returns the workspace matrix holding the outputs.</summary>
    private Matrix Forward(ReadOnlySpan<float> raw, int rows, Workspace workspace)
    {
        int shares = Shares(rows, Engine.Threads, Engine.Path == NumericPath.Fast);
        return shares > 1 && ExecutionContext.Capture() is { } context
            ? ForwardShares(raw, rows, shares, context, workspace)
            : ForwardRows(raw, rows, workspace);
    }

    /// <summary>
    /// The forward pass in <paramref name="shares"/> contiguous shares of rows, one job of the kernel pool: each
    /// share in its own workspace, its products and activations on the thread that took it (the caller's settings
    /// apply there too: the share runs in the caller's execution context), its outputs copied into the rows of the
    /// result. A row's inputs, intermediate values and outputs stay on one core; only the weights, read by all, are
    /// shared. The shares are claimed as <see cref="OwnedRanges"/>, so the caller does those no worker has taken.
    /// </summary>
    private unsafe Matrix ForwardShares(ReadOnlySpan<float> raw, int rows, int shares, ExecutionContext context, Workspace workspace)
    {
        var output = Matrix.Ensure(ref workspace.Output, rows, OutputLength);
        // Each share keeps its workspace from call to call (share 0 this one): a share's buffers are then written
        // by the same core every time, not by whichever took a pooled workspace (writing a line the other core has
        // read costs about 20 times a local write on the Zen 5 of the benchmarks).
        var parts = workspace.Shares;
        if (parts is null || parts.Length < shares)
        {
            var grown = new Workspace[shares];
            parts?.CopyTo(grown, 0);
            workspace.Shares = parts = grown;
        }
        parts[0] = workspace;
        for (int p = 1; p < shares; p++) parts[p] ??= new Workspace();
        int* counters = stackalloc int[OwnedRanges.CounterInts(shares)];
        fixed (float* pRaw = raw, pOutput = output.Span)
        {
            var job = new ShareJob
            {
                Predictor = this, Context = context, Parts = parts, Raw = pRaw, Output = pOutput, Rows = rows,
                Shares = shares, Counters = OwnedRanges.Reset(counters, shares),
            };
            KernelThreadPool.Run(shares, &RunShares, Unsafe.AsPointer(ref job));
            job.Failure?.Throw();
        }
        return output;
    }

    private static unsafe void RunShares(void* state, int index, int count)
    {
        ref var job = ref Unsafe.AsRef<ShareJob>(state);
        int range = index;
        for (int share; (share = OwnedRanges.Claim(job.Counters, job.Shares, index, count, ref range)) >= 0;)
        {
            var part = job.Parts[share];
            part.Job = state;
            part.Share = share;
            try
            {
                if (index == 0) RunShare(part);
                else ExecutionContext.Run(job.Context, s_runShare, part);
            }
            catch (Exception ex)
            {
                job.Failure ??= ExceptionDispatchInfo.Capture(ex);
            }
        }
    }

    private static readonly ContextCallback s_runShare = static part => RunShare((Workspace)part!);

    private static unsafe void RunShare(Workspace part)
    {
        ref var job = ref Unsafe.AsRef<ShareJob>(part.Job);
        var predictor = job.Predictor;
        int first = OwnedRanges.Start(job.Rows, part.Share, job.Shares);
        int rows = OwnedRanges.Start(job.Rows, part.Share + 1, job.Shares) - first;
        int width = predictor.OutputLength;
        var raw = new ReadOnlySpan<float>(job.Raw + (nint)first * predictor.InputLength, rows * predictor.InputLength);
        predictor.ForwardRows(raw, rows, part).Span.CopyTo(new Span<float>(job.Output + (nint)first * width, rows * width));
    }

    private unsafe struct ShareJob
    {
        public Predictor Predictor;
        public ExecutionContext Context;
        public Workspace[] Parts;
        public float* Raw, Output;
        public int Rows, Shares;
        public int* Counters;
        public ExceptionDispatchInfo? Failure;
    }

    /// <summary>Prepares the input and runs the steps on this thread's share of the kernels; returns the workspace
    /// matrix holding the outputs. On the fast path, input that needs no preparation (<see cref="InputPreparation.IsIdentity"/>)
    /// is read by the first dense layer where it lies instead of being copied.</summary>
    private Matrix ForwardRows(ReadOnlySpan<float> raw, int rows, Workspace workspace)
    {
        bool fast = Engine.Path == NumericPath.Fast;
        Matrix? current = null;
        ReadOnlySpan<float> input = raw;
        if (!fast || !Input.IsIdentity || _steps[0].Kind is not (StepKind.Dense or StepKind.DenseReLU))
        {
            current = Matrix.Ensure(ref workspace.Prepared, rows, InputLength);
            Input.Apply(raw, current.Span);
            input = current.Span;
        }
        foreach (var step in _steps)
        {
            int columns = step.Kind is StepKind.Dense or StepKind.DenseReLU ? step.Weights!.Columns : current!.Columns;
            var next = workspace.Other(current, rows, columns);
            switch (step.Kind)
            {
                case StepKind.Dense:
                    Product(step, current, input, rows, next, fast);
                    break;
                case StepKind.DenseReLU:
                    int k = step.Weights!.Rows;
                    if (fast && MatMulSmall.GemmRectifiedApplies(rows, columns, k))
                    {
                        var hidden = Matrix.Ensure(ref workspace.Hidden, rows, columns);
                        MatMulSmall.TryGemmRectified(rows, columns, k, input, step.Weights.Span, step.Biases!.Span, hidden.Span, next.Span);
                    }
                    else
                    {
                        Product(step, current, input, rows, next, fast);
                        Rectifier.Rectify(next.Span, next.Span);
                    }
                    break;
                case StepKind.ReLU:
                    Rectifier.Rectify(current!.Span, next.Span);
                    break;
                case StepKind.Softmax:
                    Softmax.Compute(current!, next);
                    break;
                case StepKind.Sigmoid:
                    Sigmoid.Compute(current!.Span, next.Span);
                    break;
            }
            current = next;
            input = next.Span;
        }
        return current!;
    }

    /// <summary>A dense step's <c>inputs·W + b</c> into <paramref name="output"/> (rows × the layer's width). On the fast
    /// path the operands are read as spans (<paramref name="input"/>; <paramref name="inputs"/> may then be null, for
    /// raw input read in place), with the weights packed ahead where they are (<see cref="PrepackedOperand"/>): the
    /// same dispatch as <see cref="MatMul.MultiplyAddBias"/> (<see cref="MatMul.FastMultiplyAddBias"/>), the same bits.</summary>
    private static void Product(Step step, Matrix? inputs, ReadOnlySpan<float> input, int rows, Matrix output, bool fast)
    {
        var weights = step.Weights!;
        var biases = step.Biases!;
        if (!fast)
        {
            MatMul.MultiplyAddBias(inputs!, weights, biases, output);
            return;
        }
        MatMul.FastMultiplyAddBias(rows, weights.Columns, weights.Rows, input, weights.Span, step.Packed, biases.Span, output.Span);
    }

    /// <summary>The steps of the forward pass: parameters copied, identity layers dropped, Dense → ReLU paired.</summary>
    private static Step[] Plan(IReadOnlyList<ILayer> layers, int inputs, out int width)
    {
        var steps = new List<Step>();
        width = inputs;
        for (int i = 0; i < layers.Count; i++)
        {
            switch (layers[i])
            {
                case Dense dense:
                    if (dense.InputCount != width)
                        throw new ArgumentException($"Predictor: layer {i} ({dense}) takes {dense.InputCount} inputs but receives {width}.", "model");
                    bool relu = i + 1 < layers.Count && layers[i + 1] is ReLU;
                    var weights = dense.Weights.Clone();
                    var packed = PrepackedOperand.Pays(weights.Rows, weights.Columns)
                        ? new PrepackedOperand(weights.Span, weights.Rows, weights.Columns) : null;
                    steps.Add(new Step(relu ? StepKind.DenseReLU : StepKind.Dense, weights, dense.Biases.Clone(), packed));
                    width = dense.Neurons;
                    if (relu) i++;
                    break;
                case ReLU:
                    steps.Add(new Step(StepKind.ReLU, null, null, null));
                    break;
                case Softmax:
                    steps.Add(new Step(StepKind.Softmax, null, null, null));
                    break;
                case Sigmoid:
                    steps.Add(new Step(StepKind.Sigmoid, null, null, null));
                    break;
                case Linear or Dropout:
                    break;
                default:
                    throw new NotSupportedException($"Predictor: layer {i} is a {layers[i].GetType().Name}, which the predictor does not run (it runs Dense, ReLU, Softmax, Sigmoid, Linear and Dropout).");
            }
        }
        return [.. steps];
    }

    private Workspace Rent()
    {
        var pool = _pool;
        for (int i = 0; i < pool.Length; i++)
            if (Interlocked.Exchange(ref pool[i], null) is { } workspace) return workspace;
        return new Workspace();
    }

    private void Return(Workspace workspace)
    {
        var pool = _pool;
        for (int i = 0; i < pool.Length; i++)
            if (Interlocked.CompareExchange(ref pool[i], workspace, null) is null) return;
    }

    private enum StepKind { Dense, DenseReLU, ReLU, Softmax, Sigmoid }

    private enum OutputKind { Values, Softmax, Sigmoid, BinarySigmoid }

    // Packed: the weights packed ahead for the fast product, where that pays (PrepackedOperand.Pays), else null.
    private readonly record struct Step(StepKind Kind, Matrix? Weights, Matrix? Biases, PrepackedOperand? Packed);

    /// <summary>One call's buffers: the prepared input, two layer outputs used in turn, a Dense output before its ReLU;
    /// for a batch run in shares, the whole batch's outputs, the shares' workspaces and, in each, its share.</summary>
    private sealed unsafe class Workspace
    {
        public Matrix? Prepared;
        public Matrix? Hidden;
        public Matrix? Output;
        public Workspace[]? Shares;
        public void* Job;
        public int Share;
        private Matrix? _first;
        private Matrix? _second;

        /// <summary>The output buffer that is not <paramref name="current"/> (null: either), shaped (rows, columns).</summary>
        public Matrix Other(Matrix? current, int rows, int columns) => ReferenceEquals(current, _first)
            ? Matrix.Ensure(ref _second, rows, columns)
            : Matrix.Ensure(ref _first, rows, columns);
    }
}
