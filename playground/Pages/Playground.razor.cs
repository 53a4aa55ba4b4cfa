using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Components;
using Nnfs.Playground.Components;
using Nnfs.Playground.Data;
using Nnfs.Playground.Export;
using Nnfs.Playground.Network;
using Nnfs.Playground.Plots;
using Nnfs.Playground.Presets;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Pages;

/// <summary>The playground page's state and actions (the markup is Playground.razor).</summary>
/// <remarks>
/// WebAssembly here is single-threaded, so training runs on the page's thread: <see cref="StartAsync"/> trains a chunk
/// of <c>Redraw every</c> epochs synchronously, redraws (one batched forward pass over the plot's grid or curve, one
/// JavaScript call), refreshes the numbers alone (<see cref="LiveStats"/>), then yields to the browser with
/// <c>Task.Delay(1)</c> so that clicks and keys are handled between chunks. A network slow enough that a chunk would
/// take longer than 150 ms trains it in smaller pieces with a turn for the browser after each.
/// </remarks>
public partial class Playground
{
    /// <summary>The most epochs a run may be asked for: 100,000.</summary>
    public const int MaxEpochs = 100_000;

    private const int PlotPoints = 500;

    // The longest the page trains without giving the browser a turn.
    private static readonly TimeSpan YieldAfter = TimeSpan.FromMilliseconds(150);

    private LiveStats? _stats;
    private TrainingSession? _session;
    private DecisionRegions? _regions;
    private FittedCurve? _curve;
    private byte[]? _curveBytes;
    private Preset? _preset;
    private bool _running;
    private string _status = "idle";
    private string _announcement = "";
    private string? _exportError;
    private TimeSpan _elapsed, _trainTime, _drawTime;
    private IReadOnlyList<string> _problems = [];

    private DataSetKind _dataKind;
    private int _samples, _classes;
    private double _noise;
    private long _seed; // long: what an input binds; checked against uint's range on Reset
    private List<LayerForm> _layers = [];
    private ActivationKind _output;
    private float _initScale;
    private OptimizerKind _optimizer;
    private double _learningRate, _decay, _momentum, _epsilon, _rho, _beta1, _beta2;
    private int _epochs;
    private int _redrawEvery = 100;
    private bool _bookArithmetic;
    private ValidationDraw _validation;
    private int _validationSamples, _validateAfter;

    private bool Finished => _session is { } s && (s.Failure is not null || s.Epoch >= _epochs);

    /// <inheritdoc/>
    protected override void OnInitialized() => Fill(BookPresets.Chapter10);

