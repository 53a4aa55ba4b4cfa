using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Models;

/// <summary>
/// A sequential network with its loss, optimizer and accuracy: the book's <c>Model</c> (chapters 18–22), with
/// <c>finalize</c> named <see cref="Build"/>.
/// </summary>
/// <remarks>
/// <para>Typical use, as in chapter 19:</para>
/// <code>
/// var model = new Model();
/// model.Add(new Dense(784, 128)); model.Add(new ReLU());
/// model.Add(new Dense(128, 10)); model.Add(new Softmax());
/// model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(decay: 1e-3), accuracy: new CategoricalAccuracy());
/// model.Build();
/// model.Train(x, y, epochs: 10, batchSize: 128, printEvery: 100, validationData: (xTest, yTest));
/// </code>
/// <para>A training step (<see cref="TrainStep"/>) is: forward (training), data loss and regularization loss, predictions and accuracy
/// (all before the update), backward (through the fused softmax + cross-entropy gradient when the last layer is
/// <see cref="Softmax"/> and the loss <see cref="CategoricalCrossEntropy"/>), then the optimizer's
/// step, the book's pre-update, update, post-update (<see cref="Optimizers.Optimizer.Step(IReadOnlyList{ITrainableLayer})"/>), with the
/// update as one pass over all the parameters, which live in one array each (values, gradients, optimizer slots). Batches are consecutive slices in data
/// order, the last one short (60000 samples in batches of 128: 469 steps, the last of 96); see
/// <see cref="TrainingOptions.Shuffle"/> for per-epoch shuffling.</para>
/// <para>Reports go to <see cref="Output"/> in the book's exact formats (<see cref="Report"/>), written by a
/// subscriber of <see cref="EpochStarted"/>, <see cref="StepCompleted"/> and <see cref="EpochCompleted"/> that
/// <see cref="Train"/> attaches ahead of any other for its duration. Batch buffers are
/// reused, so steps after the first allocate nothing in the model itself.</para>
/// <para>For one seed controlling everything, pass the same <see cref="RandomState"/> to the layers
/// (initialization, dropout) and to the model (shuffling).</para>
/// <para>Thread safety: a model is not thread-safe. Its layers keep one set of buffers (inputs, outputs,
/// gradients) that every pass reuses, so two passes at once would overwrite each other's. <see cref="Predict"/>,
/// <see cref="Evaluate"/>, <see cref="Train"/>, <see cref="TrainStep"/>, <see cref="Forward"/> and
/// <see cref="Backward"/> therefore take the model for the calling thread (one atomic compare-and-swap) and throw
/// <see cref="InvalidOperationException"/> ("Model.Predict is not thread-safe …; use Nnfs.Inference.Predictor …") when
/// another thread is inside any of them: used concurrently they either give the right answer or refuse, never another
/// call's result. Calls from the thread already inside (an event handler during <see cref="Train"/>) pass. Changing
/// the model (<see cref="Add"/>, <see cref="Set"/>, the parameters) while another thread uses it is not guarded, and
/// the buffers a pass leaves (<see cref="ILayer.Output"/>) are the next pass's. To predict from several threads,
/// create one <c>Nnfs.Inference.Predictor</c> (immutable, thread-safe, allocation-free per call) and share it.</para>
/// </remarks>
public sealed class Model
{
    private readonly List<ILayer> _layers = [];
    private ITrainableLayer[] _trainableLayers = [];
    private readonly RandomState? _random;
    private TextWriter? _output;
    private bool _built;
    private Batch? _trainFull, _trainLast, _evaluateFull, _evaluateLast;
    private Matrix? _predictBatch;
    private int[]? _order;
    private int _firstBackwardLayer;
    private bool _computeInputGradient;
    private FusionPlan _fusion = FusionPlan.None;
    private (int Epoch, int Step)? _position;
    private bool _fuseDenseReLU = true;
    private string[]? _classNames;
    private int _user;

    /// <summary>Creates an empty model.</summary>
    /// <param name="random">The generator for per-epoch shuffling; null (default) uses <see cref="RandomState.Global"/>.</param>
    public Model(RandomState? random = null) => _random = random;

    /// <summary>The generator used for shuffling.</summary>
    public RandomState Random => _random ?? RandomState.Global;

    /// <summary>The index in <see cref="Layers"/> of the last layer <see cref="Backward"/> runs (set by
    /// <see cref="Build"/>): 0, or the first trainable layer when <see cref="ComputeInputGradient"/> is false.</summary>
    public int FirstBackwardLayer => _firstBackwardLayer;

    /// <summary>The layers in forward order, as added (the book's <c>layers</c>).</summary>
    public IReadOnlyList<ILayer> Layers => _layers;

    /// <summary>The layers with parameters, in forward order (the book's <c>trainable_layers</c>); set by <see cref="Build"/>.</summary>
    public IReadOnlyList<ITrainableLayer> TrainableLayers => _trainableLayers;

