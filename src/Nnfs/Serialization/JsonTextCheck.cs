namespace Nnfs.Serialization;

/// <summary>
/// Finds JSON strings that are not text: a <c>\uD800</c>–<c>\uDFFF</c> escape without its partner (a lone UTF-16
/// surrogate). System.Text.Json parses such a document but throws <see cref="InvalidOperationException"/> on the first
/// read of the string, so the readers scan the JSON once, before parsing it.
/// </summary>
internal static class JsonTextCheck
{
    /// <summary>True when a string of the JSON text <paramref name="utf8"/> (property names included) holds a lone
    /// surrogate escape. Allocates nothing; on text that is not well-formed JSON the answer is unspecified.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> utf8)
    {
        bool inString = false;
        int pendingHigh = -1;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (!inString)
            {
                inString = b == (byte)'"';
                continue;
            }
            int unit = -1;
            if (b == (byte)'\\' && i + 1 < utf8.Length)
            {
                i++;
                if (utf8[i] == (byte)'u' && i + 4 < utf8.Length && TryHex(utf8.Slice(i + 1, 4), out unit)) i += 4;
            }
            else if (b == (byte)'"')
            {
                inString = false;
            }
            bool low = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh >= 0 != low) return true;
            pendingHigh = unit is >= 0xD800 and <= 0xDBFF ? unit : -1;
        }
        return pendingHigh >= 0;
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte d in digits)
        {
            int v = d is >= (byte)'0' and <= (byte)'9' ? d - '0' : (d | 0x20) is >= 'a' and <= 'f' ? (d | 0x20) - 'a' + 10 : -1;
            if (v < 0) return false;
            value = value * 16 + v;
        }
        return true;
    }
}
