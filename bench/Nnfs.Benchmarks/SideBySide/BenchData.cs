using Nnfs.Datasets;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// The peers' portable benchmark data (<c>shared/peers/benchdata.py</c>) in C#: every random number comes from one
/// integer hash, so our run and the NumPy/PyTorch peers see the same data, initial weights and batch orders.
/// </summary>
/// <remarks>
/// <c>mix64</c> is the SplitMix64 output function applied to <c>x + 0x9E3779B97F4A7C15</c>; a stream is the hashes of
/// the keys <c>tag · 2⁴⁰ + index</c>. Integer results (hashes, permutations, synthetic pixels) are bit-identical to
/// benchdata.py; floating-point results (Box-Muller normals, spiral points) agree up to libm rounding, because NumPy
/// may use its own SIMD <c>log</c>/<c>cos</c>/<c>sin</c>.
/// </remarks>
internal static class BenchData
{
    /// <summary>Tag of the synthetic Fashion-MNIST class prototypes.</summary>
    public const ulong TagProto = 1;

    /// <summary>Tag of the synthetic Fashion-MNIST per-sample label and mix.</summary>
    public const ulong TagMeta = 2;

    /// <summary>Tag of the synthetic Fashion-MNIST per-pixel noise.</summary>
    public const ulong TagNoise = 3;

    /// <summary>Tag of the spiral angle noise.</summary>
    public const ulong TagSpiral = 4;

    /// <summary>Tag of dense layer weights; the layer index is added.</summary>
    public const ulong TagWeights = 0x100;

    /// <summary>Tag of the mini-batch order; the epoch is added.</summary>
    public const ulong TagShuffle = 0x200;

    /// <summary>The environment variable that names the Fashion-MNIST folder, as for the peers.</summary>
    public const string DataEnvironmentVariable = "NNFS_PEER_DATA";

