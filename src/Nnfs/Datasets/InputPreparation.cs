using System.Globalization;
using System.Numerics.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// What raw input a model takes and how it is prepared before the first layer: the kind and shape of a sample and
/// the preprocessing fitted at training time, recorded in the model file (<c>Model.Input</c>). Immutable.
/// </summary>
/// <remarks>
/// <para>The preprocessing is, for every value i of a sample, <c>prepared[i] = (raw[i] − Center[i]) / Scale[i]</c>:
/// one float32 subtraction and one correctly rounded float32 division, so it gives the same bits as the code that
/// prepared the training data. The book's pixel scaling (<see cref="Image"/>) is <c>Center = Scale = 127.5</c> for
/// every pixel, the same bits as <see cref="PixelScaling.Scale(byte)"/>; a <see cref="Standardizer"/>'s is
/// <c>Center = Mean</c>, <c>Scale = Std</c>, the same bits as <see cref="Standardizer.TransformInPlace"/>. Without
/// preprocessing (<see cref="IsIdentity"/>) Center is 0 and Scale 1 for every value, and prepared = raw.</para>
/// <para>A model trained on data the caller prepared by hand is given its preparation explicitly, e.g.
/// <c>model.Input = InputPreparation.Image(28, 28)</c> for pixels scaled as the book does.</para>
/// </remarks>
public sealed class InputPreparation
{
    private readonly float[]? _center;
    private readonly float[]? _scale;
    private readonly float _uniformCenter;
    private readonly float _uniformScale;
    private readonly string[]? _featureNames;

    private InputPreparation(InputKind kind, int height, int width, int length, string[]? featureNames,
        float[]? center, float[]? scale, float uniformCenter, float uniformScale)
    {
        Kind = kind;
        Height = height;
        Width = width;
        Length = length;
        _featureNames = featureNames;
        FeatureNames = featureNames is null ? null : Array.AsReadOnly(featureNames);
        _center = center;
        _scale = scale;
        _uniformCenter = uniformCenter;
        _uniformScale = uniformScale;
        IsIdentity = center is null && scale is null && uniformCenter == 0 && uniformScale == 1;
        Center = center is null ? new Uniform(uniformCenter, length) : Array.AsReadOnly(center);
        Scale = scale is null ? new Uniform(uniformScale, length) : Array.AsReadOnly(scale);
    }

    /// <summary>The book's pixel value offset and divisor: <c>(x − 127.5) / 127.5</c>.</summary>
    public const float PixelCenter = 127.5f;

    /// <summary>What a sample is: features or an image.</summary>
    public InputKind Kind { get; }

    /// <summary>Values per sample: the number of features, or <c>Height · Width</c> pixels.</summary>
    public int Length { get; }

    /// <summary>Rows of pixels of an image; 0 for features.</summary>
    public int Height { get; }

    /// <summary>Columns of pixels of an image; 0 for features.</summary>
    public int Width { get; }

    /// <summary>The features' names in column order (features only, when known); null otherwise.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>The value subtracted from each raw value (<see cref="Length"/> entries).</summary>
    public IReadOnlyList<float> Center { get; }

    /// <summary>The divisor of each centred value (<see cref="Length"/> entries, finite and non-zero).</summary>
    public IReadOnlyList<float> Scale { get; }

    /// <summary>True when no preprocessing is recorded (Center 0 and Scale 1 everywhere): prepared = raw.</summary>
    public bool IsIdentity { get; }

    /// <summary>True when one center and one scale serve every value (<see cref="Image"/>, or no preprocessing).</summary>
    internal bool IsUniform => _center is null;

    /// <summary>The center shared by every value when <see cref="IsUniform"/>.</summary>
    internal float UniformCenter => _uniformCenter;

    /// <summary>The scale shared by every value when <see cref="IsUniform"/>.</summary>
    internal float UniformScale => _uniformScale;

    /// <summary>
    /// A gray-scale image of <paramref name="height"/> × <paramref name="width"/> raw pixels (0–255), flattened row by
    /// row, prepared by the book's pixel scaling <c>(x − 127.5) / 127.5</c> (chapter 19) unless
    /// <paramref name="pixelScaling"/> is false (then the pixels go to the model as they are).
    /// </summary>
    /// <param name="height">Rows of pixels, at least 1 (28 for Fashion-MNIST).</param>
    /// <param name="width">Columns of pixels, at least 1 (28 for Fashion-MNIST).</param>
    /// <param name="pixelScaling">Whether the book's scaling is applied (default true).</param>
    /// <exception cref="ArgumentOutOfRangeException">A side is below 1, or the image has more than
    /// <see cref="int.MaxValue"/> pixels.</exception>
    public static InputPreparation Image(int height, int width, bool pixelScaling = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        long length = (long)height * width;
        if (length > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(width), $"an image of {height} × {width} pixels has more than {int.MaxValue} values.");
        return pixelScaling
            ? new InputPreparation(InputKind.Image, height, width, (int)length, null, null, null, PixelCenter, PixelCenter)
            : new InputPreparation(InputKind.Image, height, width, (int)length, null, null, null, 0f, 1f);
    }

