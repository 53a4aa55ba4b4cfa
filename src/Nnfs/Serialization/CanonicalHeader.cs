using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nnfs.Serialization;

/// <summary>
/// The canonical text of a safetensors header: the header the writer writes, and (without the checksum entry) what the
/// checksum covers together with the data section (see <c>docs/model-format.md</c>, "Checksum").
/// </summary>
/// <remarks>
/// JSON without any whitespace. The header object holds <c>__metadata__</c> (when given) and one entry per tensor,
/// <c>{"data_offsets":[begin,end],"dtype":"F32","shape":[rows,columns]}</c> (<c>"shape":[columns]</c> for a vector,
/// <see cref="TensorEntry.Vector"/>); the keys of every object are sorted by
/// Unicode code point. Integers are plain decimal. Strings escape <c>"</c> and <c>\</c> as <c>\"</c> and <c>\\</c>,
/// U+0008, U+0009, U+000A, U+000C, U+000D as <c>\b \t \n \f \r</c>, every other character below U+0020 or from U+007F
/// up as <c>\uxxxx</c> (lowercase hexadecimal, one escape per UTF-16 code unit), and keep the rest as it is, so the text
/// is pure ASCII. This is exactly what Python's <c>json.dumps(header, sort_keys=True, separators=(",", ":"))</c>
/// produces.
/// </remarks>
internal static class CanonicalHeader
{
    /// <summary>The canonical header as ASCII bytes.</summary>
    /// <param name="metadata">The metadata map, or null for a header without <c>__metadata__</c>.</param>
    /// <param name="skipKey">A metadata key to leave out (the checksum, for the text the checksum covers), or null.</param>
    /// <param name="tensors">The tensors, in any order.</param>
    public static byte[] Serialize(IReadOnlyDictionary<string, string>? metadata, string? skipKey, IReadOnlyList<TensorEntry> tensors)
    {
        var keys = new List<(byte[] Utf8, int Tensor)>(tensors.Count + 1);
        if (metadata is not null) keys.Add((Encoding.UTF8.GetBytes(SafeTensorsReader.MetadataKey), -1));
        for (int i = 0; i < tensors.Count; i++) keys.Add((Encoding.UTF8.GetBytes(tensors[i].Name), i));
        keys.Sort(ByCodePoint);

        var text = new ArrayBufferWriter<byte>(256);
        Write(text, "{");
        for (int k = 0; k < keys.Count; k++)
        {
            if (k > 0) Write(text, ",");
            int index = keys[k].Tensor;
            if (index < 0)
            {
                WriteString(text, SafeTensorsReader.MetadataKey);
                Write(text, ":{");
                var entries = metadata!.Where(p => p.Key != skipKey).Select(p => (Utf8: Encoding.UTF8.GetBytes(p.Key), p.Key, p.Value)).ToList();
                entries.Sort((a, b) => ByCodePoint((a.Utf8, 0), (b.Utf8, 0)));
                for (int e = 0; e < entries.Count; e++)
                {
                    if (e > 0) Write(text, ",");
                    WriteString(text, entries[e].Key);
                    Write(text, ":");
                    WriteString(text, entries[e].Value);
                }
                Write(text, "}");
                continue;
            }
            var t = tensors[index];
            WriteString(text, t.Name);
            Write(text, ":{\"data_offsets\":[");
            WriteInteger(text, t.Begin);
            Write(text, ",");
            WriteInteger(text, t.End);
            Write(text, "],\"dtype\":\"F32\",\"shape\":[");
            if (!t.Vector)
            {
                WriteInteger(text, t.Rows);
                Write(text, ",");
            }
            WriteInteger(text, t.Columns);
            Write(text, "]}");
        }
        Write(text, "}");
        return text.WrittenSpan.ToArray();
    }

    /// <summary>Unicode code point order, which is the order of the UTF-8 bytes.</summary>
    private static int ByCodePoint((byte[] Utf8, int) a, (byte[] Utf8, int) b) => a.Utf8.AsSpan().SequenceCompareTo(b.Utf8);

    /// <summary>Appends ASCII text.</summary>
    private static void Write(ArrayBufferWriter<byte> text, string ascii)
    {
        var span = text.GetSpan(ascii.Length);
        for (int i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        text.Advance(ascii.Length);
    }

    private static void WriteInteger(ArrayBufferWriter<byte> text, long value)
    {
        value.TryFormat(text.GetSpan(20), out int written, default, CultureInfo.InvariantCulture);
        text.Advance(written);
    }

    private static void WriteString(ArrayBufferWriter<byte> text, string value)
    {
        int length = 2;
        foreach (char c in value)
            length += c is '"' or '\\' or '\b' or '\t' or '\n' or '\f' or '\r' ? 2 : c < ' ' || c >= '\u007f' ? 6 : 1;
        var span = text.GetSpan(length);
        int n = 0;
        span[n++] = (byte)'"';
        foreach (char c in value)
        {
            char escape = c switch { '"' => '"', '\\' => '\\', '\b' => 'b', '\t' => 't', '\n' => 'n', '\f' => 'f', '\r' => 'r', _ => '\0' };
            if (escape != '\0')
            {
                span[n++] = (byte)'\\';
                span[n++] = (byte)escape;
            }
            else if (c < ' ' || c >= '\u007f')
            {
                span[n++] = (byte)'\\';
                span[n++] = (byte)'u';
                ((int)c).TryFormat(span[n..], out int written, "x4", CultureInfo.InvariantCulture);
                n += written;
            }
            else
            {
                span[n++] = (byte)c;
            }
        }
        span[n++] = (byte)'"';
        text.Advance(n);
    }
}
