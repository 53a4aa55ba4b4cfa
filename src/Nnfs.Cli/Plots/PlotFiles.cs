using ScottPlot;

namespace Nnfs.Cli.Plots;

/// <summary>Writes ScottPlot figures as PNG files, creating the folder when needed.</summary>
internal static class PlotFiles
{
    /// <summary>Saves <paramref name="plot"/> as a <paramref name="width"/>×<paramref name="height"/> PNG.</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, width, height);
    }
}
