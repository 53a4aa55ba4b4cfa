using Google.Protobuf;

namespace Nnfs.Onnx;

/// <summary>
/// One protobuf message being written: fields are appended in call order through Google.Protobuf's
/// <see cref="CodedOutputStream"/>, and a nested message is embedded as a length-delimited field.
/// </summary>
/// <remarks>
/// Protobuf readers accept fields in any order, so writing them as they come is valid wire format. Nested messages
/// are serialized into their own buffer first because the parent needs their length before their bytes.
/// </remarks>
internal sealed class ProtoMessage
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    /// <summary>An empty message.</summary>
    public ProtoMessage() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

    /// <summary>Appends an <c>int64</c> (or <c>int32</c>/enum, same varint encoding for non-negative values) field.</summary>
    public ProtoMessage Int64(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    /// <summary>Appends a <c>float</c> field (fixed 32 bits, little-endian).</summary>
    public ProtoMessage Float(int field, float value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFloat(value);
        return this;
    }

    /// <summary>Appends a <c>string</c> field (UTF-8).</summary>
    public ProtoMessage String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    /// <summary>Appends a <c>bytes</c> field.</summary>
    public ProtoMessage Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
        return this;
    }

    /// <summary>Appends <paramref name="child"/> as an embedded message field.</summary>
    public ProtoMessage Message(int field, ProtoMessage child) => Bytes(field, child.ToArray());

    /// <summary>The message's bytes so far.</summary>
    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }
}