    /// <summary>The loss, or null until <see cref="Set"/> gives one.</summary>
    public Loss? Loss { get; private set; }

    /// <summary>The optimizer, or null until <see cref="Set"/> gives one (not needed for evaluation or prediction).</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The accuracy metric, or null until <see cref="Set"/> gives one.</summary>
    public Accuracy? Accuracy { get; private set; }

    /// <summary>The input layer created by <see cref="Build"/> (the book's <c>input_layer</c>).</summary>
    public InputLayer? InputLayer { get; private set; }

    /// <summary>
    /// The last layer when it can turn outputs into predictions (the book's <c>output_layer_activation</c>); set by
    /// <see cref="Build"/>. Use <c>OutputLayerActivation.Predictions(model.Predict(x))</c> for class ids.
    /// </summary>
    public IOutputActivation? OutputLayerActivation { get; private set; }

    /// <summary>
    /// The fused softmax + categorical cross-entropy gradient used when the last layer is <see cref="Softmax"/> and
    /// the loss is <see cref="CategoricalCrossEntropy"/> (the book's <c>softmax_classifier_output</c>), else null.
    /// </summary>
    public SoftmaxCategoricalCrossEntropy? SoftmaxClassifierOutput { get; private set; }

    /// <summary>
    /// Whether <see cref="Backward"/> computes the gradient of the loss with respect to the model's inputs (the
    /// first layer's <c>DInputs</c>, e.g. for saliency maps). Default false: training never uses it, so
    /// <see cref="Build"/> turns off <see cref="Dense.ComputeInputGradient"/> on the first trainable layer and
    /// <see cref="Backward"/> stops there (the layers before it have no parameters). Changing it rebuilds the model.
    /// </summary>
    public bool ComputeInputGradient
    {
        get => _computeInputGradient;
        set
        {
            if (value == _computeInputGradient) return;
            _computeInputGradient = value;
            _built = false;
        }
    }

    /// <summary>
    /// What raw input the model takes and how it is prepared (the preprocessing fitted at training time), or null
    /// (default) when unknown. Saved in and loaded from the model file; <c>Nnfs.Inference.Predictor</c> applies it to
    /// raw input. <see cref="Predict"/> does not: it takes input already prepared, as the book's <c>predict</c> does.
    /// </summary>
    /// <remarks>Its <see cref="InputPreparation.Length"/> must equal the first dense layer's inputs; this is checked
    /// when the model is saved or given to a predictor, not when it is set (layers may be added later).</remarks>
    public InputPreparation? Input { get; set; }

