using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>
/// Everything a training run's future depends on, copied at the end of an epoch: parameters, the optimizer's state
/// (per-parameter slots, iterations, current learning rate) and the run's generator (next shuffles, dropout masks).
/// Restoring it puts the model back at that epoch's end, so an interrupted run can save its last completed epoch.
/// </summary>
internal sealed class EpochSnapshot
{
    private readonly List<(Parameter Parameter, Matrix Value, Dictionary<string, Matrix> State)> _parameters = [];
    private long _iterations;
    private double _learningRate;
    private GeneratorState? _random;

    /// <summary>The epoch captured (1-based), or 0 before the first capture.</summary>
    public int Epoch { get; private set; }

    /// <summary>Copies the state of <paramref name="model"/> and <paramref name="random"/> after <paramref name="epoch"/>,
    /// reusing the buffers of the previous capture.</summary>
    public void Capture(Model model, RandomState random, int epoch)
    {
        var optimizer = model.Optimizer ?? throw new InvalidOperationException("the model has no optimizer");
        int i = 0;
        foreach (var (_, parameter) in model.NamedParameters())
        {
            if (i == _parameters.Count) _parameters.Add((parameter, new Matrix(parameter.Value.Rows, parameter.Value.Columns), []));
            var (p, value, state) = _parameters[i++];
            if (!ReferenceEquals(p, parameter)) throw new InvalidOperationException("the model's parameters changed during training");
            parameter.Value.CopyTo(value);
            foreach (var (slot, matrix) in parameter.OptimizerState)
            {
                if (!state.TryGetValue(slot, out var copy)) state[slot] = copy = new Matrix(matrix.Rows, matrix.Columns);
                matrix.CopyTo(copy);
            }
        }
        _iterations = optimizer.Iterations;
        _learningRate = optimizer.CurrentLearningRate;
        _random = random.GetState();
        Epoch = epoch;
    }

    /// <summary>Puts <paramref name="model"/> and <paramref name="random"/> back in the captured state.</summary>
    /// <exception cref="InvalidOperationException">Nothing was captured.</exception>
    public void Restore(Model model, RandomState random)
    {
        if (Epoch == 0 || _random is null) throw new InvalidOperationException("no epoch was captured");
        foreach (var (parameter, value, state) in _parameters)
        {
            value.CopyTo(parameter.Value);
            foreach (var slot in parameter.OptimizerState.Keys.Except(state.Keys).ToList()) parameter.OptimizerState.Remove(slot);
            foreach (var (slot, copy) in state)
            {
                if (!parameter.OptimizerState.TryGetValue(slot, out var live)) parameter.OptimizerState[slot] = live = new Matrix(copy.Rows, copy.Columns);
                copy.CopyTo(live);
            }
        }
        model.Optimizer!.Iterations = _iterations;
        model.Optimizer.CurrentLearningRate = _learningRate;
        random.SetState(_random);
    }
}
