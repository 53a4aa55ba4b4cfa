using Nnfs.Playground.Training;
using Nnfs.Tensors;

namespace Nnfs.Playground.Plots;

/// <summary>A regression network's output at evenly spaced inputs across the data's area: the curve the page draws over
/// the points. One batched forward pass per <see cref="Compute"/>; the buffers are made once.</summary>
/// <remarks>Point i is at <c>x = MinX + i·(MaxX − MinX)/(n − 1)</c>.</remarks>
public sealed class FittedCurve
{
    private readonly Matrix _inputs;

    /// <summary>Spaces <paramref name="points"/> inputs over <paramref name="session"/>'s data area.</summary>
    /// <param name="session">A regression session.</param>
    /// <param name="points">Points on the curve, 2 to 2000. Default 200.</param>
    /// <exception cref="ArgumentException">The session is a classification one.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is out of range.</exception>
    public FittedCurve(TrainingSession session, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 2000);
        var data = session.Data;
        if (!data.IsRegression) throw new ArgumentException("A fitted curve is for regression; this session classifies.", nameof(session));
        Session = session;
        _inputs = new Matrix(points, 1);
        Xs = new float[points];
        for (int i = 0; i < points; i++) Xs[i] = _inputs[i, 0] = data.MinX + i * (data.MaxX - data.MinX) / (points - 1);
        Ys = new float[points];
    }

    /// <summary>The session whose network is drawn.</summary>
    public TrainingSession Session { get; }

    /// <summary>The inputs.</summary>
    public float[] Xs { get; }

    /// <summary>The network's output at each input; filled by <see cref="Compute"/>.</summary>
    public float[] Ys { get; }

    /// <summary>Runs the network over the inputs and fills <see cref="Ys"/>.</summary>
    public void Compute() => Session.Outputs(_inputs, Ys);
}
