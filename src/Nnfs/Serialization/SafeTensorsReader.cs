using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;
using Nnfs.Tensors;

namespace Nnfs.Serialization;

/// <summary>Reads and fully validates a safetensors file of 2-D float32 tensors (see <see cref="SafeTensorsFile"/>).</summary>
/// <remarks>
/// <para>Checks, each failing with a <see cref="ModelFormatException"/> that names the file and the problem: the path
/// names a regular file (not a directory, pipe or device) of at least 8 bytes; the header length N is a multiple of 8,
/// at least 8, at most <see cref="MaxHeaderBytes"/> and within the file; the header is a JSON object starting with
/// <c>{</c> and ending with <c>}</c> followed by at most 7 spaces of padding, valid UTF-8, nested at most 8 deep,
/// with no repeated key and no string holding a lone UTF-16 surrogate escape; <c>__metadata__</c> maps strings to
/// strings; every tensor has a non-empty name and exactly <c>dtype</c> (only <c>F32</c>), <c>shape</c> (two
/// non-negative integers) and <c>data_offsets</c> (two integers, begin ≤ end, within the data section, and
/// end − begin = 4 · rows · columns); the tensors cover the data section exactly, without gap or overlap; and, when
/// the metadata has <see cref="SafeTensorsFile.ChecksumKey"/>, it is 64 lowercase hexadecimal digits equal to the
/// SHA-256 of the canonical header without it followed by the data (then the header must be exactly that canonical
/// text plus the checksum entry) or, for version-1 files, to the SHA-256 of the data alone
/// (<see cref="SafeTensorsFile.ChecksumScope"/> tells which).</para>
/// <para>Memory: nothing is allocated before the size it depends on has been checked against the file; reading a
/// file allocates at most 50 × its size + 1 MiB (the bound <see cref="ModelFile"/> documents for a whole load).</para>
/// </remarks>
public static class SafeTensorsReader
{
    /// <summary>The reserved header key of the metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted, 100,000,000 bytes (the limit of the reference safetensors reader).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>The deepest nesting of JSON arrays and objects accepted in a header.</summary>
    internal const int MaxDepth = 8;

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The path names a directory or a special file, or the file is truncated,
    /// corrupt or not in the supported layout.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/> (or a folder on it is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">The operating system failed to read the file.</exception>
    public static SafeTensorsFile ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(RegularFile.ReadAllBytes(path), path);
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
        if (headerLength % 8 != 0)
            throw new ModelFormatException(source, $"the header length {headerLength} is not a multiple of 8 (the header must be padded with spaces).");
        var header = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        var json = header.TrimEnd((byte)' ');
        if (json.Length == 0 || json[0] != (byte)'{')
            throw new ModelFormatException(source, "the header does not start with '{' (not a safetensors file?).");
        if (json[^1] != (byte)'}' || header.Length - json.Length >= 8)
            throw new ModelFormatException(source, "the header does not end with '}' followed by at most 7 spaces of padding.");
        if (!Utf8.IsValid(json))
            throw new ModelFormatException(source, "the header is not valid JSON (it is not valid UTF-8).");

