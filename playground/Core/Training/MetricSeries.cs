namespace Nnfs.Playground.Training;

/// <summary>The metrics of every epoch of a session, in arrays that grow by doubling (no allocation per epoch).</summary>
/// <remarks>Entry i is epoch i + 1 (the i-th training step), measured before that step's update, as the library's
/// <see cref="Nnfs.Models.StepResult"/> is.</remarks>
public sealed class MetricSeries
{
    private float[] _dataLoss;
    private double[] _regularizationLoss, _accuracy, _learningRate;

    /// <summary>Creates an empty series with room for <paramref name="capacity"/> epochs (at least 16).</summary>
    public MetricSeries(int capacity = 1024)
    {
        capacity = Math.Max(16, capacity);
        _dataLoss = new float[capacity];
        _regularizationLoss = new double[capacity];
        _accuracy = new double[capacity];
        _learningRate = new double[capacity];
    }

    /// <summary>The number of epochs recorded.</summary>
    public int Count { get; private set; }

    /// <summary>Data loss of each epoch (float32, the book's <c>data_loss</c>).</summary>
    public ReadOnlySpan<float> DataLoss => _dataLoss.AsSpan(0, Count);

    /// <summary>Regularization loss of each epoch.</summary>
    public ReadOnlySpan<double> RegularizationLoss => _regularizationLoss.AsSpan(0, Count);

    /// <summary>Accuracy of each epoch.</summary>
    public ReadOnlySpan<double> Accuracy => _accuracy.AsSpan(0, Count);

    /// <summary>Learning rate each epoch's update used.</summary>
    public ReadOnlySpan<double> LearningRate => _learningRate.AsSpan(0, Count);

    /// <summary>The loss of epoch <paramref name="index"/> + 1: data loss + regularization loss, in double (the book's <c>loss</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public double Loss(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _dataLoss[index] + _regularizationLoss[index];
    }

    /// <summary>Appends one epoch's metrics.</summary>
    public void Add(float dataLoss, double regularizationLoss, double accuracy, double learningRate)
    {
        if (Count == _dataLoss.Length)
        {
            int size = checked(Count * 2);
            Array.Resize(ref _dataLoss, size);
            Array.Resize(ref _regularizationLoss, size);
            Array.Resize(ref _accuracy, size);
            Array.Resize(ref _learningRate, size);
        }
        _dataLoss[Count] = dataLoss;
        _regularizationLoss[Count] = regularizationLoss;
        _accuracy[Count] = accuracy;
        _learningRate[Count] = learningRate;
        Count++;
    }

    /// <summary>
    /// The series thinned for a plot: at most <paramref name="points"/> epochs, evenly spaced, the last one always
    /// included; four floats per point (epoch number, loss, accuracy, learning rate).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is below 2.</exception>
    public float[] ForPlot(int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        int n = Math.Min(points, Count);
        var result = new float[n * 4];
        for (int p = 0; p < n; p++)
        {
            int i = n == 1 ? 0 : (int)((long)p * (Count - 1) / (n - 1));
            result[4 * p] = i + 1;
            result[4 * p + 1] = (float)Loss(i);
            result[4 * p + 2] = (float)_accuracy[i];
            result[4 * p + 3] = (float)_learningRate[i];
        }
        return result;
    }
}
