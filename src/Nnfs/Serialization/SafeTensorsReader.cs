using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;
using Nnfs.Tensors;

namespace Nnfs.Serialization;

/// <summary>Reads and fully validates a safetensors file of 2-D float32 tensors (see <see cref="SafeTensorsFile"/>).</summary>
/// <remarks>
/// Checks, each failing with a <see cref="ModelFormatException"/> that names the file and the problem: the file holds
/// the 8-byte header length; the length is at least 2, at most <see cref="MaxHeaderBytes"/> and within the file; the
/// header is a well-formed UTF-8 JSON object starting with <c>{</c>, with no repeated key; <c>__metadata__</c> maps
/// strings to strings; every tensor entry has exactly <c>dtype</c> (only <c>F32</c>), <c>shape</c> (two
/// non-negative integers) and <c>data_offsets</c> (two integers, begin ≤ end, within the data section, and
/// end − begin = 4 · rows · columns); the tensors cover the data section exactly, without gap or overlap; and, when
/// the metadata has <see cref="SafeTensorsFile.ChecksumKey"/>, the SHA-256 of the data section equals it.
/// </remarks>
public static class SafeTensorsReader
{
    /// <summary>The reserved header key of the metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted, 100,000,000 bytes (the limit of the reference safetensors reader).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The file is truncated, corrupt or not in the supported layout.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static SafeTensorsFile ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads and validates a file's bytes.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="source">The name used in error messages (a path, or e.g. <c>&lt;memory&gt;</c>).</param>
    /// <exception cref="ModelFormatException">The bytes are truncated, corrupt or not in the supported layout.</exception>
    public static SafeTensorsFile Read(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length < 8)
            throw new ModelFormatException(source, $"the file is {bytes.Length} bytes long, too short for the 8-byte header length (truncated?).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
            throw new ModelFormatException(source,
                $"the header length {headerLength} is out of bounds for a file of {bytes.Length} bytes (truncated, or not a safetensors file).");
        var header = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        if (header[0] != (byte)'{')
            throw new ModelFormatException(source, "the header does not start with '{' (not a safetensors file?).");
        if (!Utf8.IsValid(header))
            throw new ModelFormatException(source, "the header is not valid JSON (it is not valid UTF-8).");

        using var document = ParseHeader(header, source);
        var (metadata, entries) = ParseEntries(document.RootElement, data.Length, source);
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        CheckCoverage(entries, data.Length, source);
        if (metadata.TryGetValue(SafeTensorsFile.ChecksumKey, out string? expected))
            CheckChecksum(expected, data, source);

        var tensors = new List<KeyValuePair<string, Matrix>>(entries.Count);
        foreach (var e in entries)
            tensors.Add(new(e.Name, ToMatrix(e, data)));
        return new SafeTensorsFile(tensors, metadata);
    }

    private readonly record struct Entry(string Name, int Rows, int Columns, long Begin, long End);

