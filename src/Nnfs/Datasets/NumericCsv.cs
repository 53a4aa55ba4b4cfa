using System.Globalization;
using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>How <see cref="NumericCsv"/> reads a file.</summary>
public sealed record CsvOptions
{
    /// <summary>Field separator. Default <c>','</c>.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>
    /// Whether the first non-empty line is a header: true, false, or null (default) to detect it — the line is a
    /// header when any of its fields is not a number.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>
    /// Index of the label (target) column, or null (default) for no label column. Negative values count from the end:
    /// −1 is the last column.
    /// </summary>
    public int? LabelColumn { get; init; }
}

/// <summary>A numeric table read by <see cref="NumericCsv"/>: features and, optionally, a label per row.</summary>
/// <param name="Features">One row per data line, one column per non-label field.</param>
/// <param name="Labels">The label column, or null when none was requested.</param>
/// <param name="FeatureNames">Header names of the feature columns, or null without a header.</param>
/// <param name="LabelName">Header name of the label column, or null.</param>
public sealed record NumericTable(Matrix Features, float[]? Labels, IReadOnlyList<string>? FeatureNames, string? LabelName)
{
    /// <summary>The labels as class ids for classification.</summary>
    /// <exception cref="InvalidOperationException">There is no label column.</exception>
    /// <exception cref="InvalidDataException">A label is not a non-negative whole number; the message gives its row.</exception>
    public int[] ClassIds()
    {
        var labels = Labels ?? throw new InvalidOperationException("The table has no label column (set CsvOptions.LabelColumn).");
        var ids = new int[labels.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            float v = labels[i];
            if (!(v >= 0) || v != MathF.Floor(v) || v > int.MaxValue)
                throw new InvalidDataException($"label of data row {i} is {v.ToString(CultureInfo.InvariantCulture)}, not a class id (a whole number ≥ 0).");
            ids[i] = (int)v;
        }
        return ids;
    }

    /// <summary>The labels as an n × 1 matrix, for regression.</summary>
    /// <exception cref="InvalidOperationException">There is no label column.</exception>
    public Matrix LabelMatrix()
    {
        var labels = Labels ?? throw new InvalidOperationException("The table has no label column (set CsvOptions.LabelColumn).");
        return new Matrix(labels.Length, 1, (float[])labels.Clone());
    }
}

/// <summary>
/// Reads comma-separated (or other single-character-separated) files of numbers into a <see cref="NumericTable"/>.
/// </summary>
/// <remarks>
/// Empty lines are skipped, fields are trimmed and may be enclosed in double quotes, numbers use the invariant culture
/// (a dot as the decimal point) and are parsed directly to float32. Every data line must have as many fields as the
/// first, and every number finite as a float32 (NaN, infinities and values beyond ±3.4e38 are refused). Errors name
/// the file, the 1-based line and column and the offending text.
/// </remarks>
public static class NumericCsv
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The content is not a rectangular table of finite numbers.</exception>
    public static NumericTable Load(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path, options);
    }

    /// <summary>Reads a table from <paramref name="reader"/>; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidDataException">The content is not a rectangular table of finite numbers.</exception>
    public static NumericTable Parse(TextReader reader, string name, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new CsvOptions();
        string[]? header = null;
        int columns = -1;
        int labelIndex = -1;
        var values = new List<float>();
        var labels = new List<float>();
        int lineNumber = 0;
        bool first = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = Split(line, options.Separator);
            if (first)
            {
                first = false;
                columns = fields.Length;
                if (options.LabelColumn is int lc)
                {
                    labelIndex = lc < 0 ? columns + lc : lc;
                    if (labelIndex < 0 || labelIndex >= columns)
                        throw new InvalidDataException($"{name}, line {lineNumber}: label column {lc} does not exist; the table has {columns} columns.");
                    if (columns < 2)
                        throw new InvalidDataException($"{name}, line {lineNumber}: a table with a label column needs at least 2 columns, found {columns}.");
                }
                bool isHeader = options.HasHeader ?? fields.Any(f => !TryParse(f, out _));
                if (isHeader)
                {
                    header = fields;
                    continue;
                }
            }
            if (fields.Length != columns)
                throw new InvalidDataException($"{name}, line {lineNumber}: {fields.Length} columns, expected {columns} like the first line.");
            for (int c = 0; c < fields.Length; c++)
            {
                if (!TryParse(fields[c], out float v))
                    throw new InvalidDataException($"{name}, line {lineNumber}, column {c + 1}: '{fields[c]}' is not a number.");
                if (!float.IsFinite(v))
                    throw new InvalidDataException($"{name}, line {lineNumber}, column {c + 1}: '{fields[c]}' is not a finite float32 (NaN, infinite or beyond ±3.4e38).");
                if (c == labelIndex) labels.Add(v);
                else values.Add(v);
            }
        }
        if (columns < 0) throw new InvalidDataException($"{name}: the file holds no data.");
        int featureCount = labelIndex >= 0 ? columns - 1 : columns;
        int rows = featureCount == 0 ? labels.Count : values.Count / featureCount;
        var features = new Matrix(rows, featureCount, [.. values]);
        IReadOnlyList<string>? featureNames = header?.Where((_, i) => i != labelIndex).ToArray();
        string? labelName = header is not null && labelIndex >= 0 ? header[labelIndex] : null;
        return new NumericTable(features, labelIndex >= 0 ? [.. labels] : null, featureNames, labelName);
    }

    private static string[] Split(string line, char separator)
    {
        var parts = line.Split(separator);
        for (int i = 0; i < parts.Length; i++)
        {
            string p = parts[i].Trim();
            if (p.Length >= 2 && p[0] == '"' && p[^1] == '"') p = p[1..^1].Trim();
            parts[i] = p;
        }
        return parts;
    }

    private static bool TryParse(string field, out float value) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
