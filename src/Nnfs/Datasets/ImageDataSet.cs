using Nnfs.Kernels;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// Labelled 8-bit grayscale images kept as bytes: the book's <c>X</c> (uint8, shape (n, height, width)) and
/// <c>y</c> (uint8, shape (n,)) before scaling. Fashion-MNIST's 60,000 training images take 47 MB this way instead
/// of 188 MB as float32, so a trainer can keep the bytes and scale one batch at a time.
/// </summary>
/// <remarks>
/// Image i occupies <c>Pixels[i · ImageSize .. (i + 1) · ImageSize)</c>, row-major, 0 = background, 255 = full ink.
/// The preparation of chapter 19 is <see cref="Shuffle(RandomState, out int[])"/> (training set only) followed by
/// <see cref="ToMatrix"/>, which flattens and scales each pixel x to <c>(x − 127.5) / 127.5</c> in float32.
/// </remarks>
public sealed class ImageDataSet
{
    /// <summary>Wraps pixel and label arrays (not copied).</summary>
    /// <param name="pixels">count · height · width bytes, image after image, each row-major.</param>
    /// <param name="labels">count class ids.</param>
    /// <param name="height">Rows per image (28 for MNIST), at least 1.</param>
    /// <param name="width">Columns per image (28 for MNIST), at least 1.</param>
    /// <exception cref="ArgumentException">The array lengths do not agree with the shape.</exception>
    public ImageDataSet(byte[] pixels, byte[] labels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        long expected = (long)labels.Length * height * width;
        if (pixels.Length != expected)
            throw new ArgumentException(
                $"{labels.Length} labels of {height}×{width} images need {expected} pixel bytes, got {pixels.Length}.", nameof(pixels));
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>Number of images (samples).</summary>
    public int Count => Labels.Length;

    /// <summary>Rows per image.</summary>
    public int Height { get; }

    /// <summary>Columns per image.</summary>
    public int Width { get; }

    /// <summary>
    /// What <see cref="ToMatrix"/>, <see cref="ScaleBatch"/> and <see cref="GatherScaled"/> prepare: an image of
    /// <see cref="Height"/> × <see cref="Width"/> raw pixels scaled by <c>(x − 127.5) / 127.5</c>
    /// (<see cref="InputPreparation.Image"/>). Give it to <c>Model.Input</c> so that a saved model takes raw pixels.
    /// </summary>
    public InputPreparation Input => InputPreparation.Image(Height, Width);

    /// <summary>Pixels per image, <c>Height · Width</c>: the number of input features after flattening (784).</summary>
    public int ImageSize => Height * Width;

    /// <summary>All pixels, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>The class id of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the data set has {Count} images");
        return Pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>The labels as <c>int</c> class ids, ready for <see cref="Targets"/> (the book's <c>y</c>).</summary>
    public int[] ClassIds()
    {
        var ids = new int[Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = Labels[i];
        return ids;
    }

    /// <summary>Number of images of each class 0 … <paramref name="classes"/> − 1.</summary>
    /// <exception cref="InvalidDataException">A label is not below <paramref name="classes"/>.</exception>
    public int[] CountPerClass(int classes)
    {
        var counts = new int[classes];
        foreach (byte label in Labels)
        {
            if (label >= classes) throw new InvalidDataException($"label {label} is not below the class count {classes}");
            counts[label]++;
        }
        return counts;
    }

    /// <summary>
    /// A new data set made of the images at <paramref name="indices"/>, in that order: NumPy's fancy indexing
    /// <c>X[keys]</c>, <c>y[keys]</c>.
    /// </summary>
    public ImageDataSet Select(ReadOnlySpan<int> indices)
    {
        int size = ImageSize;
        var pixels = LargePages.Allocate<byte>(checked(indices.Length * size));
        var labels = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"index {i} is out of range for {Count} images");
            Pixels.AsSpan(k * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[k];
        }
        return new ImageDataSet(pixels, labels, Height, Width);
    }

    /// <summary>
    /// The book's keyed shuffle (chapter 19): <c>keys = np.array(range(N)); np.random.shuffle(keys); X = X[keys];
    /// y = y[keys]</c>.
    /// </summary>
    /// <param name="random">The generator; null uses <see cref="RandomState.Global"/> like <c>np.random</c>.</param>
    /// <param name="keys">The shuffled keys: image i of the result is image <c>keys[i]</c> of this set.</param>
    /// <returns>A new, shuffled data set; this one is unchanged.</returns>
    public ImageDataSet Shuffle(RandomState? random, out int[] keys)
    {
        keys = new int[Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = i;
        (random ?? RandomState.Global).Shuffle(keys.AsSpan());
        return Select(keys);
    }

    /// <summary>
    /// The images reordered class by class (all of class 0, then class 1, …), keeping the file order within a class.
    /// This is the order in which the book's <c>load_mnist_dataset</c> reads its image folders (label folders sorted
    /// numerically, files <c>0000.png</c>, <c>0001.png</c>, … numbered in IDX order within each class), so loading the
    /// IDX files in this order reproduces chapter 19's shuffle and training numbers exactly.
    /// </summary>
    public ImageDataSet ToBookOrder()
    {
        var next = new int[257];
        foreach (byte label in Labels) next[label + 1]++;
        for (int c = 1; c < next.Length; c++) next[c] += next[c - 1];
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[next[Labels[i]]++] = i;
        return Select(order);
    }

    /// <summary>
    /// All images flattened and scaled to [−1, 1]: the book's
    /// <c>(X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5</c>, bit for bit.
    /// </summary>
    /// <returns>A Count × ImageSize matrix.</returns>
    public Matrix ToMatrix()
    {
        var m = new Matrix(Count, ImageSize);
        PixelScaling.Scale(Pixels, m.Span);
        return m;
    }

    /// <summary>
    /// Scales images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) into
    /// <paramref name="buffer"/> (allocated or reshaped as needed): the batch <c>X[start:start+count]</c> of the
    /// scaled matrix, without scaling the whole set.
    /// </summary>
    public Matrix ScaleBatch(int start, int count, ref Matrix? buffer)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"batch [{start}, {start}+{count}) is outside the {Count} images");
        var m = Matrix.Ensure(ref buffer, count, ImageSize);
        PixelScaling.Scale(Pixels.AsSpan(start * ImageSize, count * ImageSize), m.Span);
        return m;
    }

    /// <summary>
    /// Gathers the images at <paramref name="indices"/> and scales them into <paramref name="buffer"/> (allocated or
    /// reshaped as needed): row i is the scaled image <c>indices[i]</c>.
    /// </summary>
    /// <remarks>The images a few places ahead are prefetched while one is scaled, so a random batch costs about the
    /// copy of its bytes rather than one memory wait per image.</remarks>
    public Matrix GatherScaled(ReadOnlySpan<int> indices, ref Matrix? buffer)
    {
        int size = ImageSize;
        var m = Matrix.Ensure(ref buffer, indices.Length, size);
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"index {i} is out of range for {Count} images");
            if (i + Prefetch.Distance < indices.Length && (uint)indices[i + Prefetch.Distance] < (uint)Count)
                Prefetch.Row<byte>(Pixels.AsSpan(indices[i + Prefetch.Distance] * size, size));
            PixelScaling.Scale(Pixels.AsSpan(k * size, size), m.Row(i));
        }
        return m;
    }
}