    private static readonly string[] s_fashionStems =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>SplitMix64 finaliser of <c>x + golden ratio</c>, with wrap-around arithmetic.</summary>
    public static ulong Mix64(ulong x)
    {
        ulong z = unchecked(x + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>The hash input <c>tag · 2⁴⁰ + index</c>.</summary>
    public static ulong Key(ulong tag, long index) => unchecked((tag << 40) + (ulong)index);

    /// <summary>The hash of <see cref="Key"/>(<paramref name="tag"/>, <paramref name="index"/>).</summary>
    public static ulong Hash(ulong tag, long index) => Mix64(Key(tag, index));

    /// <summary>
    /// <paramref name="count"/> standard normals in double by Box-Muller on hash pairs:
    /// <c>u1 = ((h(2k) ≫ 11) + 1) / 2⁵³</c>, <c>u2 = (h(2k+1) ≫ 11) / 2⁵³</c>, <c>z = √(−2 ln u1) · cos(2π u2)</c>.
    /// </summary>
    public static double[] Randn(ulong tag, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var z = new double[count];
        const double scale = 1.0 / 9007199254740992.0;
        for (int k = 0; k < count; k++)
        {
            double u1 = ((Hash(tag, 2L * k) >> 11) + 1) * scale;
            double u2 = (Hash(tag, 2L * k + 1) >> 11) * scale;
            z[k] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
        return z;
    }

    /// <summary>
    /// The NNFS initialisation of dense layer <paramref name="layerIndex"/>: weights <c>float32(0.01 · randn)</c> of
    /// shape (inputs, neurons), biases zeros (1, neurons).
    /// </summary>
    public static (Matrix Weights, Matrix Biases) DenseInit(int layerIndex, int inputs, int neurons)
    {
        var z = Randn(TagWeights + (ulong)layerIndex, checked(inputs * neurons));
        var w = new Matrix(inputs, neurons);
        var span = w.Span;
        for (int i = 0; i < z.Length; i++) span[i] = (float)(0.01 * z[i]);
        return (w, new Matrix(1, neurons));
    }

    /// <summary>The mini-batch order of <paramref name="epoch"/>: the stable argsort of the epoch's hashes.</summary>
    public static int[] Permutation(int epoch, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var hashes = new ulong[n];
        var order = new int[n];
        ulong tag = TagShuffle + (ulong)epoch;
        for (int i = 0; i < n; i++)
        {
            hashes[i] = Hash(tag, i);
            order[i] = i;
        }
        Array.Sort(hashes, order);
        for (int s = 0; s < n;)
        {
            int e = s + 1;
            while (e < n && hashes[e] == hashes[s]) e++;
            if (e - s > 1) Array.Sort(order, s, e - s);
            s = e;
        }
        return order;
    }

    /// <summary>
    /// benchdata's spiral (not the nnfs package's): class c, point i: <c>r = i/(samples−1)</c>,
    /// <c>t = linspace(4c, 4c+4)[i] + 0.2 · randn</c>, <c>x = (r sin 2.5t, r cos 2.5t)</c>, computed in double with
    /// NumPy's <c>linspace</c> arithmetic and rounded to float32.
    /// </summary>
    public static (Matrix X, int[] Y) Spiral(int samples = 100, int classes = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        int n = samples * classes;
        var noise = Randn(TagSpiral, n);
        var x = new Matrix(n, 2);
        var y = new int[n];
        var r = Linspace(0.0, 1.0, samples);
        for (int c = 0; c < classes; c++)
        {
            var t = Linspace(c * 4.0, (c + 1) * 4.0, samples);
            for (int i = 0; i < samples; i++)
            {
                int row = samples * c + i;
                double angle = t[i] + noise[row] * 0.2;
                x[row, 0] = (float)(r[i] * Math.Sin(angle * 2.5));
                x[row, 1] = (float)(r[i] * Math.Cos(angle * 2.5));
                y[row] = c;
            }
        }
        return (x, y);
    }

    /// <summary>NumPy 1.24's <c>linspace(start, stop, num)</c>: <c>i · step + start</c>, the last point set to stop.</summary>
    internal static double[] Linspace(double start, double stop, int num)
    {
        var v = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) v[i] = i * step + start;
        v[num - 1] = stop;
        return v;
    }

    /// <summary>
    /// benchdata's integer-exact synthetic Fashion-MNIST bytes for samples [start, start + count):
    /// a blend of two hashed class prototypes plus hashed noise, clipped to [0, 255]; labels are the first class.
    /// </summary>
    public static (byte[] Pixels, byte[] Labels) SynthFashionPixels(int start, int count, int features = 784, int classes = 10)
    {
        var proto = new long[classes * features];
        for (int i = 0; i < proto.Length; i++) proto[i] = (long)(Hash(TagProto, i) & 255);
        var pixels = LargePages.Allocate<byte>(checked(count * features));
        var labels = new byte[count];
        for (int s = 0; s < count; s++)
        {
            ulong meta = Hash(TagMeta, start + s);
            long y = (long)(meta % (ulong)classes);
            long z = (long)((meta >> 8) % (ulong)classes);
            long a = 102 + (long)((meta >> 16) % 154);
            labels[s] = (byte)y;
            long noiseBase = (long)(start + s) * features;
            for (int j = 0; j < features; j++)
            {
                long noise = (long)(Hash(TagNoise, noiseBase + j) & 127) - 64;
                long mixed = (proto[y * features + j] * a + proto[z * features + j] * (256 - a)) >> 8;
                pixels[s * features + j] = (byte)Math.Clamp(mixed + noise, 0, 255);
            }
        }
        return (pixels, labels);
    }

    /// <summary>benchdata's scaling of pixels to [−1, 1] in float32: <c>(p − 127.5) / 127.5</c>.</summary>
    public static Matrix Scale(byte[] pixels, int rows, int features)
    {
        var m = new Matrix(rows, features);
        PixelScaling.Scale(pixels, m.Span);
        return m;
    }

    /// <summary>
    /// The folder holding the real Fashion-MNIST IDX files: <paramref name="dataDir"/> if given, else
    /// <c>$NNFS_PEER_DATA</c>, else the first <c>shared/datasets/fashion-mnist</c> found walking up from the current
    /// directory and from the executable's directory (the repository's <c>../shared/datasets</c>), else the operating
    /// system's copy (<see cref="IdxDataset.SystemDirectories"/>, e.g. Debian's <c>/usr/share/datasets/fashion-mnist</c>).
    /// Null when none.
    /// </summary>
    public static string? FindFashionDirectory(string? dataDir = null)
    {
        if (!string.IsNullOrEmpty(dataDir)) return dataDir;
        var env = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var found = FindUpwards(start, Path.Combine("shared", "datasets", "fashion-mnist"),
                d => HasFashionFiles(d));
            if (found is not null) return found;
        }
        return IdxDataset.FashionMnist.SystemDirectories.FirstOrDefault(HasFashionFiles);
    }

    /// <summary>The first <c>ancestor/relative</c> of <paramref name="start"/> (itself included) accepted by <paramref name="accept"/>.</summary>
    internal static string? FindUpwards(string start, string relative, Func<string, bool> accept)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (accept(candidate)) return candidate;
        }
        return null;
    }

    private static bool HasFashionFiles(string dir) => s_fashionStems.All(s => FindIdx(dir, s) is not null);

    private static string? FindIdx(string dir, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem.Replace("-idx", ".idx", StringComparison.Ordinal) + ".gz" })
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>
    /// Fashion-MNIST as the peers load it: the real IDX gz files when found (see <see cref="FindFashionDirectory"/>),
    /// otherwise benchdata's synthetic set (60,000 + 10,000 samples) when <paramref name="allowSynthetic"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No real files and synthetic data not allowed.</exception>
    public static BenchDataset LoadFashion(string? dataDir = null, bool allowSynthetic = false)
    {
        var dir = RealFashionDirectory(dataDir, allowSynthetic);
        Matrix x;
        int[] y;
        if (dir is null)
        {
            var (p, l) = SynthFashionPixels(0, 60000);
            (x, y) = (Scale(p, 60000, 784), ToInts(l));
        }
        else
        {
            x = ReadScaledImages(FindIdx(dir, s_fashionStems[0])!);
            y = ToInts(IdxFile.ReadLabels(FindIdx(dir, s_fashionStems[1])!));
        }
        var (xTest, yTest) = LoadFashionTest(dir);
        return new BenchDataset(x, y, xTest, yTest, FashionSource(dir));
    }

    /// <summary>
    /// Fashion-MNIST as <see cref="LoadFashion"/> gives it, but with the training images kept as their bytes (a
    /// quarter of the float32 matrix's memory): the training loop gathers each batch with
    /// <see cref="ImageDataSet.GatherScaled"/>, which scales it to exactly the values of the float32 matrix.
    /// </summary>
    /// <exception cref="FileNotFoundException">No real files and synthetic data not allowed.</exception>
    public static BenchPixels LoadFashionPixels(string? dataDir = null, bool allowSynthetic = false)
    {
        var dir = RealFashionDirectory(dataDir, allowSynthetic);
        ImageDataSet train;
        if (dir is null)
        {
            var (p, l) = SynthFashionPixels(0, 60000);
            train = new ImageDataSet(p, l, 28, 28);
        }
        else train = IdxFile.Load(FindIdx(dir, s_fashionStems[0])!, FindIdx(dir, s_fashionStems[1])!);
        var (xTest, yTest) = LoadFashionTest(dir);
        return new BenchPixels(train, ToInts(train.Labels), xTest, yTest, FashionSource(dir));
    }

    /// <summary>The folder of the real files, or null for the synthetic set; throws when neither may be used.</summary>
    private static string? RealFashionDirectory(string? dataDir, bool allowSynthetic)
    {
        var dir = FindFashionDirectory(dataDir);
        if (dir is not null && HasFashionFiles(dir)) return dir;
        if (!allowSynthetic)
            throw new FileNotFoundException(
                $"Fashion-MNIST IDX files not found (looked in '{dir ?? "shared/datasets/fashion-mnist above the current and executable directories"}'); " +
                $"pass --data-dir or set ${DataEnvironmentVariable}.");
        return null;
    }

    /// <summary>The scaled test set from the real files in <paramref name="dir"/>, or the synthetic one when null.</summary>
    private static (Matrix X, int[] Y) LoadFashionTest(string? dir)
    {
        if (dir is not null)
        {
            var x = ReadScaledImages(FindIdx(dir, s_fashionStems[2])!);
            return (x, ToInts(IdxFile.ReadLabels(FindIdx(dir, s_fashionStems[3])!)));
        }
        var (p, l) = SynthFashionPixels(60000, 10000);
        return (Scale(p, 10000, 784), ToInts(l));
    }

    private static string FashionSource(string? dir) =>
        dir is null ? "synthetic (benchdata.synth_fashion_pixels v1)" : $"fashion-mnist ({Path.GetFullPath(dir)})";

    /// <summary>
    /// Reads an IDX image file (gzip or not) straight into a (samples, pixels) matrix scaled as <see cref="Scale"/>,
    /// in chunks (<see cref="IdxFile.ReadImagesInChunks(string, Action{int, int, int}, System.Buffers.ReadOnlySpanAction{byte, long})"/>),
    /// so that the raw bytes never exist whole (a smaller peak RSS).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a well-formed IDX image file; the message names it.</exception>
    public static Matrix ReadScaledImages(string path)
    {
        Matrix? m = null;
        IdxFile.ReadImagesInChunks(path,
            (count, height, width) => m = new Matrix(count, checked(height * width)),
            (pixels, offset) => PixelScaling.Scale(pixels, m!.Span.Slice(checked((int)offset), pixels.Length)));
        return m!;
    }

    private static void AddSums(ReadOnlySpan<float> values, ref double sum, ref double sum2)
    {
        foreach (float v in values)
        {
            sum += v;
            sum2 += (double)v * v;
        }
    }

    private static int[] LabelCounts(int[] y)
    {
        var counts = new int[y.Length == 0 ? 0 : y.Max() + 1];
        foreach (int label in y) counts[label]++;
        return counts;
    }

    /// <summary>benchdata's <c>checksum</c>: sample count, Σx and Σx² in double, and the label counts.</summary>
    public static DataChecksum Checksum(Matrix x, int[] y)
    {
        double sum = 0, sum2 = 0;
        AddSums(x.Span, ref sum, ref sum2);
        return new DataChecksum(x.Rows, sum, sum2, LabelCounts(y));
    }

    /// <summary><see cref="Checksum(Matrix, int[])"/> of the scaled images, one row at a time (same order, same
    /// sums).</summary>
    public static DataChecksum Checksum(ImageDataSet images, int[] y)
    {
        double sum = 0, sum2 = 0;
        var row = new float[images.ImageSize];
        for (int i = 0; i < images.Count; i++)
        {
            PixelScaling.Scale(images.Image(i), row);
            AddSums(row, ref sum, ref sum2);
        }
        return new DataChecksum(images.Count, sum, sum2, LabelCounts(y));
    }

    private static int[] ToInts(byte[] labels) => Array.ConvertAll(labels, b => (int)b);
}

/// <summary>A training and a test set with where they came from.</summary>
internal sealed record BenchDataset(Matrix X, int[] Y, Matrix XTest, int[] YTest, string Source);

/// <summary>A training set kept as image bytes, a scaled test set, and where they came from.</summary>
internal sealed record BenchPixels(ImageDataSet Train, int[] Y, Matrix XTest, int[] YTest, string Source);

/// <summary>benchdata's data fingerprint: count, Σx, Σx² (double) and per-label counts.</summary>
internal sealed record DataChecksum(int N, double SumX, double SumX2, int[] LabelCounts);