    private static JsonDocument ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        try
        {
            return JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(source, $"the header is not valid JSON ({ex.Message}).", ex);
        }
    }

    private static (Dictionary<string, string> Metadata, List<Entry> Entries) ParseEntries(JsonElement root, int dataLength, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(source, $"the header is a JSON {root.ValueKind}, not an object.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw new ModelFormatException(source, $"the header names '{property.Name}' twice.");
            if (property.Name == MetadataKey)
                ReadMetadata(property.Value, metadata, source);
            else
                entries.Add(ReadEntry(property.Name, property.Value, dataLength, source));
        }
        return (metadata, entries);
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(source, $"'{MetadataKey}' must be an object of strings, found a JSON {element.ValueKind}.");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new ModelFormatException(source, $"metadata value '{item.Name}' must be a string, found a JSON {item.Value.ValueKind}.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new ModelFormatException(source, $"the metadata names '{item.Name}' twice.");
        }
    }

    private static Entry ReadEntry(string name, JsonElement element, int dataLength, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(source, $"tensor '{name}' must be described by an object, found a JSON {element.ValueKind}.");
        JsonElement? dtype = null, shape = null, offsets = null;
        foreach (var field in element.EnumerateObject())
        {
            ref JsonElement? slot = ref dtype;
            switch (field.Name)
            {
                case "dtype": slot = ref dtype; break;
                case "shape": slot = ref shape; break;
                case "data_offsets": slot = ref offsets; break;
                default: throw new ModelFormatException(source, $"tensor '{name}' has an unknown field '{field.Name}'.");
            }
            if (slot is not null)
                throw new ModelFormatException(source, $"tensor '{name}' has the field '{field.Name}' twice.");
            slot = field.Value;
        }
        if (dtype is null || shape is null || offsets is null)
            throw new ModelFormatException(source, $"tensor '{name}' needs 'dtype', 'shape' and 'data_offsets'.");

        string type = dtype.Value.ValueKind == JsonValueKind.String ? dtype.Value.GetString()! : dtype.Value.ToString();
        if (type != "F32")
            throw new ModelFormatException(source, $"tensor '{name}' has dtype '{type}'; only F32 is supported.");

        long[] dims = ReadIntegers(shape.Value, name, "shape", source);
        if (dims.Length != 2)
            throw new ModelFormatException(source,
                $"tensor '{name}' has shape [{string.Join(", ", dims)}]; only 2-D tensors [rows, columns] are supported.");
        if (dims[0] > int.MaxValue || dims[1] > int.MaxValue || dims[0] * dims[1] > Array.MaxLength)
            throw new ModelFormatException(source, $"tensor '{name}' has shape [{dims[0]}, {dims[1]}], too large for a matrix.");

        long[] range = ReadIntegers(offsets.Value, name, "data_offsets", source);
        if (range.Length != 2)
            throw new ModelFormatException(source, $"tensor '{name}' must have two data_offsets [begin, end], found {range.Length}.");
        if (range[0] > range[1])
            throw new ModelFormatException(source, $"tensor '{name}' has data_offsets [{range[0]}, {range[1]}] with begin after end.");
        if (range[1] > dataLength)
            throw new ModelFormatException(source,
                $"tensor '{name}' ends at byte {range[1]} of the data section, which has only {dataLength} bytes (truncated?).");
        long bytes = 4 * dims[0] * dims[1];
        if (range[1] - range[0] != bytes)
            throw new ModelFormatException(source,
                $"tensor '{name}' has shape [{dims[0]}, {dims[1]}] ({bytes} bytes as F32) but data_offsets [{range[0]}, {range[1]}] span {range[1] - range[0]} bytes.");
        return new Entry(name, (int)dims[0], (int)dims[1], range[0], range[1]);
    }

    private static long[] ReadIntegers(JsonElement element, string name, string field, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new ModelFormatException(source, $"tensor '{name}' field '{field}' must be an array of integers, found a JSON {element.ValueKind}.");
        var values = new long[element.GetArrayLength()];
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0 || v > uint.MaxValue)
                throw new ModelFormatException(source, $"tensor '{name}' field '{field}' holds '{item}', not a non-negative integer.");
            values[i++] = v;
        }
        return values;
    }

    /// <summary>Checks that the entries, sorted by offset, cover the data section exactly.</summary>
    private static void CheckCoverage(List<Entry> sorted, int dataLength, string source)
    {
        long expected = 0;
        string? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < expected)
                throw new ModelFormatException(source, $"tensors '{previous}' and '{e.Name}' overlap in the data section.");
            if (e.Begin > expected)
                throw new ModelFormatException(source, $"bytes {expected}..{e.Begin} of the data section belong to no tensor.");
            expected = e.End;
            previous = e.Name;
        }
        if (expected != dataLength)
            throw new ModelFormatException(source,
                $"the data section has {dataLength - expected} bytes after the last tensor (the tensors cover {expected} of {dataLength}).");
    }

    private static void CheckChecksum(string expected, ReadOnlySpan<byte> data, string source)
    {
        string actual = Convert.ToHexStringLower(SHA256.HashData(data));
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new ModelFormatException(source,
                $"checksum mismatch: the data section was damaged or altered (header says SHA-256 {expected}, data has {actual}).");
    }

    private static Matrix ToMatrix(Entry e, ReadOnlySpan<byte> data)
    {
        var bytes = data[(int)e.Begin..(int)e.End];
        var matrix = new Matrix(e.Rows, e.Columns);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(matrix.Span);
        }
        else
        {
            var span = matrix.Span;
            for (int i = 0; i < span.Length; i++)
                span[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        }
        return matrix;
    }
}