    /// <summary>
    /// A row of <paramref name="count"/> numeric features, optionally named, prepared by
    /// <paramref name="standardizer"/> (<c>(x − Mean) / Std</c>) or, when it is null, taken as they are.
    /// </summary>
    /// <param name="count">Features per sample, at least 1.</param>
    /// <param name="names">The features' names in column order (e.g. a CSV header), or null (default).</param>
    /// <param name="standardizer">The standardizer fitted on the training data, or null (default: no preprocessing).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The names or the standardizer do not have <paramref name="count"/> entries,
    /// or a name is null.</exception>
    public static InputPreparation Features(int count, IReadOnlyList<string>? names = null, Standardizer? standardizer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var copied = CopyNames(count, names);
        if (standardizer is null)
            return new InputPreparation(InputKind.Features, 0, 0, count, copied, null, null, 0f, 1f);
        if (standardizer.Mean.Count != count)
            throw new ArgumentException($"the standardizer was fitted on {standardizer.Mean.Count} columns, not {count} features.", nameof(standardizer));
        return new InputPreparation(InputKind.Features, 0, 0, count, copied, [.. standardizer.Mean], [.. standardizer.Std], 0f, 1f);
    }

    /// <summary>
    /// The same kind and shape (and feature names) with the preprocessing <c>(x − center) / scale</c>, the same two
    /// numbers for every value (e.g. <c>WithScaling(0, 255)</c> for pixels scaled to [0, 1]).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="center"/> is not finite, or <paramref name="scale"/> is not
    /// finite or is 0.</exception>
    public InputPreparation WithScaling(float center, float scale)
    {
        CheckPair(center, scale, -1);
        return new InputPreparation(Kind, Height, Width, Length, _featureNames, null, null, center, scale);
    }

    /// <summary>
    /// The same kind and shape (and feature names) with the per-value preprocessing
    /// <c>(x[i] − center[i]) / scale[i]</c> (both lists copied).
    /// </summary>
    /// <exception cref="ArgumentException">A list does not have <see cref="Length"/> entries, a center is not finite,
    /// or a scale is not finite or is 0.</exception>
    public InputPreparation WithScaling(IReadOnlyList<float> center, IReadOnlyList<float> scale)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(scale);
        if (center.Count != Length || scale.Count != Length)
            throw new ArgumentException($"the input has {Length} values per sample but {center.Count} centers and {scale.Count} scales were given.");
        for (int i = 0; i < Length; i++) CheckPair(center[i], scale[i], i);
        return new InputPreparation(Kind, Height, Width, Length, _featureNames, [.. center], [.. scale], 0f, 1f);
    }

    /// <summary>
    /// Prepares raw samples: <c>prepared[j] = (raw[j] − Center[j mod Length]) / Scale[j mod Length]</c> for one or
    /// many samples back to back. <paramref name="prepared"/> may be the same memory as <paramref name="raw"/>
    /// (in place). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or are not a multiple of <see cref="Length"/>.</exception>
    public void Apply(ReadOnlySpan<float> raw, Span<float> prepared)
    {
        if (raw.Length != prepared.Length || raw.Length % Length != 0)
            throw new ArgumentException($"InputPreparation.Apply: {raw.Length} raw values cannot be prepared into {prepared.Length}; both must be the same multiple of {Length} values per sample.", nameof(prepared));
        if (IsIdentity)
        {
            raw.CopyTo(prepared);
            return;
        }
        if (_center is null)
        {
            TensorPrimitives.Subtract(raw, _uniformCenter, prepared);
            TensorPrimitives.Divide(prepared, _uniformScale, prepared);
            return;
        }
        for (int start = 0; start < raw.Length; start += Length)
        {
            var row = prepared.Slice(start, Length);
            TensorPrimitives.Subtract(raw.Slice(start, Length), _center, row);
            TensorPrimitives.Divide(row, _scale!, row);
        }
    }

    /// <summary>A one-line description, e.g. <c>image 28×28, (x − 127.5) / 127.5</c> or <c>4 features, standardized</c>.</summary>
    public override string ToString()
    {
        string shape = Kind == InputKind.Image ? $"image {Height}×{Width}" : $"{Length} feature{(Length == 1 ? "" : "s")}";
        string how = IsIdentity ? "as they are"
            : _center is null ? string.Create(CultureInfo.InvariantCulture, $"(x − {_uniformCenter}) / {_uniformScale}")
            : "(x − center) / scale per value";
        return $"{shape}, {how}";
    }

    /// <summary>Creates a preparation read back from a model file (checked there).</summary>
    internal static InputPreparation FromParts(InputKind kind, int height, int width, int length, string[]? featureNames,
        float[]? center, float[]? scale, float uniformCenter, float uniformScale) =>
        new(kind, height, width, length, featureNames, center, scale, uniformCenter, uniformScale);

    /// <summary>The problem with a center and scale pair, or null when they are usable.</summary>
    internal static string? PairProblem(float center, float scale) =>
        !float.IsFinite(center) ? $"center {center.ToString(CultureInfo.InvariantCulture)} is not finite"
        : !float.IsFinite(scale) || scale == 0 ? $"scale {scale.ToString(CultureInfo.InvariantCulture)} is not a finite non-zero number"
        : null;

    private static void CheckPair(float center, float scale, int index)
    {
        if (PairProblem(center, scale) is { } problem)
            throw new ArgumentException(index < 0 ? $"InputPreparation: {problem}." : $"InputPreparation: value {index}: {problem}.");
    }

    private static string[]? CopyNames(int count, IReadOnlyList<string>? names)
    {
        if (names is null) return null;
        if (names.Count != count)
            throw new ArgumentException($"{names.Count} feature names were given for {count} features.", nameof(names));
        var copy = new string[count];
        for (int i = 0; i < count; i++)
            copy[i] = names[i] ?? throw new ArgumentException($"feature name {i} is null.", nameof(names));
        return copy;
    }

    /// <summary>The same value <see cref="Count"/> times, without an array.</summary>
    private sealed class Uniform(float value, int count) : IReadOnlyList<float>
    {
        public float this[int index] => (uint)index < (uint)count ? value
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"the input has {count} values per sample.");

        public int Count => count;

        public IEnumerator<float> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return value;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