        using var document = ParseHeader(json, source);
        var (metadata, entries) = ParseEntries(document.RootElement, data.Length, source);
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin)
            : a.End != b.End ? a.End.CompareTo(b.End) : string.CompareOrdinal(a.Name, b.Name));
        CheckCoverage(entries, data.Length, source);
        var scope = ChecksumScope.None;
        if (metadata is not null && metadata.TryGetValue(SafeTensorsFile.ChecksumKey, out string? expected))
            scope = CheckChecksum(expected, metadata, entries, json, data, source);

        var tensors = new List<KeyValuePair<string, Matrix>>(entries.Count);
        foreach (var e in entries)
            tensors.Add(new(e.Name, ToMatrix(e, data)));
        return new SafeTensorsFile(tensors, metadata, scope);
    }

    private static JsonDocument ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(source, $"the header is not valid JSON ({ex.Message}).", ex);
        }
        if (JsonTextCheck.HasLoneSurrogate(header))
        {
            document.Dispose();
            throw new ModelFormatException(source, "the header holds a string with a lone UTF-16 surrogate escape (such as \\ud800), which is not text.");
        }
        return document;
    }

    private static (Dictionary<string, string>? Metadata, List<TensorEntry> Entries) ParseEntries(JsonElement root, int dataLength, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(source, $"the header is a JSON {root.ValueKind}, not an object.");
        Dictionary<string, string>? metadata = null;
        var entries = new List<TensorEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            string name = property.Name;
            if (!seen.Add(name))
                throw new ModelFormatException(source, $"the header names '{name}' twice.");
            if (name == MetadataKey)
                metadata = ReadMetadata(property.Value, source);
            else if (name.Length == 0)
                throw new ModelFormatException(source, "a tensor has an empty name.");
            else
                entries.Add(ReadEntry(name, property.Value, dataLength, source));
        }
        return (metadata, entries);
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement element, string source)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(source, $"'{MetadataKey}' must be an object of strings, found a JSON {element.ValueKind}.");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new ModelFormatException(source, $"metadata value '{item.Name}' must be a string, found a JSON {item.Value.ValueKind}.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new ModelFormatException(source, $"the metadata names '{item.Name}' twice.");
        }
        return metadata;
    }

    private static TensorEntry ReadEntry(string name, JsonElement element, int dataLength, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(source, $"tensor '{name}' must be described by an object, found a JSON {element.ValueKind}.");
        JsonElement? dtype = null, shape = null, offsets = null;
        foreach (var field in element.EnumerateObject())
        {
            ref JsonElement? slot = ref dtype;
            if (field.NameEquals("dtype")) slot = ref dtype;
            else if (field.NameEquals("shape")) slot = ref shape;
            else if (field.NameEquals("data_offsets")) slot = ref offsets;
            else throw new ModelFormatException(source, $"tensor '{name}' has an unknown field '{field.Name}'.");
            if (slot is not null)
                throw new ModelFormatException(source, $"tensor '{name}' has the field '{field.Name}' twice.");
            slot = field.Value;
        }
        if (dtype is null || shape is null || offsets is null)
            throw new ModelFormatException(source, $"tensor '{name}' needs 'dtype', 'shape' and 'data_offsets'.");

        if (dtype.Value.ValueKind != JsonValueKind.String || !dtype.Value.ValueEquals("F32"))
            throw new ModelFormatException(source, $"tensor '{name}' has dtype '{dtype.Value}'; only F32 is supported.");

        long[] dims = ReadPair(shape.Value, name, "shape", "only 2-D tensors [rows, columns] are supported", source);
        if (dims[0] > int.MaxValue || dims[1] > int.MaxValue || dims[0] * dims[1] > Array.MaxLength)
            throw new ModelFormatException(source, $"tensor '{name}' has shape [{dims[0]}, {dims[1]}], too large for a matrix.");

        long[] range = ReadPair(offsets.Value, name, "data_offsets", "it must have two data_offsets [begin, end]", source);
        if (range[0] > range[1])
            throw new ModelFormatException(source, $"tensor '{name}' has data_offsets [{range[0]}, {range[1]}] with begin after end.");
        if (range[1] > dataLength)
            throw new ModelFormatException(source,
                $"tensor '{name}' ends at byte {range[1]} of the data section, which has only {dataLength} bytes (truncated?).");
        long bytes = 4 * dims[0] * dims[1];
        if (range[1] - range[0] != bytes)
            throw new ModelFormatException(source,
                $"tensor '{name}' has shape [{dims[0]}, {dims[1]}] ({bytes} bytes as F32) but data_offsets [{range[0]}, {range[1]}] span {range[1] - range[0]} bytes.");
        return new TensorEntry(name, (int)dims[0], (int)dims[1], range[0], range[1]);
    }

    /// <summary>Reads an array of exactly two non-negative integers below 2^32.</summary>
    private static long[] ReadPair(JsonElement element, string name, string field, string rule, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new ModelFormatException(source, $"tensor '{name}' field '{field}' must be an array of integers, found a JSON {element.ValueKind}.");
        int length = element.GetArrayLength();
        if (length != 2)
            throw new ModelFormatException(source, $"tensor '{name}' field '{field}' holds {length} elements, not 2: {rule}.");
        var values = new long[2];
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
    private static void CheckCoverage(List<TensorEntry> sorted, int dataLength, string source)
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

    /// <summary>Verifies the checksum (see <see cref="SafeTensorsFile.ChecksumKey"/>) and returns what it covers.</summary>
    private static ChecksumScope CheckChecksum(string expected, Dictionary<string, string> metadata, List<TensorEntry> entries,
        ReadOnlySpan<byte> json, ReadOnlySpan<byte> data, string source)
    {
        if (expected.Length != 64 || expected.AsSpan().ContainsAnyExcept("0123456789abcdef"))
            throw new ModelFormatException(source, $"the checksum '{expected}' is not 64 lowercase hexadecimal digits.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(CanonicalHeader.Serialize(metadata, SafeTensorsFile.ChecksumKey, entries));
        hash.AppendData(data);
        string covered = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (covered == expected)
        {
            if (!json.SequenceEqual(CanonicalHeader.Serialize(metadata, null, entries)))
                throw new ModelFormatException(source, "the header is not written in the canonical form its checksum requires (it was reformatted or damaged).");
            return ChecksumScope.HeaderAndData;
        }
        string dataOnly = Convert.ToHexStringLower(SHA256.HashData(data));
        if (dataOnly == expected)
            return ChecksumScope.Data;
        throw new ModelFormatException(source,
            $"checksum mismatch: the header or the data was damaged or altered (the checksum entry is {expected}; the header and data give {covered}, the data alone {dataOnly}).");
    }

    private static Matrix ToMatrix(TensorEntry e, ReadOnlySpan<byte> data)
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
