using Nnfs.Playground.Training;
using Nnfs.Tensors;

namespace Nnfs.Playground.Plots;

/// <summary>
/// The class a classifier picks on a square grid over the data's area, and how sure it is: what the page paints under
/// the points. One batched forward pass per <see cref="Compute"/>; the buffers are made once.
/// </summary>
/// <remarks>
/// Cell (row r, column c) is centred at <c>x = MinX + (c + ½)·(MaxX − MinX)/n</c>,
/// <c>y = MaxY − (r + ½)·(MaxY − MinY)/n</c> (row 0 at the top, as a canvas draws). <see cref="Cells"/> holds two bytes a
/// cell, row by row: the class, then the confidence as <c>round(255·p)</c> where p is the winning probability (for one
/// sigmoid output, class 1 when its output is above 0.5, p = max(σ, 1 − σ)).
/// </remarks>
public sealed class DecisionRegions
{
    private readonly Matrix _grid;
    private readonly float[] _outputs;
    private readonly int _width;

    /// <summary>Lays the grid over <paramref name="session"/>'s data area.</summary>
    /// <param name="session">A classification session.</param>
    /// <param name="resolution">Cells per side, 2 to 200. Default 50.</param>
    /// <exception cref="ArgumentException">The session is a regression one.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resolution"/> is out of range.</exception>
    public DecisionRegions(TrainingSession session, int resolution = 50)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolution, 200);
        var data = session.Data;
        if (data.IsRegression) throw new ArgumentException("Decision regions are for classification; the sine is a regression.", nameof(session));
        Session = session;
        Resolution = resolution;
        _grid = new Matrix(resolution * resolution, 2);
        for (int r = 0; r < resolution; r++)
        {
            for (int c = 0; c < resolution; c++)
            {
                _grid[r * resolution + c, 0] = data.MinX + (c + 0.5f) * (data.MaxX - data.MinX) / resolution;
                _grid[r * resolution + c, 1] = data.MaxY - (r + 0.5f) * (data.MaxY - data.MinY) / resolution;
            }
        }
        _width = session.Settings.Network.OutputWidth(data.Classes);
        _outputs = new float[_grid.Rows * _width];
        Cells = new byte[_grid.Rows * 2];
    }

    /// <summary>The session whose network is drawn.</summary>
    public TrainingSession Session { get; }

    /// <summary>Cells per side.</summary>
    public int Resolution { get; }

    /// <summary>The cell centres, one row per cell (row by row from the top left).</summary>
    public Matrix Grid => _grid;

    /// <summary>Class and confidence of every cell, two bytes a cell (see the remarks); filled by <see cref="Compute"/>.</summary>
    public byte[] Cells { get; }

    /// <summary>Runs the network over the grid and fills <see cref="Cells"/>.</summary>
    public void Compute()
    {
        Session.Outputs(_grid, _outputs);
        for (int cell = 0; cell < _grid.Rows; cell++)
        {
            int best;
            float confidence;
            if (_width == 1)
            {
                float p = _outputs[cell];
                best = p > 0.5f ? 1 : 0;
                confidence = MathF.Max(p, 1 - p);
            }
            else
            {
                var row = _outputs.AsSpan(cell * _width, _width);
                best = 0;
                for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
                confidence = row[best];
            }
            Cells[2 * cell] = (byte)best;
            Cells[2 * cell + 1] = (byte)MathF.Round(255 * Math.Clamp(float.IsNaN(confidence) ? 0 : confidence, 0, 1));
        }
    }
}
