using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Tests.Serialization;

public class SafeTensorsTests
{
    private static SafeTensorsFile Sample() => new(
        [
            new("layers.0.weight", Matrix.FromArray(new[,] { { 1f, -0f, float.NaN }, { float.PositiveInfinity, float.Epsilon, -3.5e-38f } })),
            new("layers.0.bias", Matrix.RowVector(0.1f, 0.2f, 0.3f)),
            new("empty", new Matrix(0, 4)),
        ],
        new Dictionary<string, string> { ["format"] = "nnfs", ["note"] = "quotes \" and ünïcode \U0001D11E" });

    private static byte[] ToBytes(SafeTensorsFile file)
    {
        using var stream = new MemoryStream();
        SafeTensorsWriter.Write(stream, file);
        return stream.ToArray();
    }

    /// <summary>A file with the given header text (padded with spaces to a multiple of 8) and data, written without
    /// the library's writer.</summary>
    private static byte[] Craft(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header + new string(' ', (8 - Encoding.UTF8.GetByteCount(header) % 8) % 8));
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static ModelFormatException Refused(byte[] bytes) =>
        Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(bytes, "bad.safetensors"));

    [Fact]
    public void RoundTripIsBitExactAndKeepsMetadata()
    {
        var original = Sample();
        var read = SafeTensorsReader.Read(ToBytes(original), "mem");
        Assert.Equal(["layers.0.weight", "layers.0.bias", "empty"], read.Tensors.Select(t => t.Key));
        foreach (var (name, value) in original.Tensors)
        {
            var copy = read.Find(name)!;
            Assert.Equal((value.Rows, value.Columns), (copy.Rows, copy.Columns));
            Assert.Equal(value.Span.ToArray().Select(BitConverter.SingleToInt32Bits), copy.Span.ToArray().Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal("nnfs", read.Metadata["format"]);
        Assert.Equal("quotes \" and ünïcode \U0001D11E", read.Metadata["note"]);
        Assert.Equal(SafeTensorsWriter.Checksum(original), read.Metadata[SafeTensorsFile.ChecksumKey]);
    }

    [Fact]
    public void LayoutIsSafeTensors()
    {
        byte[] bytes = ToBytes(Sample());
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8);
        var data = bytes.AsSpan(8 + (int)n);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        var bias = header.RootElement.GetProperty("layers.0.bias");
        Assert.Equal("F32", bias.GetProperty("dtype").GetString());
        Assert.Equal([1, 3], bias.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        int begin = bias.GetProperty("data_offsets")[0].GetInt32();
        Assert.Equal(24, begin);
        Assert.Equal(0.2f, BinaryPrimitives.ReadSingleLittleEndian(data[(begin + 4)..]));
        // The checksum covers the header without its own entry, then the data (docs/model-format.md).
        string checksum = header.RootElement.GetProperty("__metadata__").GetProperty("checksum").GetString()!;
        string text = Encoding.ASCII.GetString(bytes, 8, (int)n).TrimEnd(' ');
        string without = text.Replace($",\"checksum\":\"{checksum}\"", "").Replace($"\"checksum\":\"{checksum}\",", "");
        Assert.Equal(text.Length - 78, without.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. Encoding.ASCII.GetBytes(without), .. data])), checksum);
    }

    [Fact]
    public void ReadsAFileWrittenByNumPy()
    {
        // Written by tests/Nnfs.Tests/Golden/Serialization/make_numpy_safetensors.py (see there).
        var file = SafeTensorsReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Golden", "Serialization", "numpy_written.safetensors"));
        var a = file.Find("a")!;
        Assert.Equal((2, 3), (a.Rows, a.Columns));
        for (int i = 0; i < 6; i++) Assert.Equal(i * 0.5f - 1f, a.Span[i]);
        var b = file.Find("b")!;
        Assert.Equal((1, 4), (b.Rows, b.Columns));
        for (int i = 0; i < 4; i++) Assert.Equal(1f / (i + 1), b.Span[i]);
        Assert.Equal("numpy", file.Metadata["writer"]);
    }

    [Fact]
    public void EveryTruncationIsRefused()
    {
        byte[] bytes = ToBytes(Sample());
        for (int length = 0; length < bytes.Length; length++)
        {
            var ex = Refused(bytes[..length]);
            Assert.Contains("bad.safetensors", ex.Message);
        }
    }

    [Fact]
    public void EveryFlippedDataByteFailsTheChecksum()
    {
        byte[] bytes = ToBytes(Sample());
        int start = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        for (int i = start; i < bytes.Length; i++)
        {
            byte[] copy = (byte[])bytes.Clone();
            copy[i] ^= 0x10;
            Assert.Contains("checksum mismatch", Refused(copy).Problem);
        }
    }

    [Fact]
    public void AppendedBytesAreRefused() =>
        Assert.Contains("after the last tensor", Refused([.. ToBytes(Sample()), 0, 0, 0, 0]).Problem);

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(100_000_001UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1000UL)]
    public void BadHeaderLengthIsRefused(ulong length)
    {
        byte[] bytes = Craft("{}      ", []);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        Assert.Contains("header length", Refused(bytes).Problem);
    }

    [Theory]
    [InlineData("{\"a\": {\"dtype\": \"F32\", ", "does not end with '}'")]
    [InlineData("{\"a\": {\"dtype\": \"F32\"}", "not valid JSON")]
    [InlineData("[1, 2]  ", "does not start with '{'")]
    [InlineData("{\"a\": 1} x", "does not end with '}'")]
    [InlineData("{\"a\": 1}\n", "does not end with '}'")]
    [InlineData("{\"a\": 1}", "must be described by an object")]
    [InlineData("{\"__metadata__\": {\"k\": 1}}", "must be a string")]
    [InlineData("{\"__metadata__\": [\"k\"]}", "must be an object of strings")]
    [InlineData("{\"__metadata__\": {\"k\": \"1\", \"k\": \"2\"}}", "twice")]
    public void MalformedHeaderIsRefused(string header, string problem) =>
        Assert.Contains(problem, Refused(Craft(header, [])).Problem);

    [Fact]
    public void InvalidUtf8HeaderIsRefused()
    {
        byte[] bytes = Craft("{\"__metadata__\": {\"k\": \"ab\"}}", []);
        bytes[8 + 25] = 0xFF;
        Assert.Contains("not valid JSON", Refused(bytes).Problem);
    }

    public static TheoryData<string, int, string> BadEntries => new()
    {
        { """{"a": {"dtype": "F64", "shape": [1, 2], "data_offsets": [0, 16]}}""", 16, "dtype 'F64'; only F32" },
        { """{"a": {"dtype": "F16", "shape": [1, 2], "data_offsets": [0, 4]}}""", 4, "only F32" },
        { """{"a": {"dtype": "F32", "shape": [1, 3], "data_offsets": [0, 8]}}""", 8, "span 8 bytes" },
        { """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}""", 8, "only 2-D" },
        { """{"a": {"dtype": "F32", "shape": [1, 1, 2], "data_offsets": [0, 8]}}""", 8, "only 2-D" },
        { """{"a": {"dtype": "F32", "shape": [1, -2], "data_offsets": [0, 8]}}""", 8, "not a non-negative integer" },
        { """{"a": {"dtype": "F32", "shape": [1, 2.5], "data_offsets": [0, 8]}}""", 8, "not a non-negative integer" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [8, 0]}}""", 8, "begin after end" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8, 9]}}""", 8, "two data_offsets" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [8, 16]}}""", 8, "only 8 bytes (truncated?)" },
        { """{"a": {"dtype": "F32", "shape": [1, 2]}}""", 8, "needs 'dtype', 'shape' and 'data_offsets'" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8], "extra": 1}}""", 8, "unknown field 'extra'" },
        { """{"a": {"dtype": "F32", "dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}}""", 8, "field 'dtype' twice" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}, "a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}}""", 8, "names 'a' twice" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1, 2], "data_offsets": [4, 12]}}""", 12, "overlap" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}}""", 8, "overlap" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1, 1], "data_offsets": [12, 16]}}""", 16, "belong to no tensor" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [4, 12]}}""", 12, "bytes 0..4" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}}""", 12, "4 bytes after the last tensor" },
        { """{"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}, "__metadata__": {"checksum": "00"}}""", 8, "is not 64 lowercase hexadecimal digits" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void InconsistentEntriesAreRefused(string header, int dataLength, string problem)
    {
        var ex = Refused(Craft(header, new byte[dataLength]));
        Assert.Contains(problem, ex.Problem);
        Assert.StartsWith("'bad.safetensors' is not a usable nnfs file: ", ex.Message);
    }

    [Fact]
    public void AcceptsAValidFileWithoutChecksumInAnyEntryOrder()
    {
        byte[] data = new byte[12];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8), 2.5f);
        var file = SafeTensorsReader.Read(Craft(
            """{"b": {"dtype": "F32", "shape": [1, 1], "data_offsets": [8, 12]}, "a": {"dtype": "F32", "shape": [2, 1], "data_offsets": [0, 8]}}""",
            data), "mem");
        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Key));
        Assert.Equal(2.5f, file.Find("b")![0, 0]);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void WriterRejectsBadNames()
    {
        Assert.Throws<ArgumentException>(() => new SafeTensorsFile([new("a", new Matrix(1, 1)), new("a", new Matrix(1, 1))]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsFile([new("__metadata__", new Matrix(1, 1))]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsFile([new("", new Matrix(1, 1))]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsFile([new("a\ud800", new Matrix(1, 1))]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsFile([], new Dictionary<string, string> { ["k"] = "\udc00x" }));
    }

    [Fact]
    public void MatrixWithLongerBufferWritesOnlyItsElements()
    {
        var m = new Matrix(4, 4);
        m.Span.Fill(7f);
        m.Reshape(1, 2);
        m.Span.Fill(1f);
        var read = SafeTensorsReader.Read(ToBytes(new SafeTensorsFile([new("m", m)])), "mem");
        Assert.Equal([1f, 1f], read.Find("m")!.Span.ToArray());
    }
}