    /// <inheritdoc/>
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) Reset();
    }

    private void Fill(Preset preset)
    {
        _preset = preset;
        var s = preset.Settings;
        (_dataKind, _samples, _classes, _noise, _seed) = (s.Data.Kind, s.Data.Samples, s.Data.Classes, s.Data.Noise, s.Seed);
        _layers = [.. s.Network.Hidden.Select(LayerForm.From)];
        (_output, _initScale) = (s.Network.Output, s.Network.InitScale);
        var o = s.Optimizer;
        (_optimizer, _learningRate, _decay, _momentum, _epsilon, _rho, _beta1, _beta2) =
            (o.Kind, o.LearningRate, o.Decay, o.Momentum, o.Epsilon, o.Rho, o.Beta1, o.Beta2);
        (_validation, _validationSamples, _validateAfter) = (s.Validation, s.ValidationSamples, s.ValidateAfter);
        _epochs = preset.Epochs;
    }

    private void ApplyPreset(Preset preset)
    {
        Fill(preset);
        Reset();
    }

    // Any edit of what the session is made of leaves the preset: its book numbers no longer apply.
    private void Edited()
    {
        _preset = null;
        _validation = ValidationDraw.None;
        _validateAfter = 0;
    }

    private void AddLayer()
    {
        _layers.Add(new LayerForm());
        Edited();
    }

    private void RemoveLayer(int index)
    {
        if (_layers.Count <= 1 || index < 0 || index >= _layers.Count) return;
        _layers.RemoveAt(index);
        Edited();
    }

    private PlaygroundSettings CurrentSettings() => new(
        new DataSetChoice(_dataKind, _samples, _classes, _noise),
        new NetworkChoice([.. _layers.Select(l => l.ToChoice())], _output, _initScale),
        new OptimizerChoice(_optimizer, _learningRate, _decay, _momentum, _epsilon, _rho, _beta1, _beta2),
        (uint)Math.Clamp(_seed, 0, uint.MaxValue), _bookArithmetic, _validation, _validationSamples, _validateAfter);

    private void Reset()
    {
        _running = false;
        _exportError = null;
        var settings = CurrentSettings();
        var problems = settings.Problems().ToList();
        if (_epochs < 1 || _epochs > MaxEpochs) problems.Add($"Train until epoch must be between 1 and {MaxEpochs}, got {_epochs}.");
        if (_seed < 0 || _seed > uint.MaxValue) problems.Add($"The random seed must be between 0 and {uint.MaxValue}, got {_seed}.");
        if (_redrawEvery < 1 || _redrawEvery > 100) problems.Add($"Redraw every must be between 1 and 100 epochs, got {_redrawEvery}.");
        _problems = problems;
        if (problems.Count > 0)
        {
            // No session to run: Start would otherwise train the previous settings while the form shows others.
            _session = null;
            _regions = null;
            _curve = null;
            _status = "invalid settings";
            _announcement = "These settings cannot be trained; see the problems listed under the settings.";
            StateHasChanged();
            return;
        }
        _session = new TrainingSession(settings, _epochs);
        _regions = _session.Data.IsRegression ? null : new DecisionRegions(_session);
        _curve = _session.Data.IsRegression ? new FittedCurve(_session) : null;
        _curveBytes = _curve is null ? null : new byte[_curve.Xs.Length * 2 * sizeof(float)];
        _elapsed = _trainTime = _drawTime = TimeSpan.Zero;
        var d = _session.Data;
        CanvasInterop.SetData("data-plot", MemoryMarshal.AsBytes(d.PlotPoints().AsSpan()), d.MinX, d.MaxX, d.MinY, d.MaxY, d.Classes);
        Redraw();
        _status = "ready";
        _announcement = _preset is null ? "Network built; ready to train." : $"{_preset.Title}: ready to train.";
        StateHasChanged();
    }

    private async Task StartAsync()
    {
        if (_running || _session is null || Finished) return;
        var session = _session;
        _running = true;
        _status = "running";
        _announcement = "Training.";
        StateHasChanged();
        await Task.Delay(1);
        var clock = Stopwatch.StartNew();
        var before = _elapsed;
        int piece = 1; // grows to what fits in YieldAfter once an epoch has been timed
        while (_running && ReferenceEquals(session, _session) && session.Epoch < _epochs && session.Failure is null)
        {
            // A chunk ends at the next redraw; a slow network trains it in pieces of about YieldAfter each, with a
            // turn for the browser (and the numbers) between them, so that Pause still answers.
            int chunkEnd = Math.Min(session.Epoch + _redrawEvery, _epochs);
            while (true)
            {
                int epochs = Math.Min(piece, chunkEnd - session.Epoch);
                long start = Stopwatch.GetTimestamp();
                int done = session.Advance(epochs);
                var took = Stopwatch.GetElapsedTime(start);
                _trainTime += took;
                if (done > 0) piece = (int)Math.Clamp(YieldAfter.Ticks * done / Math.Max(took.Ticks, 1), 1, _redrawEvery);
                if (session.Epoch >= chunkEnd || session.Failure is not null) break;
                _elapsed = before + clock.Elapsed;
                _stats?.Refresh("running", _elapsed, _trainTime, _drawTime);
                await Task.Delay(1);
                if (!_running || !ReferenceEquals(session, _session)) break;
            }
            if (!ReferenceEquals(session, _session)) return;
            long drawStart = Stopwatch.GetTimestamp();
            Redraw();
            _drawTime += Stopwatch.GetElapsedTime(drawStart);
            _elapsed = before + clock.Elapsed;
            _stats?.Refresh("running", _elapsed, _trainTime, _drawTime);
            await Task.Delay(1);
        }
        if (!ReferenceEquals(session, _session)) return;
        _running = false;
        _status = session.Failure is not null ? "failed" : session.Epoch >= _epochs ? "done" : "paused";
        _announcement = _status switch
        {
            "failed" => "Training stopped: the loss is no longer finite.",
            "done" => $"Done: {session.Epoch} epochs.",
            _ => $"Paused at epoch {session.Epoch}.",
        };
        StateHasChanged();
    }

    private void Pause() => _running = false;

    private void StepOne()
    {
        if (_running || _session is null) return;
        var clock = Stopwatch.StartNew();
        _session.Advance(1);
        _trainTime += clock.Elapsed;
        _elapsed += clock.Elapsed;
        Redraw();
        _status = _session.Failure is not null ? "failed" : "paused";
        _announcement = $"Epoch {_session.Epoch}.";
    }

    // One batched forward pass for the data plot, then one JavaScript call that draws both canvases.
    private void Redraw()
    {
        if (_session is null) return;
        byte[] plot;
        int resolution = 0;
        if (_regions is not null)
        {
            _regions.Compute();
            plot = _regions.Cells;
            resolution = _regions.Resolution;
        }
        else
        {
            _curve!.Compute();
            var pairs = MemoryMarshal.Cast<byte, float>(_curveBytes.AsSpan());
            for (int i = 0; i < _curve.Xs.Length; i++)
            {
                pairs[2 * i] = _curve.Xs[i];
                pairs[2 * i + 1] = _curve.Ys[i];
            }
            plot = _curveBytes!;
        }
        CanvasInterop.Redraw("data-plot", plot, resolution, "curves", MemoryMarshal.AsBytes(_session.Metrics.ForPlot(PlotPoints).AsSpan()));
    }

    private void DownloadModel()
    {
        if (_session is null) return;
        try
        {
            _exportError = null;
            CanvasInterop.DownloadBytes(ModelExport.FileName, ModelExport.ToBytes(_session.Model), "application/octet-stream");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException)
        {
            _exportError = $"The model could not be exported: {e.Message}";
        }
    }

    private void DownloadCurves() => CanvasInterop.DownloadCanvas("curves", "nnfs-curves.png");
}