    /// <summary>
    /// The names of the classes, one per output (two, class 0 then class 1, for a single sigmoid output), or null
    /// (default) when unknown. Saved in and loaded from the model file. The list is copied when set.
    /// </summary>
    /// <remarks>The count is checked when the model is saved or given to a predictor (see <see cref="Input"/>).</remarks>
    /// <exception cref="ArgumentException">A name is null.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames is null ? null : Array.AsReadOnly(_classNames);
        set
        {
            if (value is null)
            {
                _classNames = null;
                return;
            }
            var copy = new string[value.Count];
            for (int i = 0; i < copy.Length; i++)
                copy[i] = value[i] ?? throw new ArgumentException($"Model.ClassNames: name {i} is null.", nameof(value));
            _classNames = copy;
        }
    }

    /// <summary>The inputs of the first dense layer (the width of a prepared sample), or null without one.</summary>
    internal int? InputWidth => _layers.OfType<Dense>().FirstOrDefault()?.InputCount;

    /// <summary>The neurons of the last dense layer (the width of an output row), or null without one.</summary>
    internal int? OutputWidth => _layers.OfType<Dense>().LastOrDefault()?.Neurons;

    /// <summary>How many classes the outputs stand for: one per output, or two (0 and 1) for a single sigmoid
    /// output; null when the output width is unknown.</summary>
    internal int? ClassCount => OutputWidth is not { } outputs ? null
        : outputs == 1 && _layers.Count > 0 && _layers[^1] is Sigmoid ? 2 : outputs;

    /// <summary>
    /// Why <see cref="Input"/> or <see cref="ClassNames"/> does not fit the layers (one sentence), or null when they
    /// fit or are not set.
    /// </summary>
    internal string? DescriptionProblem()
    {
        if (Input is { } input && InputWidth is { } inputs && input.Length != inputs)
            return $"the recorded input ({input}) has {input.Length} values per sample but the first dense layer takes {inputs}";
        if (_classNames is { } names && ClassCount is { } classes && names.Length != classes)
            return $"{names.Length} class names are recorded but the model's outputs stand for {classes} classes";
        return null;
    }

    /// <summary>True after <see cref="Build"/>, until a layer or the loss changes.</summary>
    public bool IsBuilt => _built;

    /// <summary>Which console report training and evaluation write. Default <see cref="TrainingReport.Steps"/>.</summary>
    public TrainingReport Report { get; set; } = TrainingReport.Steps;

    /// <summary>Where reports are written. Default (and when set to null) <see cref="Console.Out"/>.</summary>
    public TextWriter Output
    {
        get => _output ?? Console.Out;
        set => _output = value;
    }

    /// <summary>Raised by <see cref="Train"/> at the start of every epoch, with the epoch's 1-based number.</summary>
    public event EventHandler<int>? EpochStarted;

    /// <summary>Raised by <see cref="Train"/> after every training step (after the update), with the step's
    /// pre-update metrics.</summary>
    public event EventHandler<TrainingProgress>? StepCompleted;

    /// <summary>Raised by <see cref="Train"/> after every epoch (after validation), with the epoch's metrics.</summary>
    public event EventHandler<TrainingProgress>? EpochCompleted;

    /// <summary>Appends a layer (the book's <c>add</c>).</summary>
    /// <exception cref="ArgumentException">The same layer object is already in the model.</exception>
    public void Add(ILayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer))
            throw new ArgumentException($"Model.Add: this {layer.GetType().Name} is already layer {_layers.IndexOf(layer)}; add a new instance.", nameof(layer));
        _layers.Add(layer);
        _built = false;
    }

    /// <summary>Sets the loss, optimizer and accuracy; arguments left null keep their current value (the book's <c>set</c>).</summary>
    public void Set(Loss? loss = null, Optimizer? optimizer = null, Accuracy? accuracy = null)
    {
        if (loss is not null && !ReferenceEquals(loss, Loss))
        {
            Loss = loss;
            _built = false;
        }
        if (optimizer is not null) Optimizer = optimizer;
        if (accuracy is not null) Accuracy = accuracy;
    }

    /// <summary>
    /// Prepares the model (the book's <c>finalize</c>): creates the input layer, collects the trainable layers,
    /// gives them to the loss for its regularization term, records the output activation, and selects the fused
    /// softmax + cross-entropy gradient when it applies, and (unless <see cref="ComputeInputGradient"/>) switches off
    /// the first trainable layer's input gradient. <see cref="Train"/>, <see cref="Evaluate"/> and
    /// <see cref="Predict"/> call it when needed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has no layers.</exception>
    public void Build()
    {
        if (_layers.Count == 0) throw new InvalidOperationException("Model.Build: the model has no layers; call Add first.");
        InputLayer = new InputLayer();
        _trainableLayers = _layers.OfType<ITrainableLayer>().ToArray();
        Loss?.RememberTrainableLayers(_trainableLayers);
        OutputLayerActivation = _layers[^1] as IOutputActivation;
        SoftmaxClassifierOutput = _layers[^1] is Softmax && Loss is CategoricalCrossEntropy ? new SoftmaxCategoricalCrossEntropy() : null;
        int firstTrainable = _layers.FindIndex(layer => layer is ITrainableLayer);
        _firstBackwardLayer = ComputeInputGradient || firstTrainable < 0 ? 0 : firstTrainable;
        if (firstTrainable >= 0 && _layers[firstTrainable] is Dense first) first.ComputeInputGradient = ComputeInputGradient;
        _fusion = FuseDenseReLU ? FusionPlan.For(_layers, ComputeInputGradient) : FusionPlan.None;
        Store = ParameterStore.MoveIn(_trainableLayers.SelectMany(layer => layer.Parameters).ToArray());
        _built = true;
    }

    /// <summary>The trainable layers' parameters in one array of values and one of gradients, from <see cref="Build"/>
    /// on (null before).</summary>
    internal ParameterStore? Store { get; private set; }

    /// <summary>Runs every layer forward (the book's <c>forward</c>) and returns the last layer's output.</summary>
    /// <param name="x">A batch, one row per sample.</param>
    /// <param name="training">True during training (dropout active).</param>
    public Matrix Forward(Matrix x, bool training)
    {
        using var use = Use(nameof(Forward));
        ArgumentNullException.ThrowIfNull(x);
        EnsureBuilt();
        InputLayer!.Forward(x, training);
        var current = InputLayer.Output;
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_fusion.TryForward(i, current))
            {
                current = _layers[i + 1].Output;
                StageObserver?.Invoke(i, 2, false);
                i++;
                continue;
            }
            _layers[i].Forward(current, training);
            current = _layers[i].Output;
            StageObserver?.Invoke(i, 1, false);
        }
        return current;
    }

    /// <summary>
    /// Back-propagates the loss of <paramref name="output"/> against <paramref name="y"/> through every layer (the
    /// book's <c>backward</c>), filling the parameter gradients.
    /// </summary>
    /// <remarks>Unless <see cref="ComputeInputGradient"/> is true, the pass ends at the first trainable layer, which
    /// does not compute its input gradient.</remarks>
    public void Backward(Matrix output, Targets y)
    {
        using var use = Use(nameof(Backward));
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(y);
        EnsureBuilt();
        Matrix dvalues;
        int below;
        if (SoftmaxClassifierOutput is { } fused)
        {
            fused.Backward(output, y);
            dvalues = fused.DInputs;
            below = _layers.Count - 1;
        }
        else
        {
            var loss = Loss ?? throw new InvalidOperationException("Model.Backward: no loss; call Set(loss: ...) first.");
            loss.Backward(output, y);
            dvalues = loss.DInputs;
            below = _layers.Count;
        }
        StageObserver?.Invoke(_layers.Count, 0, true);
        for (int i = below - 1; i >= _firstBackwardLayer; i--)
        {
            if (i == _fusion.BackwardTop && _fusion.TryBackward(dvalues))
            {
                StageObserver?.Invoke(_fusion.BackwardBottom, 3, true);
                break;
            }
            _layers[i].Backward(dvalues);
            if (i > _firstBackwardLayer) dvalues = _layers[i].DInputs;
            StageObserver?.Invoke(i, 1, true);
        }
    }

    /// <summary>
    /// When set, called after each stage of <see cref="Forward"/> and <see cref="Backward"/> with the index of the
    /// first layer the stage ran, the number of layers it covered (2 or 3 for a fused pass) and whether it was the
    /// backward pass; the loss gradient (with the softmax's, when the fused softmax/cross-entropy applies) is reported
    /// as index <c>Layers.Count</c>, 0 layers. <see cref="TrainStep"/> adds two stages: the loss, regularization and
    /// accuracy as index <c>Layers.Count</c>, 0 layers, forward; the optimizer step as index -1, 0 layers, backward.
    /// For profiles that time the very passes training runs.
    /// </summary>
    internal Action<int, int, bool>? StageObserver { get; set; }

    /// <summary>
    /// Whether <see cref="Build"/> plans the fused Dense → ReLU passes (<see cref="FusionPlan"/>), which run on
    /// <see cref="NumericPath.Fast"/> (default true; false runs each layer's own Forward and Backward, the reference
    /// the fused passes are tested bit-identical against). Changing it rebuilds the model.
    /// </summary>
    internal bool FuseDenseReLU
    {
        get => _fuseDenseReLU;
        set
        {
            if (value == _fuseDenseReLU) return;
            _fuseDenseReLU = value;
            _built = false;
        }
    }

    /// <summary>
    /// One training step on a batch, the body of the book's training loop: forward pass (training), data loss,
    /// regularization loss and accuracy (all before the update), backward pass, then the optimizer's
    /// step (the sequence of <see cref="Optimizers.Optimizer.Step(IReadOnlyList{ITrainableLayer})"/>, updating every parameter in one
    /// pass over the model's parameter arrays). <see cref="Train"/> calls it once per batch.
    /// </summary>
    /// <remarks>
    /// <para><c>loss = data_loss + regularization_loss</c>, with <c>data_loss</c> the float32 mean of the sample
    /// losses and <c>regularization_loss</c> the penalty of the parameters the step starts from (double). The loss's
    /// and the accuracy's running sums grow by this batch (call their <c>NewPass</c> to start an epoch). For a
    /// <see cref="RegressionAccuracy"/>, call <c>Accuracy.Init(y)</c> with the whole training set first, as
    /// <see cref="Train"/> does.</para>
    /// <para>Nothing is written to <see cref="Output"/> and no event is raised: the reports belong to
    /// <see cref="Train"/>.</para>
    /// </remarks>
    /// <param name="x">A batch of inputs, one row per sample.</param>
    /// <param name="y">Its targets, one per sample.</param>
    /// <returns>The step's losses, accuracy and learning rate.</returns>
    /// <exception cref="ArgumentException">The batch is empty or <paramref name="y"/> does not have one target per row.</exception>
    /// <exception cref="InvalidOperationException">Loss, optimizer or accuracy not set, or the last layer is not an output activation.</exception>
    /// <exception cref="TrainingDivergedException">The outputs or the loss are NaN or infinite; the update is not
    /// applied.</exception>
    public StepResult TrainStep(Matrix x, Targets y)
    {
        using var use = Use(nameof(TrainStep));
        // The pool's workers stay awake between the step's products (KernelThreadPool.Hold).
        using var hot = KernelThreadPool.Hold();
        CheckData(x, y, "TrainStep");
        EnsureBuilt();
        var (loss, optimizer, accuracy, activation) = RequireTrainable();
        var output = Forward(x, training: true);
        if (!ElementMath.AllFinite(output.Span)) throw Diverged(double.NaN, loss.RegularizationLoss(), optimizer);
        float dataLoss = loss.Calculate(output, y);
        double regularizationLoss = loss.RegularizationLoss();
        double accuracyValue = accuracy.Calculate(activation.Predictions(output), y);
        if (!double.IsFinite(dataLoss + regularizationLoss)) throw Diverged(dataLoss, regularizationLoss, optimizer);
        StageObserver?.Invoke(_layers.Count, 0, false);
        Backward(output, y);
        Store!.AddSlots();
        optimizer.StepInOnePass(Store!, _trainableLayers);
        StageObserver?.Invoke(-1, 0, true);
        return new StepResult(dataLoss, regularizationLoss, accuracyValue, optimizer.CurrentLearningRate);
    }

    // The epoch and step Train is at, for the divergence message; outside Train, epoch 0 and the optimizer's step count.
    private TrainingDivergedException Diverged(double dataLoss, double regularizationLoss, Optimizer optimizer)
    {
        var (epoch, step) = _position ?? (0, (int)Math.Min(optimizer.Iterations, int.MaxValue));
        return new TrainingDivergedException(epoch, step, dataLoss, regularizationLoss, optimizer.CurrentLearningRate);
    }

    /// <summary>Trains the model (the book's <c>train</c>, chapter 19 with batches) and returns the per-epoch history.</summary>
    /// <param name="x">Training inputs, one row per sample.</param>
    /// <param name="y">Training targets: class ids (<c>int[]</c>) or a matrix (one-hot, binary, regression).</param>
    /// <param name="epochs">Passes over the data, ≥ 1 (the last epoch's number when
    /// <see cref="TrainingOptions.InitialEpoch"/> is set). Default 1.</param>
    /// <param name="batchSize">Samples per step, ≥ 1; null (default) trains on the whole set in one step.</param>
    /// <param name="printEvery">Report every this many steps (<see cref="TrainingReport.Steps"/>) or epochs
    /// (<see cref="TrainingReport.Epochs"/>), ≥ 1. Default 1.</param>
    /// <param name="validationData">Data evaluated after every epoch (after the last one with
    /// <see cref="TrainingReport.Epochs"/>), or null.</param>
    /// <param name="options">Shuffling, early stopping, progress; null = the book's behaviour.</param>
    /// <param name="cancellationToken">Checked before every step; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="NonFiniteDataException">The inputs or the value targets, of the training or the validation data,
    /// hold a NaN or an infinity; checked before anything is trained, the message names the row and column.</exception>
    /// <exception cref="ArgumentException">Shapes or counts do not match, or an argument is out of range.</exception>
    /// <exception cref="InvalidOperationException">Loss, optimizer or accuracy not set, or the last layer is not an output activation.</exception>
    /// <exception cref="TrainingDivergedException">A step's outputs or loss are NaN or infinite (the step's update is
    /// not applied).</exception>
    public History Train(Matrix x, Targets y, int epochs = 1, int? batchSize = null, int printEvery = 1,
        (Matrix X, Targets Y)? validationData = null, TrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var use = Use(nameof(Train));
        CheckData(x, y, "Train");
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"epochs must be >= 1, got {epochs}");
        CheckBatchSize(batchSize);
        if (printEvery < 1) throw new ArgumentOutOfRangeException(nameof(printEvery), printEvery, $"print every must be >= 1, got {printEvery}");
        if (validationData is { } vd)
        {
            CheckData(vd.X, vd.Y, "Train (validation data)");
            if (vd.X.Columns != x.Columns)
                throw new ArgumentException($"Train: validation inputs {vd.X.Shape} do not have the {x.Columns} features of the training inputs {x.Shape}.", nameof(validationData));
        }
        CheckFinite(x, "x", nameof(x));
        if (y.Values is { } yValues) CheckFinite(yValues, "y", nameof(y));
        if (validationData is { } v)
        {
            CheckFinite(v.X, "validation x", nameof(validationData));
            if (v.Y.Values is { } vValues) CheckFinite(vValues, "validation y", nameof(validationData));
        }
        options ??= new TrainingOptions();
        if (options.InitialEpoch < 0 || options.InitialEpoch >= epochs)
            throw new ArgumentOutOfRangeException(nameof(options), options.InitialEpoch,
                $"Train: the initial epoch must be in 0 … {epochs - 1} (below epochs), got {options.InitialEpoch}");
        var early = options.EarlyStopping;
        if (early is { NeedsValidation: true } && validationData is null)
            throw new ArgumentException($"Train: early stopping on {early.Monitor} needs validation data.", nameof(options));
        EnsureBuilt();
        var (loss, _, accuracy, _) = RequireTrainable();

        accuracy.Init(y);
        int samples = x.Rows;
        int steps = StepCount(samples, batchSize);
        var history = new History(steps);
        int[]? order = options.Shuffle ? EnsureOrder(samples) : null;
        bool epochReport = Report == TrainingReport.Epochs;
        var report = Report == TrainingReport.None ? null : new ConsoleReport(Output, Report, printEvery);
        bool validateEveryEpoch = validationData is not null && (!epochReport || early is { NeedsValidation: true });
        double best = double.NaN;
        int sinceBest = 0;
        List<Matrix[]>? bestParameters = null;

        // The report hears every event first, so that its lines come before anything other subscribers write.
        if (report is not null)
        {
            EpochStarted = report.OnEpochStarted + EpochStarted;
            StepCompleted = report.OnStepCompleted + StepCompleted;
            EpochCompleted = report.OnEpochCompleted + EpochCompleted;
        }
        try
        {
            for (int epoch = options.InitialEpoch + 1; epoch <= epochs; epoch++)
            {
                EpochStarted?.Invoke(this, epoch);
                if (order is not null)
                {
                    for (int i = 0; i < order.Length; i++) order[i] = i;
                    Random.Shuffle<int>(order);
                }
                loss.NewPass();
                accuracy.NewPass();
                StepResult last = default;
                for (int step = 0; step < steps; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (bx, by) = SelectBatch(x, y, step, batchSize, order, ref _trainFull, ref _trainLast);
                    _position = (epoch, step);
                    last = TrainStep(bx, by);
                    StepCompleted?.Invoke(this, new TrainingProgress(epoch, step, steps, by.Count, last.Accuracy, last.Loss,
                        last.DataLoss, last.RegularizationLoss, last.LearningRate));
                }

                double epochDataLoss, epochRegularization, epochAccuracy;
                if (epochReport && steps == 1)
                {
                    // Chapter 18 prints the step's own values: the float32 mean and the penalty before the update.
                    (epochDataLoss, epochRegularization, epochAccuracy) = (last.DataLoss, last.RegularizationLoss, last.Accuracy);
                }
                else
                {
                    epochDataLoss = AccumulatedMean(loss);
                    epochRegularization = loss.RegularizationLoss();
                    epochAccuracy = accuracy.CalculateAccumulated();
                }
                double epochLoss = epochDataLoss + epochRegularization;
                double learningRate = last.LearningRate;

                Evaluation? validation = null;
                if (validateEveryEpoch)
                    validation = EvaluateCore(validationData!.Value.X, validationData.Value.Y, batchSize, chapter18: false);
                var result = new EpochResult(epoch, epochAccuracy, epochLoss, epochDataLoss, epochRegularization, learningRate,
                    validation?.Accuracy, validation?.Loss);
                history.Add(result);
                var progress = new TrainingProgress(epoch, steps - 1, steps, samples, epochAccuracy, epochLoss, epochDataLoss,
                    epochRegularization, learningRate, validation?.Accuracy, validation?.Loss);
                EpochCompleted?.Invoke(this, progress);
                options.Progress?.Report(progress);

                if (early is not null)
                {
                    double value = early.Value(result);
                    if (history.BestEpoch is null || early.Improves(value, best))
                    {
                        best = value;
                        history.BestEpoch = epoch;
                        sinceBest = 0;
                        if (early.RestoreBestWeights) bestParameters = SnapshotParameters(bestParameters);
                    }
                    else if (++sinceBest >= early.Patience)
                    {
                        history.StoppedEarly = true;
                        if (bestParameters is not null) SetParameters(bestParameters);
                        break;
                    }
                }
            }
        }
        finally
        {
            _position = null;
            if (report is not null)
            {
                EpochStarted -= report.OnEpochStarted;
                StepCompleted -= report.OnStepCompleted;
                EpochCompleted -= report.OnEpochCompleted;
            }
        }

        if (epochReport && validationData is { } final)
        {
            var evaluation = EvaluateCore(final.X, final.Y, batchSize, chapter18: true);
            report?.WriteValidation(evaluation);
            var last = history.Last;
            if (last.ValidationLoss is null)
                history.ReplaceLast(last with { ValidationAccuracy = evaluation.Accuracy, ValidationLoss = evaluation.Loss });
        }
        return history;
    }

    /// <summary>
    /// Evaluates the model on data (the book's <c>evaluate</c>, chapter 20): forward passes without dropout, the
    /// mean data loss (no regularization) and the accuracy over all samples, reported as
    /// <c>validation, acc: {acc:.3f}, loss: {loss:.3f}</c>.
    /// </summary>
    /// <param name="x">Inputs, one row per sample.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per forward pass; null (default) = all at once. The result does not
    /// depend on it beyond float rounding.</param>
    /// <exception cref="ArgumentException">Shapes or counts do not match.</exception>
    /// <exception cref="InvalidOperationException">Loss or accuracy not set, or the last layer is not an output activation.</exception>
    public Evaluation Evaluate(Matrix x, Targets y, int? batchSize = null)
    {
        using var use = Use(nameof(Evaluate));
        CheckData(x, y, "Evaluate");
        CheckBatchSize(batchSize);
        EnsureBuilt();
        var result = EvaluateCore(x, y, batchSize, chapter18: false);
        if (Report != TrainingReport.None) ConsoleReport.WriteValidation(Output, result);
        return result;
    }

    /// <summary>
    /// The model's outputs for <paramref name="x"/> (the book's <c>predict</c>, chapter 22): forward passes without
    /// dropout, batch outputs stacked into a new matrix (for a classifier, the confidences).
    /// </summary>
    /// <param name="x">Inputs, one row per sample.</param>
    /// <param name="batchSize">Samples per forward pass; null (default) = all at once.</param>
    public Matrix Predict(Matrix x, int? batchSize = null)
    {
        using var use = Use(nameof(Predict));
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows == 0) throw new ArgumentException($"Predict: no samples in X {x.Shape}.", nameof(x));
        CheckBatchSize(batchSize);
        EnsureBuilt();
        int steps = StepCount(x.Rows, batchSize);
        if (steps == 1) return Forward(x, training: false).Clone();
        int size = batchSize!.Value;
        Matrix? result = null;
        for (int step = 0; step < steps; step++)
        {
            int start = step * size, rows = Math.Min(size, x.Rows - start);
            var batch = Matrix.Ensure(ref _predictBatch, rows, x.Columns);
            x.Span.Slice(start * x.Columns, rows * x.Columns).CopyTo(batch.Span);
            var output = Forward(batch, training: false);
            result ??= new Matrix(x.Rows, output.Columns);
            output.Span.CopyTo(result.Span.Slice(start * output.Columns, rows * output.Columns));
        }
        return result!;
    }

    /// <summary>
    /// Copies of every trainable layer's parameters, one array per layer in <see cref="TrainableLayers"/> order,
    /// each in the layer's <see cref="ITrainableLayer.Parameters"/> order (weights, biases): the book's
    /// <c>get_parameters</c>, but copies rather than the live arrays.
    /// </summary>
    public IReadOnlyList<Matrix[]> GetParameters()
    {
        EnsureBuilt();
        return SnapshotParameters(null);
    }

    /// <summary>
    /// Copies parameters into the trainable layers (the book's <c>set_parameters</c>). Everything is checked
    /// first: on any mismatch nothing is changed.
    /// </summary>
    /// <param name="parameters">One list per trainable layer, in the shapes <see cref="GetParameters"/> returns.</param>
    /// <exception cref="ArgumentException">The number of layers or parameters, or a shape, does not match; the
    /// message names the layer, the parameter and both shapes.</exception>
    public void SetParameters(IReadOnlyList<IReadOnlyList<Matrix>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        EnsureBuilt();
        if (parameters.Count != _trainableLayers.Length)
            throw new ArgumentException($"SetParameters: the model has {_trainableLayers.Length} trainable layers, got parameters for {parameters.Count}.", nameof(parameters));
        for (int i = 0; i < _trainableLayers.Length; i++)
        {
            var expected = _trainableLayers[i].Parameters;
            var given = parameters[i] ?? throw new ArgumentException($"SetParameters: the parameters of trainable layer {i} are null.", nameof(parameters));
            string layer = $"trainable layer {i} ({_trainableLayers[i].GetType().Name})";
            if (given.Count != expected.Count)
                throw new ArgumentException($"SetParameters: {layer} has {expected.Count} parameters, got {given.Count}.", nameof(parameters));
            for (int j = 0; j < expected.Count; j++)
            {
                var value = expected[j].Value;
                var m = given[j] ?? throw new ArgumentException($"SetParameters: {layer} parameter '{expected[j].Name}' is null.", nameof(parameters));
                if (m.Rows != value.Rows || m.Columns != value.Columns)
                    throw new ArgumentException($"SetParameters: {layer} parameter '{expected[j].Name}' is {value.Shape}, got {m.Shape}.", nameof(parameters));
            }
        }
        for (int i = 0; i < _trainableLayers.Length; i++)
        {
            var expected = _trainableLayers[i].Parameters;
            for (int j = 0; j < expected.Count; j++) parameters[i][j].Span.CopyTo(expected[j].Value.Span);
        }
    }

    /// <summary>
    /// Every parameter with its key <c>layers.{index in Layers}.{name}</c> (e.g. <c>layers.0.weight</c>), in
    /// forward order: the names under which a serializer stores values and optimizer state.
    /// </summary>
    public IEnumerable<KeyValuePair<string, Parameter>> NamedParameters()
    {
        for (int i = 0; i < _layers.Count; i++)
            if (_layers[i] is ITrainableLayer trainable)
                foreach (var p in trainable.Parameters)
                    yield return new($"layers.{i}.{p.Name}", p);
    }

    private Evaluation EvaluateCore(Matrix x, Targets y, int? batchSize, bool chapter18)
    {
        var loss = Loss ?? throw new InvalidOperationException("Model.Evaluate: no loss; call Set(loss: ...) first.");
        var accuracy = Accuracy ?? throw new InvalidOperationException("Model.Evaluate: no accuracy; call Set(accuracy: ...) first.");
        var activation = RequireOutputActivation();
        accuracy.Init(y);
        int steps = StepCount(x.Rows, batchSize);
        loss.NewPass();
        accuracy.NewPass();
        float batchLoss = 0;
        for (int step = 0; step < steps; step++)
        {
            var (bx, by) = SelectBatch(x, y, step, batchSize, null, ref _evaluateFull, ref _evaluateLast);
            var output = Forward(bx, training: false);
            batchLoss = loss.Calculate(output, by);
            accuracy.Calculate(activation.Predictions(output), by);
        }
        // Chapter 18 prints the batch's float32 mean; chapter 20's evaluate the float64 accumulated mean.
        double validationLoss = chapter18 && steps == 1 ? batchLoss : AccumulatedMean(loss);
        return new Evaluation(accuracy.CalculateAccumulated(), validationLoss);
    }

    /// <summary>The book's <c>calculate_accumulated</c>: the float64 sum of the batches' float32 sums over the count
    /// (NumPy 1.x promotes the running sum to float64).</summary>
    private static double AccumulatedMean(Loss loss) => loss.AccumulatedSum / loss.AccumulatedCount;

    private List<Matrix[]> SnapshotParameters(List<Matrix[]>? reuse)
    {
        if (reuse is null)
        {
            reuse = new List<Matrix[]>(_trainableLayers.Length);
            foreach (var layer in _trainableLayers) reuse.Add(layer.Parameters.Select(p => p.Value.Clone()).ToArray());
            return reuse;
        }
        for (int i = 0; i < _trainableLayers.Length; i++)
            for (int j = 0; j < reuse[i].Length; j++) _trainableLayers[i].Parameters[j].Value.CopyTo(reuse[i][j]);
        return reuse;
    }

    private static (Matrix X, Targets Y) SelectBatch(Matrix x, Targets y, int step, int? batchSize, int[]? order,
        ref Batch? full, ref Batch? last)
    {
        if (batchSize is null && order is null) return (x, y);
        int size = batchSize ?? x.Rows;
        int start = step * size, rows = Math.Min(size, x.Rows - start);
        var batch = rows == size ? Batch.Ensure(ref full, rows, x, y) : Batch.Ensure(ref last, rows, x, y);
        batch.Fill(x, y, start, order);
        return (batch.X, batch.Y);
    }

    /// <summary>The book's step count: 1 for full batch, else ⌊n / size⌋ plus one for a short remainder.</summary>
    internal static int StepCount(int samples, int? batchSize)
    {
        if (batchSize is not { } size) return 1;
        int steps = samples / size;
        if (steps * size < samples) steps++;
        return steps;
    }

    private int[] EnsureOrder(int samples)
    {
        if (_order is null || _order.Length != samples) _order = new int[samples];
        return _order;
    }

    private void EnsureBuilt()
    {
        if (!_built) Build();
    }

    private (Loss, Optimizer, Accuracy, IOutputActivation) RequireTrainable()
    {
        var loss = Loss ?? throw new InvalidOperationException("Model.Train: no loss; call Set(loss: ...) first.");
        var optimizer = Optimizer ?? throw new InvalidOperationException("Model.Train: no optimizer; call Set(optimizer: ...) first.");
        var accuracy = Accuracy ?? throw new InvalidOperationException("Model.Train: no accuracy; call Set(accuracy: ...) first.");
        return (loss, optimizer, accuracy, RequireOutputActivation());
    }

    private IOutputActivation RequireOutputActivation() =>
        OutputLayerActivation ?? throw new InvalidOperationException(
            $"Model: the last layer ({_layers[^1].GetType().Name}) is not an output activation; add Softmax, Sigmoid or Linear last.");

    /// <summary>
    /// Marks the model as in use by the calling thread until the returned scope is disposed: the concurrent-use
    /// guard of the entry points that run the layers (their buffers are the model's own). A call from the thread
    /// already inside (an event handler, the validation inside <see cref="Train"/>) passes through.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is inside one of those entry points.</exception>
    private UseScope Use(string what)
    {
        int me = Environment.CurrentManagedThreadId;
        int user = Interlocked.CompareExchange(ref _user, me, 0);
        if (user == 0) return new UseScope(this);
        if (user == me) return default;
        throw new InvalidOperationException(
            $"Model.{what} is not thread-safe and another thread is using this model (its layers keep one set of buffers); use Nnfs.Inference.Predictor to predict from several threads, or one Model per thread.");
    }

    /// <summary>Releases the model taken by <see cref="Use"/> (nothing when it was already the caller's).</summary>
    private readonly ref struct UseScope(Model? model)
    {
        public void Dispose()
        {
            if (model is not null) Volatile.Write(ref model._user, 0);
        }
    }

    private static void CheckData(Matrix x, Targets y, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows == 0) throw new ArgumentException($"{what}: no samples in X {x.Shape}.", nameof(x));
        if (y.Count != x.Rows)
            throw new ArgumentException($"{what}: X {x.Shape} has {x.Rows} samples but y has {y.Count} targets.", nameof(y));
    }

    private static void CheckFinite(Matrix data, string what, string paramName)
    {
        var values = data.Span;
        if (ElementMath.AllFinite(values)) return;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new NonFiniteDataException(what, i / data.Columns, i % data.Columns, values[i], paramName);
    }

    private static void CheckBatchSize(int? batchSize)
    {
        if (batchSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batch size must be >= 1, got {batchSize}");
    }

}
