using System.Globalization;
using Nnfs.Datasets;

namespace Nnfs.Imaging;

/// <summary>
/// Reads and writes the book's image-folder layout (chapter 19, <c>fashion_mnist_images</c>):
/// <c>root/train/&lt;label&gt;/*.png</c> and <c>root/test/&lt;label&gt;/*.png</c>.
/// </summary>
/// <remarks>
/// The book lists folders with <c>os.listdir</c>, whose order depends on the file system. Here the order is fixed:
/// label folders sorted numerically (0, 1, …, 10 — every folder name must be a class number), and files within a
/// folder sorted by name with ordinal (byte-wise) comparison, like Python's <c>sorted()</c>; so <c>0000.png</c>,
/// <c>0001.png</c>, … For the book's files this is the order that spec §3's chapter 19 numbers were computed with.
/// Files with the extensions .png, .jpg and .jpeg are read (other files are ignored); all images must have the
/// same size, and colour images are converted to gray.
/// </remarks>
public static class ImageFolderDataset
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Reads <c>root/split/&lt;label&gt;/*</c>.</summary>
    /// <param name="root">The data set folder, e.g. <c>fashion_mnist_images</c>.</param>
    /// <param name="split">The sub-folder, e.g. <c>train</c> or <c>test</c>.</param>
    /// <param name="progress">Receives the number of images read so far, or null.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A folder name is not a class number, or an image is unreadable or of
    /// another size; the message names the path.</exception>
    public static ImageDataSet Load(string root, string split, IProgress<int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(split);
        string folder = Path.Combine(root, split);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder.");
        var classes = new List<(int Label, string Path)>();
        foreach (string dir in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int label) || label > 255)
                throw new InvalidDataException($"{dir}: the folder name '{name}' is not a class number 0–255.");
            classes.Add((label, dir));
        }
        if (classes.Count == 0) throw new InvalidDataException($"{folder}: no label folders (expected {folder}/0, {folder}/1, …).");
        classes.Sort((a, b) => a.Label.CompareTo(b.Label));

        var pixels = new MemoryStream();
        var labels = new List<byte>();
        int width = 0, height = 0;
        string? firstFile = null;
        foreach (var (label, dir) in classes)
        {
            var files = Directory.EnumerateFiles(dir)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (string? file in files)
            {
                string path = Path.Combine(dir, file!);
                var image = ImageCodec.LoadGray(path);
                if (firstFile is null)
                {
                    firstFile = path;
                    width = image.Width;
                    height = image.Height;
                }
                else if (image.Width != width || image.Height != height)
                {
                    throw new InvalidDataException(
                        $"{path}: the image is {image.Width}×{image.Height} but {firstFile} is {width}×{height}; all images must have one size.");
                }
                pixels.Write(image.Pixels);
                labels.Add((byte)label);
                progress?.Report(labels.Count);
            }
        }
        if (labels.Count == 0) throw new InvalidDataException($"{folder}: the label folders hold no .png/.jpg files.");
        return new ImageDataSet(pixels.ToArray(), [.. labels], height, width);
    }

    /// <summary>
    /// Writes <paramref name="data"/> as <c>root/split/&lt;label&gt;/NNNN.png</c>, numbering the images of each class
    /// 0000, 0001, … in their order in <paramref name="data"/> (the book's layout, made from the IDX files).
    /// </summary>
    public static void Save(ImageDataSet data, string root, string split)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(split);
        var next = new int[256];
        int maxPerClass = data.Count == 0 ? 0 : data.CountPerClass(256).Max();
        int digits = Math.Max(4, maxPerClass.ToString(CultureInfo.InvariantCulture).Length);
        for (int i = 0; i < data.Count; i++)
        {
            int label = data.Labels[i];
            string dir = Path.Combine(root, split, label.ToString(CultureInfo.InvariantCulture));
            if (next[label] == 0) Directory.CreateDirectory(dir);
            string file = next[label]++.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png";
            ImageCodec.SavePng(new GrayImage(data.Width, data.Height, data.Image(i).ToArray()), Path.Combine(dir, file));
        }
    }
}
