using Nnfs.IO;
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
    /// <summary>
    /// The class ids that <see cref="NumericCsv"/> read exactly from the label texts (null when a label is not one),
    /// with the <see cref="Labels"/> array they belong to and the first label's problem.
    /// </summary>
    internal (float[] Labels, int[]? Ids, string? Problem)? ParsedClassIds { get; init; }

    /// <summary>The labels as class ids for classification.</summary>
    /// <remarks>
    /// A class id is a whole number from 0 to 2,147,483,647 (int32) whose float32 value in <see cref="Labels"/> is
    /// exact. For a table read by <see cref="NumericCsv"/> the label texts themselves are checked, digit by digit, so
    /// that <c>2147483648</c> (beyond int32) and <c>16777217</c> (which float32 holds as 16,777,216) are refused rather
    /// than rounded; for a table built in code, the float32 labels must be whole numbers in that range.
    /// </remarks>
    /// <exception cref="InvalidOperationException">There is no label column.</exception>
    /// <exception cref="InvalidDataException">A label is not a class id; the message gives the file, line and column
    /// (or, for a table built in code, the row) and the value.</exception>
    public int[] ClassIds()
    {
        var labels = Labels ?? throw new InvalidOperationException("The table has no label column (set CsvOptions.LabelColumn).");
        if (ParsedClassIds is var (parsedFor, ids, problem) && ReferenceEquals(parsedFor, labels))
        {
            if (problem is not null) throw new InvalidDataException(problem);
            // Used only while the array still holds what was parsed.
            if (ids is not null && ids.AsSpan().SequenceEqual(ToIds(labels, throwOnError: false))) return (int[])ids.Clone();
        }
        return ToIds(labels, throwOnError: true);
    }

    private static int[] ToIds(float[] labels, bool throwOnError)
    {
        var ids = new int[labels.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            float v = labels[i];
            if (!(v >= 0) || v != MathF.Floor(v) || v >= 2147483648f)
            {
                if (!throwOnError) return [];
                throw new InvalidDataException(
                    $"label of data row {i} is {Format(v)}, not a class id (a whole number from 0 to 2147483647).");
            }
            ids[i] = (int)v;
        }
        return ids;
    }

    /// <summary>A label as a reader wants it: whole numbers in full, not as 2.1474836E+09.</summary>
    internal static string Format(float v) =>
        v == MathF.Floor(v) && Math.Abs(v) < 1e15f
            ? ((double)v).ToString("F0", CultureInfo.InvariantCulture)
            : v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What a row of <see cref="Features"/> is for a model: <see cref="Features"/>' column count of features named by
    /// the header (<see cref="FeatureNames"/>), prepared by <paramref name="standardizer"/> when the model is trained on
    /// standardized features (<see cref="InputPreparation.Features"/>). Give it to <c>Model.Input</c> so that a saved
    /// model takes raw rows.
    /// </summary>
    /// <param name="standardizer">The standardizer fitted on the training rows, or null (default: the rows as they are).</param>
    /// <exception cref="ArgumentException">The standardizer was fitted on another number of columns.</exception>
    public InputPreparation Input(Standardizer? standardizer = null) =>
        InputPreparation.Features(Features.Columns, FeatureNames, standardizer);

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
/// the file, the 1-based line and column and the offending text. Label texts are also read exactly as decimal numbers,
/// for <see cref="NumericTable.ClassIds"/>. A path that is a directory, a device or a pipe is refused
/// (<see cref="InputFile"/>). Memory: a small multiple of the file's size (each number kept as a float32).
/// </remarks>
public static class NumericCsv
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is not a rectangular table of finite numbers, or the path is
    /// a directory, an empty file, a device or a pipe.</exception>
    public static NumericTable Load(string path, CsvOptions? options = null)
    {
        using var reader = new StreamReader(InputFile.OpenRead(path));
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
        var classIds = new List<int>();
        string? classIdProblem = null;
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
                if (c == labelIndex)
                {
                    labels.Add(v);
                    if (classIdProblem is null)
                    {
                        string? problem = ClassIdProblem(fields[c], v, out int id);
                        if (problem is null) classIds.Add(id);
                        else classIdProblem = $"{name}, line {lineNumber}, column {c + 1}: label '{fields[c]}' is not a class id: {problem}.";
                    }
                }
                else values.Add(v);
            }
        }
        if (columns < 0) throw new InvalidDataException($"{name}: the file holds no data.");
        int featureCount = labelIndex >= 0 ? columns - 1 : columns;
        int rows = featureCount == 0 ? labels.Count : values.Count / featureCount;
        var features = new Matrix(rows, featureCount, [.. values]);
        IReadOnlyList<string>? featureNames = header?.Where((_, i) => i != labelIndex).ToArray();
        string? labelName = header is not null && labelIndex >= 0 ? header[labelIndex] : null;
        if (labelIndex < 0) return new NumericTable(features, null, featureNames, labelName);
        float[] labelArray = [.. labels];
        return new NumericTable(features, labelArray, featureNames, labelName)
        {
            ParsedClassIds = (labelArray, classIdProblem is null ? [.. classIds] : null, classIdProblem),
        };
    }

    /// <summary>
    /// Null when <paramref name="text"/> (which parsed as the float32 <paramref name="value"/>) denotes, exactly, a
    /// whole number from 0 to <see cref="int.MaxValue"/> that float32 holds exactly; otherwise what is wrong.
    /// </summary>
    /// <remarks>
    /// The text is read as [sign] digits [. digits] [e [sign] digits] without rounding: its significant digits and
    /// the power of ten they are scaled by decide whether it is whole and how large it is.
    /// </remarks>
    internal static string? ClassIdProblem(string text, float value, out int id)
    {
        id = 0;
        const string notWhole = "not a whole number";
        var s = text.AsSpan();
        bool negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) s = s[1..];
        int mantissaEnd = s.IndexOfAny('e', 'E');
        var mantissa = mantissaEnd < 0 ? s : s[..mantissaEnd];
        long exponent = 0;
        if (mantissaEnd >= 0)
        {
            var e = s[(mantissaEnd + 1)..];
            bool negativeExponent = e.Length > 0 && e[0] == '-';
            if (e.Length > 0 && (e[0] == '-' || e[0] == '+')) e = e[1..];
            if (e.IsEmpty || e.ContainsAnyExceptInRange('0', '9')) return notWhole;
            foreach (char ch in e) exponent = Math.Min(exponent * 10 + (ch - '0'), 1_000_000);
            if (negativeExponent) exponent = -exponent;
        }
        int point = mantissa.IndexOf('.');
        var whole = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? [] : mantissa[(point + 1)..];
        if (whole.Length + fraction.Length == 0 || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9'))
            return notWhole;
        // digits · 10^(exponent − fraction length), with the digits' leading and trailing zeros removed.
        string digits = string.Concat(whole, fraction).TrimStart('0');
        long scale = exponent - fraction.Length;
        int trimmed = digits.Length - digits.TrimEnd('0').Length;
        digits = digits[..^trimmed];
        scale += trimmed;
        if (digits.Length == 0) return null;
        if (scale < 0) return notWhole;
        if (negative) return "below 0";
        if (digits.Length + scale > 10) return "above 2147483647, the largest int32";
        long number = long.Parse(digits, CultureInfo.InvariantCulture);
        for (long k = 0; k < scale; k++) number *= 10;
        if (number > int.MaxValue) return "above 2147483647, the largest int32";
        if ((long)value != number)
            return $"float32 holds it as {NumericTable.Format(value)}, so the label and the class id would differ";
        id = (int)number;
        return null;
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
