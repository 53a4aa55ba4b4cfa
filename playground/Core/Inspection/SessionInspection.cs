using Nnfs.Playground.Training;

namespace Nnfs.Playground.Inspection;

/// <summary>The look-inside panel's two actions on the playground's current network and data set.</summary>
public static class SessionInspection
{
    /// <summary>
    /// Inspects sample <paramref name="sample"/> of the session's training data in its network as it is now, on the
    /// numeric path the session trains on (<see cref="SampleInspector"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sample"/> is not a row of the data set (the message names
    /// the range).</exception>
    public static SampleInspection Inspect(TrainingSession session, int sample)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var path = Engine.UsePath(session.Path);
        var data = session.Data;
        return SampleInspector.Inspect(session.Model, data.X, data.Targets(session.Settings.Network.BinaryOutput), sample);
    }
}
